import factory
import wagtail_factories

from .models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=4)
    slug = factory.LazyAttribute(lambda page: page.title.lower().replace(" ", "-").strip(".")[:50])
    summary = factory.Faker("sentence", nb_words=14)

    class Meta:
        model = StandardPage
