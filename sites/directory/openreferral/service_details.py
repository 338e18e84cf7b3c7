"""The parts of an Open Referral service (one of our activities) that describe how it
runs: status, alerts, who it is for, how to join, schedules, languages, costs, phones and
contacts. ``OpenReferralSerializer`` (serializers.py) puts them in each service."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy

from ..models import ActivityPage, OrganisationPage
from ..models.schedule import ActivitySchedule, date_in_words

CURRENCY = "GBP"
BRITISH_SIGN_LANGUAGE = ("British Sign Language", "bfi")  # ISO 639-3
LANGUAGE_NAMES = {
    "en": "English",
    "pl": "Polish",
    "bn": "Bengali",
    "pt": "Portuguese",
    "es": "Spanish",
    "so": "Somali",
    "ur": "Urdu",
    "ar": "Arabic",
    "ro": "Romanian",
    "ta": "Tamil",
}


TRANSLATED_NOTE = gettext_lazy(
    "This service's description is published in this language; ask the organisation "
    "which languages the activity itself is held in."
)


def _language(language_code: str) -> tuple[str, str]:
    """(English name, ISO 639-1 code) of one of the platform's languages."""
    code = language_code.split("-")[0].lower()
    return LANGUAGE_NAMES.get(code) or dict(settings.LANGUAGES).get(language_code), code


def without_empty(data: dict) -> dict:
    """Leave out optional fields we have no value for, rather than sending nulls."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


def hh_mm(value: datetime.time) -> str:
    return value.strftime("%H:%M")


class ServiceDetails:
    """Mixed into OpenReferralSerializer, whose ``ids``, ``borough`` and ``url`` it uses."""

    def status(self, activity: ActivityPage) -> str:
        closed = any(closure.covers(self.today) for closure in activity.closures.all())
        return "temporarily closed" if closed else "active"

    def alert(self, activity: ActivityPage) -> str:
        notes = []
        for closure in activity.closures.all():
            last_day = closure.ends_on or closure.starts_on
            if last_day < self.today:
                continue
            when = (
                f"on {date_in_words(closure.starts_on)}"
                if last_day == closure.starts_on
                else f"from {date_in_words(closure.starts_on)} to {date_in_words(last_day)}"
            )
            reason = f" ({closure.reason})" if closure.reason else ""
            notes.append(f"Not running {when}{reason}.")
        return " ".join(notes)

    def eligibility(self, activity: ActivityPage) -> str:
        parts = []
        if activity.gender:
            parts.append(activity.get_gender_display())
        if activity.age_min is not None and activity.age_max is not None:
            parts.append(f"Ages {activity.age_min} to {activity.age_max}")
        elif activity.age_min is not None:
            parts.append(f"Ages {activity.age_min} and over")
        elif activity.age_max is not None:
            parts.append(f"Ages up to {activity.age_max}")
        return ". ".join(parts) + ("." if parts else "")

    def application_process(self, activity: ActivityPage) -> str:
        text = activity.get_access_mode_display() + "."
        if activity.booking_url:
            text += f" Book at {activity.booking_url}"
        return text

    def attending_type(self, activity: ActivityPage) -> str:
        ways = [
            label
            for flag, label in (
                (activity.in_person, "in person"),
                (activity.online, "online"),
                (activity.by_phone, "by phone"),
            )
            if flag
        ]
        return ("Take part " + ", ".join(ways)).strip() if ways else ""

    def schedule(self, activity: ActivityPage, schedule: ActivitySchedule) -> dict:
        data = {
            "id": self.ids.make("schedule", schedule.pk),
            "service_id": self.ids.service(activity.pk),
            "valid_from": schedule.starts_on.isoformat(),
            "dtstart": schedule.starts_on.isoformat(),
        }
        if schedule.frequency == ActivitySchedule.Frequency.ONCE:
            # One date: no recurrence rule, valid on that day only.
            data["valid_to"] = schedule.starts_on.isoformat()
        else:
            parts = schedule.rrule_parts
            data.update(freq=parts["freq"], interval=parts["interval"], byday=parts["byday"])
            if schedule.ends_on:
                data["valid_to"] = schedule.ends_on.isoformat()
        data.update(
            description=schedule.in_words,
            # Local UK time: a weekly time is the same clock time all year, whatever
            # the offset from UTC is that week.
            opens_at=hh_mm(schedule.start_time),
            closes_at=hh_mm(schedule.end_time),
            schedule_link=activity.booking_url,
            attending_type=self.attending_type(activity),
            notes=self.alert(activity),
        )
        return without_empty(data)

    def languages(self, activity: ActivityPage) -> list[dict]:
        """Its main language and BSL, then each language its listing is translated into
        (with a note: a translated description, not a promise the activity is held in it)."""
        service_id = self.ids.service(activity.pk)
        language_code = self.locale.language_code if self.locale else settings.LANGUAGE_CODE
        languages = [(_language(language_code), None)]
        if activity.bsl:
            languages.append((BRITISH_SIGN_LANGUAGE, None))
        for translated in self.texts.languages_of(activity):
            if translated != language_code:
                languages.append((_language(translated), TRANSLATED_NOTE))
        return [
            without_empty(
                {
                    "id": self.ids.make("language", activity.pk, code),
                    "service_id": service_id,
                    "name": name,
                    "code": code,
                    "note": str(note) if note else None,
                }
            )
            for (name, code), note in languages
        ]

    def cost_options(self, activity: ActivityPage) -> list[dict]:
        service_id = self.ids.service(activity.pk)
        options = []
        if activity.is_free:
            options.append(("free", "Free", 0, "Free"))
        else:
            amount = float(activity.cost_amount) if activity.cost_amount is not None else None
            options.append(("price", "Standard price", amount, activity.cost_in_words))
        if activity.concessions:
            options.append(("concessions", "Concessions", None, activity.concessions))
        if activity.first_session_free and not activity.is_free:
            options.append(("first-session", "First session", 0, "Your first session is free."))
        return [
            without_empty(
                {
                    "id": self.ids.make("cost_option", activity.pk, key),
                    "service_id": service_id,
                    "option": option,
                    "amount": amount,
                    "currency": CURRENCY if amount is not None else None,
                    "amount_description": description,
                }
            )
            for key, option, amount, description in options
        ]

    def phones(self, activity: ActivityPage, organisation: OrganisationPage) -> list[dict]:
        number = activity.contact_phone or organisation.phone
        if not number:
            return []
        return [
            {
                "id": self.ids.make("phone", "service", activity.pk),
                "service_id": self.ids.service(activity.pk),
                "contact_id": self.ids.make("contact", activity.pk),
                "number": number,
            }
        ]

    def contacts(self, activity: ActivityPage, organisation, phones: list[dict]) -> list[dict]:
        email = activity.contact_email or organisation.email
        if not (email or phones):
            return []
        return [
            without_empty(
                {
                    "id": self.ids.make("contact", activity.pk),
                    "service_id": self.ids.service(activity.pk),
                    "name": organisation.title,
                    "email": email,
                    "phones": phones or None,
                }
            )
        ]
