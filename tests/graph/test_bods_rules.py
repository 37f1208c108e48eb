"""The OFAC, EU and UK rules on the real BODS examples, end to end through the CLI:
`load` a tiny FtM list naming some of the examples' people, `graph-load` the examples,
`graph-link`, then `owned --json`; each answer is checked against what this test
computes from the raw BODS JSON with its own reading of DOMAIN.md section 2.

Expected outcomes (the people below designated):
- Profitech Ltd (Hewitson-Smith 100%), Company A (Morton 100%), Fermcat Ltd
  (O'Donohue 100% since 2022; the Byrne-Amin relationships are closed): yes under all
  three rules.
- Joint shareholding (Coleman 50% of a joint arrangement): yes under OFAC and EU (50 or
  more); yes under the UK rule because a joint holding counts whole for each joint
  holder (Coleman 50 + Lopez 50). CHRINON LTD, 100% held by that arrangement: yes.
- Los Corazones de Plata (Teixeira Perez: other influence or control, through her
  nominee): control, so yes under EU and UK, not under OFAC (control alone never blocks).
- MARE POND PROPERTIES (Hunt: more than 25%, less than 50%) and Platinum Emerald
  (Hubbard: 25% to less than 50%, declared in two files, which is one interest stated
  twice, not two to add up): no under every rule, so `owned` does not list them.
- Levent Trust (Anderson is only its trustee): not ownership or control of the trust.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
from typer.testing import CliRunner

from kleptrace.cli import app
from tests.graph.test_bods import EXAMPLES, current_statements

runner = CliRunner(env={"COLUMNS": "200"})

DESIGNATED = [
    "Jennifer Hewitson-Smith",
    "Logan Morton",
    "Patrick O'Donohue",
    "Natalie Coleman",
    "Silvia Teixeira Perez",
    "Mr Jeremy Hunt",
    "Michael Hubbard",
    "Andrew Anderson",
]
LINK_THRESHOLD = "0.75"
"""Names such as "Natalie Coleman" made only of common names score 0.8 on their own
(the screening engine wants one more agreeing fact); the list here is the test's own,
so the links are accepted a little lower."""

MEASURES = {"shareholding": "ownership", "votingRights": "voting"}
CONTROL = {
    "appointmentOfBoard",
    "otherInfluenceOrControl",
    "settlor",
    "protector",
    "rightsGrantedByContract",
    "conditionalRightsGrantedByContract",
    "controlViaCompanyRulesOrArticles",
    "controlByLegalFramework",
}
RULE_MEASURES = {"ofac": ("ownership",), "eu": ("ownership",), "uk": ("ownership", "voting")}
Key = tuple[str, ...]
Bound = tuple[float, bool]  # value, exclusive


def _share(interest: dict[str, Any]) -> tuple[Bound, Bound]:
    share = interest.get("share") or {}
    if "exact" in share:
        return (share["exact"], False), (share["exact"], False)
    low = (
        (share["minimum"], False)
        if "minimum" in share
        else (share.get("exclusiveMinimum", 0), "exclusiveMinimum" in share)
    )
    high = (
        (share["maximum"], False)
        if "maximum" in share
        else (share.get("exclusiveMaximum", 100), "exclusiveMaximum" in share)
    )
    return low, high


def raw_graph() -> tuple[dict[Key, list[tuple[Key, str, Bound, Bound]]], dict[Key, str], set[Key]]:
    """Per subject entity, its current interests (owner, measure or "control", low,
    high); entity names; the arrangements. People are keyed by name, so one person
    declared in two files is one owner; an interest stated as indirect is left out
    where a direct one of its type exists (it restates a chain)."""
    held: dict[Key, list[tuple[Key, str, Bound, Bound]]] = {}
    names: dict[Key, str] = {}
    arrangements: set[Key] = set()
    for path in EXAMPLES:
        current, _ = current_statements(path)
        people = {}
        for s in current:
            details = s["recordDetails"]
            if s["recordType"] == "person":
                people[s["recordId"]] = (
                    "person",
                    (details.get("names") or [{}])[0].get("fullName"),
                )
            elif s["recordType"] == "entity":
                names[(path.name, s["recordId"])] = details.get("name")
                if details["entityType"]["type"] == "arrangement":
                    arrangements.add((path.name, s["recordId"]))
        for s in current:
            details = s["recordDetails"]
            if s["recordType"] != "relationship" or s["recordStatus"] == "closed":
                continue
            party = details["interestedParty"]
            if not isinstance(party, str):
                continue
            owner = people.get(party, (path.name, party))
            interests = details.get("interests") or []
            direct_types = {
                i.get("type") for i in interests if i.get("directOrIndirect") != "indirect"
            }
            for interest in interests:
                kind = interest.get("type")
                measure = MEASURES.get(kind) or ("control" if kind in CONTROL else None)
                if measure is None:
                    continue
                if interest.get("directOrIndirect") == "indirect" and kind in direct_types:
                    continue
                low, high = _share(interest)
                held.setdefault((path.name, details["subject"]), []).append(
                    (owner, measure, low, high)
                )
    # one person's interest of one kind in one company, declared twice, counts once
    for subject, rows in held.items():
        seen: dict[tuple[Key, str], tuple[Key, str, Bound, Bound]] = {}
        for owner, measure, low, high in rows:
            before = seen.get((owner, measure))
            if before and owner[0] == "person":
                low, high = (
                    min(before[2], low, key=lambda b: (b[0], b[1])),
                    max(before[3], high, key=lambda b: (b[0], not b[1])),
                )
            seen[(owner, measure)] = (owner, measure, low, high)
        held[subject] = list(seen.values())
    return held, names, arrangements


def _answer(parts: list[tuple[Bound, Bound]], more_than: bool) -> str:
    low = sum(p[0][0] for p in parts)
    high = sum(p[1][0] for p in parts)
    low_x, high_x = any(p[0][1] for p in parts), any(p[1][1] for p in parts)
    if low > 50 or (low == 50 and (low_x or not more_than)):
        return "yes"
    if high < 50 or (high == 50 and (high_x or more_than)):
        return "no"
    return "undetermined"


def expected(rule: str) -> Counter[tuple[str, str, str]]:
    """(rule, entity name, answer) for every entity the rule catches, to a fixed point:
    OFAC and EU add up every designated or caught owner; the UK rule runs per person,
    counting a joint arrangement's holders together; EU and UK also take control."""
    held, names, arrangements = raw_graph()
    seeds = {("person", name) for name in DESIGNATED}
    runs = [frozenset(seeds)] if rule != "uk" else [frozenset({p}) for p in seeds]
    caught: Counter[tuple[str, str, str]] = Counter()
    for start in runs:
        yes: set[Key] = set()
        changed = True
        while changed:
            changed = False
            for subject, rows in held.items():
                if subject in yes:
                    continue
                ours = [r for r in rows if r[0] in start or r[0] in yes]
                joint = rule == "uk" and subject in arrangements and ours
                answers = [
                    _answer(
                        [(r[2], r[3]) for r in (rows if joint else ours) if r[1] == m], rule == "uk"
                    )
                    for m in RULE_MEASURES[rule]
                ]
                if "yes" in answers or (rule != "ofac" and any(r[1] == "control" for r in ours)):
                    yes.add(subject)
                    changed = True
        caught.update((rule, names[s], "yes") for s in yes)
    return +Counter({k: 1 for k in caught})


def test_rules_on_the_bods_examples(tmp_path: Path) -> None:
    db = str(tmp_path / "store.duckdb")
    listed = tmp_path / "designated.ftm.json"
    entities = []
    for i, name in enumerate(DESIGNATED):
        entities.append({"id": f"t-{i}", "schema": "Person", "properties": {"name": [name]}})
        entities.append(
            {
                "id": f"t-{i}-sanction",
                "schema": "Sanction",
                "properties": {
                    "entity": [f"t-{i}"],
                    "program": ["RUSSIA-EO14024"],
                    "authority": ["OFAC"],
                },
            }
        )
    listed.write_bytes(
        b"".join(orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE) for e in entities)
    )
    steps = [
        ["load", str(listed)],
        ["graph-load", str(EXAMPLES[0].parent)],
        ["graph-link", "--threshold", LINK_THRESHOLD],
    ]
    for step in steps:
        done = runner.invoke(app, [*step, "--db", db])
        assert done.exit_code == 0, done.output
    result = runner.invoke(app, ["owned", "--json", "--link-threshold", LINK_THRESHOLD, "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    found = Counter((r["rule"], r["name"], r["status"]) for r in rows)
    for rule in ("ofac", "eu", "uk"):
        assert +Counter({k: v for k, v in found.items() if k[0] == rule}) == expected(rule), rule
    # the documented outcomes, so a change in this test's own reading shows too
    names = {r["name"] for r in rows}
    assert {"Profitech Ltd", "CHRINON LTD", "Fermcat Ltd", "Los Corazones de Plata"} <= names
    assert (
        not {
            "MARE POND PROPERTIES LIMITED",
            "Platinum Emerald and Plutonim Mining Limited",
            "Levent Trust",
        }
        & names
    )
    assert ("ofac", "Los Corazones de Plata", "yes") not in found
    for row in rows:
        assert row["designated"] and (row["chains"] or row["basis"] == "control"), row
