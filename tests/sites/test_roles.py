"""The four staff roles in the Wagtail admin, each allowed what its work needs and no more
(docs/roles.md). Checked through the real admin, as each role signs in."""

import pytest

from wagtail.models import Page

from sites.core.roles import BOROUGH_ADMINS, EDITORS, MODERATORS, ORGANISATION_MANAGERS
from tests.community.conftest import make_staff, signed_in
from tests.conftest import inside

pytestmark = pytest.mark.django_db

# role: (edit and publish pages, work the moderation queue, manage users and branding)
MATRIX = {
    BOROUGH_ADMINS: (True, True, True),
    EDITORS: (True, True, False),
    MODERATORS: (False, True, False),
    ORGANISATION_MANAGERS: (False, False, False),
}


def _allowed(client, url: str) -> bool:
    """Wagtail's admin answers a refusal with a redirect to its dashboard (or a 403)."""
    response = client.get(url, follow=True)
    assert response.status_code in (200, 403), response.status_code
    return response.status_code == 200 and response.request["PATH_INFO"] != "/admin/"


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_can_do_what_the_matrix_says_in_the_admin(lambeth, role):
    edits_pages, moderates, administers = MATRIX[role]
    client = signed_in(lambeth, make_staff(lambeth, f"{role.split()[0].lower()}@x.example", role))
    with inside(lambeth):
        about = Page.objects.get(slug="about").specific

    assert client.get("/admin/").status_code == 200  # every role uses the admin
    assert _allowed(client, f"/admin/pages/{about.pk}/edit/") == edits_pages
    assert _allowed(client, "/admin/community/moderation/") == moderates
    assert _allowed(client, "/admin/community/log/") == moderates
    assert _allowed(client, "/admin/users/") == administers
    assert _allowed(client, "/admin/settings/core/brandingsettings/") == administers


@pytest.mark.parametrize("role", [MODERATORS, ORGANISATION_MANAGERS])
def test_a_moderator_cannot_publish_a_page(lambeth, role):
    client = signed_in(lambeth, make_staff(lambeth, "no-pages@x.example", role))
    with inside(lambeth):
        about = Page.objects.get(slug="about").specific
        revisions = about.revisions.count()
    response = client.post(
        f"/admin/pages/{about.pk}/edit/",
        {"title": "Taken over", "slug": "about", "action-publish": "publish"},
    )
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == "/admin/", "sent back, refused"
    with inside(lambeth):
        about.refresh_from_db()
        assert about.title == "About Connect & Do"
        assert about.revisions.count() == revisions
    # Nor add a page anywhere.
    assert not _allowed(client, f"/admin/pages/{about.get_parent().pk}/add_subpage/")


def test_a_borough_admin_cannot_change_the_borough_web_address(lambeth):
    """A borough's web address is the platform's: a Borough admin who changed its Wagtail
    Site took the borough offline (found trying the product as an attacker would). There
    is no Sites admin, and the Groups editor cannot hand its permissions back."""
    from wagtail.models import Site
    from wagtail.users.forms import GroupForm

    client = signed_in(lambeth, make_staff(lambeth, "admin@x.example", BOROUGH_ADMINS))
    with inside(lambeth):
        site = Site.objects.get(is_default_site=True)
        offered = GroupForm().fields["permissions"].queryset
        assert not offered.filter(content_type__model="site").exists()
        assert offered.filter(codename="add_redirect").exists()  # it offers the others
    assert client.get("/admin/sites/").status_code == 404
    response = client.post(
        f"/admin/sites/edit/{site.pk}/",
        {"hostname": "elsewhere.example", "port": site.port, "root_page": site.root_page_id},
    )
    assert response.status_code == 404
    with inside(lambeth):
        site.refresh_from_db()
        assert site.hostname != "elsewhere.example"
    assert client.get("/", follow=True).status_code == 200
