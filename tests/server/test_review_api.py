"""The supervisors' API: list with filters and keyset paging, one contact, a verdict,
a person's timeline, the figures and the CSV export."""

from __future__ import annotations

import csv
import dataclasses
import io
import secrets
from datetime import date, timedelta

import pytest

import locales
from model import Contact, Enrollment
from server.services import accounts, export
from server.services.principals import Role
from tests.server.conftest import PASSWORD, LiveServer, enrolled, signed_in
from tests.server.helpers import Api, contact, wire


@dataclasses.dataclass
class Gamma:
    supervisor: Api
    worker: Api
    worker_id: str
    worker_name: str
    contacts: list[Contact]


@pytest.fixture(scope="module")
def gamma(live: LiveServer) -> Gamma:
    """An organisation with 30 contacts of known values, spread over 30 days."""
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Gamma-{tag}")
        worker = accounts.set_user(db, org_id=org.id, username=f"gamma-w-{tag}",
                                   password=PASSWORD, role=Role.WORKER)
        accounts.set_user(db, org_id=org.id, username=f"gamma-s-{tag}", password=PASSWORD,
                          role=Role.SUPERVISOR)
    phone, device_id = enrolled(live, f"gamma-w-{tag}")
    enrollment = Enrollment(worker.id, device_id, org.id)
    made = []
    for i in range(30):
        fields = {"municipality": "GM0344" if i % 3 == 0 else "GM0983",
                  "nationality": "RO" if i % 2 == 0 else "PL",
                  "entitlement": {"works_now": "yes"} if i % 5 == 0 else {}}
        if i % 10 == 1:
            fields |= {"consent": "given", "alias": "Ionuț Ștefănescu",
                       "notes": "=cmd|' /C calc'!A0"}
        if i % 7 == 0:
            fields["outcome"] = "voluntary_return" if i % 2 else "forced_return"
        made.append(contact(enrollment, days_ago=1 + i, **fields))
    assert {r["status"] for r in phone.push([wire(c) for c in made])} == {"stored"}
    return Gamma(signed_in(live, f"gamma-s-{tag}"), phone, worker.id, f"gamma-w-{tag}", made)


def _all_pages(api: Api, **params: object) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        query = {**params, "limit": 7, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/v1/contacts", params=query).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_keyset_paging_visits_every_contact_once_newest_first(gamma: Gamma) -> None:
    items = _all_pages(gamma.supervisor)
    assert [i["id"] for i in items] == [c.id for c in gamma.contacts]
    assert all(i["review"]["state"] == "received" for i in items)


@pytest.mark.parametrize(("params", "keep"), [
    ({"municipality": "GM0344"}, lambda c: c.municipality == "GM0344"),
    ({"nationality": "RO"}, lambda c: c.nationality == "RO"),
    ({"indication": "A"}, lambda c: c.entitlement == {"works_now": "yes"}),
    ({"indication": "none"}, lambda c: not c.entitlement),
    ({"municipality": "GM0983", "nationality": "PL"},
     lambda c: c.municipality == "GM0983" and c.nationality == "PL"),
])
def test_filters_narrow_the_list(gamma: Gamma, params: dict[str, str], keep: object) -> None:
    expected = [c.id for c in gamma.contacts if keep(c)]  # type: ignore[operator]
    assert [i["id"] for i in _all_pages(gamma.supervisor, **params)] == expected


def test_date_range_and_worker_filter(gamma: Gamma) -> None:
    dates = sorted(c.contact_date for c in gamma.contacts)
    start, end = dates[5], dates[9]
    items = _all_pages(gamma.supervisor, date_from=start.isoformat(), date_to=end.isoformat(),
                       worker_id=gamma.worker_id)
    assert sorted(date.fromisoformat(str(i["contact_date"])) for i in items) == dates[5:10]
    assert _all_pages(gamma.supervisor, worker_id="somebody-else") == []


def test_review_state_filter_follows_verdicts(gamma: Gamma) -> None:
    target = gamma.contacts[4]
    answer = gamma.supervisor.post(f"/api/v1/contacts/{target.id}/review",
                                   json={"state": "rejected", "comment": "double entry"})
    assert answer.status_code == 200
    assert answer.json()["review"]["state"] == "rejected"
    items = _all_pages(gamma.supervisor, review_state="rejected")
    assert [i["id"] for i in items] == [target.id]
    assert items[0]["review"]["comment"] == "double entry"


@pytest.mark.parametrize("body", [
    {"state": "has_issues"}, {"state": "rejected", "comment": "   "},
    {"state": "edited", "comment": "x"}, {"state": "approved", "comment": "x" * 2001},
])
def test_a_verdict_needs_a_known_state_and_a_comment(gamma: Gamma, body: dict[str, str]) -> None:
    response = gamma.supervisor.post(f"/api/v1/contacts/{gamma.contacts[0].id}/review", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"][0]["field"] in ("comment", "body.state", "body.comment")


def test_bad_filter_values_are_refused_with_codes_and_translated(gamma: Gamma) -> None:
    response = gamma.supervisor.get("/api/v1/contacts", params={"municipality": "atlantis"},
                                    headers={"Accept-Language": "pl-PL,pl;q=0.9"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["field"] == "query.municipality"
    assert detail[0]["code"] == "invalid_format"
    assert detail[0]["message"] and "atlantis" not in response.text
    bad_cursor = gamma.supervisor.get("/api/v1/contacts", params={"cursor": "garbage"})
    assert bad_cursor.status_code == 422


def test_one_contact_with_its_revisions(gamma: Gamma) -> None:
    target = gamma.contacts[1]
    body = gamma.supervisor.get(f"/api/v1/contacts/{target.id}").json()
    assert body["contact"]["alias"] == "Ionuț Ștefănescu"
    assert body["contact"]["device_id"] and body["contact"]["worker_id"] == gamma.worker_id
    assert [r["rev"] for r in body["revisions"]] == [1]
    assert body["review"]["state"] == "received"


def test_person_timeline_is_oldest_first(live: LiveServer, gamma: Gamma) -> None:
    first = gamma.contacts[12]
    follow_up = contact(Enrollment(gamma.worker_id, "d", "o"), days_ago=0,
                        person_id=first.person_id)
    gamma.worker.push([wire(follow_up)])
    body = gamma.supervisor.get(f"/api/v1/persons/{first.person_id}").json()
    assert [c["id"] for c in body["contacts"]] == [first.id, follow_up.id]


def test_stats_are_the_monitoring_figures(gamma: Gamma) -> None:
    dates = sorted(c.contact_date for c in gamma.contacts)
    params = {"date_from": dates[0].isoformat(), "date_to": dates[-1].isoformat()}
    figures = gamma.supervisor.get("/api/v1/stats", params=params).json()
    assert figures["contacts"] == 30 and figures["unique_persons"] == 30
    assert figures["by_nationality"] == {"RO": 15, "PL": 15}
    outcomes = [c.outcome for c in gamma.contacts if c.outcome]
    assert figures["persons_with_outcome"] == len(outcomes)
    assert figures["forced_return_persons"] == outcomes.count("forced_return")
    assert figures["positive_outflow_persons"] == outcomes.count("voluntary_return")
    utrecht = gamma.supervisor.get("/api/v1/stats", params={**params,
                                                            "municipality": "GM0344"}).json()
    assert utrecht["contacts"] == 10
    bad = gamma.supervisor.get("/api/v1/stats", params={
        "date_from": dates[-1].isoformat(), "date_to": (dates[0] - timedelta(1)).isoformat()})
    assert bad.status_code == 422


def test_csv_export_opens_in_excel_with_labels_in_the_language(gamma: Gamma) -> None:
    response = gamma.supervisor.get("/api/v1/export/contacts.csv",
                                    params={"lang": "ro", "municipality": "GM0983"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    # Excel set to Romanian reads cells separated by semicolons.
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == [locales.field_label(f, "ro") for f in
                          ("id", "person_id", "contact_date", "municipality")]
    assert header[0] != locales.field_label("id", "en")
    assert len(body) == sum(1 for c in gamma.contacts if c.municipality == "GM0983")
    assert "Ionuț Ștefănescu" in raw.decode("utf-8-sig")
    assert {row[3] for row in body} == {locales.label("municipality", "GM0983", "ro")}
    # A note that looks like a formula is shown as text, never run by the spreadsheet.
    assert not any(cell.startswith("=") for row in body for cell in row)
    # The outreach worker by name, not by the internal id.
    worker = header.index(locales.field_label("worker_id", "ro"))
    assert {row[worker] for row in body} == {gamma.worker_name}


@pytest.mark.parametrize(("params", "delimiter"), [
    ({"lang": "en"}, ","), ({"lang": "nl"}, ";"), ({"lang": "bg"}, ";"),
    ({"lang": "nl", "sep": "comma"}, ","), ({"lang": "en", "sep": "semicolon"}, ";"),
])
def test_csv_export_separates_cells_as_excel_in_the_language_expects_or_as_asked(
        gamma: Gamma, params: dict[str, str], delimiter: str) -> None:
    response = gamma.supervisor.get("/api/v1/export/contacts.csv",
                                    params={**params, "municipality": "GM0344"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    rows = list(csv.reader(lines, delimiter=delimiter))
    assert rows[0][:2] == [locales.field_label(f, params["lang"]) for f in ("id", "person_id")]
    assert {len(row) for row in rows} == {len(rows[0])}
    assert len(rows) == 1 + sum(1 for c in gamma.contacts if c.municipality == "GM0344")


def test_csv_export_refuses_an_unknown_separator(gamma: Gamma) -> None:
    response = gamma.supervisor.get("/api/v1/export/contacts.csv", params={"sep": "tab"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "query.sep"


def written(cells: list[str]) -> list[str]:
    """One row as the CSV writer puts it in the file, read back."""
    text = "".join(export.csv_chunks([cells])).removeprefix(export.BOM)
    return next(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("text", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")", "\n=1+1",
    "\n\n  @cmd", "\t \n+1", "\u00a0-2", "\u3000=1", "\uff1d1+1", " \uff20x"])
def test_a_cell_that_a_spreadsheet_could_run_is_written_as_text(text: str) -> None:
    record = {"id": "c1", "notes": text, "area": text, "alias": text,
              "review": {"state": "has_issues", "comment": text}}
    cells = written(export.row(record, "en"))
    header = export.header("en")
    for column in ("Notes", "Area", "Name or nickname", "Supervisor's comment"):
        assert cells[header.index(column)] == "'" + text, column


@pytest.mark.parametrize("text", ["Marek", "1-2 nights", "e-mail: a@b", " spaces first"])
def test_ordinary_text_is_written_as_it_is(text: str) -> None:
    cells = written(export.row({"notes": text}, "en"))
    assert cells[export.header("en").index("Notes")] == text


def test_csv_export_of_one_person(gamma: Gamma) -> None:
    person = gamma.contacts[3].person_id
    response = gamma.supervisor.get("/api/v1/export/contacts.csv", params={"person_id": person})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == person
