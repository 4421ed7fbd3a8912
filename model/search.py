"""Finding a person by alias however it was typed: case, accents and Cyrillic folded away.

A volunteer types "stefan" and finds "Ștefan" and "Стефан". Pure.
"""

from __future__ import annotations

import unicodedata

# Bulgarian's official romanisation (Streamlined System), which Bulgarians use
# for their names in Latin letters; Russian/Ukrainian letters by the nearest sound.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ё": "yo", "ы": "y",
    "э": "e", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
}
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LATIN = {"ł": "l", "ß": "ss", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}


def fold(text: str) -> str:
    """`text` lower-cased, in plain Latin letters without accents, spaces collapsed."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch):
            continue
        out.append(_CYRILLIC.get(ch) or _LATIN.get(ch) or ch)
    return " ".join("".join(out).split())


def alias_matches(alias: str | None, query: str) -> bool:
    """Whether `query` (folded) occurs in `alias` (folded); an empty query matches all."""
    wanted = fold(query)
    if not wanted:
        return True
    return alias is not None and wanted in fold(alias)
