"""'Things to do': filters that narrow the list, in web addresses people can share."""

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from sites.directory.factories import ActivityPageFactory, ActivityScheduleFactory
from sites.directory.models import ActivityPage
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

GARDEN = "Tuesday garden club"
CHOIR = "Evening choir"


def listing(borough, query: str = "", status: int = 200) -> BeautifulSoup:
    response = client_for(borough).get(f"/things-to-do/{query}")
    assert response.status_code == status
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(soup: BeautifulSoup) -> list[str]:
    return [h3.get_text(strip=True) for h3 in soup.select(".results .listing__title")]


def count_heading(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("#results").get_text().split())


def notices(soup: BeautifulSoup) -> list[str]:
    return [" ".join(li.get_text().split()) for li in soup.select(".notice[role=status] li")]


def test_without_filters_every_current_activity_is_listed_a_to_z(lambeth, lambeth_directory):
    soup = listing(lambeth)
    assert titles(soup) == [CHOIR, GARDEN]
    assert count_heading(soup) == "2 things to do"
    result = soup.select(".results .listing")[1]
    words = " ".join(result.get_text(" ").split())
    assert "Planting, weeding and tea in the community garden." in words
    assert "Every Tuesday, 10am to 12 noon — next on Tuesday" in words
    assert "Brixton Community Hall, SW2 area" in words
    assert "Cost Free" in words
    assert "Interests Gardening and outdoors" in words
    assert "Cost £3 a session" in " ".join(
        soup.select(".results .listing")[0].get_text(" ").split()
    )


# One directory for every case: building it takes longer than the listings.
EACH_FILTER = [
    ("?interest=gardening-and-outdoors", [GARDEN]),
    ("?interest=music-and-singing", [CHOIR]),
    ("?interest=gardening-and-outdoors&interest=music-and-singing", [CHOIR, GARDEN]),
    ("?interest=dance", []),
    ("?day=tuesday", [GARDEN]),
    ("?day=thursday", [CHOIR]),
    ("?day=tuesday&day=thursday", [CHOIR, GARDEN]),
    ("?day=monday", []),
    ("?time=morning", [GARDEN]),
    ("?time=evening", [CHOIR]),
    ("?time=afternoon", []),
    ("?free=yes", [GARDEN]),
    ("?how=online", [CHOIR]),
    ("?how=in-person", [CHOIR, GARDEN]),
    ("?how=phone", []),
    # The hall has a hearing loop; the activity itself says nothing about one.
    ("?access=hearing-loop", [GARDEN]),
    # The garden club says it is step-free; the choir's meeting place is.
    ("?access=step-free-access", [CHOIR, GARDEN]),
    ("?access=bsl", []),
    ("?kind=club", [CHOIR]),
    ("?kind=group", [GARDEN]),
    ("?kind=group&kind=club", [CHOIR, GARDEN]),
]

FILTERS_COMBINED = [
    ("?interest=music-and-singing&free=yes", []),
    ("?interest=music-and-singing&how=online", [CHOIR]),
    # Day and time of day are checked against the same time it happens.
    ("?day=tuesday&time=evening", []),
    ("?day=thursday&time=evening", [CHOIR]),
    # Every chosen accessibility feature must be there.
    ("?access=step-free-access&access=hearing-loop", [GARDEN]),
    ("?free=yes&day=tuesday&time=morning&kind=group&how=in-person", [GARDEN]),
]


def test_each_filter_narrows_the_results(lambeth, lambeth_directory):
    for query, expected in EACH_FILTER:
        soup = listing(lambeth, query)
        assert titles(soup) == expected, query
        count = len(expected)
        verb = "matches" if count == 1 else "match"
        heading = f"{count} thing{'' if count == 1 else 's'} to do {verb} your choices"
        assert count_heading(soup) == heading, query
        if not expected:
            assert "Nothing matches all of your choices" in soup.get_text(), query


def test_filters_combine(lambeth, lambeth_directory):
    for query, expected in FILTERS_COMBINED:
        assert titles(listing(lambeth, query)) == expected, query


def test_times_that_have_ended_do_not_count_for_the_day_filter(lambeth, lambeth_directory):
    with inside(lambeth):
        finished = ActivityPageFactory(
            parent=lambeth_directory.organisation, title="Summer Friday walks"
        )
        ActivityScheduleFactory(
            activity=finished,
            weekday=4,
            starts_on=datetime.date(2025, 6, 6),
            ends_on=datetime.date(2025, 8, 29),
        )
    assert titles(listing(lambeth, "?day=friday")) == []
    assert "Summer Friday walks" in titles(listing(lambeth))


def test_the_chosen_filters_stay_ticked_so_the_address_can_be_shared(lambeth, lambeth_directory):
    query = "?interest=gardening-and-outdoors&day=tuesday&free=yes&access=hearing-loop"
    soup = listing(lambeth, query)
    ticked = sorted((box["name"], box["value"]) for box in soup.select(".filters input[checked]"))
    assert ticked == [
        ("access", "hearing-loop"),
        ("day", "tuesday"),
        ("free", "yes"),
        ("interest", "gardening-and-outdoors"),
    ]
    # Submitting the form as it is (a GET) gives back the same address and results.
    form = soup.select_one("form.filters")
    assert form["method"] == "get" and form["action"] == "/things-to-do/"
    resubmitted = "?" + "&".join(f"{name}={value}" for name, value in ticked)
    assert titles(listing(lambeth, resubmitted)) == titles(soup) == [GARDEN]
    assert (
        soup.select_one("form.filters a[href='/things-to-do/']").get_text(strip=True)
        == "Clear all choices"
    )


def test_the_filter_form_uses_fieldsets_legends_and_labelled_checkboxes(lambeth, lambeth_directory):
    soup = listing(lambeth)
    legends = [legend.get_text(strip=True) for legend in soup.select("form.filters legend")]
    assert legends == [
        "Interests",
        "Day",
        "Time of day",
        "Cost",
        "How you take part",
        "Accessibility",
        "Type of activity",
    ]
    boxes = soup.select("form.filters input[type=checkbox]")
    assert len(boxes) > 30
    for box in boxes:
        label = soup.select_one(f"label[for='{box['id']}']")
        assert label is not None and label.get_text(strip=True), f"{box} has no label"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?day=funday", "We did not recognise a choice for “Day” in the web address"),
        ("?interest=knitting-on-mars", "a choice for “Interests”"),
        ("?free=maybe", "a choice for “Free only”"),
        ("?kind=%3Cscript%3Ealert(1)%3C/script%3E", "a choice for “Type of activity”"),
        ("?page=abc", "We did not recognise the page number"),
        ("?page=0", "That page of results does not exist, so here is page 1."),
        ("?page=99", "That page of results does not exist, so here is the last page, 1."),
    ],
)
def test_bad_values_in_the_address_are_left_out_with_a_plain_message(
    lambeth, lambeth_directory, query, message
):
    response = client_for(lambeth).get(f"/things-to-do/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert any(message in notice for notice in notices(soup)), notices(soup)
    assert titles(soup) == [CHOIR, GARDEN], "the rest of the page works as if it was not there"


def test_a_bad_value_does_not_spoil_the_good_ones_beside_it(lambeth, lambeth_directory):
    soup = listing(lambeth, "?day=tuesday&day=funday&interest=gardening-and-outdoors")
    assert titles(soup) == [GARDEN]
    assert len(notices(soup)) == 1
    assert soup.select_one("input[name=day][value=tuesday]").has_attr("checked")


def test_unpublished_activities_are_never_listed(lambeth, lambeth_directory):
    with inside(lambeth):
        ActivityPageFactory(parent=lambeth_directory.organisation, title="Secret draft", live=False)
        ActivityPage.objects.filter(pk=lambeth_directory.evening_activity.pk).update(live=False)
    assert titles(listing(lambeth)) == [GARDEN]


@pytest.fixture
def many_activities(lambeth, lambeth_directory):
    """25 more free activities: 27 in all, so two pages of 20."""
    with inside(lambeth):
        for number in range(25):
            ActivityPageFactory(
                parent=lambeth_directory.organisation, title=f"Walk number {number:02d}"
            )
    return lambeth_directory


def test_results_come_twenty_to_a_page_with_links_between_pages(lambeth, many_activities):
    first = listing(lambeth)
    assert count_heading(first) == "27 things to do"
    assert len(titles(first)) == 20
    assert "Showing 1 to 20 of 27." in first.get_text()
    nav = first.select_one("nav.pagination[aria-label='Pages of results']")
    assert nav.select_one("[aria-current=page]").get_text(" ", strip=True) == "Page 1"
    next_link = nav.select_one("a[rel=next]")
    assert next_link.get_text(strip=True) == "Next page"
    assert nav.select_one("a[rel=prev]") is None

    second = listing(lambeth, next_link["href"].split("#")[0])
    assert len(titles(second)) == 7
    assert not set(titles(first)) & set(titles(second))
    assert second.select_one("nav.pagination a[rel=prev]").get_text(strip=True) == "Previous page"
    assert second.select_one("nav.pagination a[rel=next]") is None


def test_page_links_keep_the_chosen_filters(lambeth, many_activities):
    # The choir is not free: 26 free things, so page 2 has 6.
    soup = listing(lambeth, "?free=yes&how=in-person")
    assert count_heading(soup) == "26 things to do match your choices"
    href = soup.select_one("nav.pagination a[rel=next]")["href"]
    assert dict(parse_qsl(urlsplit(href).query)) == {"free": "yes", "how": "in-person", "page": "2"}
    second = listing(lambeth, href.split("#")[0])
    assert len(titles(second)) == 6
    assert CHOIR not in titles(second)


def test_southwark_lists_only_its_own_things_to_do(lambeth, southwark, lambeth_directory):
    soup = listing(southwark)
    assert titles(soup) == []
    assert count_heading(soup) == "0 things to do"
    assert titles(listing(southwark, "?interest=gardening-and-outdoors")) == []
