"""What a `/match` request costs, and the most it may cost.

Screening time grows with the words of the names screened: a Latin or Cyrillic word,
or one Chinese, Japanese or Korean character (a syllable, written without spaces),
each costs about 0.05 ms (measured on the real lists: a 999-character Chinese name
costs 50 ms, "Vladimir Putin" under 1 ms). So work is counted in name tokens: one per
such character, one per started 20 characters of any other word. Requests are
refused (413) above `MAX_NAME_TOKENS` in one name, `MAX_QUERY_NAMES` names in one
query or `MAX_REQUEST_TOKENS` in all, and the rate limit counts a request once per
`TOKENS_PER_REQUEST` tokens, so a key's budget is one of work, not of requests.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kleptrace.screen import Query

MAX_NAME_TOKENS = 64
"""Above every list name but a few run-together alias lists (the longest has 107)."""
MAX_QUERY_NAMES = 20
MAX_REQUEST_TOKENS = 2_000
"""100 queries of up to 20 tokens each: a full yente batch of ordinary names."""
TOKENS_PER_REQUEST = 10
WORD_CHARS = 20

_SYLLABLE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def name_tokens(name: str) -> int:
    """The name tokens of one name (see the module's docstring)."""
    syllables = len(_SYLLABLE.findall(name))
    rest = _SYLLABLE.sub(" ", name) if syllables else name
    return syllables + sum(math.ceil(len(word) / WORD_CHARS) for word in _WORD.findall(rest))


@dataclass(frozen=True)
class Work:
    """The name tokens of a request, and the first limit they go over (None: within)."""

    tokens: int
    excess: str | None

    @property
    def requests(self) -> int:
        """How many requests this one counts as in the rate limit."""
        return max(1, math.ceil(self.tokens / TOKENS_PER_REQUEST))


def measure(queries: Sequence[Query]) -> Work:
    """Count the work of `queries` and find the first limit it goes over."""
    total = 0
    excess = None
    for query in queries:
        if len(query.names) > MAX_QUERY_NAMES and excess is None:
            excess = (
                f"queries.{query.id}: {len(query.names)} names, "
                f"limit {MAX_QUERY_NAMES} names per query."
            )
        for name in query.names:
            tokens = name_tokens(name)
            total += tokens
            if tokens > MAX_NAME_TOKENS and excess is None:
                excess = (
                    f"queries.{query.id}: a name of {tokens} name tokens, "
                    f"limit {MAX_NAME_TOKENS} tokens per name."
                )
    if total > MAX_REQUEST_TOKENS and excess is None:
        excess = f"The queries hold {total} name tokens, limit {MAX_REQUEST_TOKENS} per request."
    return Work(total, excess)
