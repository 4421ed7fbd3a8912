"""Municipalities by CBS code, and the schema 1 names of the first pilot's six."""

from __future__ import annotations

import pytest

from model.municipalities import LEGACY_CODES, PILOT_NAMES, from_legacy, is_code, is_valid, name_of


@pytest.mark.parametrize(("value", "code", "valid"), [
    ("GM0363", True, True), ("GM1234", True, True), ("other", False, True),
    ("gm0363", False, False), ("GM363", False, False), ("GM03630", False, False),
    ("GM0363\n", False, False), ("GM٠٣٦٣", False, False), ("amsterdam", False, False), ("", False, False),
    (None, False, False), (363, False, False),
])
def test_codes_are_gm_and_four_digits(value: object, code: bool, valid: bool) -> None:
    assert is_code(value) is code
    assert is_valid(value) is valid


def test_the_six_schema_1_names_map_to_their_codes() -> None:
    assert {name: from_legacy(name) for name in LEGACY_CODES} == {
        "amsterdam": "GM0363", "rotterdam": "GM0599", "utrecht": "GM0344",
        "den_haag": "GM0518", "eindhoven": "GM0772", "venlo": "GM0983"}
    assert set(LEGACY_CODES.values()) == set(PILOT_NAMES)
    assert from_legacy("GM0363") == "GM0363"
    assert from_legacy("other") == "other"


def test_a_name_from_the_list_then_the_pilot_then_the_code() -> None:
    assert name_of("GM0363") == "Amsterdam"
    assert name_of("GM0518") == "'s-Gravenhage"
    assert name_of("GM0344", {"GM0344": "Utrecht (stad)"}) == "Utrecht (stad)"
    assert name_of("GM0855") == "GM0855"
