"""The one writer of the server's CSV files (contacts and figures): BOM, guard, chunks."""

from __future__ import annotations

import csv
import io

from server.services.export import csv_chunks


def test_every_cell_of_a_file_is_written_as_text_a_spreadsheet_does_not_run() -> None:
    text = "".join(csv_chunks([["=1+1", "+31 6", "-5", "@SUM(A1)", "plain"], [None, 7]]))
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["'=1+1", "'+31 6", "'-5", "'@SUM(A1)", "plain"], ["", "7"]]


def test_a_long_file_comes_in_chunks_that_lose_no_line() -> None:
    chunks = list(csv_chunks([str(n)] for n in range(1234)))
    assert len(chunks) > 2
    lines = "".join(chunks)[1:].split("\r\n")
    assert lines == [str(n) for n in range(1234)] + [""]


def test_cells_can_be_separated_by_semicolons_and_a_cell_holding_one_is_quoted() -> None:
    text = "".join(csv_chunks([["a;b", "12,5", "plain"]], delimiter=";"))
    assert text == '\ufeff"a;b";12,5;plain\r\n'
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [["a;b", "12,5", "plain"]]
