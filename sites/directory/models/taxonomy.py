from django.db import models
from django.utils.text import slugify

from wagtail.search import index

# The list every borough starts with; Editors can change it in their borough.
DEFAULT_INTERESTS = [
    ("Arts and crafts", "palette"),
    ("Music and singing", "music"),
    ("Gardening and outdoors", "leaf"),
    ("Sport and exercise", "running"),
    ("Walking", "walking"),
    ("Cooking and food", "utensils"),
    ("Learning and courses", "book"),
    ("Volunteering", "hands-helping"),
    ("Faith and spirituality", "dove"),
    ("Social and peer support", "users"),
    ("Games", "chess"),
    ("Tech and digital skills", "laptop"),
    ("Reading and writing", "pen"),
    ("Dance", "dance"),
    ("Health and wellbeing", "heart"),
    ("Language and conversation", "comments"),
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
