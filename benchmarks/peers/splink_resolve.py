"""Resolve the same records with Splink, the peer for cross-list linkage. Runs in
.venv-peers (`make peers-env`), called by benchmarks/resolve.py:

    .venv-peers/bin/python benchmarks/peers/splink_resolve.py records.parquet clusters.parquet

Input, one row per record: unique_id, source_dataset (its list), kind (person,
organisation, vessel, airplane), name (one name, lower case, words sorted), first_word,
last_word, dob (YYYY-MM-DD or null), country. Identifiers are not given: they are the
ground truth. The model follows Splink's documentation for person and company linkage:
a `link_only` model across the lists on the DuckDB backend, names compared with
Jaro-Winkler levels and term-frequency adjustment, `DateOfBirthComparison`, exact
country with term frequencies; trained without labels (probability two records match
from a strict deterministic rule, u from random sampling, m by expectation
maximisation on two blocking rules); pairs clustered by connected components at a match
probability of 0.9. Writes (cluster_id, unique_id) and prints {"seconds": ...} as JSON.
"""

from __future__ import annotations

import json
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.9


def main(records: str, out: str) -> None:
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"CREATE TABLE records AS SELECT * FROM read_parquet('{records}')")
    sources = [r[0] for r in con.execute("SELECT DISTINCT source_dataset FROM records").fetchall()]
    db_api = DuckDBAPI(connection=con)
    tables = []
    for number, source in enumerate(sorted(sources)):
        con.execute(
            f"CREATE TABLE list_{number} AS SELECT * FROM records WHERE source_dataset = ?",
            [source],
        )
        tables.append(db_api.register(f"list_{number}", dataset_display_name=source))
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_word").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("country").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("kind", "name"),
            block_on("kind", "first_word", "last_word"),
            block_on("kind", "last_word", "dob"),
            block_on("kind", "first_word", "dob"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("kind", "name", "dob")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("kind", "name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("kind", "dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD
    )
    table = clusters.as_duckdbpyrelation()
    table.select("cluster_id, unique_id").write_parquet(out)
    print(json.dumps({"seconds": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
