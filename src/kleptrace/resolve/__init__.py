"""Cross-list resolution: which records on different lists are one real-world target.

The flow is `records` (designated targets and their identifiers, read from the
store) -> `blocking` (candidate pairs from the screening index; `glosses` adds the
pairs of Russian names translated on one list) -> `compare` (pair
scores and contradictions) -> `cluster` (merges that never chain two different
targets) -> `stable_ids` (canonical ids that survive reloads) -> `tables` (the
`resolve_clusters` table and its readers). `judgements` keeps human verdicts,
`canonical` builds merged views and entities, `evaluation` scores a run against
ground truth. `run` ties them together.

For other stages: `clusters(con)` returns the cluster table (see its docstring).
"""

from kleptrace.resolve.canonical import canonical_view
from kleptrace.resolve.run import resolve_store
from kleptrace.resolve.tables import clusters

__all__ = ["canonical_view", "clusters", "resolve_store"]
