"""The label of every field of a contact, for forms and the CSV header.

Keys are the field names of `model.Contact` and the wire format, plus the
parts of the review and of the location as the CSV export and error
messages name them.
"""

from __future__ import annotations

from locales.markers import N_

FIELD_LABELS: dict[str, str] = {
    "id": N_("Contact ID"),
    "rev": N_("Version"),
    "person_id": N_("Person ID"),
    "created_at": N_("Created"),
    "updated_at": N_("Last changed"),
    "contact_date": N_("Date of contact"),
    "worker_id": N_("Outreach worker"),
    "device_id": N_("Phone"),
    "org_id": N_("Organisation"),
    "municipality": N_("Municipality"),
    "municipality_other": N_("Other municipality"),
    "area": N_("Area"),
    "location": N_("Location"),
    "location.lat": N_("Latitude"),
    "location.lon": N_("Longitude"),
    "consent": N_("Consent"),
    "person_language": N_("Language of the person"),
    "alias": N_("Name or nickname"),
    "nationality": N_("Nationality"),
    "gender": N_("Gender"),
    "age_band": N_("Age"),
    "time_in_nl": N_("Time in the Netherlands"),
    "time_homeless": N_("Time homeless"),
    "sleeping_situation": N_("Sleeping situation"),
    "entitlement": N_("Entitlement questions"),
    "entitlement_indication": N_("Indication"),
    "entitlement_reasons": N_("Reasons for the indication"),
    "id_document": N_("ID document"),
    "brp_registered": N_("Registered in the BRP"),
    "health_physical": N_("Physical health problems"),
    "health_mental": N_("Mental health problems"),
    "addiction": N_("Addiction"),
    "acute_needs": N_("Urgent needs"),
    "wish": N_("What the person wants"),
    "referrals": N_("Referrals"),
    "outcome": N_("Outcome"),
    "notes": N_("Notes"),
    "follow_up_on": N_("Follow-up date"),
    "review": N_("Review"),
    "review_state": N_("Review status"),
    "review_comment": N_("Supervisor's comment"),
    "reviewed_at": N_("Reviewed on"),
    "reviewer": N_("Reviewed by"),
    "review_fields": N_("Fields to correct"),
    "review_reasons": N_("Reasons for correction"),
    "record": N_("Record"),
    "schema": N_("Format version"),
}

# "review.state" (wire) and "review_state" (CSV, filters) name the same thing.
FIELD_ALIASES: dict[str, str] = {
    "review.state": "review_state",
    "review.comment": "review_comment",
    "review.reviewed_at": "reviewed_at",
    "review.reviewer": "reviewer",
    "review.fields": "review_fields",
    "review.reasons": "review_reasons",
}
