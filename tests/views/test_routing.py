"""The route table's matching and the screen stacks it gives."""

from __future__ import annotations

from views.routing import Match, find, match, route_of, stack

TABLE: dict[str, str | None] = {
    "/": None,
    "/contacts/new": "/",
    "/contacts/:id": "/",
    "/contacts/:id/edit": "/contacts/:id",
    "/settings": "/",
}


def test_static_and_parameter_routes_match() -> None:
    assert match("/", "/") == {}
    assert match("/contacts/:id", "/contacts/abc") == {"id": "abc"}
    assert match("/contacts/:id", "/contacts") is None
    assert match("/contacts/:id", "/contacts/abc/edit") is None


def test_first_matching_pattern_wins_so_new_is_not_an_id() -> None:
    found = find(TABLE, "/contacts/new")
    assert found == Match("/contacts/new", {})


def test_query_string_is_ignored_for_matching() -> None:
    assert find(TABLE, "/settings?tab=pin") == Match("/settings", {})


def test_unknown_route_matches_nothing() -> None:
    assert find(TABLE, "/nowhere") is None


def test_edit_screen_sits_on_its_detail_on_the_list() -> None:
    found = find(TABLE, "/contacts/abc/edit")
    assert found is not None
    routes = [route_of(m) for m in stack(TABLE, found)]
    assert routes == ["/", "/contacts/abc", "/contacts/abc/edit"]
