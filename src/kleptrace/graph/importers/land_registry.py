"""HM Land Registry "Overseas companies that own property in England and Wales" (OCOD) and
"UK companies that own property in England and Wales" (CCOD) CSV files.

Each row is a title (a RealEstate node: address, tenure, price paid) with up to four
proprietors, each a `proprietor` edge to the title dated by "Date Proprietor Added" (and ended by
the "Change Date" of a change-only file's deletion, Change Indicator "D").
Co-proprietors of one title share the title as `joint_group`. A UK company with a
registration number is the Companies House node of that number; other proprietors are
named by name (and, in OCOD, their country of incorporation), the key the aggregated
overseas-proprietor file uses too (land_registry_totals).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kleptrace.graph.importers.base import GraphFormat, csv_header, iso_date, table_records
from kleptrace.graph.importers.rows import GraphRows, country_code
from kleptrace.graph.importers.uk import company_id

PROPRIETORS = 4
NEEDED = ("Title Number", "Property Address", "Proprietor Name (1)")
TITLE_ATTRIBUTES = {
    "Tenure": "tenure",
    "District": "district",
    "County": "county",
    "Region": "region",
    "Postcode": "postalCode",
    "Multiple Address Indicator": "multipleAddress",
    "Price Paid": "pricePaid",
    "Date Proprietor Added": "dateProprietorAdded",
    "Additional Proprietor Indicator": "additionalProprietor",
}


def sniff(path: Path, head: bytes) -> bool:
    header = csv_header(head)
    return "Title Number" in header and "Proprietor Name (1)" in header


def proprietor_id(name: str) -> str:
    """The node of a proprietor known only by name: upper case, spaces collapsed."""
    return "hmlr:" + " ".join(name.upper().split())


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        for record in table_records(path, rows, NEEDED):
            _title(path, f"line {record.line}", record.cells, rows)


def _title(path: Path, position: str, cells: dict[str, Any], rows: GraphRows) -> None:
    title_number = cells["Title Number"].strip()
    if not title_number:
        rows.reject(str(path), position, "no title number", json.dumps(cells))
        return
    overseas = "Country Incorporated (1)" in cells
    where = f"{path.name}:{position}"
    title = rows.node(
        f"gb-title:{title_number}",
        "RealEstate",
        cells["Property Address"].strip() or None,
        where,
        jurisdiction="gb",
        identifiers={"titleNumber": title_number},
        attributes={label: cells.get(col, "").strip() for col, label in TITLE_ATTRIBUTES.items()},
    )
    proprietors = [
        n for n in range(1, PROPRIETORS + 1) if cells.get(f"Proprietor Name ({n})", "").strip()
    ]
    if not proprietors:
        rows.reject(str(path), position, "title without a proprietor name", json.dumps(cells))
        return
    added = cells.get("Date Proprietor Added", "")
    # change-only files (COU) mark a title that left the register with "D"
    removed = iso_date(cells.get("Change Date")) if cells.get("Change Indicator") == "D" else None
    for n in proprietors:
        name = cells[f"Proprietor Name ({n})"].strip()
        number = cells.get(f"Company Registration No. ({n})", "").strip()
        country = cells.get(f"Country Incorporated ({n})", "").strip()
        address = ", ".join(
            a for i in (1, 2, 3) if (a := cells.get(f"Proprietor ({n}) Address ({i})", "").strip())
        )
        identifiers = {"registrationNumber": number} if number else {}
        jurisdiction: str | None = "gb"
        if not overseas and number and re.fullmatch(r"[A-Z]{0,2}\d+", number.upper()):
            node_id = company_id(number)
        else:
            node_id = proprietor_id(name)
            jurisdiction = country_code(country) if overseas else "gb"
        owner = rows.node(
            node_id,
            "Company",
            name,
            where,
            jurisdiction=jurisdiction,
            identifiers=identifiers,
            attributes={
                "address": address,
                "countryIncorporated": country,
                "category": cells.get(f"Proprietorship Category ({n})", "").strip(),
            },
        )
        rows.edge(
            owner,
            title,
            "proprietor",
            where,
            start_date=iso_date(added),
            end_date=removed,
            joint_group=title if len(proprietors) > 1 else None,
            source_kind=cells.get(f"Proprietorship Category ({n})", "").strip() or None,
        )


FORMAT = GraphFormat(
    "land-registry",
    "HM Land Registry OCOD / CCOD titles with up to four proprietors (CSV)",
    sniff,
    read,
)
