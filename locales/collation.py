"""Sorting names the way a reader of each UI language expects (CLDR collation, in brief).

Babel has no collation, and ICU is too heavy for the phone. The UI languages
need little: CLDR's root order ignores accents at the first level, and the
Polish and Romanian tailorings make some accented letters separate letters
that follow their base letter (Ł after L, Ș after S). Bulgarian Cyrillic is
in alphabet order in Unicode already; only Й must not be read as И + breve.
"""

from __future__ import annotations

import unicodedata

# letter -> (base letter, rank after the base); from CLDR's pl and ro tailorings.
_SEPARATE_LETTERS: dict[str, dict[str, tuple[str, int]]] = {
    "pl": {
        "ą": ("a", 1), "ć": ("c", 1), "ę": ("e", 1), "ł": ("l", 1), "ń": ("n", 1),
        "ó": ("o", 1), "ś": ("s", 1), "ź": ("z", 1), "ż": ("z", 2),
    },
    "ro": {
        "ă": ("a", 1), "â": ("a", 2), "î": ("i", 1),
        "ș": ("s", 1), "ş": ("s", 1), "ț": ("t", 1), "ţ": ("t", 1),
    },
    "bg": {"й": ("й", 0)},
}

CollationKey = tuple[tuple[tuple[str, int], ...], str]


def collation_key(text: str, lang: str) -> CollationKey:
    """A sort key for `text` as sorted in `lang`: letters first, then accents and case."""
    separate = _SEPARATE_LETTERS.get(lang, {})
    primary: list[tuple[str, int]] = []
    for ch in text.casefold():
        if ch in separate:
            primary.append(separate[ch])
        else:
            primary.extend((base, 0) for base in _without_accents(ch))
    return tuple(primary), text


def _without_accents(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
