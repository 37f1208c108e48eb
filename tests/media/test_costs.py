"""The stage clock of benchmarks/media_costs.py: it charges a stage's CPU time to that stage
and puts every timed function back, so the timed run reads pages as any other would.

No store is needed: the stages are called on names parsed here."""

from __future__ import annotations

from collections import Counter

from benchmarks.media_costs import _STAGES, clocked
from kleptrace.screen import screener as screening
from kleptrace.screen.forms import name_form


def test_a_clocked_stage_is_charged_and_restored() -> None:
    originals = [getattr(owner, name) for _, owner, name in _STAGES]
    spent: Counter[str] = Counter()
    query, target = name_form("Vladimir Putin", "Person"), name_form("PUTIN, Vladimir", "Person")
    with clocked(spent):
        assert all(getattr(o, n) is not f for (_, o, n), f in zip(_STAGES, originals, strict=True))
        for _ in range(200):
            score = screening.compare_names(query, target, lambda _: 1.0).score
    assert score == 1.0
    assert spent["compare names (`compare_names`)"] > 0
    assert set(spent) == {"compare names (`compare_names`)"}
    assert [getattr(owner, name) for _, owner, name in _STAGES] == originals
