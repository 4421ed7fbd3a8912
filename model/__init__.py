"""The domain of StreetContact: the contact record, its rules and its figures.

Pure Python, shared by the field app and the server: no Flet, TinyDB, HTTP or
SQL here. Import what you need from this package.
"""

from model.contact import Contact, Location, Review, new_id, utc_now
from model.entitlement import Indication, entitlement_indication
from model.errors import FieldError, InvalidContact, ModelError, RevisionError, WireFormatError
from model.figures import Figures, Period, monitoring_figures
from model.revision import Enrollment, follow_up_fields, new_contact, revise
from model.validation import validate
from model.wire import SCHEMA, from_wire, parse_wire, to_wire

__all__ = [
    "SCHEMA",
    "Contact",
    "Enrollment",
    "FieldError",
    "Figures",
    "Indication",
    "InvalidContact",
    "Location",
    "ModelError",
    "Period",
    "Review",
    "RevisionError",
    "WireFormatError",
    "entitlement_indication",
    "follow_up_fields",
    "from_wire",
    "monitoring_figures",
    "new_contact",
    "new_id",
    "parse_wire",
    "revise",
    "to_wire",
    "utc_now",
    "validate",
]
