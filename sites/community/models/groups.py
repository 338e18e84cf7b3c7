from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from modelsearch import index

from search.document import ANSWER_FIELDS, Answerable
from sites.core.easyread.models import SimpleWordsMixin
from sites.core.pictures import PictureMixin


class CommunityGroup(Answerable, index.Indexed, PictureMixin, SimpleWordsMixin, models.Model):
    """A group members set up themselves. Editors approve it before anyone sees it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", gettext_lazy("Anyone can see it")
        MEMBERS_ONLY = "members-only", gettext_lazy("Only its members can see its discussion")

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Waiting for approval")
        APPROVED = "approved", gettext_lazy("Approved")
        DECLINED = "declined", gettext_lazy("Declined")
        CLOSED = "closed", gettext_lazy("Closed")

    name = models.CharField(max_length=100)
    # A picture an untrusted organiser added waits for an Editor (services/group_pictures.py).
    picture_held = models.BooleanField(
        gettext_lazy("picture waiting to be checked"),
        default=False,
        help_text=gettext_lazy("While ticked, the picture is not shown."),
    )
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(max_length=2000)
    interests = models.ManyToManyField("directory.Interest", blank=True, related_name="+")
    meets_where = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("A public place or 'online'. Never a home address."),
    )
    place = models.ForeignKey(
        "directory.PlacePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meets_when = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("e.g. 'Saturday mornings'")
    )
    visibility = models.CharField(
        max_length=15, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("meets_when"),
        index.SearchField("meets_where"),
        index.RelatedFields("interests", [index.SearchField("name", boost=3)]),
        *ANSWER_FIELDS,  # facets and distances, for the engine
    ]
    # Search: search/indexing.py keeps the index in step (sites/community/search_results.py
    # follows this model), removing it when it stops being searchable. Never a member's
    # name, email or profile.
    search_auto_update = False

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        """Approved groups, members-only ones too: their name, description and meeting
        details are public so that people can ask to join (never their discussions)."""
        return cls.objects.filter(status=cls.Status.APPROVED)

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS_ONLY


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", gettext_lazy("Member")
        ORGANISER = "organiser", gettext_lazy("Organiser")

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="one_membership_per_group")
        ]

    def __str__(self):
        return f"{self.member} in {self.group} ({self.role})"


class GroupJoinRequest(models.Model):
    """A member asks to join a members-only group; one of its organisers says yes or no.

    A request is never a membership: code that asks GroupMembership (who may read the
    discussion and events, who is listed and counted) cannot see it. Saying yes creates
    the membership and deletes the request; withdrawing deletes it; saying no keeps it,
    declined, so the organisers are not asked again at once (``services/groups.py``).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting for an organiser")
        DECLINED = "declined", gettext_lazy("An organiser said no")

    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, related_name="join_requests"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    asked_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="one_join_request_per_group")
        ]

    def __str__(self):
        return f"{self.member} asks to join {self.group} ({self.status})"
