"""kleptrace.names.generic: "CORP" or "EMMA LLC" must not carry a match."""

from __future__ import annotations

from kleptrace.names.generic import token_weight


def test_legal_forms_weigh_least() -> None:
    assert token_weight("LLC") == 0.1
    assert token_weight("ООО") == 0.1
    assert token_weight("GmbH") == 0.1


def test_generic_words_weigh_little() -> None:
    assert token_weight("CORP") == 0.2
    assert token_weight("Trading") == 0.2
    assert token_weight("International") == 0.2
    assert token_weight("Bank") == 0.3
    assert token_weight("Банк") == 0.2
    assert token_weight("ХОЛДИНГ") == 0.2


def test_distinctive_tokens_weigh_one() -> None:
    assert token_weight("Rosneft") == 1.0
    assert token_weight("EMMA") == 1.0
    assert token_weight("Газпром") == 1.0


def test_weights_stay_in_range() -> None:
    for token in ("Shipping", "", "...", "Holding", "S.A."):
        assert 0.0 < token_weight(token) <= 1.0
