"""Organisations ask to be listed from the public site; Editors approve or decline."""

import re
import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from sites.core.antispam import STARTED_FIELD, started_token
from sites.core.ratelimit import RATE_LIMITS
from sites.core.roles import EDITORS
from sites.directory.factories import OrganisationJoinRequestFactory, OrganisationPageFactory
from sites.directory.models import (
    DirectorySettings,
    OrganisationIndexPage,
    OrganisationJoinRequest,
    OrganisationPage,
)
from sites.directory.services.join_requests import (
    JoinRequestError,
    approve_join_request,
    decline_join_request,
)
from sites.directory.services.organisation_access import organisation_managers
from tests.conftest import assert_same_answers, client_for, inside

JOIN_URL = "/list-your-organisation/"


def make_user(email, *groups, active=True):
    user = get_user_model().objects.create_user(
        username=email, email=email, password="pw-123456", is_active=active
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor(lambeth):
    with inside(lambeth):
        make_user("former.editor@lambeth.example.org", EDITORS, active=False)
        settings = DirectorySettings.for_site(OrganisationIndexPage.objects.get().get_site())
        settings.editors_email = "directory@lambeth.example.org"
        settings.save()
        return make_user("editor@lambeth.example.org", EDITORS)


def form_data(**changes):
    data = {
        "organisation_name": "Herne Hill Walkers",
        "summary": "A friendly walking group for people over 50.",
        "website": "https://walkers.example.org",
        "charity_number": "1190001",
        "contact_name": "Priya Shah",
        "contact_email": "priya@walkers.example.org",
        "contact_phone": "020 7946 0999",
        "homepage": "",
        STARTED_FIELD: started_token(time.time() - 60),
    }
    data.update(changes)
    return data


def join_requests(borough):
    with inside(borough):
        return list(OrganisationJoinRequest.objects.all())


def test_an_organisation_asks_to_be_listed_and_every_editor_hears(lambeth, editor):
    client = client_for(lambeth)
    form = client.get(JOIN_URL)
    assert form.status_code == 200
    assert "List your organisation" in form.content.decode()

    response = client.post(JOIN_URL, form_data())
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "we have your request" in thanks.content.decode()

    (request,) = join_requests(lambeth)
    assert request.organisation_name == "Herne Hill Walkers"
    assert request.contact_email == "priya@walkers.example.org"
    assert request.status == OrganisationJoinRequest.Status.PENDING

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["directory@lambeth.example.org", "editor@lambeth.example.org"]
    body = mail.outbox[0].body
    assert "Herne Hill Walkers" in mail.outbox[0].subject
    assert f"http://lambeth.localhost:8000/admin/directory/join-requests/{request.pk}/" in body
    assert mail.outbox[0].extra_headers["X-Connectdo-Borough"] == lambeth.schema_name


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organisation_name": ""}, "Enter the name of your organisation"),
        ({"contact_email": "priya-at-walkers"}, "Enter an email address like"),
        ({"website": "not a website"}, "Enter a web address like"),
        ({"contact_phone": "----------"}, "Enter a phone number, like 07700 900123"),
        ({"homepage": "http://spam.example"}, "Sorry, we could not send this form"),
        ({STARTED_FIELD: "just now"}, "That was very quick"),
        ({STARTED_FIELD: "forged"}, "That was very quick"),
        ({STARTED_FIELD: "a day ago"}, "This page was open for a long time"),
    ],
    ids=[
        "no-name",
        "bad-email",
        "bad-website",
        "no-digits",
        "honeypot",
        "too-fast",
        "forged-time",
        "old",
    ],
)
def test_bad_or_robotic_requests_are_refused_with_a_reason(lambeth, editor, changes, message):
    if changes.get(STARTED_FIELD) == "just now":
        changes = {STARTED_FIELD: started_token()}  # sent the moment the form was shown
    if changes.get(STARTED_FIELD) == "a day ago":
        changes = {STARTED_FIELD: started_token(time.time() - 24 * 60 * 60 - 60)}
    response = client_for(lambeth).post(JOIN_URL, form_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert join_requests(lambeth) == []
    assert mail.outbox == []


def test_the_form_keeps_the_website_question_and_hides_a_honeypot(lambeth):
    html = client_for(lambeth).get(JOIN_URL).content.decode()
    assert 'type="url" name="website"' in html, "the real question, not the honeypot"
    hidden = re.search(r"<div hidden>(.*?)</div>", html, re.S).group(1)
    assert 'name="homepage"' in hidden and "Leave this empty" in hidden
    assert f'type="hidden" name="{STARTED_FIELD}"' in html


def test_too_many_requests_from_one_address_are_refused_and_nothing_is_saved(lambeth, editor):
    most, _ = RATE_LIMITS["list-organisation"]
    client = client_for(lambeth)
    for n in range(most):
        response = client.post(
            JOIN_URL,
            form_data(organisation_name=f"Walkers {n}", contact_email=f"walk{n}@example.org"),
        )
        assert response.status_code == 302, n
    mail.outbox = []
    response = client.post(
        JOIN_URL, form_data(organisation_name="One too many", contact_email="more@example.org")
    )
    assert response.status_code == 429
    assert "You have tried this too many times" in response.content.decode()
    assert len(join_requests(lambeth)) == most
    assert "One too many" not in [r.organisation_name for r in join_requests(lambeth)]
    assert mail.outbox == []


def test_an_organisation_already_listed_is_explained_and_counts_nothing(lambeth, editor):
    with inside(lambeth):
        OrganisationPageFactory(
            parent=OrganisationIndexPage.objects.get(), title="Herne Hill Walkers"
        )
    most, _ = RATE_LIMITS["list-organisation"]
    client = client_for(lambeth)
    for _ in range(most + 2):
        response = client.post(JOIN_URL, form_data(organisation_name="  herne hill   WALKERS "))
        assert response.status_code == 400
        assert "is already listed" in response.content.decode()
    assert join_requests(lambeth) == []
    assert mail.outbox == []
    # Turned-down forms used up nothing: the sender can still send the allowed number.
    for n in range(most):
        sent = client.post(
            JOIN_URL, form_data(organisation_name=f"Walkers {n}", contact_email=f"w{n}@example.org")
        )
        assert sent.status_code == 302, n


def test_an_address_with_an_account_gets_the_same_answer_and_an_email_instead(lambeth, editor):
    """Being a member is private: the page says the same; the address itself is told."""

    def send(email, name):
        client = client_for(lambeth)
        response = client.post(JOIN_URL, form_data(organisation_name=name, contact_email=email))
        return response, client.get(response["Location"])

    known, known_thanks = send(editor.email.upper(), "Brixton Knitters")
    assert [message.to for message in mail.outbox] == [[editor.email.upper()]]
    told = mail.outbox[0]
    assert "You already have an account" in told.subject
    assert "http://lambeth.localhost:8000/account/sign-in/" in told.body
    mail.outbox = []
    unknown, unknown_thanks = send("new.person@example.org", "Brixton Knitters")

    assert_same_answers([known, known_thanks], [unknown, unknown_thanks])
    # Only the new address's request reaches the Editors.
    assert [r.contact_email for r in join_requests(lambeth)] == ["new.person@example.org"]
    assert {a for message in mail.outbox for a in message.to} == {
        "directory@lambeth.example.org",
        "editor@lambeth.example.org",
    }


def test_an_email_in_use_still_counts_towards_the_limit(lambeth, editor):
    """Each of these sends an email, so each counts, whoever the address belongs to."""
    most, _ = RATE_LIMITS["list-organisation"]
    client = client_for(lambeth)
    for n in range(most):
        client.post(JOIN_URL, form_data(organisation_name=f"Group {n}", contact_email=editor.email))
    refused = client.post(JOIN_URL, form_data(organisation_name="Another", contact_email="x@e.org"))
    assert refused.status_code == 429
    assert len(mail.outbox) == most


def test_the_same_request_twice_is_not_saved_twice(lambeth, editor):
    client = client_for(lambeth)
    assert client.post(JOIN_URL, form_data()).status_code == 302
    assert client.post(JOIN_URL, form_data()).status_code == 302, "thanks, as for anyone"
    assert len(join_requests(lambeth)) == 1


def test_someone_else_asking_for_the_same_name_is_neither_refused_nor_told(lambeth, editor):
    """Refusing would tell a stranger who is asking, and let whoever asks first hold the
    name: the Editor sees both and chooses."""
    client = client_for(lambeth)
    first_answer = client.post(JOIN_URL, form_data())
    mail.outbox = []
    other = form_data(contact_email="sam@other.example.org", contact_name="Sam Other")
    response = client.post(JOIN_URL, other)
    assert response.status_code == first_answer.status_code == 302
    assert response["Location"] == first_answer["Location"], "the same thanks"
    first, second = sorted(join_requests(lambeth), key=lambda r: r.created_at)
    assert second.contact_email == "sam@other.example.org"
    [to_editor] = [m for m in mail.outbox if m.to == [editor.email]]
    assert "Someone else has also asked to list an organisation of this name" in to_editor.body
    detail = reverse("directory_join_requests:detail", args=[second.pk])
    page = logged_in(lambeth, editor).get(detail).content.decode()
    assert "Someone else has asked to list an organisation of the same name" in page
    assert first.contact_email in page
    assert "Approving is not possible" not in page, "the Editor may approve either"


def test_a_second_request_from_the_same_address_is_answered_by_email(lambeth, editor):
    client = client_for(lambeth)
    assert client.post(JOIN_URL, form_data()).status_code == 302
    mail.outbox = []
    again = client.post(JOIN_URL, form_data(organisation_name="Another Walking Group"))
    assert again.status_code == 302
    assert len(join_requests(lambeth)) == 1
    [told] = mail.outbox
    assert told.to == ["priya@walkers.example.org"]
    assert "We already have your request" in told.subject


def logged_in(borough, user):
    client = client_for(borough)
    with inside(borough):
        client.force_login(user)
    return client


def test_an_editor_approves_and_the_contact_can_set_a_password_and_edit(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(
            organisation_name="Herne Hill Walkers",
            summary="A friendly walking group.",
            website="https://walkers.example.org",
            charity_number="1190001",
            contact_name="Priya Shah",
            contact_email="priya@walkers.example.org",
            contact_phone="07700 900123",
        )
    editor_client = logged_in(lambeth, editor)
    detail = reverse("directory_join_requests:detail", args=[request.pk])
    assert "Herne Hill Walkers" in editor_client.get(detail).content.decode()
    response = editor_client.post(detail, {"action": "approve"})
    assert response.status_code == 302

    with inside(lambeth):
        request.refresh_from_db()
        assert request.status == OrganisationJoinRequest.Status.APPROVED
        assert request.decided_by == editor
        page = request.organisation_page
        assert page.live
        assert page.get_parent().specific_class is OrganisationIndexPage
        assert (page.title, page.summary) == ("Herne Hill Walkers", "A friendly walking group.")
        assert (page.website, page.charity_number) == ("https://walkers.example.org", "1190001")
        assert page.email == "" and page.phone == "", "the contact's own details stay private"
        user = get_user_model().objects.get(email="priya@walkers.example.org")
        assert not user.has_usable_password()
        assert list(organisation_managers(page)) == [user]
        permissions = page.permissions_for_user(user)
        assert permissions.can_edit() and not permissions.can_publish()

    (email,) = mail.outbox
    assert email.to == ["priya@walkers.example.org"]
    assert email.subject == "Herne Hill Walkers is now on Connect & Do Lambeth"
    link = re.search(r"http://lambeth\.localhost:8000/admin/password_reset/\S+", email.body)
    assert link, email.body

    # The contact follows the link, chooses a password and signs in.
    contact = client_for(lambeth)
    response = contact.get(link.group(0).removeprefix("http://lambeth.localhost:8000"))
    assert response.status_code == 302
    set_password = contact.post(
        response["Location"],
        {"new_password1": "walk-the-common-2026", "new_password2": "walk-the-common-2026"},
    )
    assert set_password.status_code == 302
    assert contact.login(username="priya@walkers.example.org", password="walk-the-common-2026")
    edit = contact.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200


def test_approving_a_name_taken_in_the_meantime_creates_nothing(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(organisation_name="Herne Hill Walkers")
        OrganisationPageFactory(
            parent=OrganisationIndexPage.objects.get(), title="Herne Hill Walkers"
        )
        users_before = get_user_model().objects.count()
        with pytest.raises(JoinRequestError, match="already listed"):
            approve_join_request(request, editor, lambeth)
        assert OrganisationPage.objects.filter(title="Herne Hill Walkers").count() == 1
        assert get_user_model().objects.count() == users_before
        request.refresh_from_db()
        assert request.status == OrganisationJoinRequest.Status.PENDING
    assert mail.outbox == []

    # In the admin the Editor sees why, instead of an error page.
    client = logged_in(lambeth, editor)
    detail = reverse("directory_join_requests:detail", args=[request.pk])
    response = client.post(detail, {"action": "approve"}, follow=True)
    assert "is already listed" in response.content.decode()


def test_an_existing_account_email_stops_the_approval(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(contact_email="Editor@Lambeth.example.org")
        with pytest.raises(JoinRequestError, match="already an account"):
            approve_join_request(request, editor, lambeth)
        assert not OrganisationPage.objects.filter(title=request.organisation_name).exists()


def test_an_editor_declines_politely_with_a_reason(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(contact_name="Sam Jones")
    client = logged_in(lambeth, editor)
    detail = reverse("directory_join_requests:detail", args=[request.pk])

    response = client.post(detail, {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()

    reason = "We only list groups that meet in Lambeth."
    assert client.post(detail, {"action": "decline", "reason": reason}).status_code == 302
    with inside(lambeth):
        request.refresh_from_db()
        assert request.status == OrganisationJoinRequest.Status.DECLINED
        assert request.decision_note == reason
        assert not OrganisationPage.objects.filter(title=request.organisation_name).exists()
        assert not get_user_model().objects.filter(email=request.contact_email).exists()
    (email,) = mail.outbox
    assert email.to == [request.contact_email]
    assert email.body.startswith("Hello Sam Jones,")
    assert reason in email.body

    # A decided request cannot be decided again.
    with inside(lambeth), pytest.raises(JoinRequestError, match="already declined"):
        decline_join_request(request, editor, "Again.", lambeth)


def test_only_editors_can_see_and_decide_join_requests(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory()
        outsider = make_user("manager@somewhere.example.org", "Organisation managers")
    client = logged_in(lambeth, outsider)
    for url in (
        reverse("directory_join_requests:index"),
        reverse("directory_join_requests:detail", args=[request.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    client.post(reverse("directory_join_requests:detail", args=[request.pk]), {"action": "approve"})
    with inside(lambeth):
        request.refresh_from_db()
        assert request.status == OrganisationJoinRequest.Status.PENDING

    # Editors see it listed, under Directory.
    listing = logged_in(lambeth, editor).get(reverse("directory_join_requests:index"))
    assert request.organisation_name in listing.content.decode()
