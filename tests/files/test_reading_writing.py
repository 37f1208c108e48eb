"""The screen-file layer: reading parties to screen from CSV, JSON lines and Parquet
(bad rows named by line), and writing hits back out."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kleptrace.exc import KleptraceError, ParseError
from kleptrace.files.reading import BadRow, ColumnMap, QueryRow, read_queries
from kleptrace.files.writing import (
    RESULT_COLUMNS,
    RESULT_SCHEMA,
    BadRowWriter,
    ParquetResultWriter,
    explain,
    open_writer,
)
from kleptrace.screen.query import Query, QueryError
from kleptrace.screen.result import Alignment, Feature, Match


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path: Path, columns: ColumnMap | None = None) -> list[QueryRow]:
    return list(read_queries(path, columns))


def queries(rows: list[QueryRow]) -> list[Query]:
    assert all(isinstance(row, Query) for row in rows), rows
    return [row for row in rows if isinstance(row, Query)]


def bad(rows: list[QueryRow]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in rows if isinstance(row, BadRow)]


# --- CSV -------------------------------------------------------------------------------


def test_csv_detects_common_headers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "in.csv",
        "Customer_ID,Full Name,Date of Birth,Nationality,Passport,Sex,Entity Type\n"
        "c1,Vladimir Putin,07.10.1952,Russia,123,M,individual\n",
    )
    assert queries(read(path)) == [
        Query(
            names=("Vladimir Putin",),
            schema="Person",
            birth_dates=("1952-10-07", "1952-07-10"),  # day and month cannot be told apart
            countries=("ru",),
            identifiers=("123",),
            gender="male",
            id="c1",
        )
    ]


def test_csv_query_id_defaults_to_the_physical_line(tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", 'name,note\nA,x\n\nB,"two\nlines"\nC,y\n')
    assert [q.id for q in queries(read(path))] == ["2", "4", "6"]


def test_first_and_last_name_are_joined_beside_name_and_alias(tmp_path: Path) -> None:
    path = write(
        tmp_path / "in.csv",
        "first_name,patronymic,last_name,alias\nVladimir,Vladimirovich,Putin,Putin V.\n,,Shoigu,\n",
    )
    assert [q.names for q in queries(read(path))] == [
        ("Putin V.", "Vladimir Vladimirovich Putin"),
        ("Shoigu",),
    ]


def test_column_map_from_cli_options(tmp_path: Path) -> None:
    path = write(
        tmp_path / "in.csv",
        "ref,Given,Family,other,born_on,passport\nr1,Ivan,Petrov,Vanya,1970,P1\n",
    )
    columns = ColumnMap.parse(
        name=["given+family", "other"], birth_date=["born_on"], row_id="ref", detect=False
    )
    assert queries(read(path, columns)) == [
        Query(names=("Ivan Petrov", "Vanya"), birth_dates=("1970",), id="r1")
    ]


def test_a_named_column_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", "name,dob\nA,1970\n")
    with pytest.raises(ParseError, match=r"no column 'birthday'; the columns are 'name', 'dob'"):
        read(path, ColumnMap.parse(birth_date=["birthday"]))


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiter_is_taken_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = write(tmp_path / "in.csv", f"name{delimiter}country\nMüller, Hans{delimiter}DE\n")
    assert queries(read(path)) == [Query(names=("Müller, Hans",), countries=("de",), id="2")]


def test_csv_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"\xef\xbb\xbfname,id\nAcme Ltd,7\n")
    assert queries(read(path)) == [Query(names=("Acme Ltd",), id="7")]


def test_only_rows_without_a_usable_name_are_bad(tmp_path: Path) -> None:
    path = write(
        tmp_path / "in.csv",
        "name,dob,country,type\n"
        "Good One,1952,RU,person\n"  # line 2
        ",1952,RU,person\n"  # 3: no name
        "Bad Date,1952-13-01,RU,person\n"  # 4
        "Odd Date,next year,RU,person\n"  # 5
        "No Country,1952,Atlantis,person\n"  # 6
        "No Schema,1952,RU,trust\n"  # 7
        "Short Row,1952\n"  # 8
        f"{'x' * 10_001},1952,RU,person\n"  # 9
        "Good Two,,,\n",  # 10
    )
    rows = read(path)
    too_long = "field 'name' is 10,001 characters; the limit is 10,000; left out"
    screened = {q.id: q for q in rows if isinstance(q, Query)}
    assert list(screened) == ["2", "4", "5", "6", "7", "10"]
    assert bad(rows) == [
        (3, "no name: 'name' empty"),
        (8, "expected 4 fields, found 2"),
        (9, "no name: 'name' empty; " + too_long),
    ]
    assert screened["4"].warnings == ("field 'dob': cannot read date '1952-13-01'; left out",)
    assert screened["4"].countries == ("ru",) and screened["4"].birth_dates == ()
    assert screened["5"].warnings == ("field 'dob': cannot read date 'next year'; left out",)
    assert screened["6"].warnings == ("field 'country': unknown country 'Atlantis'; left out",)
    assert screened["6"].birth_dates == ("1952",)
    assert screened["7"].warnings == (
        "field 'type': unknown party type 'trust'; screened as LegalEntity",
    )
    assert screened["7"].schema == "LegalEntity"
    assert screened["2"].warnings == screened["10"].warnings == ()
    first = next(row for row in rows if isinstance(row, BadRow))
    assert first.raw == {"name": "", "dob": "1952", "country": "RU", "type": "person"}
    assert [row.raw for row in rows if isinstance(row, BadRow) and row.line == 8] == [
        "Short Row,1952"
    ]


def test_csv_rows_with_bytes_that_are_not_utf8_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"name,city\nAlpha,Oslo\nBr\xfcno,Z\xfcrich\nGamma,Rome\n")
    rows = read(path)
    assert [q.names for q in rows if isinstance(q, Query)] == [("Alpha",), ("Gamma",)]
    assert bad(rows) == [(3, "byte 0xfc is not UTF-8 (in 'Br\\\\xfcno')")]
    assert [row.raw for row in rows if isinstance(row, BadRow)] == ["Br\\xfcno,Z\\xfcrich"]


def test_csv_header_that_is_not_utf8_fails_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"\n\nnom,pr\xe9nom\nA,B\n")
    with pytest.raises(ParseError, match=r"in\.csv, line 3: byte 0xe9 is not UTF-8"):
        read(path)


def test_missing_name_column_names_the_file_and_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "people.csv", "id,dob,country\n1,1970,RU\n")
    with pytest.raises(ParseError) as caught:
        read(path)
    assert str(path) in str(caught.value)
    assert "no name column; the columns are 'id', 'dob', 'country'" in str(caught.value)


@pytest.mark.parametrize("name", ["empty.csv", "empty.jsonl", "empty.txt"])
def test_an_empty_file_yields_nothing(tmp_path: Path, name: str) -> None:
    assert read(write(tmp_path / name, "")) == []
    assert read(write(tmp_path / name, "\n\n")) == []


def test_a_header_only_csv_yields_nothing(tmp_path: Path) -> None:
    assert read(write(tmp_path / "in.csv", "name,dob\n")) == []


def test_a_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"nope\.csv"):
        read(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("value", "dates"),
    [
        ("1952", ("1952",)),
        ("1952-10", ("1952-10",)),
        ("1952-10-07", ("1952-10-07",)),
        ("1969-7-16", ("1969-07-16",)),
        ("16/7/1969", ("1969-07-16",)),
        ("16.07.1969", ("1969-07-16",)),
        ("16 Jul 1969", ("1969-07-16",)),
        ("7 October 1952", ("1952-10-07",)),
        ("July 1969", ("1969-07",)),
        ("c. 1969", ("1969",)),
        ("1960s", tuple(str(year) for year in range(1960, 1970))),
        ("00/00/1969", ("1969",)),
        ("1969-00-00", ("1969",)),
        ("25400", ("1969-07-16",)),  # Excel serial
        ("25400.0", ("1969-07-16",)),
        ("1969-07-16T00:00:00", ("1969-07-16",)),
        ("1969-07-16 13:32:00+00:00", ("1969-07-16",)),
        ("07-10-1952", ("1952-10-07", "1952-07-10")),  # day and month cannot be told apart
        ("07/10/1952", ("1952-10-07", "1952-07-10")),
        ("10/10/1952", ("1952-10-10",)),
    ],
)
def test_every_date_form_is_read(tmp_path: Path, value: str, dates: tuple[str, ...]) -> None:
    path = write(tmp_path / "in.csv", f"name,dob\nA,{value}\n")
    query = queries(read(path))[0]
    assert (query.birth_dates, query.warnings) == (dates, ())


@pytest.mark.parametrize("value", ["31/02/1952", "1968-13-30", "1952/10/07x", "soon"])
def test_unreadable_dates_are_warnings_and_the_row_is_screened(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "in.csv", f"name,dob\nVladimir Putin,{value}\n")
    (query,) = queries(read(path))
    assert query.names == ("Vladimir Putin",) and query.birth_dates == ()
    assert query.warnings == (f"field 'dob': cannot read date {value!r}; left out",)


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        ("Individual", "Person"),
        ("company", "Company"),
        ("Organisation", "Organization"),
        ("vessel", "Vessel"),
        ("PublicBody", "PublicBody"),
        ("", "LegalEntity"),
    ],
)
def test_party_types_map_to_schemata(tmp_path: Path, value: str, schema: str) -> None:
    path = write(tmp_path / "in.csv", f"name,type\nA,{value}\n")
    assert queries(read(path))[0].schema == schema


def test_default_schema_applies_to_rows_without_a_type(tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", "name\nA\n")
    assert next(read_queries(path, default_schema="Person")) == Query(("A",), "Person", id="2")


def test_gender_values(tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", "name,gender\nA,F\nB,unknown\nC,q\n")
    rows = queries(read(path))
    assert [q.gender for q in rows] == ["female", None, None]
    assert [q.warnings for q in rows] == [(), (), ("field 'gender': unknown gender 'q'; left out",)]


# --- JSON lines ------------------------------------------------------------------------


def test_jsonl_objects_with_lists_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b"not json\n"  # 1
        b'{"name": "A", "aliases": ["A1", "A2"], "dob": 1952, "id": 5}\n'  # 2
        b"\n"  # 3
        b"[1, 2]\n"  # 4
        b'{"name": "B\xff"}\n'  # 5
        b'{"aliases": []}\n'  # 6
        b'{"name": "C", "country": null}\n'  # 7
    )
    rows = read(path)
    assert [q for q in rows if isinstance(q, Query)] == [
        Query(names=("A", "A1", "A2"), birth_dates=("1952",), id="5"),
        Query(names=("C",), id="7"),
    ]
    reasons = bad(rows)
    assert [line for line, _ in reasons] == [1, 4, 5, 6]
    assert reasons[0][1].startswith("not JSON: ")
    assert reasons[1][1] == "expected a JSON object, found list"
    assert reasons[2][1] == "byte 0xff at column 12 is not UTF-8"
    assert reasons[3][1] == "no name: 'name', 'aliases' empty"


def test_jsonl_is_recognised_by_content_and_tolerates_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(b'\xef\xbb\xbf{"full_name": "Acme"}\n')
    assert queries(read(path)) == [Query(names=("Acme",), id="1")]


def test_jsonl_first_object_without_a_name_fails_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "in.ndjson", '{"id": 1, "dob": "1970"}\n')
    with pytest.raises(ParseError, match=r"no name column; the columns are 'id', 'dob'"):
        read(path)


# --- Parquet ---------------------------------------------------------------------------


def test_parquet_rows_are_numbered_from_one(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    table = pa.table(
        {
            "name": ["A", None, "C"],
            "birth_date": [datetime.date(1952, 10, 7), None, None],
            "country": ["Russia", "RU", "GB"],
            "unused": [1, 2, 3],
        }
    )
    pq.write_table(table, path)
    rows = read(path)
    assert [q for q in rows if isinstance(q, Query)] == [
        Query(names=("A",), birth_dates=("1952-10-07",), countries=("ru",), id="1"),
        Query(names=("C",), countries=("gb",), id="3"),
    ]
    assert bad(rows) == [(2, "no name: 'name' empty")]
    assert [row.raw for row in rows if isinstance(row, BadRow)] == [
        {"name": None, "birth_date": None, "country": "RU"}
    ]


def test_parquet_streams_across_batches_whatever_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "in.data"
    pq.write_table(pa.table({"name": [f"N{i}" for i in range(25_000)]}), path, row_group_size=7_000)
    ids = [row.id for row in read(path) if isinstance(row, Query)]
    assert ids == [str(i) for i in range(1, 25_001)]


def test_a_broken_parquet_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not a readable Parquet file"):
        read(write(tmp_path / "in.parquet", "name\nA\n"))


# --- writers ---------------------------------------------------------------------------


QUERY = Query(
    names=("Vladimir Putin",),
    schema="Person",
    birth_dates=("1952-10-07",),
    id="c1",
    warnings=("field 'country': unknown country 'Atlantis'; left out",),
)
MATCH = Match(
    entity_id="Q7747",
    caption="Vladimir Putin",
    schema="Person",
    score=0.981234,
    query_name="Vladimir Putin",
    matched_name="Putin, Vladimir Vladimirovich",
    sources=("eu_fsf", "gb_hmt"),
    regimes=("RUS",),
    alignment=(
        Alignment("vladimir", "vladimir", 1.0, "exact"),
        Alignment("putin", "putin", 1.0, "exact"),
    ),
    features=(
        Feature("name", 0.93, 0.93, "'Vladimir Putin' ~ 'Putin, Vladimir'"),
        Feature("birth_date", 1.0, 0.05, "1952-10-07 = 1952-10-07"),
    ),
    query_id="c1",
)
EXPLANATION = (
    "name 0.93 (vladimir=vladimir 1.00, putin=putin 1.00); "
    "birth_date +0.05 (1952-10-07 = 1952-10-07)"
)
OTHER = Match("Q2", "Acme", "Company", 0.7, "Vladimir Putin", "Acme")


def test_explanation_is_one_compact_line() -> None:
    assert explain(MATCH) == EXPLANATION
    assert explain(OTHER) == ""
    penalty = Feature("country", 0.0, -0.1, "ru\nvs gb")
    assert explain(Match("Q3", "X", "Person", 0.5, "X", "X", features=(penalty,))) == (
        "country -0.10 (ru vs gb)"
    )


def test_csv_writer_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with open_writer(path) as writer:
        writer.write(QUERY, [MATCH, OTHER])
        writer.write(Query(("Nobody",), id="c2"), [])
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == RESULT_COLUMNS
    assert rows[0] == {
        "query_id": "c1",
        "query_name": "Vladimir Putin",
        "entity_id": "Q7747",
        "caption": "Vladimir Putin",
        "schema": "Person",
        "score": "0.9812",
        "sources": "eu_fsf;gb_hmt",
        "regimes": "RUS",
        "matched_name": "Putin, Vladimir Vladimirovich",
        "explanation": EXPLANATION,
        "warnings": "field 'country': unknown country 'Atlantis'; left out",
    }
    assert [(r["entity_id"], r["sources"]) for r in rows[1:]] == [("Q2", "")]


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
def test_jsonl_writer_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    with open_writer(path) as writer:
        writer.write(QUERY, [MATCH])
    [row] = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert row["sources"] == ["eu_fsf", "gb_hmt"]
    assert row["explanation"] == EXPLANATION
    assert row["match"] == orjson.loads(orjson.dumps(MATCH.to_dict()))
    assert list(row) == [*RESULT_COLUMNS, "match"]


def test_parquet_writer_round_trip_in_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with ParquetResultWriter(path, batch_rows=2) as writer:
        for number in range(3):
            writer.write(Query(("Vladimir Putin",), id=str(number)), [MATCH, OTHER])
    parquet = pq.ParquetFile(path)
    assert parquet.schema_arrow == RESULT_SCHEMA
    assert parquet.metadata.num_row_groups == 3
    table = parquet.read()
    assert table.column("query_id").to_pylist() == ["0", "0", "1", "1", "2", "2"]
    assert table.slice(0, 1).to_pylist()[0] == {
        "query_id": "0",
        "query_name": "Vladimir Putin",
        "entity_id": "Q7747",
        "caption": "Vladimir Putin",
        "schema": "Person",
        "score": 0.9812,
        "sources": ["eu_fsf", "gb_hmt"],
        "regimes": ["RUS"],
        "matched_name": "Putin, Vladimir Vladimirovich",
        "explanation": EXPLANATION,
        "warnings": [],
    }


def test_parquet_writer_without_hits_writes_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with open_writer(path):
        pass
    assert pq.read_table(path).schema == RESULT_SCHEMA


def test_writer_closes_the_file_when_screening_fails(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError), open_writer(path) as writer:
        writer.write(QUERY, [MATCH])
        raise RuntimeError("boom")
    assert pq.read_table(path).num_rows == 1


def test_unknown_output_extension_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KleptraceError, match=r"out\.xlsx.*use \.csv, \.jsonl or \.parquet"):
        open_writer(tmp_path / "out.xlsx")


def test_bad_row_writer_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    with BadRowWriter(path) as writer:
        writer.write(BadRow(3, "no name: 'name' empty", {"name": "", "dob": "1952"}))
        writer.write(BadRow(8, "expected 4 fields, found 2", "Short Row,1952"))
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows == [
        {"line": "3", "reason": "no name: 'name' empty", "raw": '{"name":"","dob":"1952"}'},
        {"line": "8", "reason": "expected 4 fields, found 2", "raw": "Short Row,1952"},
    ]


def test_an_unknown_default_schema_fails_before_reading(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown schema 'Trust'"):
        next(read_queries(tmp_path / "never-opened.csv", default_schema="Trust"))
