"""National figures across organisations: monitors, and supervisors beside their own."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from server.api.deps import CurrentUser, SessionDep, SettingsDep
from server.services import national_csv
from server.services.national import NationalQuery, national_stats, reporting_today

router = APIRouter(tags=["national"])

Period = Annotated[Literal["month", "quarter", "year"], Query()]
From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
Place = Annotated[str | None, Query(max_length=16)]


@router.get("/national/stats")
def get_national_stats(db: SessionDep, settings: SettingsDep, user: CurrentUser,
                       period: Period = "month", date_from: From = None, date_to: To = None,
                       municipality: Place = None, pilot_only: bool = False) -> dict[str, Any]:
    """National figures per period (whole months, quarters or years from `from` to `to`),
    per municipality and organisation: monitors see every organisation, supervisors and
    admins the country and their own organisation. Counts of 1–4 read `"<5"`; a cell hidden
    to protect one reads `"x"`. Audited."""
    query = NationalQuery(period, date_from, date_to, municipality, pilot_only)
    return national_stats(db, principal=user, settings=settings, query=query,
                          today=reporting_today())


@router.get("/national/stats.csv", response_class=Response)
def get_national_csv(db: SessionDep, settings: SettingsDep, user: CurrentUser,
                     period: Period = "month", date_from: From = None, date_to: To = None,
                     municipality: Place = None, pilot_only: bool = False,
                     lang: Annotated[str, Query(pattern="^(en|nl|pl|ro|bg)$")] = "en",
                     sep: Literal["comma", "semicolon"] | None = None) -> Response:
    """The same figures as CSV (UTF-8 with BOM), labels in `lang`. Audited."""
    query = NationalQuery(period, date_from, date_to, municipality, pilot_only)
    text = national_csv.national_csv(db, principal=user, settings=settings, query=query,
                                     today=reporting_today(), lang=lang, sep=sep)
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="national-figures.csv"'})
