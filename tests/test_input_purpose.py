"""WCAG 2.2, 1.3.5 Identify input purpose: every public form's boxes for the reader's own
details say what they hold (``autocomplete``), so browsers and assistive tools can fill
them in; boxes about someone else say "off", so a referrer's own details are never
filled into the person's."""

import pytest
from bs4 import BeautifulSoup

from sites.directory.forms import ReportProblemForm
from sites.mylist.forms import EmailListForm
from tests.community.conftest import make_member, signed_in
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Page: {field name: autocomplete token}.
PUBLIC_PAGES = {
    "/account/sign-up/": {
        "display_name": "nickname",
        "email": "email",
        "password1": "new-password",
        "password2": "new-password",
    },
    "/account/sign-in/": {"username": "email", "password": "current-password"},
    "/account/password/forgotten/": {"email": "email"},
    "/get-support/": {"first_name": "given-name"},
    "/get-support/professional/": {
        "referrer_name": "name",
        "referrer_role": "organization-title",
        "referrer_organisation": "organization",
        "referrer_email": "email",
        # The person referred: not the referrer's own details.
        "first_name": "off",
        "contact_detail": "off",
        "postcode_district": "off",
    },
    "/list-your-organisation/": {
        "organisation_name": "organization",
        "website": "url",
        "contact_name": "name",
        "contact_email": "email",
        "contact_phone": "tel",
    },
}
MEMBER_PAGES = {
    "/account/profile/": {"display_name": "nickname"},
    "/account/emails/": {"language": "language"},
    "/account/password/": {
        "old_password": "current-password",
        "new_password1": "new-password",
        "new_password2": "new-password",
    },
    "/account/delete/": {"password": "current-password"},
}
# Forms shown on pages that need content of their own (a listing, a saved list).
FORMS = {
    ReportProblemForm: {"email": "email"},
    EmailListForm: {"email": "email"},
}


def tokens(html: str, names) -> dict[str, str | None]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for name in names:
        box = soup.find(["input", "select", "textarea"], attrs={"name": name})
        assert box is not None, f"no box named {name}"
        found[name] = box.get("autocomplete")
    return found


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_forms_say_what_each_personal_box_holds(lambeth, path):
    response = client_for(lambeth).get(path)
    assert response.status_code == 200
    assert tokens(response.content.decode(), PUBLIC_PAGES[path]) == PUBLIC_PAGES[path]


def test_a_members_account_forms_say_what_each_personal_box_holds(lambeth):
    client = signed_in(lambeth, make_member(lambeth, display_name="Robin"))
    for path, expected in MEMBER_PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert tokens(response.content.decode(), expected) == expected, path


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form_class: form_class.__name__)
def test_forms_on_content_pages_say_what_each_personal_box_holds(lambeth, form_class):
    expected = FORMS[form_class]
    html = "".join(str(form_class()[name]) for name in expected)
    assert tokens(html, expected) == expected
