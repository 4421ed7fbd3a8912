"""Every semantics identifier of the field app, in one place.

Each interactive control carries `Semantics(identifier=...)` with one of
these ("screen.field"): a stable hook for screen readers and for the browser
tests, the same in every UI language. Per-value hooks (a choice chip, a PIN
key, a list row) add a suffix with `item(...)`.
"""

from __future__ import annotations


def item(base: str, suffix: str | int) -> str:
    """The identifier of one item under `base`: `item("form.gender", "male")`."""
    return f"{base}.{suffix}"


# First run
WELCOME_LANGUAGE = "welcome.language"          # + language code
PIN_NEW = "pin.new"
PIN_CONFIRM = "pin.confirm"
PIN_CREATE = "pin.create"
ENROLL_SERVER = "enroll.server"
ENROLL_USERNAME = "enroll.username"
ENROLL_PASSWORD = "enroll.password"  # noqa: S105 - an identifier, not a secret
ENROLL_SUBMIT = "enroll.submit"
ENROLL_LATER = "enroll.later"

# Unlock
UNLOCK_KEY = "unlock.key"                      # + digit, "back", "ok"
UNLOCK_DISPLAY = "unlock.display"
UNLOCK_MESSAGE = "unlock.message"

# Contact list
LIST_NEW = "list.new"
LIST_SEARCH = "list.search"
LIST_FILTER = "list.filter"                    # + filter name
LIST_ROW = "list.row"                          # + index (a person)
LIST_MORE = "list.more"
LIST_COUNT = "list.count"
LIST_SYNC_NOW = "list.sync_now"
LIST_SYNC_STATUS = "list.sync_status"
LIST_TO_SYNC = "list.to_sync"
LIST_TO_SETTINGS = "list.to_settings"
LIST_LOCK = "list.lock"

# Contact form: "form." + the contact field name; choice chips + value
_FORM = "form"
FORM_SAVE = "form.save"
FORM_ERRORS = "form.errors"
FORM_RESTORED = "form.restored"
FORM_SECTION = "form.section"                  # + section name
FORM_ENTITLEMENT = "form.entitlement"          # + question key, + answer
FORM_INDICATION = "form.indication"
FORM_PRIVACY_NOTICE = "form.privacy_notice"
FORM_DATE_PICK = "form.contact_date.pick"
FORM_FOLLOW_UP_PICK = "form.follow_up_on.pick"
FORM_FOLLOW_UP_CLEAR = "form.follow_up_on.clear"
FORM_LOCATION = "form.location"
FORM_LOCATION_ADD = "form.location.add"
FORM_LOCATION_REMOVE = "form.location.remove"
FORM_LOCATION_PROBLEM = "form.location.problem"
FORM_SAME_PERSON = "form.same_person"          # the question before a new person is saved
FORM_SAME_PERSON_PICK = "form.same_person.pick"  # + candidate index
FORM_SAME_PERSON_NEW = "form.same_person.new"
FORM_SAME_PERSON_BACK = "form.same_person.back"


def form_field(name: str) -> str:
    """The identifier of the form control for contact field `name`."""
    return f"{_FORM}.{name}"


# A person's timeline
PERSON_HEAD = "person.head"
PERSON_NEW_CONTACT = "person.new_contact"
PERSON_CONTACT = "person.contact"              # + index among the person's own contacts
PERSON_TEAM = "person.team"                    # a colleague's last contact, from the card

# Contact detail
DETAIL_EDIT = "detail.edit"
DETAIL_FOLLOW_UP = "detail.follow_up"
DETAIL_STATE = "detail.state"
DETAIL_COMMENT = "detail.comment"
DETAIL_REVISION = "detail.revision"

# Sync and device
SYNC_NOW = "sync.now"
SYNC_RETRY = "sync.retry"                      # + contact index in the quarantine list
SYNC_STATE = "sync.state"
SYNC_LAST_RESULT = "sync.last_result"

# Settings
SETTINGS_LANGUAGE = "settings.language"        # + language code
SETTINGS_AUTO_LOCK = "settings.auto_lock"
SETTINGS_THEME = "settings.theme"              # + system, light, dark
SETTINGS_PIN_OLD = "settings.pin_old"
SETTINGS_PIN_NEW = "settings.pin_new"
SETTINGS_PIN_CONFIRM = "settings.pin_confirm"
SETTINGS_PIN_SAVE = "settings.pin_save"
SETTINGS_ORGANISATION = "settings.organisation"
SETTINGS_ADVANCED = "settings.advanced"
SETTINGS_CA_BUNDLE = "settings.ca_bundle"
SETTINGS_CA_SAVE = "settings.ca_save"
SETTINGS_CA_FORGET = "settings.ca_forget"
SETTINGS_CA_KEPT = "settings.ca_kept"
SETTINGS_WIPE_PIN = "settings.wipe_pin"
SETTINGS_WIPE = "settings.wipe"
SETTINGS_WIPE_CONFIRM = "settings.wipe_confirm"
SETTINGS_WIPE_CANCEL = "settings.wipe_cancel"
SETTINGS_VERSION = "settings.version"

# Everywhere
BACK = "nav.back"

# The hand-over screen: the person reads the notice and answers consent themselves
HANDOVER = "handover.screen"
HANDOVER_ANSWER = "handover.answer"            # + "given" or "refused"
HANDOVER_CLOSE = "handover.close"
FORM_CONSENT_OPEN = "form.consent.open"        # show the person the notice (again)
FORM_CONSENT_NOT_ASKED = "form.consent.not_asked"
FORM_BACK_KEEP = "form.back.keep"              # Back on a changed form: keep as draft
FORM_BACK_DISCARD = "form.back.discard"
FORM_BACK_STAY = "form.back.stay"
FORM_SAVED = "form.saved"                      # the snack bar after a save
FORM_CORRECTION = "form.correction"            # the supervisor's reasons, pinned on top
FORM_CARRIED = "form.carried"                  # what a follow-up carried over
LIST_DRAFT = "list.draft"                      # + index
DETAIL_REASONS = "detail.reasons"
