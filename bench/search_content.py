"""Content for the search benches: organisations and places through Wagtail, then
activities inserted in bulk (see ``create_activities``)."""

import random
import uuid

ACTIVITIES = [
    ("yoga", "Gentle yoga", "Stretching and breathing, on chairs or mats."),
    ("chess", "Chess club", "Friendly games for every level; boards provided."),
    ("choir", "Community choir", "Sing together, no experience needed."),
    ("walking", "Walking group", "An easy walk and a chat, then tea."),
    ("gardening", "Garden volunteers", "Planting, weeding and growing food together."),
    ("pottery", "Pottery for beginners", "Throwing and glazing with a patient teacher."),
    ("knitting", "Knit and natter", "Bring your needles, or borrow ours."),
    ("football", "Walking football", "Football at a gentle pace for all ages."),
    ("dance", "Dance class", "Move to music you love, at your own pace."),
    ("reading", "Reading group", "We read a book a month and talk about it."),
    ("cooking", "Cook and eat", "Cook a simple meal together, then share it."),
    ("painting", "Painting circle", "Watercolours and acrylics, materials provided."),
    ("drumming", "Drumming circle", "Rhythm for everyone, drums provided."),
    ("tai chi", "Tai chi", "Slow movement for balance and calm."),
    ("bingo", "Bingo afternoon", "Prizes, tea and cake."),
    ("quiz", "Pub quiz", "Teams welcome, or join one on the night."),
    ("coding", "Coding club", "Learn to make websites and games."),
    ("photography", "Photography walk", "Take pictures around the neighbourhood."),
    ("sewing", "Sewing bee", "Mend, alter and make clothes together."),
    ("conversation", "English conversation", "Practise speaking English with friends."),
    ("cycling", "Cycle ride", "A gentle ride on quiet streets and paths."),
    ("meditation", "Meditation", "Quiet sitting and simple breathing."),
    ("drama", "Drama group", "Games, improvisation and a play each year."),
    ("baking", "Bake club", "Bread, cakes and biscuits to take home."),
]
ADJECTIVES = ["Friendly", "Beginners'", "Morning", "Evening", "Weekly", "Community", "Relaxed"]
DISTRICTS = [("SW2", 51.4500, -0.1190), ("SW9", 51.4690, -0.1130), ("SE11", 51.4890, -0.1110)]


def create_organisations_and_places(rng: random.Random, organisations: int, places: int):
    from sites.directory.models import (
        OrganisationIndexPage,
        OrganisationPage,
        PlaceIndexPage,
        PlacePage,
    )

    place_index = PlaceIndexPage.objects.get()
    made_places = []
    for n in range(places):
        district, lat, lon = DISTRICTS[n % len(DISTRICTS)]
        made_places.append(
            place_index.add_child(
                instance=PlacePage(
                    title=f"Community centre {n + 1}",
                    slug=f"community-centre-{n + 1}",
                    summary="A friendly community centre with a cafe and rooms to hire.",
                    address_line_1=f"{n + 1} High Street",
                    postcode=f"{district} {rng.randint(1, 9)}AB",
                    latitude=f"{lat + rng.uniform(-0.01, 0.01):.6f}",
                    longitude=f"{lon + rng.uniform(-0.01, 0.01):.6f}",
                    hide_street_address=n % 5 == 4,  # some meet in homes
                    step_free_access=n % 2 == 0,
                )
            )
        )
    organisation_index = OrganisationIndexPage.objects.get()
    made_organisations = [
        organisation_index.add_child(
            instance=OrganisationPage(
                title=f"Neighbourhood group {n + 1}",
                slug=f"neighbourhood-group-{n + 1}",
                summary="We bring neighbours together to try new things.",
            )
        )
        for n in range(organisations)
    ]
    return made_organisations, made_places


def create_activities(rng: random.Random, organisations, places, count: int) -> None:
    """Insert ``count`` live ActivityPages below ``organisations``, in batches.

    Django cannot bulk_create a multi-table-inherited model, and treebeard's add_child
    takes a lock and several queries per page. Instead: compute each child's
    materialised path with treebeard's own ``_get_path`` (steps 1..n below the
    organisation), bulk-insert the ``wagtailcore_page`` rows with ``Page.objects
    .bulk_create``, then insert the matching ``directory_activitypage`` rows (only that
    table's own columns, ``page_ptr_id`` pointing at the new pages) with ``_insert``,
    the same call bulk_create uses per table. Each organisation's ``numchild`` is set to
    match, so the tree stays valid for Wagtail. No signals are sent, so nothing is
    indexed yet: the rebuild that follows is what is timed.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from sites.directory.models import ActivityPage, ActivitySchedule, Interest

    content_type = ContentType.objects.get_for_model(ActivityPage)
    locale = Locale.get_default()
    interests = list(Interest.objects.all())
    now = timezone.now()
    per_organisation = -(-count // len(organisations))
    child_fields = ActivityPage._meta.local_concrete_fields
    made = 0
    for organisation in organisations:
        batch = min(per_organisation, count - made)
        if batch <= 0:
            break
        activities = []
        for step in range(1, batch + 1):
            key, noun, summary = ACTIVITIES[rng.randrange(len(ACTIVITIES))]
            title = f"{rng.choice(ADJECTIVES)} {noun.lower()} {made + step}"
            slug = f"activity-{made + step}"
            is_free = rng.random() < 0.7
            activities.append(
                ActivityPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    path=ActivityPage._get_path(organisation.path, organisation.depth + 1, step),
                    depth=organisation.depth + 1,
                    numchild=0,
                    url_path=f"{organisation.url_path}{slug}/",
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    summary=summary,
                    description=f"<p>{summary} Everyone is welcome to our {key} sessions.</p>",
                    place=rng.choice(places),
                    is_free=is_free,
                    cost_details="" if is_free else "£3 a session",
                    online=rng.random() < 0.15,
                    step_free_access=rng.random() < 0.5,
                )
            )
        with transaction.atomic():
            # Inserts the page rows (Page's own columns) and sets each object's ``id``.
            Page.objects.bulk_create(activities, batch_size=500)
            for activity in activities:
                activity.page_ptr_id = activity.id
            ActivityPage._base_manager._insert(
                activities, fields=child_fields, using=connection.alias
            )
            Page.objects.filter(pk=organisation.pk).update(numchild=batch)
            through = ActivityPage.interests.through
            through.objects.bulk_create(
                [
                    through(activitypage_id=activity.pk, interest_id=rng.choice(interests).pk)
                    for activity in activities
                ]
            )
            ActivitySchedule.objects.bulk_create(
                [
                    ActivitySchedule(
                        activity_id=activity.pk,
                        weekday=rng.randrange(7),
                        starts_on=now.date(),
                        start_time=rng.choice(["10:00", "14:00", "18:30"]),
                        end_time="20:00",
                    )
                    for activity in activities
                ]
            )
        made += batch
