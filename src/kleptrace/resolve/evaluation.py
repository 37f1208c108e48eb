"""Score a resolution against the ground truth the lists themselves carry.

Records that share a UN reference, IMO number, INN, OGRN, SWIFT/BIC, passport
number or OFSI group id (the FCDO list's join to the OFSI list) across lists are
one target: the positive pairs. Two records that both carry one of the kinds a
target has only one of (all those but passports, which people hold several of)
and share no value are two targets: the labelled negatives. Pairs of records with
no comparable identifier are unlabelled and count for nothing. The resolver is run
with these kinds hidden (`run.resolve_records(hidden=GROUND_TRUTH)`), so it must
find the pairs from names, dates and countries alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from kleptrace.resolve.cluster import Clusters
from kleptrace.resolve.compare import UNIQUE_KINDS, Record, contradiction

GROUND_TRUTH = (
    "unscId",
    "imoNumber",
    "innCode",
    "ogrnCode",
    "swiftBic",
    "passportNumber",
    "ofsiGroupId",
)
Identifiers = Mapping[str, Mapping[str, frozenset[str]]]


def truth_values(identifiers: Identifiers, entity_id: str) -> dict[str, frozenset[str]]:
    """A record's ground-truth identifiers by kind (BICs on their first 8 characters)."""
    kinds = identifiers.get(entity_id, {})
    return {
        k: frozenset(v[:8] for v in values) if k == "swiftBic" else values
        for k, values in kinds.items()
        if k in GROUND_TRUTH
    }


def label(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool | None:
    """True when two records share a ground-truth value, False when they carry a unique
    kind in common with no shared value, None when the identifiers say nothing."""
    common = a.keys() & b.keys()
    if any(a[k] & b[k] for k in common):
        return True
    if common & UNIQUE_KINDS:
        return False
    return None


def _lists(a: Record, b: Record) -> str:
    return " ~ ".join(sorted((a.sources[0], b.sources[0])))


@dataclass
class Counts:
    """Pairwise counts: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def figures(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }


def positive_pairs(records: Sequence[Record], identifiers: Identifiers) -> set[tuple[int, int]]:
    """Pairs of record positions on different lists that share a ground-truth value."""
    by_value: dict[tuple[str, str], list[int]] = {}
    for position, record in enumerate(records):
        for kind, values in truth_values(identifiers, record.entity_id).items():
            for value in values:
                by_value.setdefault((kind, value), []).append(position)
    out: set[tuple[int, int]] = set()
    for members in by_value.values():
        for a, b in combinations(sorted(members), 2):
            if not set(records[a].sources) & set(records[b].sources):
                out.add((a, b))
    return out


def pairwise(
    records: Sequence[Record], groups: Sequence[Sequence[int]], identifiers: Identifiers
) -> dict[str, dict[str, dict[str, float | int]]]:
    """Pairwise precision, recall and F1, overall, per schema and per pair of lists."""
    truths = [truth_values(identifiers, r.entity_id) for r in records]
    positives = positive_pairs(records, identifiers)
    overall = Counts()
    schema_counts: dict[str, Counts] = {}
    list_counts: dict[str, Counts] = {}
    predicted: set[tuple[int, int]] = set()
    for group in groups:
        for a, b in combinations(sorted(group), 2):
            predicted.add((a, b))
    for a, b in predicted | positives:
        found = (a, b) in predicted
        truth = True if (a, b) in positives else label(truths[a], truths[b])
        if truth is None or (not found and not truth):
            continue
        for counts in (
            overall,
            schema_counts.setdefault(records[a].schema, Counts()),
            list_counts.setdefault(_lists(records[a], records[b]), Counts()),
        ):
            if found and truth:
                counts.tp += 1
            elif found:
                counts.fp += 1
            else:
                counts.fn += 1
    return {
        "overall": {"all": overall.figures()},
        "schema": {k: v.figures() for k, v in sorted(schema_counts.items())},
        "lists": {k: v.figures() for k, v in sorted(list_counts.items())},
    }


def bcubed(
    records: Sequence[Record], groups: Sequence[Sequence[int]], identifiers: Identifiers
) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the records that carry a ground-truth value.

    True clusters join records sharing a value (transitively); predicted clusters are
    cut down to the same records. A true target whose records carry different kinds
    (a UN reference on one list, a passport on another) is split in the truth, so the
    precision here is a lower bound."""
    truth = Clusters(len(records))
    for a, b in positive_pairs(records, identifiers):
        ra, rb = truth.find(a), truth.find(b)
        if ra != rb:
            truth.union(ra, rb)
    labelled = [i for i, r in enumerate(records) if truth_values(identifiers, r.entity_id)]
    predicted_of: dict[int, int] = {}
    for number, group in enumerate(groups):
        for i in group:
            predicted_of[i] = number
    true_of = {i: truth.find(i) for i in labelled}
    by_predicted: dict[int, set[int]] = {}
    by_true: dict[int, set[int]] = {}
    for i in labelled:
        by_predicted.setdefault(predicted_of[i], set()).add(i)
        by_true.setdefault(true_of[i], set()).add(i)
    precision = recall = 0.0
    for i in labelled:
        mine, real = by_predicted[predicted_of[i]], by_true[true_of[i]]
        both = len(mine & real)
        precision += both / len(mine)
        recall += both / len(real)
    n = max(len(labelled), 1)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(labelled),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def missed(
    records: Sequence[Record],
    groups: Sequence[Sequence[int]],
    scores: Mapping[tuple[int, int], float],
    identifiers: Identifiers,
    threshold: float,
) -> dict[str, int]:
    """Why each true pair was missed: never a candidate, scored below the threshold, a
    contradiction between the two records (by kind), or a conflict with another member."""
    cluster_of = {i: n for n, group in enumerate(groups) for i in group}
    out: dict[str, int] = {}
    for a, b in positive_pairs(records, identifiers):
        if cluster_of[a] == cluster_of[b]:
            continue
        why = contradiction(records[a], records[b])
        value = scores.get((a, b))
        if why is not None:
            reason = "contradiction: " + ("birth dates" if why.startswith("birth") else why)
        elif value is None:
            reason = "not a candidate pair"
        elif value < threshold:
            reason = "scored below the threshold"
        else:
            reason = "conflict with another member of a cluster"
        out[reason] = out.get(reason, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))
