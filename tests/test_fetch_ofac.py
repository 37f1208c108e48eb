"""`fetch` takes both OFAC lists in the advanced XML form, from a local HTTP server on
127.0.0.1 that serves the real CONS_ADVANCED file (and a copy in the current namespace
as SDN_ADVANCED) under the Sanctions List Service paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kleptrace import fetch
from kleptrace.sources import detect
from tests.publisher import serving

EXPORTS = "/api/PublicationPreview/exports/"
OLD = "http://www.un.org/sanctions/1.0"
NEW = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


@pytest.fixture
def sls(data_dir: Path) -> Iterator[tuple[dict[str, bytes], str]]:
    cons = (data_dir / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml").read_bytes()
    files = {
        EXPORTS + "CONS_ADVANCED.XML": cons,
        EXPORTS + "SDN_ADVANCED.XML": cons.replace(OLD.encode(), NEW.encode()),
    }

    with serving(lambda p: (200, files[p]) if p in files else (404, b"")) as url:
        yield files, url


def test_ofac_lists_are_fetched_as_advanced_xml_only() -> None:
    ofac = [i for i in fetch.downloads() if "ofac.treas.gov" in i.url]
    assert {(i.format, i.filename) for i in ofac} == {
        ("us_ofac_advanced", "SDN_ADVANCED.XML"),
        ("us_ofac_advanced", "CONS_ADVANCED.XML"),
    }
    (sdn,) = fetch.downloads(only=["us_ofac_sdn"])
    (cons,) = fetch.downloads(only=["us_ofac_cons_advanced"])
    assert (sdn.filename, cons.filename) == ("SDN_ADVANCED.XML", "CONS_ADVANCED.XML")


def test_fetch_advanced_from_local_server(
    tmp_path: Path, sls: tuple[dict[str, bytes], str]
) -> None:
    files, base = sls
    items = fetch.downloads(only=["us_ofac_advanced"])
    with httpx.Client(timeout=5) as client:
        results = fetch.fetch(tmp_path, items, client=client, mirror=base, retries=0)
    assert [r.status for r in results] == ["new", "new"], [r.error for r in results]
    for result in results:
        saved = tmp_path / result.path
        assert saved.read_bytes() == files[EXPORTS + saved.name]
        fmt = detect(saved)
        assert fmt is not None and fmt.name == "us_ofac_advanced"
    names = {detect(tmp_path / r.path).source_name(tmp_path / r.path) for r in results}  # type: ignore[union-attr]
    assert names == {"us_ofac_sdn_advanced", "us_ofac_cons_advanced"}
    with httpx.Client(timeout=5) as client:
        again = fetch.fetch(tmp_path, items, client=client, mirror=base, retries=0)
    assert [r.status for r in again] == ["unchanged", "unchanged"]
