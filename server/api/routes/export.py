"""CSV export of the filtered contact list, for the monthly case conference."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from server.api.deps import CurrentUser, SessionsDep
from server.api.routes.contacts import Filters
from server.services import export

router = APIRouter(tags=["review"])


@router.get("/export/contacts.csv", response_class=StreamingResponse)
def export_contacts(sessions: SessionsDep, user: CurrentUser, filters: Filters,
                    person_id: Annotated[str | None, Query(max_length=64)] = None,
                    lang: Annotated[str, Query(pattern="^(en|nl|pl|ro|bg)$")] = "en",
                    sep: Literal["comma", "semicolon"] | None = None,
                    ) -> StreamingResponse:
    """The contacts matching the filters as CSV (UTF-8 with BOM), labels in `lang`, cells
    separated by `sep` (default: what Excel expects in `lang`, a comma for English and a
    semicolon for the others)."""
    if person_id is not None:
        filters = filters.with_person(person_id)
    chunks = export.export_csv(sessions, principal=user, filters=filters, lang=lang, sep=sep)
    return StreamingResponse(chunks, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="contacts.csv"'})
