"""What the search layout and node-loss benches share: their own index prefix, and a
throwaway borough with activities."""

import os
import uuid


def use_bench_settings() -> str:
    """Bench settings, tasks run at once, and an index prefix of this run's own (so the
    development site's search is never touched). Call before django.setup()."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["TASK_BACKEND"] = "immediate"
    prefix = f"bench_connectdo_{uuid.uuid4().hex[:8]}_"
    os.environ["SEARCH_INDEX_PREFIX"] = prefix
    return prefix


def launch_with_activities(slug: str, name: str, rng, places: int, activities: int) -> None:
    """Launch ``slug`` with the real service, then add ``activities`` in bulk."""
    from django_tenants.utils import schema_context

    from bench.search_bench import analyze, create_activities, create_organisations_and_places
    from tenants.services import LaunchRequest, launch_borough

    launch_borough(
        LaunchRequest(
            slug=slug,
            name=name,
            domain=f"{slug}.localhost",
            admin_email=f"admin@{slug}.example.org",
        )
    )
    with schema_context(slug):
        organisations, made_places = create_organisations_and_places(rng, places, places)
        create_activities(rng, organisations, made_places, activities)
    analyze(slug)


def mixed_search(i: int):
    """The benches' mix of searches: words alone, a filter, nearest first."""
    from bench.search_bench import QUERIES
    from search.selectors import SearchRequest

    query = QUERIES[i % len(QUERIES)]
    if i % 4 == 1:
        return SearchRequest(query=query, chosen={"cost": ["free"]})
    if i % 4 == 2:
        return SearchRequest(query=query, postcode="SW9", sort="distance")
    return SearchRequest(query=query)


def search_as_served(requests, i: int):
    """Search ``i`` of the mix as ``/search/`` serves it, short of the rest of the
    middleware, reading the form and rendering the page.

    As Django's handler and the middleware leave a request: between the signals sent
    around every request (the borough's content version is read from Redis once per
    request, the database connection's health is checked), the borough's schema chosen
    again (the connection sets its search path on its next query) and the request's
    Wagtail Site from the per-borough cache (tenants/middleware.py). Without them each
    search read the Site with a query of Wagtail's and the content version from Redis
    for each cached part: about 2 ms of CPU a search that no page spends. Then, as the
    view does, the search and the search-demand record. ``requests`` is a
    RequestFactory for the borough's host; call inside the borough's schema.
    """
    from django.core.signals import request_finished, request_started
    from django.db import connection

    from search.demand import record_search
    from search.selectors import search_borough
    from sites.core.site_cache import site_for_request

    request = requests.get("/search/")
    request_started.send(sender=__name__, environ=request.META)
    try:
        borough = connection.tenant
        connection.set_schema_to_public()
        connection.set_tenant(borough)
        request._wagtail_site = site_for_request(request)
        asked = mixed_search(i)
        outcome = search_borough(asked, http_request=request)
        record_search(asked, outcome)
        return outcome
    finally:
        request_finished.send(sender=__name__)


def page_engine_requests(count: int):
    """The engine's part of the first ``count`` searches of the mix, alone: a function of
    ``i`` sending what ``/search/`` asks the engine for search ``i`` (search/answers.py:
    one request, and a second with typo guesses when the words found few), with no
    re-check, page or record. Each search is read first (its postcode, synonyms and
    facet options, from PostgreSQL), so only the engine is timed. Call inside the
    borough's schema."""
    from django.contrib.auth.models import AnonymousUser

    from search.fallback import engine_backend
    from search.selectors import engine_question_sender

    senders = [engine_question_sender(mixed_search(i), AnonymousUser()) for i in range(count)]
    return lambda i: senders[i % count](engine_backend())
