"""The OFAC, EU and UK rules on the worked examples of DOMAIN.md section 2 (the X/Y/Z
structure and the three OFAC FAQ 401 bullets), on ranges, control, joint holdings and
cycles. Every expected value is read off the legal test, not off the engine's output."""

from __future__ import annotations

import pytest

from kleptrace.exc import KleptraceError
from kleptrace.graph.rules import RULES, rule_module
from kleptrace.graph.rules.lookthrough import product_of_stakes
from kleptrace.graph.rules.paths import chains
from tests.graph.edges import answer, edge, run, statuses

# X and Y designated everywhere, Z clean; P holds a London title.
WORKED = [
    edge("X", "A", 60),
    edge("A", "B", 25),
    edge("Y", "B", 30),
    edge("Z", "B", 45),
    edge("B", "P", 100),
    edge("P", "title", kind="proprietor"),
    edge("X", "D", 45),
    edge("D", "E", 100),
    edge("X", "E", 10),
]
# DOMAIN.md's table: entity -> (OFAC, EU, UK, product of stakes along paths)
WORKED_TABLE = {
    "A": ("yes", "yes", "yes", 60.0),
    "B": ("yes", "yes", "no", 45.0),
    "P": ("yes", "yes", "no", 45.0),
    "title": ("yes", "yes", "no", 45.0),
    "E": ("no", "no", "no", 55.0),
}
PSC_25_TO_50 = (25.0, 50.0, True, False)  # more than 25%, at most 50%
PSC_50_TO_75 = (50.0, 75.0, True, False)
ROE_OVER_25 = (25.0, None, True, False)  # Register of Overseas Entities: "more than 25%"


def test_worked_example_gives_the_documented_table() -> None:
    con, outcomes = run(WORKED, ["X", "Y"])
    found = {name: statuses(con, outcome) for name, outcome in outcomes.items()}
    product = dict(
        con.execute(f"SELECT entity_id, product_min FROM {product_of_stakes(con)}").fetchall()
    )
    for entity, (ofac, eu, uk, stakes) in WORKED_TABLE.items():
        assert answer(found["ofac"], entity) == ofac, entity
        assert answer(found["eu"], entity) == eu, entity
        assert answer(found["uk"], entity) == uk, entity
        assert product[entity] == stakes, entity
    assert set(found["ofac"]) == set(found["eu"]) == {"A", "B", "P", "title"}
    assert set(found["uk"]) == {"A"}


def test_worked_example_explains_b_as_y_30_plus_blocked_a_25() -> None:
    con, outcomes = run(WORKED, ["X", "Y"])
    row = con.execute(f"SELECT lo, hi FROM {outcomes['ofac'].table} WHERE entity_id = 'B'")
    assert row.fetchall() == [(55.0, 55.0)]
    paths = chains(con, RULES["ofac"], ["B"])["B"]
    assert [[hop[0] for hop in path] for path in paths] == [["Y", "B"], ["X", "A", "B"]]
    assert [path[-1][1] for path in paths] == [30.0, 25.0]
    uk = con.execute(f"SELECT person_id, lo FROM {outcomes['uk'].table} WHERE entity_id = 'A'")
    assert uk.fetchall() == [("X", 60.0)]


@pytest.mark.parametrize(
    ("edges", "blocked"),
    [
        # X 50% of A, A 50% of B: B blocked
        ([edge("X", "A", 50), edge("A", "B", 50)], {"A", "B"}),
        # X 50% of A and of B; A and B each 25% of C: C blocked
        (
            [edge("X", "A", 50), edge("X", "B", 50), edge("A", "C", 25), edge("B", "C", 25)],
            {"A", "B", "C"},
        ),
        # X 50% of A and 10% of B; A 40% of B: B blocked (10 + 40)
        ([edge("X", "A", 50), edge("X", "B", 10), edge("A", "B", 40)], {"A", "B"}),
    ],
)
def test_ofac_faq_401_examples(edges: list[dict[str, object]], blocked: set[str]) -> None:
    con, outcomes = run(edges, ["X"])
    assert statuses(con, outcomes["ofac"]) == dict.fromkeys(blocked, "yes")
    assert statuses(con, outcomes["eu"]) == dict.fromkeys(blocked, "yes")
    assert statuses(con, outcomes["uk"]) == {}  # 50% is not "more than 50%"


@pytest.mark.parametrize(
    ("band", "ofac", "uk"),
    [
        (PSC_25_TO_50, "undetermined", "no"),  # could be exactly 50; can never exceed 50
        (PSC_50_TO_75, "yes", "yes"),
        (ROE_OVER_25, "undetermined", "undetermined"),
        (None, "undetermined", "undetermined"),  # stake stated, size unknown
        ((75.0, 100.0, False, False), "yes", "yes"),
        ((10.0, 50.0, False, True), "no", "no"),  # under 50
    ],
)
def test_ranges_answer_yes_no_or_undetermined(
    band: tuple[float | None, float | None, bool, bool] | None, ofac: str, uk: str
) -> None:
    edges = [edge("X", "C", band=band or (None, None, False, False))]
    con, outcomes = run(edges, ["X"])
    assert answer(statuses(con, outcomes["ofac"]), "C") == ofac
    assert answer(statuses(con, outcomes["eu"]), "C") == ofac
    assert answer(statuses(con, outcomes["uk"]), "C") == uk


def test_undetermined_propagates_and_settles_with_other_stakes() -> None:
    edges = [
        edge("X", "A", band=PSC_25_TO_50),
        edge("A", "B", 100),  # B is blocked exactly when A is
        edge("Y", "C", 30),
        edge("A", "C", 10),  # 30 + (0 or 10): never 50
        edge("Y", "D", 45),
        edge("A", "D", 10),  # 45 + (0 or 10): undetermined
        edge("Y", "F", 30),
        edge("X", "F", band=PSC_25_TO_50),  # 30 + (25, 50]: at least 55
    ]
    con, outcomes = run(edges, ["X", "Y"])
    ofac = statuses(con, outcomes["ofac"])
    assert ofac == {"A": "undetermined", "B": "undetermined", "D": "undetermined", "F": "yes"}
    assert statuses(con, outcomes["uk"]) == {}  # nobody alone can exceed 50


def test_uk_attributes_a_majority_holdings_whole() -> None:
    # X controls A (60), so A's 30% of C is X's: 25 + 30 = 55 > 50
    edges = [edge("X", "A", 60), edge("A", "C", 30), edge("X", "C", 25)]
    con, outcomes = run(edges, ["X"])
    assert statuses(con, outcomes["uk"]) == {"A": "yes", "C": "yes"}


def test_uk_aggregates_only_joint_holdings() -> None:
    apart = [edge("X", "C", 30), edge("Y", "C", 30)]
    jointly = [edge("X", "C", 30, joint="j1"), edge("Y", "C", 30, joint="j1")]
    con, outcomes = run(apart, ["X", "Y"])
    assert statuses(con, outcomes["uk"]) == {}
    assert statuses(con, outcomes["ofac"]) == {"C": "yes"}
    con, outcomes = run(jointly, ["X", "Y"])
    rows = con.execute(f"SELECT person_id, lo FROM {outcomes['uk'].table} ORDER BY 1").fetchall()
    assert rows == [("X", 60.0), ("Y", 60.0)]
    # a clean joint holder's part counts for the designated one: held jointly
    con, outcomes = run([edge("X", "C", 30, joint="j"), edge("Z", "C", 30, joint="j")], ["X"])
    assert statuses(con, outcomes["uk"]) == {"C": "yes"}


def test_control_counts_for_eu_and_uk_not_ofac() -> None:
    edges = [
        edge("X", "C", kind="control"),  # right to appoint the board
        edge("X", "V", 60, kind="voting"),
        edge("C", "S", 60),  # a controlled company's holdings count too
    ]
    con, outcomes = run(edges, ["X"])
    assert statuses(con, outcomes["ofac"]) == {}
    assert statuses(con, outcomes["eu"]) == {"C": "yes", "V": "yes", "S": "yes"}
    assert statuses(con, outcomes["uk"]) == {"C": "yes", "V": "yes", "S": "yes"}
    basis = con.execute(f"SELECT entity_id, basis FROM {outcomes['eu'].table} ORDER BY 1")
    assert basis.fetchall() == [("C", "control"), ("S", "ownership"), ("V", "control")]


def test_ceased_and_restated_indirect_interests_do_not_count() -> None:
    edges = [
        edge("X", "A", 60, ended="2020-01-01"),
        edge("X", "B", 60),
        edge("B", "C", 60),
        edge("X", "C", 36, direct=False),  # the same stake, restated indirectly
        edge("X", "D", 60, direct=False),  # indirect, chain unknown: the only statement
    ]
    con, outcomes = run(edges, ["X"])
    assert statuses(con, outcomes["ofac"]) == {"B": "yes", "C": "yes", "D": "yes"}
    row = con.execute(f"SELECT lo FROM {outcomes['ofac'].table} WHERE entity_id = 'C'")
    assert row.fetchall() == [(60.0,)]


def test_cycles_terminate() -> None:
    edges = [
        edge("A", "B", 60),
        edge("B", "A", 60),  # A and B own each other; nobody designated owns them
        edge("X", "C", 60),
        edge("C", "D", 60),
        edge("D", "C", 30),
        edge("D", "E", 100),
        edge("E", "D", 0.5),
    ]
    con, outcomes = run(edges, ["X"])
    assert statuses(con, outcomes["ofac"]) == {"C": "yes", "D": "yes", "E": "yes"}
    assert statuses(con, outcomes["uk"]) == {"C": "yes", "D": "yes", "E": "yes"}
    assert all(outcome.rounds <= 5 for outcome in outcomes.values())
    product = dict(con.execute(f"SELECT entity_id, hops FROM {product_of_stakes(con)}").fetchall())
    assert product == {"C": 1, "D": 2, "E": 3}
    assert chains(con, RULES["uk"], ["E"]) == {
        "E": [
            [
                ("X", None, None, None),
                ("C", 60.0, 60.0, "ownership"),
                ("D", 60.0, 60.0, "ownership"),
                ("E", 100.0, 100.0, "ownership"),
            ]
        ]
    }


def test_unknown_rule_names_the_choices() -> None:
    with pytest.raises(KleptraceError, match="ofac, eu, uk"):
        rule_module("us")
