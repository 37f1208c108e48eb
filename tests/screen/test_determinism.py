"""The same query gives the same matches in every process.

A process's string hashes change with its seed, and with them the order of every set a
query's words pass through; ties at the candidate cut or between a target's names must
not follow that order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kleptrace.screen import Screener
from tests.conftest import REPO

# Names that tie with many list names: a lone Korean surname and given name, common
# Arabic names, a one-word company name.
NAMES = ("김준영", "Kim", "Ali Hassan", "Mohammed Ali", "ميسون قضاعة", "Trading")


def _screen_in_process(db: Path, seed: int) -> str:
    code = (
        "import sys, orjson\n"
        "from pathlib import Path\n"
        "from kleptrace.screen import Query, Screener\n"
        "screener = Screener.open(Path(sys.argv[1]))\n"
        "for name in sys.argv[2:]:\n"
        "    matches = screener.screen(Query((name,)), threshold=0.5, limit=25)\n"
        "    found = [(m.entity_id, m.score, m.matched_name) for m in matches]\n"
        "    print(orjson.dumps(found).decode())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db), *NAMES],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
        timeout=300,
        check=True,
    )
    return done.stdout


def test_screening_does_not_depend_on_the_process_hash_seed(
    screener: Screener, screening_db: Path
) -> None:
    first = _screen_in_process(screening_db, 1)
    assert first.count("\n") == len(NAMES)
    assert sum(line != "[]" for line in first.splitlines()) >= 4
    for seed in (2, 3):
        assert _screen_in_process(screening_db, seed) == first, seed
