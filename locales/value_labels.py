"""The msgids of the value lists of `model.values`, one per field and value.

Every label carries a context (`NP_`) naming its list, because the same
English word needs different words elsewhere: "Other" is *inna gmina* for a
municipality but *inna* for a gender; "Unknown" agrees with its noun in
several languages. Lists that are the same question share one context.
Age bands that are only digits are shown as they are (see `labels.py`).
"""

from __future__ import annotations

from locales.markers import NP_

_ANSWER = {
    "yes": NP_("answer", "Yes"),
    "no": NP_("answer", "No"),
    "unknown": NP_("answer", "Don't know"),
}
_HEALTH = {
    "yes": NP_("health", "Yes"),
    "no": NP_("health", "No"),
    "unknown": NP_("health", "Don't know"),
    "not_asked": NP_("health", "Not asked"),
}

VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "municipality": {
        "GM0363": NP_("municipality", "Amsterdam"),
        "GM0599": NP_("municipality", "Rotterdam"),
        "GM0344": NP_("municipality", "Utrecht"),
        "GM0518": NP_("municipality", "The Hague"),
        "GM0772": NP_("municipality", "Eindhoven"),
        "GM0983": NP_("municipality", "Venlo"),
        "other": NP_("municipality", "Other municipality"),
    },
    "consent": {
        "given": NP_("consent", "Given"),
        "refused": NP_("consent", "Refused"),
        "not_asked": NP_("consent", "Not asked"),
    },
    "gender": {
        "male": NP_("gender", "Man"),
        "female": NP_("gender", "Woman"),
        "other": NP_("gender", "Other"),
        "unknown": NP_("gender", "Unknown"),
    },
    "age_band": {
        "65+": NP_("age_band", "65 or older"),
        "unknown": NP_("age_band", "Unknown"),
    },
    "time_in_nl": {
        "lt_3m": NP_("time_in_nl", "Less than 3 months"),
        "3_12m": NP_("time_in_nl", "3–12 months"),
        "1_5y": NP_("time_in_nl", "1–5 years"),
        "gt_5y": NP_("time_in_nl", "More than 5 years"),
        "unknown": NP_("time_in_nl", "Unknown"),
    },
    "time_homeless": {
        "lt_1m": NP_("time_homeless", "Less than a month"),
        "1_6m": NP_("time_homeless", "1–6 months"),
        "6_12m": NP_("time_homeless", "6–12 months"),
        "gt_1y": NP_("time_homeless", "More than a year"),
        "unknown": NP_("time_homeless", "Unknown"),
    },
    "sleeping_situation": {
        "public_space": NP_("sleeping_situation", "Outdoors (street, park, station)"),
        "night_shelter": NP_("sleeping_situation", "Night shelter"),
        "temporary_shelter": NP_("sleeping_situation", "Temporary shelter"),
        "leaving_institution": NP_("sleeping_situation", "Leaving prison or hospital"),
        "non_conventional": NP_("sleeping_situation", "Car, tent or squat"),
        "friends_family": NP_("sleeping_situation", "With friends or family"),
        "unknown": NP_("sleeping_situation", "Unknown"),
    },
    "id_document": {
        "valid": NP_("id_document", "Valid"),
        "expired": NP_("id_document", "Expired"),
        "lost_stolen": NP_("id_document", "Lost or stolen"),
        "none": NP_("id_document", "None"),
        "unknown": NP_("id_document", "Unknown"),
    },
    "brp_registered": _ANSWER,
    "entitlement": _ANSWER,
    "health_physical": _HEALTH,
    "health_mental": _HEALTH,
    "addiction": _HEALTH,
    "acute_needs": {
        "medical": NP_("acute_needs", "Medical care"),
        "food": NP_("acute_needs", "Food"),
        "shelter_tonight": NP_("acute_needs", "A bed tonight"),
        "clothing": NP_("acute_needs", "Clothing"),
        "safety": NP_("acute_needs", "Safety"),
    },
    "wish": {
        "work_in_nl": NP_("wish", "Work in the Netherlands"),
        "return_home": NP_("wish", "Go back home"),
        "care": NP_("wish", "Care or treatment"),
        "undecided": NP_("wish", "Not sure yet"),
        "no_help_wanted": NP_("wish", "Wants no help"),
    },
    "referrals": {
        "regular_wmo_access": NP_("referrals", "Regular municipal access (Wmo)"),
        "pilot_shelter": NP_("referrals", "Pilot shelter"),
        "winter_shelter": NP_("referrals", "Winter shelter"),
        "barka_return": NP_("referrals", "Voluntary return (Barka)"),
        "work_guidance": NP_("referrals", "Help finding work"),
        "documents_help": NP_("referrals", "Help with documents"),
        "medical_care": NP_("referrals", "Medical care"),
        "addiction_care": NP_("referrals", "Addiction care"),
        "mental_health_care": NP_("referrals", "Mental health care"),
        "legal_advice": NP_("referrals", "Legal advice"),
        "case_conference": NP_("referrals", "Case conference"),
    },
    "outcome": {
        "found_work": NP_("outcome", "Found work"),
        "voluntary_return": NP_("outcome", "Voluntary return"),
        "follow_up_facility": NP_("outcome", "Moved on to follow-up care"),
        "forced_return": NP_("outcome", "Forced return"),
        "back_to_street": NP_("outcome", "Back on the street"),
        "lost_contact": NP_("outcome", "Lost contact"),
        "detention": NP_("outcome", "Detention"),
        "hospital": NP_("outcome", "Hospital"),
        "deceased": NP_("outcome", "Deceased"),
        "still_in_care": NP_("outcome", "Still in care"),
    },
    "review_state": {
        "received": NP_("review_state", "Waiting for review"),
        "approved": NP_("review_state", "Approved"),
        "has_issues": NP_("review_state", "Needs correction"),
        "rejected": NP_("review_state", "Rejected"),
        "edited": NP_("review_state", "Changed, to review again"),
    },
    "review_reasons": {
        "wrong_value": NP_("review_reasons", "Wrong value"),
        "missing": NP_("review_reasons", "Missing"),
        "inconsistent": NP_("review_reasons", "Does not match the other answers"),
        "privacy": NP_("review_reasons", "Too much personal data, or no consent"),
        "duplicate_person": NP_("review_reasons",
                                "Person recorded twice (make it a follow-up contact)"),
        "other": NP_("review_reasons", "Another reason (see the comment)"),
    },
    "entitlement_indication": {
        "A": NP_("entitlement_indication", "A – possibly entitled (regular access, Wmo)"),
        "B": NP_("entitlement_indication", "B – probably not entitled (pilot route)"),
        "C": NP_("entitlement_indication", "C – unclear (check with the municipality)"),
    },
    "person_language": {
        "other": NP_("person_language", "Other language"),
        "unknown": NP_("person_language", "Unknown"),
    },
    "nationality": {
        "unknown": NP_("nationality", "Unknown"),
    },
}
