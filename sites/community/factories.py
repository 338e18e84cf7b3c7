"""Factories for every community model: used by tests and by seed_demo."""

import datetime

import factory

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from sites.core.factories import with_picture
from sites.core.text import name_key

from .models import (
    Block,
    CommunityGroup,
    Event,
    EventAttendance,
    GroupJoinRequest,
    GroupMembership,
    HeldName,
    MemberProfile,
    ModerationAction,
    Post,
    Report,
    SafeguardingCase,
    Thread,
    Topic,
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"member{n}@example.org")
    email = factory.LazyAttribute(lambda user: user.username)
    password = factory.django.Password("a-long-test-password")
    is_active = True

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class MemberProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    # A first name and a number: names are unique in a borough (services/names.py).
    display_name = factory.LazyAttributeSequence(lambda profile, n: f"{profile.first_name} {n}")
    name_key = factory.LazyAttribute(lambda profile: name_key(profile.display_name))
    about = "I like walking and meeting new people."
    email_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = MemberProfile

    class Params:
        first_name = factory.Faker("first_name", locale="en_GB")


class HeldNameFactory(factory.django.DjangoModelFactory):
    name_key = factory.Sequence(lambda n: f"old name {n}")
    held_for = factory.SubFactory(UserFactory)
    until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    class Meta:
        model = HeldName


class BlockFactory(factory.django.DjangoModelFactory):
    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)

    class Meta:
        model = Block


class CommunityGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Walking group {n}")
    slug = factory.LazyAttribute(lambda group: slugify(group.name))
    description = "We walk together every weekend and stop for a cup of tea."
    meets_where = "The park gates"
    meets_when = "Saturday mornings"
    status = CommunityGroup.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = CommunityGroup

    class Params:
        with_picture = with_picture()


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    group = factory.SubFactory(CommunityGroupFactory)
    member = factory.SubFactory(UserFactory)

    class Meta:
        model = GroupMembership


class GroupJoinRequestFactory(factory.django.DjangoModelFactory):
    """A member waiting for an organiser's answer (a request is never a membership)."""

    group = factory.SubFactory(
        CommunityGroupFactory, visibility=CommunityGroup.Visibility.MEMBERS_ONLY
    )
    member = factory.SubFactory(UserFactory)

    class Meta:
        model = GroupJoinRequest


class EventFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Coffee morning {n}")
    slug = factory.LazyAttribute(lambda event: slugify(event.title))
    description = "Come for a cup of tea and a chat. Everyone is welcome."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))

    class Meta:
        model = Event

    class Params:
        with_picture = with_picture()


def _next_date(attendance) -> datetime.date:
    """The event's next date (its first, if it has finished)."""
    from .events.recurrence import next_occurrence

    upcoming = next_occurrence(attendance.event)
    return upcoming.date if upcoming else timezone.localdate(attendance.event.starts_at)


class EventAttendanceFactory(factory.django.DjangoModelFactory):
    """'I'm going' to the event's next date, unless ``occurs_on`` is given."""

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(UserFactory)
    occurs_on = factory.LazyAttribute(_next_date)

    class Meta:
        model = EventAttendance


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.name))

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class ThreadFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Where can I learn to paint? ({n})")
    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    status = "visible"

    class Meta:
        model = Thread


class PostFactory(factory.django.DjangoModelFactory):
    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "The library on the high street has a painting class on Thursdays."
    status = "visible"

    class Meta:
        model = Post


class ReportFactory(factory.django.DjangoModelFactory):
    reporter = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    reason = Report.Reason.UNKIND

    class Meta:
        model = Report


class SafeguardingCaseFactory(factory.django.DjangoModelFactory):
    """An open case about a safeguarding report (the report comes with it)."""

    report = factory.SubFactory(ReportFactory, reason=Report.Reason.SAFETY, is_safeguarding=True)
    member = factory.LazyAttribute(lambda case: case.report.reported_member)
    opened_by = factory.LazyAttribute(lambda case: case.report.reporter)
    summary = factory.LazyAttribute(lambda case: case.report.details or "Someone may be at risk.")

    class Meta:
        model = SafeguardingCase


class ModerationActionFactory(factory.django.DjangoModelFactory):
    action = ModerationAction.Action.APPROVE

    class Meta:
        model = ModerationAction
