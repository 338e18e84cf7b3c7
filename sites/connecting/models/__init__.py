"""Community Connecting models: referrals, the coaching journey, wellbeing, the audit log."""

from ..impact.models import DailyVisitors, FrozenQuarter, ImpactReport, QuarterRefrozen
from .audit import ParticipantAuditEntry
from .coaching import (
    ActivityTried,
    CheckReminderDay,
    CommunicationNeeds,
    Contact,
    Goal,
    Meeting,
    Outcome,
    Participant,
)
from .referrals import (
    DISTRICT_MESSAGE,
    POSTCODE_DISTRICT,
    ConnectingSettings,
    Referral,
    normalise_postcode_district,
    validate_postcode_district,
)
from .wellbeing import (
    EnteredAs,
    FollowUpAnswers,
    QuestionnaireLink,
    Source,
    Timepoint,
    WellbeingResponse,
)

__all__ = [
    "DISTRICT_MESSAGE",
    "POSTCODE_DISTRICT",
    "ActivityTried",
    "CheckReminderDay",
    "CommunicationNeeds",
    "ConnectingSettings",
    "Contact",
    "DailyVisitors",
    "EnteredAs",
    "FollowUpAnswers",
    "FrozenQuarter",
    "Goal",
    "ImpactReport",
    "Meeting",
    "Outcome",
    "Participant",
    "ParticipantAuditEntry",
    "QuarterRefrozen",
    "QuestionnaireLink",
    "Referral",
    "Source",
    "Timepoint",
    "WellbeingResponse",
    "normalise_postcode_district",
    "validate_postcode_district",
]
