"""The taxonomies a borough publishes: its Interest list, and the directory's features.

Interests are edited by each borough; the features (who an activity suits, how to take
part, how to join, accessibility, kind of activity) are fields of every activity, so
they form a fixed list here. Each term knows both how to find the activities it applies
to (a Q on ActivityPage) and whether one activity has it, and the two always agree.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from ..models import ActivityPage, Interest
from ..models.mixins import ACCESSIBILITY_FEATURES
from .ids import Ids

INTERESTS = "interests"
FEATURES = "features"


@dataclass(frozen=True)
class Feature:
    """A term met when any one of ``alternatives`` (field lookups, all equal) is."""

    code: str
    name: str
    link_type: str
    alternatives: tuple[tuple[tuple[str, object], ...], ...]
    description: str = ""

    def condition(self) -> Q:
        condition = Q(pk__in=[])
        for lookups in self.alternatives:
            condition |= Q(**dict(lookups))
        return condition

    def applies_to(self, activity: ActivityPage) -> bool:
        return any(
            all(_resolve(activity, path) == value for path, value in lookups)
            for lookups in self.alternatives
        )


def _resolve(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _flag(code, name, link_type, field_name, description=""):
    return Feature(code, name, link_type, (((field_name, True),),), description)


FEATURE_LIST: list[Feature] = [
    _flag("suits:mental-health", "Mental-health friendly", "eligibility", "mental_health_friendly"),
    _flag(
        "suits:learning-disability",
        "Suitable for people with learning disabilities",
        "eligibility",
        "learning_disability_friendly",
    ),
    _flag("suits:carers", "Carers welcome", "eligibility", "carers_welcome"),
    _flag("suits:beginners", "Beginners welcome", "eligibility", "beginners_welcome"),
    Feature("suits:women", "Women only", "eligibility", ((("gender", "women"),),)),
    Feature("suits:men", "Men only", "eligibility", ((("gender", "men"),),)),
    _flag("attend:in-person", "In person", "attendance", "in_person"),
    _flag("attend:online", "Online", "attendance", "online"),
    _flag("attend:by-phone", "By phone", "attendance", "by_phone"),
    *[
        Feature(f"join:{value}", label, "access", ((("access_mode", value),),))
        for value, label in ActivityPage.AccessMode.choices
    ],
    _flag("cost:free", "Free", "cost", "is_free"),
    # An accessibility feature counts when the activity or its place has it.
    *[
        Feature(
            f"accessibility:{name.replace('_', '-')}",
            label,
            "accessibility",
            (((name, True),), ((f"place__{name}", True),)),
        )
        for name, label in ACCESSIBILITY_FEATURES
    ],
    *[
        Feature(f"kind:{value}", label, "kind", ((("kind", value),),))
        for value, label in ActivityPage.Kind.choices
    ],
]


@dataclass(frozen=True)
class Term:
    id: str
    code: str
    name: str
    description: str
    taxonomy: "Taxonomy"
    link_type: str
    interest_pk: int | None = None
    feature: Feature | None = None

    def condition(self) -> Q:
        if self.feature is not None:
            return self.feature.condition()
        return Q(
            Exists(
                ActivityPage.interests.through.objects.filter(
                    activitypage_id=OuterRef("pk"), interest_id=self.interest_pk
                )
            )
        )


@dataclass
class Taxonomy:
    id: str
    key: str
    name: str
    description: str
    terms: list[Term] = field(default_factory=list)

    def condition(self) -> Q:
        """Activities with any term of this taxonomy."""
        if self.key == INTERESTS:
            return Q(
                Exists(
                    ActivityPage.interests.through.objects.filter(activitypage_id=OuterRef("pk"))
                )
            )
        condition = Q(pk__in=[])
        for term in self.terms:
            condition |= term.condition()
        return condition


class Taxonomies:
    """A borough's taxonomies and terms, read once per request."""

    def __init__(self, ids: Ids, borough_name: str):
        self.ids = ids
        self.interests = Taxonomy(
            id=ids.taxonomy(INTERESTS),
            key=INTERESTS,
            name=f"{borough_name} interests",
            description=f"The interests people in {borough_name} can find things to do by.",
        )
        self.features = Taxonomy(
            id=ids.taxonomy(FEATURES),
            key=FEATURES,
            name="Connect & Do features",
            description="Who an activity suits, how to take part and join, what it costs, "
            "how accessible it is and what kind of activity it is.",
        )
        self._interests_loaded = False
        self.features.terms = [
            Term(
                id=ids.taxonomy_term(f"feature:{feature.code}"),
                code=feature.code,
                name=feature.name,
                description=feature.description or feature.name,
                taxonomy=self.features,
                link_type=feature.link_type,
                feature=feature,
            )
            for feature in FEATURE_LIST
        ]

    def _load_interests(self) -> None:
        if self._interests_loaded:
            return
        self.interests.terms = [self.interest_term(interest) for interest in Interest.objects.all()]
        self._interests_loaded = True

    def interest_term(self, interest: Interest) -> Term:
        return Term(
            id=self.ids.taxonomy_term(f"interest:{interest.pk}"),
            code=interest.slug,
            name=interest.name,
            description=interest.description or interest.name,
            taxonomy=self.interests,
            link_type="interest",
            interest_pk=interest.pk,
        )

    def all(self) -> list[Taxonomy]:
        self._load_interests()
        return [self.interests, self.features]

    def all_terms(self) -> list[Term]:
        return [term for taxonomy in self.all() for term in taxonomy.terms]

    def taxonomy(self, wanted) -> Taxonomy | None:
        return next((t for t in self.all() if t.id == str(wanted)), None)

    def term(self, wanted) -> Term | None:
        return next((t for t in self.all_terms() if t.id == str(wanted)), None)

    def terms_of(self, activity: ActivityPage) -> list[Term]:
        """The activity's interests (prefetched) and features, in taxonomy order."""
        interests = [self.interest_term(interest) for interest in activity.interests.all()]
        features = [t for t in self.features.terms if t.feature.applies_to(activity)]
        return interests + features
