"""Text a request may carry: what every database stores and every answer can be written with.

PostgreSQL refuses a NUL in text, and a lone surrogate (a JSON escape such as
"\\ud800" without its partner, or those bytes percent-encoded in a URL) is no
Unicode text at all: neither a database driver nor a JSON answer can encode it.
Such text is refused as bad input where a request comes in — the body's fields
by the request schemas, the path and the query by one dependency of every API
route, a pushed contact's fields by the model's validation of each record — and
never fails deep inside as a server error.
"""

from __future__ import annotations

from urllib.parse import unquote, unquote_to_bytes

from pydantic_core import PydanticCustomError

# The field error code for such text (the model's, so it has a translated message).
INVALID_FORMAT = "invalid_format"


def storable(value: str) -> bool:
    """Whether `value` holds no NUL and no lone surrogate."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_text(value: str) -> str:
    """A pydantic validator: `value` unchanged, or an `invalid_format` error."""
    if not storable(value):
        raise PydanticCustomError(INVALID_FORMAT, "text with a NUL or a lone surrogate")
    return value


def printable(value: str) -> str:
    """`value` with every lone surrogate replaced, for echoing a field name in an answer."""
    return value.encode("utf-8", "replace").decode("utf-8")


def unreadable_url_parts(*, raw_path: bytes, query_string: bytes) -> list[str]:
    """`path` and `query.<name>` for each part of a URL that is no storable text."""
    found = [] if _readable(unquote_to_bytes(raw_path)) else ["path"]
    for pair in query_string.split(b"&"):
        name, _, value = pair.partition(b"=")
        if not _readable(unquote_to_bytes(value.replace(b"+", b" "))):
            found.append("query." + printable(unquote(name.decode("latin-1")))[:64])
    return found


def _readable(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")  # strict: the bytes of a lone surrogate are no UTF-8
    except UnicodeDecodeError:
        return False
    return True
