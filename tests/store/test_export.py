"""Export round-trips: the FtM JSON lines kleptrace writes load back as the same entities."""

from __future__ import annotations

import io
from pathlib import Path

from kleptrace import store
from kleptrace.sources import detect
from kleptrace.store import export, read
from kleptrace.store.load import load
from kleptrace.store.plan import plan


def test_ftm_export_loads_back_unchanged(tmp_path: Path, data_dir: Path) -> None:
    con = store.connect(tmp_path / "a.duckdb")
    (files,), _ = plan([data_dir / "un_sc" / "consolidated.xml"])
    load(con, files)
    out = tmp_path / "un_sc.ftm.json"
    with open(out, "wb") as fh:
        written = export.write_ftm(con, fh)
    assert detect(out) is not None and detect(out).name == "ftm_json"  # type: ignore[union-attr]

    again = store.connect(tmp_path / "b.duckdb")
    (exported,), _ = plan([out])
    result = load(again, exported)
    assert result.entities == written

    # The FtM reader records each entity's original dataset ("un_sc") as `publisher`;
    # everything else must come back as it was written.
    def fingerprint(connection) -> dict[str, tuple[str, frozenset[tuple[str, str]]]]:
        return {
            e.id: (
                e.schema.name,
                frozenset((p.name, v) for p, v in e.itervalues() if p.name != "publisher"),
            )
            for e in read.entities(connection)
            if e.id is not None
        }

    assert fingerprint(again) == fingerprint(con)


def test_csv_export_has_provenance(tmp_path: Path, data_dir: Path) -> None:
    con = store.connect(tmp_path / "a.duckdb")
    (files,), _ = plan([data_dir / "un_sc" / "consolidated.xml"])
    result = load(con, files)
    buffer = io.StringIO()
    rows = export.write_csv(con, buffer)
    lines = buffer.getvalue().splitlines()
    assert len(lines) == rows + 1
    assert lines[0].split(",")[7:10] == ["source", "version_id", "origin"]
    assert f",un_sc,{result.version_id},consolidated.xml," in lines[1]
