from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from wagtail.search import index

# The list every borough starts with; Editors can change it in their borough. The names
# are translated for search only: a reader who types one in their own language also
# searches it in English (search/reader_words.py). Pages show a borough's names as named.
DEFAULT_INTERESTS = [
    (gettext_noop("Arts and crafts"), "palette"),
    (gettext_noop("Music and singing"), "music"),
    (gettext_noop("Gardening and outdoors"), "leaf"),
    (gettext_noop("Sport and exercise"), "running"),
    (gettext_noop("Walking"), "walking"),
    (gettext_noop("Cooking and food"), "utensils"),
    (gettext_noop("Learning and courses"), "book"),
    (gettext_noop("Volunteering"), "hands-helping"),
    (gettext_noop("Faith and spirituality"), "dove"),
    (gettext_noop("Social and peer support"), "users"),
    (gettext_noop("Games"), "chess"),
    (gettext_noop("Tech and digital skills"), "laptop"),
    (gettext_noop("Reading and writing"), "pen"),
    (gettext_noop("Dance"), "dance"),
    (gettext_noop("Health and wellbeing"), "heart"),
    (gettext_noop("Language and conversation"), "comments"),
]
# The search page's examples ("For example: walking, arts and crafts, ..."), in the
# reader's language: always words the search understands.
SEARCH_EXAMPLES = [
    gettext_noop("Walking"),
    gettext_noop("Arts and crafts"),
    gettext_noop("Music and singing"),
]


class Interest(index.Indexed, models.Model):
    """One term of the borough's interest taxonomy, edited by Editors."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.CharField(max_length=250, blank=True)
    icon = models.SlugField(
        max_length=40, blank=True, help_text="Icon name, always shown together with the words."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)
