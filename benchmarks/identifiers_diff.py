"""Dump every identifier statement the parsers make from the real files, sorted.

Why: moving five parsers onto one identifier table must keep their output, or change
it for a reason. Run this before and after a change and diff the two dumps:

    python benchmarks/identifiers_diff.py before.tsv
    (change the code)
    python benchmarks/identifiers_diff.py after.tsv
    python benchmarks/identifiers_diff.py --diff before.tsv after.tsv

A dump line is: source, schema, entity id, property, value (tab-separated). The
properties are every FtM property of the identifier type, plus notes (where labelled
values the parsers cannot classify end up).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from followthemoney import model
from followthemoney.types import registry

from kleptrace.exc import KleptraceError
from kleptrace.sources import parse
from kleptrace.store.plan import plan

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
WATCHED = frozenset(
    {
        p.name
        for s in model.schemata.values()
        for p in s.properties.values()
        if p.type == registry.identifier
    }
    | {"notes"}
)
"""The identifier properties of every schema, and notes."""


def dump(data: Path) -> list[str]:
    """One sorted line per identifier statement of every source under `data`."""
    sets, _ = plan([data])
    lines = set()
    for files in sets:
        try:
            entities = list(parse(files.primary))
        except KleptraceError as exc:  # one unreadable file must not hide the others
            print(f"skipped {files.primary}: {exc}", file=sys.stderr)
            continue
        for entity in entities:
            for prop, value in entity.itervalues():
                if prop.name in WATCHED:
                    clean = value.replace("\t", " ").replace("\n", " ")
                    lines.add(
                        f"{files.source}\t{entity.schema.name}\t{entity.id}\t{prop.name}\t{clean}"
                    )
    return sorted(lines)


def diff(before: Path, after: Path) -> None:
    """Print the lines only in one dump, then counts per source, property and side."""
    old = set(before.read_text(encoding="utf-8").splitlines())
    new = set(after.read_text(encoding="utf-8").splitlines())
    counts: Counter[tuple[str, str, str]] = Counter()
    for sign, lines in (("-", old - new), ("+", new - old)):
        for line in sorted(lines):
            print(sign, line)
            source, _, _, prop, _ = line.split("\t", 4)
            counts[(source, prop, sign)] += 1
    print("\nsource\tproperty\tremoved\tadded")
    for source, prop in sorted({(s, p) for s, p, _ in counts}):
        print(f"{source}\t{prop}\t{counts[(source, prop, '-')]}\t{counts[(source, prop, '+')]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output", type=Path, help="dump file to write (or the first of two to diff)"
    )
    parser.add_argument("after", type=Path, nargs="?", help="with --diff: the second dump")
    parser.add_argument(
        "--diff", action="store_true", help="compare two dumps instead of writing one"
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="folder of real lists (default: %(default)s)"
    )
    args = parser.parse_args()
    if args.diff:
        diff(args.output, args.after)
        return
    lines = dump(args.data)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} identifier statements written to {args.output}")


if __name__ == "__main__":
    main()
