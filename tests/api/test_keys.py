"""The API key file: hashes only, owner-only, atomic, reread when the CLI changes it."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kleptrace.api import keys as keys_module
from kleptrace.api.keys import KeyStore, keys_path
from kleptrace.cli import app
from kleptrace.exc import ConfigError, KleptraceError, NotFound

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return keys_path(tmp_path / "store.duckdb")


def test_keys_path_sits_beside_the_store(tmp_path: Path) -> None:
    assert keys_path(tmp_path / "store.duckdb") == tmp_path / "store.keys.json"


def test_create_and_verify_round_trip(path: Path) -> None:
    record, secret = KeyStore(path).create("acme screening", {"read"})
    assert secret.startswith("kt_") and len(secret) == 3 + 43
    assert re.fullmatch("[0-9a-f]{8}", record.key_id)
    assert record.scopes == {"read"} and record.revoked is None

    reopened = KeyStore(path)
    assert reopened.verify(secret) == record
    assert reopened.verify(secret + "x") is None
    assert reopened.verify("kt_" + "A" * 43) is None
    assert [r.key_id for r in reopened.list()] == [record.key_id]


def test_ids_are_unique_and_apart_from_the_secret(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [KeyStore(path).create(f"key-{n}", {"read"}) for n in range(50)]
    for record, secret in made:
        assert record.key_id.lower() not in secret.lower()
    assert len({record.key_id for record, _ in made}) == 50
    taken = made[0][0].key_id
    ids = iter([taken, "0123abcd"])
    monkeypatch.setattr(keys_module.secrets, "token_hex", lambda n: next(ids))
    record, _ = KeyStore(path).create("one more", {"read"})
    assert record.key_id == "0123abcd"


def test_a_version_1_file_gets_new_ids_and_its_secrets_still_work(path: Path) -> None:
    """Version 1 took the id from the secret's first characters."""
    secrets_ = ["kt_" + letter * 43 for letter in "ab"]
    rows = [
        {
            "id": secret[3:11],
            "name": f"old-{n}",
            "scopes": ["read"],
            "created": f"2026-01-0{n + 1}T00:00:00",
            "revoked": None,
            "sha256": hashlib.sha256(secret.encode()).hexdigest(),
        }
        for n, secret in enumerate(secrets_)
    ]
    path.write_text(json.dumps({"version": 1, "keys": rows}))
    server = KeyStore(path)
    assert server.verify(secrets_[0]) is not None  # readable before any migration
    listed = runner.invoke(
        app, ["keys", "list", "--json", "--db", str(path.parent / "store.duckdb")]
    )
    assert listed.exit_code == 0, listed.output
    ids = {row["name"]: row["id"] for row in json.loads(listed.stdout)}
    for n, secret in enumerate(secrets_):
        assert ids[f"old-{n}"] not in secret
        assert f"key id {secret[3:11]} is now {ids[f'old-{n}']}" in listed.stderr
        assert server.verify(secret) == KeyStore(path).verify(secret) is not None
    stored = json.loads(path.read_text())
    assert stored["version"] == 2
    assert {row["id"] for row in stored["keys"]} == set(ids.values())
    # an old id still names its key once, for the revocation that prompted the command
    fresh = KeyStore(path)
    path.write_text(json.dumps({"version": 1, "keys": rows}))
    assert fresh.revoke(secrets_[1][3:11]).name == "old-1"
    assert fresh.verify(secrets_[1]) is None and fresh.verify(secrets_[0]) is not None


def test_the_file_holds_only_a_hash_and_is_owner_only(path: Path) -> None:
    record, secret = KeyStore(path).create("ops", {"admin"})
    text = path.read_text()
    assert secret not in text and secret[3:] not in text
    assert hashlib.sha256(secret.encode()).hexdigest() in text and record.key_id in text
    (row,) = json.loads(text)["keys"]
    assert set(row) == {"id", "name", "scopes", "created", "revoked", "sha256"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_admin_implies_read(path: Path) -> None:
    admin, _ = KeyStore(path).create("ops", {"admin"})
    reader, _ = KeyStore(path).create("client", {"read"})
    assert admin.allows("read") and admin.allows("admin")
    assert reader.allows("read") and not reader.allows("admin")


@pytest.mark.parametrize(("name", "scopes"), [("x", set()), ("x", {"write"}), ("  ", {"read"})])
def test_create_refuses_bad_names_and_scopes(path: Path, name: str, scopes: set[str]) -> None:
    with pytest.raises(KleptraceError):
        KeyStore(path).create(name, scopes)
    assert not path.exists()


def test_revoke(path: Path) -> None:
    store = KeyStore(path)
    kept, kept_secret = store.create("kept", {"read"})
    gone, gone_secret = store.create("gone", {"read"})
    revoked = store.revoke(gone.key_id)
    assert revoked.revoked is not None
    assert store.verify(gone_secret) is None
    assert store.verify(kept_secret) == kept
    assert store.revoke(gone.key_id).revoked == revoked.revoked
    assert {r.key_id: r.revoked for r in KeyStore(path).list()} == {
        kept.key_id: None,
        gone.key_id: revoked.revoked,
    }
    with pytest.raises(NotFound):
        store.revoke("nosuchid")


def test_a_running_server_sees_keys_created_and_revoked_elsewhere(path: Path) -> None:
    server, cli = KeyStore(path), KeyStore(path)
    assert server.verify("kt_anything") is None  # no file yet
    record, secret = cli.create("new", {"read"})
    assert server.verify(secret) == record
    cli.revoke(record.key_id)
    assert server.verify(secret) is None
    path.unlink()
    assert server.list() == []


def test_writes_are_atomic(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = KeyStore(path)
    _, secret = store.create("first", {"read"})
    before = path.read_bytes()

    def interrupted(src: str, dst: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(keys_module.os, "replace", interrupted)
    with pytest.raises(OSError, match="disk full"):
        store.create("second", {"read"})
    monkeypatch.undo()
    assert path.read_bytes() == before
    # no temp file left behind (the lock file stays, empty)
    assert sorted(os.listdir(path.parent)) == [path.name, path.name + ".lock"]
    assert [r.name for r in KeyStore(path).list()] == ["first"]
    assert store.verify(secret) is not None


def _create_keys(path: Path, prefix: str, count: int, start: Any) -> None:
    store = KeyStore(path)
    start.wait(60)
    for n in range(count):
        store.create(f"{prefix}-{n}", {"read"})


def test_processes_creating_keys_at_once_lose_none(path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [
        context.Process(target=_create_keys, args=(path, prefix, 100, start))
        for prefix in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    time.sleep(2)  # both started: their writes overlap
    start.set()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    names = {row["name"] for row in json.loads(path.read_text())["keys"]}
    assert names == {f"{p}-{n}" for p in ("a", "b") for n in range(100)}


def test_an_unreadable_file_is_a_config_error(path: Path) -> None:
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="unreadable API key file"):
        KeyStore(path).verify("kt_x")


def test_cli_create_list_revoke(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    created = runner.invoke(app, ["keys", "create", "acme", "--scope", "admin", "--db", str(db)])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("kt_") and "\n" not in secret
    assert "cannot be shown again" in created.stderr
    assert not db.exists() and keys_path(db).exists()

    plain = runner.invoke(app, ["keys", "create", "reader", "--db", str(db)])
    assert plain.exit_code == 0, plain.output

    listed = runner.invoke(app, ["keys", "list", "--json", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["acme"]["id"] not in secret
    assert rows["acme"]["scopes"] == ["admin"] and rows["reader"]["scopes"] == ["read"]
    assert rows["acme"]["revoked"] is None
    assert secret not in listed.stdout

    revoked = runner.invoke(app, ["keys", "revoke", rows["acme"]["id"], "--db", str(db)])
    assert revoked.exit_code == 0, revoked.output
    assert KeyStore(keys_path(db)).verify(secret) is None

    table = runner.invoke(app, ["keys", "list", "--db", str(db)])
    assert table.exit_code == 0 and "acme" in table.stdout and "reader" in table.stdout


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "store.duckdb")
    bad_scope = runner.invoke(app, ["keys", "create", "x", "--scope", "write", "--db", db])
    assert bad_scope.exit_code == 1 and "scopes must be among" in bad_scope.stderr
    unknown = runner.invoke(app, ["keys", "revoke", "nosuchid", "--db", db])
    assert unknown.exit_code == 1 and "no API key with id" in unknown.stderr
    assert "Traceback" not in bad_scope.output + unknown.output
