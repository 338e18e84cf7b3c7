"""Every public form refuses, with its own message, what its database column cannot hold.

A text longer than its column reaches PostgreSQL as a server error (DataError) instead
of a message by the box. The fuzzers found three (an email address of 300 characters
on "Report a problem" and "List your organisation"; a web address over 200 on "List
your organisation" and on an event); this checks every public form at once.
"""

import pytest

from django import forms
from django.contrib.auth import get_user_model

from sites.community.accounts.forms import ProfileForm, SignUpForm
from sites.community.discussions.forms import NewThreadForm, PostForm, ReportForm
from sites.community.events.forms import EventForm
from sites.community.groups.forms import ProposeGroupForm
from sites.community.models import CommunityGroup, Event, MemberProfile, Post, Report, Thread
from sites.connecting.forms import ProfessionalReferralForm, SelfReferralForm
from sites.connecting.models import Referral
from sites.directory.forms import ReportProblemForm
from sites.directory.membership.forms import JoinRequestForm
from sites.directory.models import ListingReport, OrganisationJoinRequest

User = get_user_model()

# Form, the model it writes, and {form field: model field} where the names differ.
PUBLIC_FORMS = [
    (ReportProblemForm, ListingReport, {"email": "reporter_email"}),
    (JoinRequestForm, OrganisationJoinRequest, {}),
    (EventForm, Event, {}),
    (ProposeGroupForm, CommunityGroup, {}),
    (NewThreadForm, Thread, {}),
    (PostForm, Post, {}),
    (ReportForm, Report, {}),
    (SignUpForm, MemberProfile, {}),
    (SignUpForm, User, {}),
    (ProfileForm, MemberProfile, {}),
    (SelfReferralForm, Referral, {}),
    (ProfessionalReferralForm, Referral, {}),
]


def _column_length(model, name: str) -> int | None:
    try:
        return getattr(model._meta.get_field(name), "max_length", None)
    except Exception:
        return None


@pytest.mark.parametrize(
    ("form", "model", "names"),
    PUBLIC_FORMS,
    ids=[f"{f.__name__}-{m.__name__}" for f, m, _ in PUBLIC_FORMS],
)
def test_every_text_box_is_no_longer_than_its_column(form, model, names):
    checked = 0
    for name, field in form.base_fields.items():
        column = _column_length(model, names.get(name, name))
        if column is None or not isinstance(field, forms.CharField):
            continue
        checked += 1
        assert field.max_length is not None and field.max_length <= column, (
            f"{form.__name__}.{name} takes {field.max_length} characters, "
            f"{model.__name__} keeps {column}"
        )
    assert checked, f"no text box of {form.__name__} is stored in {model.__name__}"
