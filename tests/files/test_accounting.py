"""Every physical data row is screened or reported as bad, in every input format, and a
run whose counts do not add up fails (issue 15.1, 15.12)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kleptrace.exc import KleptraceError
from kleptrace.files import BadRow, QueryRow, RowAccount, RowAccountingError, read_queries
from kleptrace.screen import Query


def stray_quote_csv(folder: Path) -> Path:
    """20 lines: a header, then one customer per line, the line number as id; line 5
    opens a quote that never closes, line 15 is a listed person."""
    lines = ["id,name"] + [f"{n},Customer Number{n} Nobody" for n in range(2, 21)]
    lines[5 - 1] = '5,"Smith, John'
    lines[15 - 1] = "15,Vladimir Putin"
    path = folder / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_all(path: Path) -> tuple[list[QueryRow], RowAccount]:
    account = RowAccount.of(path)
    rows = list(read_queries(path, account=account))
    for row in rows:
        if isinstance(row, BadRow):
            account.bad_row()
        else:
            account.screened_row(len(row.warnings))
    return rows, account


def data_lines(path: Path, header: int) -> list[int]:
    """Line numbers of the non-blank lines after the header, read from the raw bytes."""
    lines = path.read_bytes().split(b"\n")
    return [n for n, line in enumerate(lines, 1) if line.strip() and n > header]


def test_a_stray_quote_costs_only_the_line_it_is_on(tmp_path: Path) -> None:
    path = stray_quote_csv(tmp_path)
    rows, account = read_all(path)
    expected = data_lines(path, header=1)
    assert len(expected) == 19
    assert [(r.line, r.reason) for r in rows if isinstance(r, BadRow)] == [
        (5, "malformed CSV: a quote opens a cell that never closes on this line")
    ]
    screened = {r.id: r.names for r in rows if isinstance(r, Query)}
    assert sorted(map(int, screened)) == [n for n in expected if n != 5]
    assert screened["15"] == ("Vladimir Putin",)
    account.check()
    assert account.summary() == {"rows": 19, "screened": 18, "bad": 1, "warned": 0}


def test_a_quoted_cell_may_still_span_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('id,name,note\n1,A,"two\nlines"\n2,"B ""the"" C",x\n3,"D\n', encoding="utf-8")
    rows, account = read_all(path)
    assert [(r.id, r.names) for r in rows if isinstance(r, Query)] == [
        ("1", ("A",)),
        ("2", ('B "the" C',)),
    ]
    assert [r.line for r in rows if isinstance(r, BadRow)] == [5]
    account.check()
    assert account.spanned == len(data_lines(path, header=1))


def test_jsonl_broken_line_costs_only_itself_and_columns_come_from_every_row(
    tmp_path: Path,
) -> None:
    records = [orjson.dumps({"id": n, "name": f"Customer {n}"}) for n in range(1, 21)]
    records[5 - 1] = b'{"id": 5, "name": "Smith, John'
    records[15 - 1] = orjson.dumps({"id": 15, "name": "Vladimir Putin", "dob": "7 October 1952"})
    path = tmp_path / "customers.jsonl"
    path.write_bytes(b"\n".join(records) + b"\n")
    rows, account = read_all(path)
    assert [r.line for r in rows if isinstance(r, BadRow)] == [5]
    screened = {r.id: r for r in rows if isinstance(r, Query)}
    assert len(screened) == len(data_lines(path, header=0)) - 1
    assert screened["15"].birth_dates == ("1952-10-07",)  # "dob" is in no earlier row
    account.check()


def test_parquet_map_and_nested_names_are_refused_per_row(tmp_path: Path) -> None:
    path = tmp_path / "customers.parquet"
    names = pa.array([[("first", "Vladimir")], None, None], pa.map_(pa.string(), pa.string()))
    # a list of strings gives aliases; a list of lists is no name
    aliases = pa.array([None, ["Vladimir Putin", "V. Putin"], None], pa.list_(pa.string()))
    nested = pa.array([None, None, [["a", "b"]]], pa.list_(pa.list_(pa.string())))
    pq.write_table(pa.table({"name": names, "alias": aliases, "aka": nested}), path)
    rows, account = read_all(path)
    assert [r.names for r in rows if isinstance(r, Query)] == [("Vladimir Putin", "V. Putin")]
    reasons = {r.line: r.reason for r in rows if isinstance(r, BadRow)}
    assert reasons[1] == (
        "no name: 'name', 'alias', 'aka' empty; "
        "field 'name' holds an object or map, not text; left out"
    )
    assert "field 'aka' holds a nested list, not text; left out" in reasons[3]
    account.check()
    assert account.rows == pq.ParquetFile(path).metadata.num_rows


def test_a_lost_row_fails_the_account(tmp_path: Path) -> None:
    path = stray_quote_csv(tmp_path)
    account = RowAccount.of(path)
    rows = list(read_queries(path, account=account))
    for row in rows[1:]:  # the consumer drops the first row
        account.bad_row() if isinstance(row, BadRow) else account.screened_row(0)
    with pytest.raises(
        RowAccountingError, match=r"customers\.csv: 19 rows read but 17 screened \+ 1 bad"
    ):
        account.check()


def test_a_reader_that_skips_lines_fails_the_account(tmp_path: Path) -> None:
    path = stray_quote_csv(tmp_path)
    account = RowAccount.of(path)
    account.header_lines = 1
    account.read_row(1)
    account.screened_row(0)
    with pytest.raises(RowAccountingError, match="19 data rows in the file but 1 read"):
        account.check()


def test_blank_lines_and_a_byte_order_mark_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"\xef\xbb\xbfname\n\n  \nA\r\n\nB")
    rows, account = read_all(path)
    assert [r.id for r in rows if isinstance(r, Query)] == ["4", "6"]
    assert account.in_file == 3
    account.check()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(
        st.sampled_from(["A,1", '"B, b",2', '"C', 'D"', '""', "E,3,x", "", "  ", "\r", "F\x00,4"]),
        max_size=30,
    ),
    junk=st.binary(max_size=40),
    suffix=st.sampled_from([".csv", ".jsonl", ".parquet"]),
)
def test_any_input_is_read_whole_or_refused_with_a_kleptrace_error(
    tmp_path: Path, body: list[str], junk: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(("name,n\n" + "\n".join(body)).encode() + junk)
    try:
        _, account = read_all(path)
    except KleptraceError:
        return
    account.check()


def test_jsonl_of_empty_objects_reports_each(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"{}\n\n{}\n")
    rows, account = read_all(path)
    assert [(r.line, r.reason) for r in rows if isinstance(r, BadRow)] == [
        (1, "no name: the object has no fields"),
        (3, "no name: the object has no fields"),
    ]
    account.check()
