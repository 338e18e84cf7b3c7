import factory

from sites.community.factories import UserFactory

from .models import SavedItem


class SavedItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedItem

    member = factory.SubFactory(UserFactory)
    kind = SavedItem.Kind.ACTIVITY
    object_id = factory.Sequence(lambda n: n + 1)
