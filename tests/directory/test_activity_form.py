"""The activity's edit form says what is wrong, once, beside the box that is wrong: a
box it could not read (a cost of "abc") is not judged again by the rules that read it."""

import pytest
from bs4 import BeautifulSoup

from sites.core.roles import EDITORS
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in, submit_change

pytestmark = pytest.mark.django_db

SAY_THE_COST = "Say what it costs, or tick 'free'."
ENTER_A_NUMBER = "Enter a number."


@pytest.fixture
def editor_client(lambeth):
    with inside(lambeth):
        editor = make_user("form-editor@lambeth.example.org", EDITORS)
    return logged_in(lambeth, editor)


def errors_by_field(response) -> dict[str, list[str]]:
    """Each field's error messages, as the editor sees them beside its box."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for wrapper in soup.select("[data-field-wrapper]"):
        box = wrapper.select_one("input, textarea, select")
        messages = [p.get_text(" ", strip=True) for p in wrapper.select(".error-message")]
        if box is not None and messages:
            found.setdefault(box["name"], []).extend(messages)
    return found


def saved_with(client, page, **changes):
    url, data = submit_change(client, page, **changes)
    data.pop("is_free", None)  # unticked
    return client.post(url, data)


def test_a_cost_that_is_not_a_number_gets_only_its_own_message(
    lambeth, lambeth_directory, editor_client
):
    response = saved_with(
        editor_client, lambeth_directory.activity, cost_amount="abc", cost_details=""
    )
    assert response.status_code == 200
    assert errors_by_field(response) == {"cost_amount": [ENTER_A_NUMBER]}


def test_no_cost_at_all_is_still_asked_for(lambeth, lambeth_directory, editor_client):
    response = saved_with(
        editor_client, lambeth_directory.activity, cost_amount="", cost_details=""
    )
    assert response.status_code == 200
    assert errors_by_field(response).get("cost_details") == [SAY_THE_COST]


def test_a_stale_age_is_not_compared_with_one_that_could_not_be_read(
    lambeth, lambeth_directory, editor_client
):
    """The form keeps the saved age when the typed one is unreadable: comparing with it
    would say something untrue about what the editor typed."""
    activity = lambeth_directory.activity
    with inside(lambeth):
        activity.age_min, activity.age_max = 10, 20
        activity.save_revision().publish()
    response = saved_with(editor_client, activity, age_min="30", age_max="abc", cost_details="£2")
    assert response.status_code == 200
    assert errors_by_field(response) == {"age_max": ["Enter a whole number."]}


def test_an_online_link_that_is_not_a_link_gets_only_its_own_message(
    lambeth, lambeth_directory, editor_client
):
    response = saved_with(
        editor_client,
        lambeth_directory.activity,
        cost_details="£2",
        online="on",
        online_url="not a link",
    )
    assert response.status_code == 200
    assert errors_by_field(response) == {"online_url": ["Enter a valid URL."]}
