"""Importing a borough's spreadsheet (all or nothing), and exporting for commissioners."""

import csv
import io

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision

from sites.core.roles import EDITORS
from sites.directory.models import (
    ActivityPage,
    ActivitySchedule,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
)
from sites.directory.services import csv_cells as cells
from sites.directory.services.csv_export import safe_cell, write_directory_csv
from sites.directory.services.csv_import import CsvRow, example_csv, import_directory_csv
from tests.conftest import client_for, inside

HEADER = (
    "type,name,summary,website,email,phone,address_line_1,town,postcode,hide_street_address,"
    "accessibility,organisation,place,kind,interests,schedule,cost,suitable_for,"
    "how_to_take_part,online_url\n"
)
GOOD = HEADER + (
    # Activities may come before the organisation and place they name.
    "activity,Tuesday garden club,Planting and tea.,,,,,,,,step-free access,Brixton Gardeners,"
    "Brixton Community Hall,group,Gardening and outdoors,every Tuesday 10:00-12:00,free,"
    "mental health; beginners,in person,\n"
    "organisation,Brixton Gardeners,We grow food together.,https://gardeners.example.org,"
    "hello@gardeners.example.org,020 7946 0123,,,,,,,,,,,,,,\n"
    "place,Brixton Community Hall,,,,,12 Acre Lane,London,sw25sg,no,"
    "step-free access; hearing loop,,,,,,,,,\n"
    "place,Knitters' front room,,,,,7 Quiet Road,London,SW9 8LF,yes,,,,,,,,,,\n"
    "organisation,Stockwell Knitters,Knitting and a natter.,,knit@example.org,,,,,,,,,,,,,,,\n"
    'activity,Knit and natter,"Bring needles, or borrow ours.",,,,,,,,,Stockwell Knitters,'
    "Knitters' front room,club,Arts and crafts; Social and peer support,"
    "first Thursday 19:00-20:30; every other Monday 2pm-3:30pm,£3 a session,carers,"
    '"in person; online",https://knit.example.org/join\n'
)
BAD = HEADER + (
    "organisation,Brixton Gardeners,We grow food together.,not-a-website,,,,,,,,,,,,,,,,\n"
    "place,Brixton Community Hall,,,,,12 Acre Lane,London,XYZ,no,,,,,,,,,,\n"
    "activity,Tuesday garden club,Planting and tea.,,,,,,,,,Brixton Gardeners,,group,"
    "Underwater basket weaving,every Tuesday 10:00-12:00,free,,,\n"
    "activity,Choir,Singing.,,,,,,,,,Nobody We Know,,choir,,Tuesdays 10-12,free,,,\n"
    "activity,Nameless,,,,,,,,,,Brixton Gardeners,,,,,,,,\n"
    "organisation,Stockwell Knitters,Knitting.,,,,,,,,,,,,,,,,,\n"
)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (OrganisationPage, PlacePage, ActivityPage)
    } | {"revisions": Revision.objects.count()}


def test_a_good_file_is_checked_first_then_imported_live(lambeth):
    with inside(lambeth):
        before = counts()
        dry_run = import_directory_csv(GOOD)
        assert dry_run.ok and not dry_run.committed
        assert counts() == before, "a dry run writes nothing"
        assert "organisations: 2 new; places: 2 new; activities: 2 new" in dry_run.summary

        report = import_directory_csv(GOOD, commit=True)
        assert report.ok and report.committed
        assert counts()["ActivityPage"] == before["ActivityPage"] + 2

        gardeners = OrganisationPage.objects.get(title="Brixton Gardeners")
        assert gardeners.live and gardeners.last_checked_on == timezone.localdate()
        assert gardeners.get_parent().specific_class is OrganisationIndexPage
        assert (gardeners.email, gardeners.website) == (
            "hello@gardeners.example.org",
            "https://gardeners.example.org",
        )
        hall = PlacePage.objects.get(title="Brixton Community Hall")
        assert hall.get_parent().specific_class is PlaceIndexPage
        assert hall.postcode == "SW2 5SG" and hall.hearing_loop and hall.step_free_access

        club = ActivityPage.objects.get(title="Tuesday garden club")
        assert club.live and club.get_parent().pk == gardeners.pk
        assert club.place == hall
        assert [i.name for i in club.interests.all()] == ["Gardening and outdoors"]
        assert club.schedule_in_words == ["Every Tuesday, 10am to 12 noon"]
        assert club.is_free and club.mental_health_friendly and club.beginners_welcome
        assert not club.carers_welcome

        knit = ActivityPage.objects.get(title="Knit and natter")
        assert sorted(knit.schedule_in_words) == [
            "Every other Monday, 2pm to 3:30pm",
            "First Thursday of the month, 7pm to 8:30pm",
        ]
        assert knit.cost_in_words == "£3 a session"
        assert knit.online and knit.in_person and knit.carers_welcome
        assert knit.kind == ActivityPage.Kind.CLUB
        assert knit.get_latest_revision() is not None, "imported pages have a history"


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(lambeth):
    with inside(lambeth):
        before = counts()
        report = import_directory_csv(BAD, commit=True)
        assert not report.ok and not report.committed
        assert counts() == before
    errors = "\n".join(report.errors)
    assert "Row 2: website: Enter a valid URL." in errors
    assert "Row 3: postcode 'XYZ' is not a UK postcode" in errors
    assert "Row 4: interest “Underwater basket weaving” is not one of this site's interests" in (
        errors
    )
    assert "Row 5: kind “choir” is not one we know" in errors
    assert "Row 6: summary is empty: every activity needs one." in errors
    assert len({error.split(":")[0] for error in report.errors}) == 5, "rows 2 to 6; row 7 is fine"
    assert "nothing was imported" in report.summary


def test_every_problem_in_a_row_is_reported_in_words(lambeth):
    with inside(lambeth):
        report = import_directory_csv(
            HEADER
            + "organisation,Brixton Gardeners,Gardening.,,,,,,,,,,,,,,,,,\n"
            + "activity,Choir,Singing.,,,,,,,,,Nobody We Know,,choir,,Tuesdays 10-12,free,,,\n"
            + "activity,Lunch club,Lunch.,,,,,,,,,Brixton Gardeners,,,,every Friday 12:00-11:00,"
            "5 pounds,,,\n"
            + "venue,Library,,,,,,,SW2 1AA,,,,,,,,,,,\n"
            + "potato,Thing,,,,,,,,,,,,,,,,,,\n"
            + "activity,Online chat,Chat.,,,,,,,,,Brixton Gardeners,,,,,,,online,\n"
        )
    row_3 = [error for error in report.errors if error.startswith("Row 3:")]
    assert row_3 == [
        "Row 3: kind “choir” is not one we know. Use one of: group, class, course, club, "
        "volunteering, drop-in, event-series, support.",
        "Row 3: schedule “Tuesdays 10-12” is not understood. Write it like “every Tuesday "
        "10:00-12:00”, “every other Monday 14:00-15:30”, “first Thursday 19:00-20:30” or "
        "“2026-05-02 10:00-16:00”; separate times with “;”.",
        "Row 3: organisation “Nobody We Know” is not in this file or on the site. "
        "Add a row for it with type “organisation”.",
    ]
    errors = "\n".join(report.errors)
    assert "Row 4: schedule “every Friday 12:00-11:00” is not understood" in errors
    assert "Row 6: type “potato” is not organisation, place or activity." in errors
    assert "Row 7: online_url: Give the link people use to join online." in errors
    assert not any(error.startswith("Row 5") for error in report.errors), "'venue' means place"


def test_unknown_columns_and_a_missing_type_column_are_caught_before_any_row(lambeth):
    with inside(lambeth):
        report = import_directory_csv("type,name,postocde\nplace,Library,SW2 1AA\n")
        assert report.errors[0].startswith("Row 1: the column “postocde” is not one we know.")
        report = import_directory_csv("name,summary\nLibrary,Books\n")
        assert report.errors == ["Row 1: there is no “type” column."]


def test_importing_the_same_file_again_adds_nothing(lambeth):
    with inside(lambeth):
        import_directory_csv(GOOD, commit=True)
        before = counts()
        again = import_directory_csv(GOOD.encode("utf-8-sig"), commit=True)  # as Excel saves it
        assert again.ok
        assert {row.action for row in again.rows} == {"unchanged"}
        assert counts() == before

        # A corrected row updates the listing it matches, by name, whatever the case.
        corrected = GOOD.replace(
            "organisation,Brixton Gardeners,We grow food together.",
            "organisation,BRIXTON GARDENERS,We grow food and flowers together.",
        )
        report = import_directory_csv(corrected, commit=True)
        assert [row.action for row in report.rows if row.action != "unchanged"] == ["update"]
        assert counts()["OrganisationPage"] == before["OrganisationPage"]
        assert OrganisationPage.objects.get(title__iexact="brixton gardeners").summary == (
            "We grow food and flowers together."
        )


def test_a_sheet_without_a_word_on_a_home_keeps_its_street_hidden(lambeth):
    """Re-importing a home with its "hide_street_address" cell empty is not a decision
    to show its street: only "no" is."""
    front_room = "place,Knitters' front room,,,,,7 Quiet Road,London,SW9 8LF,"
    with inside(lambeth):
        import_directory_csv(GOOD, commit=True)
        for cell, hidden in (("", True), ("no", False)):
            sheet = GOOD.replace(front_room + "yes,", front_room + cell + ",")
            assert import_directory_csv(sheet, commit=True).ok
            home = PlacePage.objects.get(title="Knitters' front room")
            assert home.hide_street_address is hidden, cell


def exported(borough) -> list[dict]:
    with inside(borough):
        out = io.StringIO()
        write_directory_csv(out, "http://lambeth.localhost:8000")
    text = out.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_export_has_every_activity_and_masks_hidden_addresses(lambeth):
    with inside(lambeth):
        import_directory_csv(GOOD, commit=True)
    rows = {row["Activity"]: row for row in exported(lambeth)}
    club = rows["Tuesday garden club"]
    assert club["Organisation"] == "Brixton Gardeners"
    assert club["Place"] == "Brixton Community Hall"
    assert club["Address"] == "12 Acre Lane, London, SW2 5SG"
    assert club["Interests"] == "Gardening and outdoors"
    assert club["When"] == "Every Tuesday, 10am to 12 noon"
    assert club["Cost"] == "Free"
    assert club["Suitable for"] == "mental health; beginners"
    assert club["Accessibility"] == "step-free access"
    assert club["Last checked"] == timezone.localdate().isoformat()
    assert club["Web address"].startswith("http://lambeth.localhost:8000/")

    knit = rows["Knit and natter"]
    assert knit["Address"] == "SW9 area"
    assert "Quiet Road" not in str(rows)


def test_the_export_never_hands_a_spreadsheet_a_formula(lambeth):
    with inside(lambeth):
        import_directory_csv(GOOD, commit=True)
        for title, summary in [
            ("Tuesday garden club", '=HYPERLINK("http://evil.example","Click")'),
            ("Knit and natter", "+44 20 7946 0000 or @knitters"),
        ]:
            ActivityPage.objects.filter(title=title).update(summary=summary)
    rows = {row["Activity"]: row for row in exported(lambeth)}
    assert rows["Tuesday garden club"]["Summary"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows["Knit and natter"]["Summary"] == "'+44 20 7946 0000 or @knitters"
    for value in ["-1", "@SUM(A1)", "\t=1"]:
        assert safe_cell(value).startswith("'")
    assert safe_cell("Walking group") == "Walking group"


def test_the_commands_dry_run_by_default_and_import_with_commit(lambeth, tmp_path):
    good = tmp_path / "directory.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_directory_csv", "--borough", "lambeth", str(good), stdout=out)
    assert "This was a dry run" in out.getvalue()
    with inside(lambeth):
        assert not OrganisationPage.objects.filter(title="Brixton Gardeners").exists()

    call_command("import_directory_csv", "--borough", "lambeth", str(good), "--commit", stdout=out)
    with inside(lambeth):
        assert OrganisationPage.objects.filter(title="Brixton Gardeners", live=True).exists()

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_directory_csv", "--borough", "lambeth", str(bad), "--commit", stderr=errors
        )
    assert "Row 3: postcode 'XYZ'" in errors.getvalue()

    export = io.StringIO()
    call_command("export_directory_csv", "--borough", "lambeth", stdout=export)
    assert "Tuesday garden club" in export.getvalue()
    southwark_export = io.StringIO()
    call_command("export_directory_csv", "--borough", "southwark", stdout=southwark_export)
    assert "Tuesday garden club" not in southwark_export.getvalue()


def test_editors_upload_check_and_confirm_in_the_admin(lambeth):
    with inside(lambeth):
        editor = get_user_model().objects.create_user("ed@lambeth.example.org", "ed@x.org", "pw")
        editor.groups.add(Group.objects.get(name=EDITORS))
        pages_before = Page.objects.count()
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(editor)
    url = reverse("directory_spreadsheets:index")
    assert "Import from a spreadsheet" in client.get(url).content.decode()
    assert "type,name" in client.get(reverse("directory_spreadsheets:example")).content.decode()

    bad = client.post(url, {"file": SimpleUploadedFile("bad.csv", BAD.encode())})
    assert bad.status_code == 400
    assert "Row 3: postcode &#x27;XYZ&#x27; is not a UK postcode" in bad.content.decode()

    checked = client.post(url, {"file": SimpleUploadedFile("good.csv", GOOD.encode())})
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "Row 3: adds the organisation “Brixton Gardeners”" in page
    with inside(lambeth):
        assert Page.objects.count() == pages_before, "checking writes nothing"

    digest = checked.context["digest"]
    done = client.post(url, {"confirm": "1", "digest": digest}, follow=True)
    assert "Imported: organisations: 2 new" in done.content.decode()
    with inside(lambeth):
        assert Page.objects.count() == pages_before + 6
        assert Revision.objects.filter(user=editor).count() == 6

    download = client.get(reverse("directory_spreadsheets:export"))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    assert "Knit and natter" in download.content.decode("utf-8-sig")


def test_people_who_are_not_editors_cannot_import_or_export(lambeth):
    with inside(lambeth):
        member = get_user_model().objects.create_user("m@example.org", "m@example.org", "pw")
        member.groups.add(Group.objects.get(name="Organisation managers"))
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(member)
    response = client.get(reverse("directory_spreadsheets:export"))
    assert response.status_code in (302, 403)
    assert b"Activity,Organisation" not in response.content
    upload = client.post(
        reverse("directory_spreadsheets:index"),
        {"file": SimpleUploadedFile("good.csv", GOOD.encode())},
    )
    assert upload.status_code in (302, 403)
    with inside(lambeth):
        assert not OrganisationPage.objects.filter(title="Brixton Gardeners").exists()


def test_the_example_file_and_the_documented_example_import_cleanly(lambeth):
    docs = (settings.BASE_DIR / "docs" / "csv-import.md").read_text()
    documented = docs.split("or copy this:\n\n```\n", 1)[1].split("```", 1)[0]
    with inside(lambeth):
        assert import_directory_csv(example_csv()).ok
        report = import_directory_csv(documented)
        assert report.ok, report.errors
        assert len(report.rows) == 3


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("every Tuesday 10:00-12:00", "Every Tuesday, 10am to 12 noon"),
        ("Every other Monday 14:00-15:30 from 2026-05-04", "Every other Monday, 2pm to 3:30pm"),
        (
            "first Thursday of the month 19.00 to 20.30",
            "First Thursday of the month, 7pm to 8:30pm",
        ),
        ("last Friday 10am-1pm until 2026-12-31", "Last Friday of the month, 10am to 1pm"),
        ("02/05/2026 10am-4pm", "On Saturday 2 May, 10am to 4pm"),
        ("2026-05-02 10:00-16:00", "On Saturday 2 May, 10am to 4pm"),
    ],
)
def test_schedules_are_written_the_way_the_guide_says(written, words):
    (values,) = cells.schedules(CsvRow(2, {"schedule": written}))
    values.pop("starts_on_given")
    assert ActivitySchedule(**values).in_words == words


def test_a_persons_email_in_a_rows_words_is_refused_but_the_groups_own_is_kept(lambeth):
    with inside(lambeth):
        before = counts()
        report = import_directory_csv(
            HEADER + "organisation,Brixton Gardeners,Email hello@gardeners.example.org,,"
            "hello@gardeners.example.org,,,,,,,,,,,,,,,\n"
            + "activity,Tuesday garden club,Ask hello@gardeners.example.org,,,,,,,,,"
            "Brixton Gardeners,,group,,every Tuesday 10:00-12:00,free,,,\n"
            + "activity,Lunch club,Ring Jo or email jo.bloggs@gmail.com,,,,,,,,,"
            "Brixton Gardeners,,group,,every Friday 12:00-13:00,free,,,\n"
            + "place,Quiet room,Ask sam@yahoo.co.uk for the key,,,,7 Quiet Road,London,"
            "SW9 8LF,yes,,,,,,,,,,\n"
        )
        assert counts() == before
    assert report.errors == [
        "Row 4: summary: Please take out the email address jo.bloggs@gmail.com. We never "
        "show a person's email address. Put the group's own email address (never a "
        "person's) in the “email” column.",
        "Row 5: summary: Please take out the email address sam@yahoo.co.uk. We never show "
        "a person's email address. A place has no email address: put the group's own email "
        "address on its organisation.",
    ]
