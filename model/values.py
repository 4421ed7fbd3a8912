"""The value lists of a contact record, defined once.

Every other part of the product (validation, storage, server, screens,
translations, CSV export) takes its allowed values from here. The string values
are the canonical ones for code, storage and the wire format (docs/domain.md).
"""

from __future__ import annotations

from enum import StrEnum


class Municipality(StrEnum):
    """The first pilot's six municipalities by their CBS code, and "other".

    A contact may name any well-formed code (`model.municipalities`): an
    organisation's own list decides which ones its phones offer.
    """

    AMSTERDAM = "GM0363"
    ROTTERDAM = "GM0599"
    UTRECHT = "GM0344"
    DEN_HAAG = "GM0518"
    EINDHOVEN = "GM0772"
    VENLO = "GM0983"
    OTHER = "other"


class Consent(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"


class PersonLanguage(StrEnum):
    NL = "nl"
    PL = "pl"
    RO = "ro"
    BG = "bg"
    HU = "hu"
    EN = "en"
    LT = "lt"
    LV = "lv"
    SK = "sk"
    CS = "cs"
    DE = "de"
    OTHER = "other"


# ISO 3166-1 alpha-2 codes of the EU member states, the other EEA states and
# Switzerland: the people whose free movement rights the indication is about.
EU_COUNTRIES: tuple[str, ...] = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
    "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)
EEA_CH_COUNTRIES: tuple[str, ...] = ("IS", "LI", "NO", "CH")
NATIONALITY_UNKNOWN = "unknown"
NATIONALITIES: tuple[str, ...] = (*EU_COUNTRIES, *EEA_CH_COUNTRIES, NATIONALITY_UNKNOWN)


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class AgeBand(StrEnum):
    AGE_18_24 = "18-24"
    AGE_25_34 = "25-34"
    AGE_35_44 = "35-44"
    AGE_45_54 = "45-54"
    AGE_55_64 = "55-64"
    AGE_65_PLUS = "65+"
    UNKNOWN = "unknown"


class TimeInNl(StrEnum):
    LT_3M = "lt_3m"
    M3_12 = "3_12m"
    Y1_5 = "1_5y"
    GT_5Y = "gt_5y"
    UNKNOWN = "unknown"


class TimeHomeless(StrEnum):
    LT_1M = "lt_1m"
    M1_6 = "1_6m"
    M6_12 = "6_12m"
    GT_1Y = "gt_1y"
    UNKNOWN = "unknown"


class SleepingSituation(StrEnum):
    """ETHOS Light categories."""

    PUBLIC_SPACE = "public_space"
    NIGHT_SHELTER = "night_shelter"
    TEMPORARY_SHELTER = "temporary_shelter"
    LEAVING_INSTITUTION = "leaving_institution"
    NON_CONVENTIONAL = "non_conventional"
    FRIENDS_FAMILY = "friends_family"
    UNKNOWN = "unknown"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class HealthAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NOT_ASKED = "not_asked"


class IdDocument(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    LOST_STOLEN = "lost_stolen"
    NONE = "none"
    UNKNOWN = "unknown"


class AcuteNeed(StrEnum):
    MEDICAL = "medical"
    FOOD = "food"
    SHELTER_TONIGHT = "shelter_tonight"
    CLOTHING = "clothing"
    SAFETY = "safety"


class Wish(StrEnum):
    WORK_IN_NL = "work_in_nl"
    RETURN_HOME = "return_home"
    CARE = "care"
    UNDECIDED = "undecided"
    NO_HELP_WANTED = "no_help_wanted"


class Referral(StrEnum):
    REGULAR_WMO_ACCESS = "regular_wmo_access"
    PILOT_SHELTER = "pilot_shelter"
    WINTER_SHELTER = "winter_shelter"
    BARKA_RETURN = "barka_return"
    WORK_GUIDANCE = "work_guidance"
    DOCUMENTS_HELP = "documents_help"
    MEDICAL_CARE = "medical_care"
    ADDICTION_CARE = "addiction_care"
    MENTAL_HEALTH_CARE = "mental_health_care"
    LEGAL_ADVICE = "legal_advice"
    CASE_CONFERENCE = "case_conference"


class Outcome(StrEnum):
    FOUND_WORK = "found_work"
    VOLUNTARY_RETURN = "voluntary_return"
    FOLLOW_UP_FACILITY = "follow_up_facility"
    FORCED_RETURN = "forced_return"
    BACK_TO_STREET = "back_to_street"
    LOST_CONTACT = "lost_contact"
    DETENTION = "detention"
    HOSPITAL = "hospital"
    DECEASED = "deceased"
    STILL_IN_CARE = "still_in_care"


# The pilot's "positive outflow": found work, went home, or moved on to care.
POSITIVE_OUTCOMES: frozenset[str] = frozenset(
    {Outcome.FOUND_WORK, Outcome.VOLUNTARY_RETURN, Outcome.FOLLOW_UP_FACILITY}
)


class ReviewState(StrEnum):
    RECEIVED = "received"
    APPROVED = "approved"
    HAS_ISSUES = "has_issues"
    REJECTED = "rejected"
    EDITED = "edited"


class CorrectionReason(StrEnum):
    """Why a supervisor sends a contact back: what the worker is to look at again."""

    WRONG_VALUE = "wrong_value"
    MISSING = "missing"
    INCONSISTENT = "inconsistent"
    PRIVACY = "privacy"  # personal data without consent, or more of it than needed
    DUPLICATE_PERSON = "duplicate_person"  # the person was recorded before: a follow-up
    OTHER = "other"


class EntitlementQuestion(StrEnum):
    WORKS_NOW = "works_now"
    WORKED_IN_NL = "worked_in_nl"
    WORKED_OVER_1Y = "worked_over_1y"
    JOB_LOSS_INVOLUNTARY = "job_loss_involuntary"
    WORK_ENDED_WITHIN_6M = "work_ended_within_6m"
    REGISTERED_UWV = "registered_uwv"
    SELF_EMPLOYED = "self_employed"
    RESIDENT_5Y = "resident_5y"
    ARRIVED_WITHIN_3M = "arrived_within_3m"
    FAMILY_OF_ENTITLED = "family_of_entitled"
    OWN_MEANS_INSURED = "own_means_insured"
    DOMESTIC_VIOLENCE = "domestic_violence"


class IndicationCode(StrEnum):
    A = "A"
    B = "B"
    C = "C"


# The value list behind each enumerated field of a contact, by field name.
# Screens, translations and the CSV export walk this table.
FIELD_VALUES: dict[str, tuple[str, ...]] = {
    "municipality": tuple(Municipality),
    "consent": tuple(Consent),
    "person_language": tuple(PersonLanguage),
    "nationality": NATIONALITIES,
    "gender": tuple(Gender),
    "age_band": tuple(AgeBand),
    "time_in_nl": tuple(TimeInNl),
    "time_homeless": tuple(TimeHomeless),
    "sleeping_situation": tuple(SleepingSituation),
    "id_document": tuple(IdDocument),
    "brp_registered": tuple(Answer),
    "health_physical": tuple(HealthAnswer),
    "health_mental": tuple(HealthAnswer),
    "addiction": tuple(HealthAnswer),
    "acute_needs": tuple(AcuteNeed),
    "wish": tuple(Wish),
    "referrals": tuple(Referral),
    "outcome": tuple(Outcome),
    "review_state": tuple(ReviewState),
    "review_reasons": tuple(CorrectionReason),
    "entitlement": tuple(Answer),
    "entitlement_indication": tuple(IndicationCode),
}

# Maximum lengths of the free-text fields, in characters.
TEXT_LIMITS: dict[str, int] = {
    "municipality_other": 80,
    "area": 120,
    "alias": 80,
    "notes": 2000,
    "review_comment": 2000,
}

# Fields that hold personal (and for health: special-category) data. They are
# kept only when the person gave consent.
CONSENT_ONLY_FIELDS: tuple[str, ...] = (
    "alias", "notes", "health_physical", "health_mental", "addiction", "location",
)

# The fields a supervisor can flag as needing correction: the ones the worker fills in
# and can change on the phone (the contact form's fields), in the order screens show them.
FLAGGABLE_FIELDS: tuple[str, ...] = (
    "contact_date", "municipality", "municipality_other", "area", "location",
    "consent", "person_language", "alias", "nationality", "gender", "age_band", "time_in_nl",
    "time_homeless", "sleeping_situation", "id_document", "brp_registered", "entitlement",
    "health_physical", "health_mental", "addiction",
    "acute_needs", "wish", "referrals", "outcome", "follow_up_on", "notes",
)
