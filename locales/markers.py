"""Markers that tag a string for extraction without translating it yet.

`pybabel extract` finds `N_("...")` (a plain message) and `NP_("context", "...")`
(a message with a context, for English words that mean different things in
different places). The translation happens later, when the text is shown in a
language.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark `message` for extraction; returns it unchanged."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark `message` in `context` for extraction; returns the pair for `pgettext`."""
    return (context, message)


def P_(message: str) -> str:
    """Mark a person-facing text (the `person` domain); returns it unchanged."""
    return message
