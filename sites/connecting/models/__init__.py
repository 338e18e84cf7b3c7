"""Community Connecting models: referrals, the coaching journey, wellbeing, the audit log."""

from .audit import ParticipantAuditEntry
from .coaching import (
    ActivityTried,
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
    "CommunicationNeeds",
    "ConnectingSettings",
    "Contact",
    "FollowUpAnswers",
    "Goal",
    "Meeting",
    "Outcome",
    "Participant",
    "ParticipantAuditEntry",
    "QuestionnaireLink",
    "Referral",
    "Source",
    "Timepoint",
    "WellbeingResponse",
    "normalise_postcode_district",
    "validate_postcode_district",
]
