import factory
import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Connect & Do borough {n}")
    slug = "home"
    introduction = "Find groups, activities, places and events near you."

    class Meta:
        model = HomePage
