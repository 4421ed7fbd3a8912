"""CSV export of contacts: UTF-8 with a BOM (so Excel reads Polish, Romanian and Bulgarian
text correctly), header and value labels in the requested language, the outreach worker by
name, cells separated the way Excel set to that language expects (or as asked).

`csv_chunks` writes every CSV the server hands out (the figures' too): the BOM, the
separator, and every cell through the formula guard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import locales
from model.values import FIELD_VALUES, EntitlementQuestion
from server.db import SessionFactory
from server.errors import InvalidInput, field_errors
from server.models import CurrentContact, User
from server.services import audit
from server.services.audit import Action, Actor
from server.services.contacts import ContactFilters, filtered, item
from server.services.principals import Principal, Role

BOM = "\ufeff"
# The separators a reader may ask for by name (`sep`); none asked: the language's own.
SEPARATORS: dict[str, str] = {"comma": ",", "semicolon": ";"}
_ROWS_PER_CHUNK = 500
COLUMNS: tuple[str, ...] = (
    "id", "person_id", "contact_date", "municipality", "municipality_other", "area",
    "location.lat", "location.lon", "consent", "person_language", "alias", "nationality",
    "gender", "age_band", "time_in_nl",
    "time_homeless", "sleeping_situation", "id_document", "brp_registered", "health_physical",
    "health_mental", "addiction", "acute_needs", "wish", "referrals", "outcome",
    "entitlement_indication", "notes", "follow_up_on", "worker_id", "rev", "created_at",
    "updated_at",
)
_REVIEW_COLUMNS = ("review_state", "review_comment", "reviewed_at")
# Cells starting like a formula are prefixed so a spreadsheet shows them as text —
# also after leading spaces or line breaks, which spreadsheets may trim on import, and
# with the full-width signs some of them read as formulas too.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def export_csv(sessions: SessionFactory, *, principal: Principal, filters: ContactFilters,
               lang: str = "en", sep: str | None = None) -> Iterator[str]:
    """The matching contacts as CSV text chunks (the first starts with the BOM).

    The export is audited when this is called; the rows are read, with a
    session of their own, as the chunks are consumed.

    Args:
        sep: "comma" or "semicolon"; None for what Excel expects in `lang`.

    Raises:
        Forbidden: the caller is not a supervisor or admin.
        InvalidInput: a filter value or the separator is not valid.
    """
    principal.require(Role.SUPERVISOR)
    filters.check()
    delimiter = separator(sep, lang)
    with sessions() as db:
        audit.record(db, actor=Actor.of(principal), action=Action.EXPORT,
                     object_id=filters.person_id)
        db.commit()
    return _chunks(sessions, org_id=principal.org_id, filters=filters, lang=lang,
                   delimiter=delimiter)


def separator(sep: str | None, lang: str) -> str:
    """The cell separator for `sep` ("comma", "semicolon"), or `lang`'s when None.

    Raises:
        InvalidInput: another name.
    """
    if sep is None:
        return locales.list_separator(lang)
    if sep not in SEPARATORS:
        raise InvalidInput(field_errors(("sep", "invalid_value", {})))
    return SEPARATORS[sep]


def csv_chunks(rows: Iterable[list[Any]], *, delimiter: str = ",") -> Iterator[str]:
    """`rows` as CSV text in chunks (the first starts with the BOM), each cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    for count, cells in enumerate(rows, start=1):
        writer.writerow([_text(cell) for cell in cells])
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def header(lang: str) -> list[str]:
    """The header row in `lang`."""
    questions = [locales.field_label(f"entitlement.{q.value}", lang) for q in EntitlementQuestion]
    return ([locales.field_label(c, lang) for c in COLUMNS] + questions
            + [locales.field_label(c, lang) for c in _REVIEW_COLUMNS])


def row(contact: dict[str, Any], lang: str, workers: dict[str, str] | None = None) -> list[str]:
    """One contact (wire form with review) as CSV cells in `lang` (not yet guarded); the
    outreach worker by the name in `workers` (user id to name), else the id."""
    location = contact.get("location") or {}
    worker = str(contact.get("worker_id"))
    values = {**contact, "location.lat": location.get("lat"), "location.lon": location.get("lon"),
              "worker_id": (workers or {}).get(worker, worker)}
    cells = [_cell(name, values.get(name), lang) for name in COLUMNS]
    answers = contact.get("entitlement") or {}
    cells += [_value("entitlement", answers.get(q.value), lang) for q in EntitlementQuestion]
    review = contact.get("review") or {}
    cells += [_value("review_state", review.get("state"), lang),
              _plain(review.get("comment")), _plain(review.get("reviewed_at"))]
    return cells


def _chunks(sessions: SessionFactory, *, org_id: str, filters: ContactFilters,
            lang: str, delimiter: str) -> Iterator[str]:
    with sessions() as db:
        workers = {user_id: name for user_id, name in db.execute(
            select(User.id, User.username).where(User.org_id == org_id))}
        rows = (row(contact, lang, workers) for contact in _contacts(db, org_id, filters))
        yield from csv_chunks(chain([header(lang)], rows), delimiter=delimiter)


def _contacts(db: Session, org_id: str, filters: ContactFilters) -> Iterator[dict[str, Any]]:
    query = filtered(org_id, filters).order_by(CurrentContact.contact_date,
                                               CurrentContact.created_at, CurrentContact.id)
    for current, content, device in db.execute(
            query.execution_options(yield_per=_ROWS_PER_CHUNK)):
        yield item(current, content, device)


def _cell(name: str, value: Any, lang: str) -> str:
    if name == "entitlement_indication":
        return value["code"] if isinstance(value, dict) else ""
    if isinstance(value, list):
        return "; ".join(_value(name, v, lang) for v in value)
    return _value(name, value, lang)


def _value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if name in FIELD_VALUES and isinstance(value, str):
        return locales.label(name, value, lang)
    return _plain(value)


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    looks_like_formula = text[:1] in ("\t", "\r") or text.lstrip().startswith(_FORMULA_START)
    return "'" + text if looks_like_formula else text
