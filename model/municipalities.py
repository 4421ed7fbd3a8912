"""Municipalities by their CBS code: what a contact's `municipality` holds from wire schema 2 on.

Each organisation has its own list of the municipalities it works in (kept by
the server, sent to its phones); a contact names one by its CBS code
(`GM` + four digits, e.g. GM0363 for Amsterdam), or `other` with the name typed
in `municipality_other`. Wire schema 1 named the six municipalities of the first
pilot by a short name; `from_legacy` maps those to their codes, so a record or a
phone of that time keeps its meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OTHER = "other"
CODE = re.compile(r"GM[0-9]{4}")
NAME_LIMIT = 80

# The six municipalities of the first pilot, as wire schema 1 named them.
LEGACY_CODES: dict[str, str] = {
    "amsterdam": "GM0363",
    "rotterdam": "GM0599",
    "utrecht": "GM0344",
    "den_haag": "GM0518",
    "eindhoven": "GM0772",
    "venlo": "GM0983",
}
# Their names as CBS writes them: what a list shows when nobody named them otherwise.
PILOT_NAMES: dict[str, str] = {
    "GM0363": "Amsterdam",
    "GM0599": "Rotterdam",
    "GM0344": "Utrecht",
    "GM0518": "'s-Gravenhage",
    "GM0772": "Eindhoven",
    "GM0983": "Venlo",
}


@dataclass(frozen=True)
class Municipality:
    """One municipality of an organisation's list: its CBS code and its name."""

    code: str
    name: str


def is_code(value: object) -> bool:
    """Whether `value` is a well-formed CBS municipality code (`GM` + four digits)."""
    return isinstance(value, str) and CODE.fullmatch(value) is not None


def is_valid(value: object) -> bool:
    """Whether `value` may stand in a contact's `municipality`: a code, or `other`."""
    return value == OTHER or is_code(value)


def from_legacy(value: str) -> str:
    """A schema 1 name as its code; anything else unchanged (codes, `other`, nonsense)."""
    return LEGACY_CODES.get(value, value)


def name_of(code: str, known: dict[str, str] | None = None) -> str:
    """The name to show for `code`: from `known` (an organisation's list), the pilot's six,
    or the code itself when nobody named it."""
    if known and code in known:
        return known[code]
    return PILOT_NAMES.get(code, code)


class InvalidList(ValueError):
    """A list of municipalities as sent that is not one."""


def read_list(raw: object) -> tuple[Municipality, ...]:
    """An organisation's list as it travels (`[{"code", "name"}, ...]`), checked.

    Raises:
        InvalidList: not a list of well-formed codes, each once, with a name of at most
            `NAME_LIMIT` characters.
    """
    if not isinstance(raw, list):
        raise InvalidList("expected a list of municipalities")
    found: dict[str, Municipality] = {}
    for entry in raw:
        code = entry.get("code") if isinstance(entry, dict) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        if not is_code(code) or code in found:
            raise InvalidList("malformed or repeated code")
        name = " ".join(name.split()) if isinstance(name, str) else ""
        if not name or len(name) > NAME_LIMIT:
            raise InvalidList("malformed name")
        found[str(code)] = Municipality(str(code), name)
    return tuple(found.values())
