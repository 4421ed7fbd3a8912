"""Every semantics identifier of the supervisors' pages, in one place.

Identifiers show up in the browser as `flt-semantics-identifier`: stable hooks
for tests and assistive tooling that do not change with the UI language. The
naming is `page.control`; controls repeated per record carry the record's id
(`inbox.row.<contact id>`), made by the functions at the end.
"""

from __future__ import annotations

# Shell: navigation, language, sign out.
NAV_INBOX = "nav.inbox"
NAV_FIGURES = "nav.figures"
NAV_NATIONAL = "nav.national"
NAV_EXPORT = "nav.export"
NAV_PEOPLE = "nav.people"
NAV_AUDIT = "nav.audit"
NAV_PERSONS = "nav.persons"
NAV_LANGUAGE = "nav.language"
NAV_SIGN_OUT = "nav.sign_out"
NAV_USER = "nav.user"

# Sign in.
SIGN_IN_USERNAME = "sign_in.username"
SIGN_IN_PASSWORD = "sign_in.password"  # noqa: S105 - an identifier, not a secret
SIGN_IN_LANGUAGE = "sign_in.language"
SIGN_IN_SUBMIT = "sign_in.submit"
SIGN_IN_ERROR = "sign_in.error"

# Persons: likely duplicates and merges.
PERSONS_NO_PAIRS = "persons.no_pairs"
PERSONS_MESSAGE = "persons.message"

# Contact filters, shared by the inbox and the export page (`<page>.<filter>`).
FILTER_STATE = "state"
FILTER_MUNICIPALITY = "municipality"
FILTER_DATE_FROM = "date_from"
FILTER_DATE_TO = "date_to"
FILTER_WORKER = "worker"
FILTER_NATIONALITY = "nationality"
FILTER_INDICATION = "indication"
FILTER_APPLY = "apply"
FILTER_CLEAR = "clear"

# Inbox.
INBOX = "inbox"
INBOX_SORT_DATE = "inbox.sort_date"
INBOX_NEXT = "inbox.next"
INBOX_PREVIOUS = "inbox.previous"
INBOX_EMPTY = "inbox.empty"
INBOX_EXPORT = "inbox.export"

# Contact.
CONTACT_BACK = "contact.back"
CONTACT_APPROVE = "contact.approve"
CONTACT_HAS_ISSUES = "contact.has_issues"
CONTACT_REJECT = "contact.reject"
CONTACT_COMMENT = "contact.comment"
CONTACT_CONFIRM = "contact.confirm"
CONTACT_CANCEL = "contact.cancel"
CONTACT_STATE = "contact.state"
CONTACT_NOT_FOUND = "contact.not_found"
CONTACT_PERSON_EXPORT = "contact.person_export"
CONTACT_ERASE = "contact.erase"
CONTACT_ERASE_CONFIRM = "contact.erase_confirm"
CONTACT_ERASED = "contact.erased"
CONTACT_ERROR = "contact.error"
CONTACT_CORRECTION = "contact.correction"
CONTACT_SEND_CORRECTION = "contact.send_correction"
CONTACT_CANCEL_CORRECTION = "contact.cancel_correction"
CONTACT_FLAGS = "contact.flags"

# Figures.
FIGURES = "figures"
FIGURES_PRESET = "figures.preset"
FIGURES_CONTACTS = "figures.contacts"
FIGURES_UNIQUE = "figures.unique_persons"
FIGURES_NEW = "figures.new_persons"
FIGURES_OUTFLOW = "figures.positive_outflow"
FIGURES_FORCED_RETURN = "figures.forced_return"
FIGURES_EXPORT = "figures.export"

# Export.
EXPORT = "export"
EXPORT_CONTACTS = "export.contacts"
EXPORT_FIGURES = "export.figures"
NATIONAL = "national"
NATIONAL_PERIOD = "national.period"
NATIONAL_FROM = "national.from"
NATIONAL_TO = "national.to"
NATIONAL_MUNICIPALITY = "national.municipality"
NATIONAL_PILOT_ONLY = "national.pilot_only"
NATIONAL_APPLY = "national.apply"
NATIONAL_EXPORT = "national.export"
NATIONAL_SHOWN = "national.shown_period"
NATIONAL_OUTFLOW_CHART = "national.chart.outflow"
NATIONAL_PERIODS = "national.periods"
NATIONAL_MUNICIPALITIES = "national.municipalities"
NATIONAL_ORGANISATIONS = "national.organisations"
EXPORT_LANGUAGE = "export.language"
EXPORT_SEPARATOR = "export.separator"
EXPORT_COUNT = "export.count"

# People & devices.
PEOPLE_USERNAME = "people.username"
PEOPLE_ROLE = "people.role"
PEOPLE_CREATE = "people.create"
PEOPLE_MESSAGE = "people.message"
PEOPLE_CONFIRM = "people.confirm"
PEOPLE_CANCEL = "people.cancel"
PEOPLE_NEW_PASSWORD = "people.new_password"  # noqa: S105 - an identifier, not a secret
PEOPLE_CLOSE = "people.close"
MUNICIPALITY_CODE = "municipalities.code"
MUNICIPALITY_NAME = "municipalities.name"
MUNICIPALITY_ADD = "municipalities.add"

# Audit log.
AUDIT = "audit"
AUDIT_ACTION = "audit.action"
AUDIT_NEXT = "audit.next"
AUDIT_PREVIOUS = "audit.previous"

# Shared.
MESSAGE = "page.message"
NOT_FOUND = "page.not_found"


def municipality_row(code: str) -> str:
    """A municipality's row on the organisation's list."""
    return f"municipalities.row.{code}"


def municipality_remove(code: str) -> str:
    """The button taking a municipality off the list."""
    return f"municipalities.remove.{code}"


def filter_control(page: str, name: str) -> str:
    """A filter control on `page` (`inbox.municipality`, `export.date_from`, ...)."""
    return f"{page}.{name}"


def inbox_row(contact_id: str) -> str:
    """One contact's row in the inbox."""
    return f"inbox.row.{contact_id}"


def inbox_count(state: str) -> str:
    """The count of contacts in one review state, above the inbox table."""
    return f"inbox.count.{state}"


def contact_timeline(contact_id: str) -> str:
    """Another contact of the same person, in the contact page's timeline."""
    return f"contact.timeline.{contact_id}"


def contact_flag(field: str) -> str:
    """The checkbox flagging one field of the contact for correction."""
    return f"contact.flag.{field}"


def contact_reason(reason: str) -> str:
    """The chip of one reason for a correction."""
    return f"contact.reason.{reason}"


def contact_revision(rev: int) -> str:
    """One revision in the contact page's history."""
    return f"contact.revision.{rev}"


def contact_verdict(number: int) -> str:
    """The n-th verdict (1 = first) in the contact page's history."""
    return f"contact.verdict.{number}"


def people_reset(user_id: str) -> str:
    """The reset-password button of one user."""
    return f"people.reset.{user_id}"


def people_user(user_id: str) -> str:
    """One user's row."""
    return f"people.user.{user_id}"


def device_row(device_id: str) -> str:
    """One device's row."""
    return f"people.device.{device_id}"


def device_revoke(device_id: str) -> str:
    """The revoke button of one device."""
    return f"people.revoke.{device_id}"


def audit_row(entry_id: int) -> str:
    """One entry of the audit log."""
    return f"audit.row.{entry_id}"


def figures_chart(name: str) -> str:
    """One of the figures page's charts (`figures.chart.weeks`, ...)."""
    return f"figures.chart.{name}"


def persons_pair(person_id: str) -> str:
    """A pair of likely duplicates, by the person shown on the left (merged away)."""
    return f"persons.pair.{person_id}"


def persons_merge(person_id: str) -> str:
    """The merge button of a pair, by the person shown on the left."""
    return f"persons.merge.{person_id}"


def persons_merge_row(merge_id: str) -> str:
    """One merge in the list of merges."""
    return f"persons.merge_row.{merge_id}"


def persons_undo(merge_id: str) -> str:
    """The undo button of a merge."""
    return f"persons.undo.{merge_id}"
