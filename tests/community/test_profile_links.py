"""Members' names lead to their profile pages, where "Send a message", "Report" and
"Block" are: in a discussion, and in a group's member list. Only where the profile
would open for the reader (signed in, shown to members, no block either way)."""

import pytest
from bs4 import BeautifulSoup

from sites.community.factories import BlockFactory
from sites.community.models import MemberProfile
from tests.conftest import client_for, inside

from .conftest import make_group, make_thread, signed_in, trusted_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(lambeth):
    return trusted_members(lambeth, "Ada", "Ben", "Cal")


def profile_path(borough, user) -> str:
    with inside(borough):
        return f"/members/{MemberProfile.objects.get(user=user).pk}/"


def links_named(response, name: str) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select("main a") if a.get_text(" ", strip=True) == name]


def test_a_posts_author_links_to_their_profile_where_a_message_can_be_started(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    make_group(lambeth, organiser=ada, members=[ben], name="Knit and natter")
    thread, _ = make_thread(lambeth, ada, title="Wool shops", body="Where do you buy wool?")

    as_ben = signed_in(lambeth, ben)
    assert links_named(as_ben.get(f"/discussions/{thread.pk}/"), "Ada") == [
        profile_path(lambeth, ada)
    ]
    profile = as_ben.get(profile_path(lambeth, ada))
    assert profile.status_code == 200
    assert links_named(profile, "Send Ada a message")

    # Visitors see "A member", and no link: profiles are for signed-in members.
    assert not links_named(client_for(lambeth).get(f"/discussions/{thread.pk}/"), "Ada")


def test_a_groups_member_list_links_to_the_profiles_members_may_see(lambeth, people):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    group = make_group(lambeth, organiser=ada, members=[ben, cal], name="Walkers")
    as_ben = signed_in(lambeth, ben)
    page = as_ben.get(f"/groups/{group.slug}/")
    assert links_named(page, "Ada") == [profile_path(lambeth, ada)]
    assert links_named(page, "Cal") == [profile_path(lambeth, cal)]

    # Cal shows his profile to nobody: his name stays, without a link to a 404.
    with inside(lambeth):
        MemberProfile.objects.filter(user=cal).update(profile_visibility="nobody")
    page = as_ben.get(f"/groups/{group.slug}/")
    assert "Cal" in page.content.decode() and not links_named(page, "Cal")
    assert as_ben.get(profile_path(lambeth, cal)).status_code == 404


def test_no_link_between_members_when_either_blocked_the_other(lambeth, people):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    group = make_group(lambeth, organiser=ada, members=[ben, cal], name="Readers")
    thread, _ = make_thread(lambeth, ada, title="Next book", body="Any ideas?")
    with inside(lambeth):
        BlockFactory(blocker=ada, blocked=ben)

    # Ben, whom Ada blocked, sees her name in the list but no link to her profile.
    as_ben = signed_in(lambeth, ben)
    assert not links_named(as_ben.get(f"/groups/{group.slug}/"), "Ada")
    # Ada, who blocked Ben, has no link to his profile either; Cal still has both.
    assert not links_named(signed_in(lambeth, ada).get(f"/groups/{group.slug}/"), "Ben")
    as_cal = signed_in(lambeth, cal)
    assert links_named(as_cal.get(f"/groups/{group.slug}/"), "Ben")
    assert links_named(as_cal.get(f"/discussions/{thread.pk}/"), "Ada")


def test_an_organiser_can_open_the_profile_of_someone_asking_to_join(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    group = make_group(lambeth, organiser=ada, name="Quiet circle", visibility="members-only")
    signed_in(lambeth, ben).post(f"/groups/{group.slug}/join/")
    page = signed_in(lambeth, ada).get(f"/groups/{group.slug}/requests/")
    assert links_named(page, "Ben") == [profile_path(lambeth, ben)]
