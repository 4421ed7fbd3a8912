"""Translated texts for the codes the services give: PIN problems, sync errors, states.

Each function takes the translator of the UI language; the strings are
literal `gettext` calls so the catalog extraction finds them.
"""

from __future__ import annotations

from locales import Translator
from model.pin import PinProblem
from views.services import RowState


def pin_problem(problem: PinProblem, t: Translator) -> str:
    """Why a new PIN cannot be used."""
    _ = t.gettext
    texts = {
        PinProblem.TOO_SHORT: _("Use at least 6 digits."),
        PinProblem.NOT_DIGITS: _("Use digits only."),
        PinProblem.MISMATCH: _("The two PINs are not the same."),
    }
    return texts[problem]


def sync_error(code: str | None, t: Translator) -> str:
    """What went wrong talking to the server, for an error code of the sync layer."""
    _ = t.gettext
    texts = {
        "offline": _("No connection to the server."),
        "untrusted_server": _("The server's certificate is not trusted."),
        "server_error": _("The server had a problem. Try again later."),
        "rate_limited": _("Too many tries. Wait a moment and try again."),
        "auth_required": _("Wrong username or password."),
        "device_revoked": _("This phone was removed from the organisation."),
        "not_enrolled": _("This phone is not connected to a server yet."),
        "bad_server_url": _("This is not a valid server address."),
        "insecure_url": _("The server address must start with https://"),
        "cancelled": _("Sync was stopped."),
    }
    return texts.get(code or "", _("Something went wrong. Try again."))


def row_state(state: RowState, t: Translator) -> str:
    """A contact's state, short."""
    _ = t.gettext
    texts = {
        RowState.NOT_SENT: _("Not yet sent"),
        RowState.SENT: _("Sent"),
        RowState.NEEDS_CORRECTION: _("Needs correction"),
        RowState.QUARANTINED: _("Refused by the server"),
    }
    return texts[state]
