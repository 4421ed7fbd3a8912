"""Search keys for names: the same name finds the same person in any script or spelling.

`fold` writes a name in plain lowercase Latin:

- Bulgarian Cyrillic by the official Bulgarian system (Transliteration Act
  2009): ж zh, ц ts, ч ch, ш sh, щ sht, ъ a, ь y, ю yu, я ya, й y, х h, and
  "-ия" at the end of a word as "ia" (София → sofia). Other Cyrillic letters
  seen in EU names get the usual Latin (ы y, э e, і i, ї yi, є ye, ґ g, ј j).
- Marks are dropped: Romanian ș ş ț ţ (comma and cedilla forms), Polish
  ą ę ó ś ź ż ń ć, Hungarian á é ő ű, Czech and Slovak č ř š ž... become
  their base letters. Letters with no decomposition are mapped: ł l, đ d,
  ø o, æ ae, œ oe, ß ss, ı i.
- Anything that is not a letter or a digit becomes one space.

`loose` goes further and merges spellings of one sound across the languages
of the people met (Polish, Romanian, Bulgarian, Hungarian): sh/sz/sch → s
(so щ "sht" → st), ch/cz/cs → c, zh/rz/zs → z, ts/tz → c, w → v, y/j → i,
and doubled letters → one. It is only ever compared with another `loose` key.

What matches (see `matches`): the query's folded form inside the alias's
folded form, or its loose form inside the alias's loose form. So "Stefan",
"Ștefan", "Ştefan", "Стефан" and "Щефан" all find each other, "stef" finds
all of them, "Łukasz" and "Lukasz" and "Лукаш" find each other, "Grzegorz"
finds "Гжегож". Over-matching is possible (it is a hint list, not an
identity check); the worker sees the candidates.
"""

from __future__ import annotations

import re
import unicodedata

KEY_VERSION = 1

_BULGARIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}
_OTHER_CYRILLIC = {
    "ё": "yo", "ы": "y", "э": "e", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ј": "j",
    "ў": "u", "ђ": "dj", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
}
_CYRILLIC = str.maketrans({**_OTHER_CYRILLIC, **_BULGARIAN})
_UNDECOMPOSED = str.maketrans({
    "ł": "l", "đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i",
    "ħ": "h", "ŀ": "l", "þ": "th",
})
_IA_AT_END = re.compile(r"ия\b")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SOUNDS = (
    ("sch", "s"), ("sh", "s"), ("sz", "s"), ("cz", "c"), ("ch", "c"), ("cs", "c"),
    ("zh", "z"), ("rz", "z"), ("zs", "z"), ("ts", "c"), ("tz", "c"), ("w", "v"),
    ("y", "i"), ("j", "i"),
)
_DOUBLED = re.compile(r"([a-z])\1+")


def fold(text: str) -> str:
    """`text` in plain lowercase Latin letters and digits, words separated by one space."""
    lowered = unicodedata.normalize("NFC", text).casefold()
    latin = _IA_AT_END.sub("ia", lowered).translate(_CYRILLIC)
    decomposed = unicodedata.normalize("NFKD", latin)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", bare.translate(_UNDECOMPOSED)).strip()


def loose(text: str) -> str:
    """`fold(text)` with spellings of one sound made one (see the module's description)."""
    key = fold(text)
    for spelling, sound in _SOUNDS:
        key = key.replace(spelling, sound)
    return _DOUBLED.sub(r"\1", key)


def matches(query: str, alias: str) -> bool:
    """Whether a search for `query` should list a contact called `alias`."""
    return key_matches(fold(query), loose(query), fold(alias), loose(alias))


def key_matches(query_fold: str, query_loose: str, alias_fold: str, alias_loose: str) -> bool:
    """`matches` on keys computed beforehand (a repository keeps the alias keys)."""
    if not query_fold:
        return False
    return query_fold in alias_fold or (bool(query_loose) and query_loose in alias_loose)
