"""A listing's admin form, as an Editor's browser sends it: a hand-made picture value is
refused with a message, and nothing is saved (never a server error)."""

import pytest

from sites.core.roles import EDITORS
from sites.directory.models import ActivityPage
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in, submit_change

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("picture", ["abc", "1.5", "99999999999"])
def test_a_hand_made_picture_is_refused_and_nothing_is_saved(lambeth, lambeth_directory, picture):
    activity = lambeth_directory.activity
    with inside(lambeth):
        editor = make_user("picture-editor@lambeth.example.org", EDITORS)
        revisions = activity.revisions.count()
    client = logged_in(lambeth, editor)
    url, data = submit_change(client, activity, title="Taken over", picture=picture)
    data["action-publish"] = "action-publish"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["picture"] == [
        "That picture is not in the image library. Choose the picture again."
    ]
    with inside(lambeth):
        saved = ActivityPage.objects.get(pk=activity.pk)
        assert saved.title == "Tuesday garden club"
        assert saved.revisions.count() == revisions
