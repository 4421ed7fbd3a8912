"""Translated texts for the codes the field app gives: PIN problems, sync errors, states.

Each function takes the translator of the UI language; the strings are
literal `gettext` calls so the catalog extraction finds them.
"""

from __future__ import annotations

from fieldapp.summaries import ContactSummary, RowState
from fieldapp.vault import PinProblem
from locales import Translator, error_message, translator
from model.protocol import PushStatus


def pin_problem(code: str, t: Translator) -> str:
    """Why a new PIN cannot be used (a code of `PinProblem`, or "mismatch")."""
    _ = t.gettext
    texts = {
        PinProblem.TOO_SHORT: _("Use at least 6 digits."),
        PinProblem.NOT_DIGITS: _("Use digits only."),
        "mismatch": _("The two PINs are not the same."),
    }
    return texts.get(code, _("This PIN cannot be used."))


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
        "unknown_device": _("The server no longer knows this phone. Connect it again: "
                            "everything on the phone is kept."),
        "not_enrolled": _("This phone is not connected to a server yet."),
        "bad_server_url": _("This is not a valid server address."),
        "insecure_url": _("The server address must start with https://"),
        "cancelled": _("Sync was stopped."),
    }
    return texts.get(code or "", _("Something went wrong. Try again."))


def ca_bundle_problem(code: str, t: Translator) -> str:
    """Why a file cannot be the organisation's CA bundle (`fieldapp.server_trust`)."""
    _ = t.gettext
    texts = {
        "missing": _("No certificate file at this path."),
        "too_large": _("This file is too large to be a CA bundle."),
    }
    return texts.get(code, _("This file holds no certificates the app can use. "
                             "Ask your organisation for the CA bundle (PEM)."))


def contact_problems(summary: ContactSummary, lang: str) -> list[str]:
    """Why the server refused a contact: its field errors, or the error code, translated."""
    if summary.errors:
        return [error_message(error, lang) for error in summary.errors]
    t = translator(lang)
    if summary.error == PushStatus.STALE:
        return [t.gettext("The server has a newer version of this contact.")]
    return [sync_error(summary.error, t)] if summary.error else []


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


def sync_went_well(*, sent: int, pulled: int, t: Translator) -> str:
    """The last sync's result: how many contacts went out, how many updates came in.

    Two numbers, each with its own plural form, in one sentence.
    """
    # TRANSLATORS: {sent}, {pulled}: the next two phrases ("3 contacts sent", "1 update received")
    return t.gettext("Last sync went well: {sent}, {pulled}.").format(
        sent=t.ngettext("{n} contact sent", "{n} contacts sent", sent).format(n=sent),
        pulled=t.ngettext("{n} update received", "{n} updates received", pulled).format(n=pulled))
