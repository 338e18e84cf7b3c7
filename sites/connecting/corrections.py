"""Writes that put right a SWEMWBS or follow-up entry: a coach's correction of what they
typed from paper, and a team lead's deletion of an entry recorded against the wrong person.

What a person answered through their own link is their own words: staff do not change
it. If it was answered against the wrong record (a link sent to the wrong person), a team
lead deletes it, and a new link can be made.

The audit log says who corrected which entry and which parts were replaced, never the
old or new values: it holds no health data (``audit.py``), and the record keeps only the
corrected figures.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from . import audit, swemwbs
from .dates import happened
from .models import FollowUpAnswers, Source, Timepoint, WellbeingResponse
from .wellbeing import WellbeingError, require_timepoint


def correctable(entry: WellbeingResponse | FollowUpAnswers) -> bool:
    """Only what staff entered from paper; a person's own answers stay as they gave them."""
    return entry.source == Source.PAPER


def _require_paper(entry) -> None:
    if not correctable(entry):
        raise WellbeingError(
            gettext(
                "The person answered this themselves through their link, so it cannot be "
                "changed. If it is on the wrong record, ask a team lead to delete it."
            )
        )


def _check_date(completed_on: datetime.date) -> None:
    try:
        happened(completed_on)
    except ValidationError as error:
        raise WellbeingError(error.messages[0], "completed_on") from error


def _locked(model, pk):
    """The entry, locked until the correction is saved; a team lead may have deleted it
    since the page was opened."""
    entry = model.objects.select_for_update().filter(pk=pk).first()
    if entry is None:
        raise WellbeingError(gettext("This entry was deleted meanwhile, so nothing was changed."))
    return entry


def correct_swemwbs(
    response: WellbeingResponse,
    *,
    timepoint: str,
    items: list[int],
    completed_on: datetime.date,
    by,
) -> list[str]:
    """Replace a paper SWEMWBS's answers, date or time point; returns what was replaced
    (empty when nothing differs, and then nothing is written)."""
    _require_paper(response)
    try:
        raw = swemwbs.raw_score(items)
    except swemwbs.ScoreError as error:
        raise WellbeingError(str(error)) from error
    if timepoint not in Timepoint.values:
        raise WellbeingError(gettext("Choose when it was completed."), "timepoint")
    _check_date(completed_on)
    taken = gettext("A questionnaire for this time point is already recorded.")
    try:
        with transaction.atomic():
            # Locked, so two corrections at once are applied one after the other.
            current = _locked(WellbeingResponse, response.pk)
            changed = [n for n, item in enumerate(items, start=1) if current.items[n - 1] != item]
            replaced = [f"items {','.join(map(str, changed))}"] if changed else []
            if current.completed_on != completed_on:
                replaced.append("date")
            if current.timepoint != timepoint:
                if (
                    WellbeingResponse.objects.filter(
                        participant_id=current.participant_id, timepoint=timepoint
                    )
                    .exclude(pk=current.pk)
                    .exists()
                ):
                    raise WellbeingError(taken, "timepoint")
                replaced.append("time point")
            if not replaced:
                return []
            if current.timepoint != timepoint or current.completed_on != completed_on:
                require_timepoint(current.participant, timepoint, completed_on)
            for number, item in enumerate(items, start=1):
                setattr(current, f"item_{number}", item)
            current.timepoint, current.completed_on = timepoint, completed_on
            current.raw_score, current.metric_score = raw, swemwbs.metric_score(raw)
            current.save()
            audit.record(
                by,
                current.participant_id,
                audit.Action.CHANGE,
                f"swemwbs {current.pk} corrected, replaced: {'; '.join(replaced)}",
            )
    except IntegrityError as error:  # the same time point saved meanwhile
        raise WellbeingError(taken, "timepoint") from error
    return replaced


def correct_follow_up(
    follow_up: FollowUpAnswers, *, answers: dict, completed_on: datetime.date, by
) -> list[str]:
    """Replace paper follow-up answers or their date; returns what was replaced."""
    _require_paper(follow_up)
    if set(answers) - set(FollowUpAnswers.QUESTIONS):
        raise WellbeingError(gettext("Unknown follow-up question."))
    _check_date(completed_on)
    with transaction.atomic():
        current = _locked(FollowUpAnswers, follow_up.pk)
        # Questions by number (1 to 9, in the order asked), so no answer is in the log.
        changed = [
            str(number)
            for number, name in enumerate(FollowUpAnswers.QUESTIONS, start=1)
            if name in answers and getattr(current, name) != answers[name]
        ]
        replaced = [f"questions {','.join(changed)}"] if changed else []
        if current.completed_on != completed_on:
            replaced.append("date")
            require_timepoint(current.participant, Timepoint.FOLLOW_UP, completed_on)
        if not replaced:
            return []
        for name, value in answers.items():
            setattr(current, name, value)
        current.completed_on = completed_on
        current.save()
        audit.record(
            by,
            current.participant_id,
            audit.Action.CHANGE,
            f"follow-up answers corrected, replaced: {'; '.join(replaced)}",
        )
    return replaced


def delete_entry(entry: WellbeingResponse | FollowUpAnswers, *, by) -> None:
    """Delete an entry recorded against the wrong person (a team lead's decision: the
    views check it). It leaves the impact report; the audit log says which entry went."""
    # How it came in: "(link)", "(paper)", or who typed it, "(paper, team-lead)".
    origin = ", ".join(filter(None, (entry.source, entry.entered_by_role)))
    if isinstance(entry, WellbeingResponse):
        detail = f"swemwbs {entry.pk} {entry.timepoint} ({origin})"
    else:
        detail = f"follow-up answers ({origin})"  # the log's action says "Deleted"
    with transaction.atomic():
        participant_id = entry.participant_id
        entry.delete()
        audit.record(by, participant_id, audit.Action.DELETE, detail)
