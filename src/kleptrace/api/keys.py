"""API keys: a small JSON file beside the store, holding only hashes of the secrets.

A key's secret is shown once, when it is created; the file keeps its SHA-256
(enough, since secrets are 256 random bits and cannot be guessed from a hash)
and a short random id for listing and revoking, drawn apart from the secret so that
showing it gives nothing away. Files of version 1 took the id from the secret's
first characters: the first `kleptrace keys` command to meet one gives its keys
new ids (the secrets stay valid) and says which old id became which. The CLI
writes the file and a running server rereads it when it changes, so a new or revoked
key applies at once. Changes hold an exclusive lock on `<file>.lock`, so two
`kleptrace keys` commands run at once cannot lose each other's change.
"""

from __future__ import annotations

import builtins
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kleptrace.exc import ConfigError, KleptraceError, NotFound

SCOPES = ("read", "admin")
"""`read` screens and looks up entities; `admin` also reloads the lists and implies `read`."""
SECRET_PREFIX = "kt_"
ID_BYTES = 4
"""Ids are 8 hex digits: short to type, never starting with "-" (an option to the CLI)."""
FILE_VERSION = 2


def keys_path(db_path: Path) -> Path:
    """The key file that belongs to a store: `store.duckdb` -> `store.keys.json`."""
    return db_path.with_suffix(".keys.json")


@dataclass(frozen=True)
class KeyRecord:
    """One API key as stored: never the secret, only its hash.

    Attributes:
        key_id: Random hex digits, unrelated to the secret; safe to show.
        name: Who or what the key is for.
        scopes: Subset of `SCOPES`.
        created: When the key was made (naive UTC, to the second).
        revoked: When it was revoked, or None while it is valid.
        sha256: Hex digest of the whole secret.
    """

    key_id: str
    name: str
    scopes: frozenset[str]
    created: datetime
    revoked: datetime | None
    sha256: str

    def allows(self, scope: str) -> bool:
        """Whether this key may use an endpoint that needs `scope` (admin implies read)."""
        return scope in self.scopes or "admin" in self.scopes

    def public(self) -> dict[str, Any]:
        """What `kleptrace keys list --json` prints: everything but the hash."""
        return {
            "id": self.key_id,
            "name": self.name,
            "scopes": sorted(self.scopes),
            "created": self.created.isoformat(),
            "revoked": self.revoked.isoformat() if self.revoked else None,
        }

    def _stored(self) -> dict[str, Any]:
        return {**self.public(), "sha256": self.sha256}

    @classmethod
    def _from_stored(cls, row: dict[str, Any]) -> KeyRecord:
        return cls(
            key_id=row["id"],
            name=row["name"],
            scopes=frozenset(row["scopes"]),
            created=datetime.fromisoformat(row["created"]),
            revoked=datetime.fromisoformat(row["revoked"]) if row["revoked"] else None,
            sha256=row["sha256"],
        )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class KeyStore:
    """The key file of one store; safe to share between a server's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._records: dict[str, KeyRecord] = {}
        self._signature: tuple[int, int, int] | None = None
        self._version = FILE_VERSION
        self.renamed: dict[str, str] = {}
        """Old id -> new id of the keys a version-1 file had, once this store migrated it."""

    def create(self, name: str, scopes: set[str]) -> tuple[KeyRecord, str]:
        """Make a key; returns its record and the secret, which is not kept anywhere."""
        name = name.strip()
        if not name:
            raise KleptraceError("a key needs a name")
        if not scopes or not scopes <= set(SCOPES):
            given = ", ".join(sorted(scopes)) or "none"
            raise KleptraceError(f"scopes must be among {', '.join(SCOPES)}, not {given}")
        with self._changing():
            secret = SECRET_PREFIX + secrets.token_urlsafe(32)
            key_id = self._new_id()
            record = KeyRecord(key_id, name, frozenset(scopes), _now(), None, _digest(secret))
            self._write({**self._records, key_id: record})
        return record, secret

    def list(self) -> builtins.list[KeyRecord]:
        """Every key, revoked ones included, oldest first (for the CLI: it takes the
        file lock, to migrate a version-1 file before showing its ids)."""
        with self._changing():
            return sorted(self._records.values(), key=lambda r: (r.created, r.key_id))

    def revoke(self, key_id: str) -> KeyRecord:
        """Revoke a key for good; revoking it again keeps the first revocation time."""
        with self._changing():
            key_id = self.renamed.get(key_id, key_id)  # an id from before a migration
            record = self._records.get(key_id)
            if record is None:
                raise NotFound(f"no API key with id {key_id!r} in {self.path}")
            if record.revoked is None:
                record = replace(record, revoked=_now())
                self._write({**self._records, key_id: record})
        return record

    def verify(self, secret: str) -> KeyRecord | None:
        """The valid key whose secret this is, or None.

        Every stored hash is compared in constant time, so the time taken says
        nothing about how close a guess came.
        """
        digest = _digest(secret)
        with self._lock:
            self._refresh()
            records = list(self._records.values())
        found = None
        for record in records:
            if hmac.compare_digest(digest, record.sha256) and record.revoked is None:
                found = record
        return found

    def _new_id(self) -> str:
        while (key_id := secrets.token_hex(ID_BYTES)) in self._records:
            pass
        return key_id

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Hold this store's lock and the file lock other processes take, with the
        records fresh from the file (a version-1 file migrated): the read-change-write
        happens as one step."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with self._lock, lock_path.open("a") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file closes
            self._signature = None  # reread even if the stat looks unchanged
            self._refresh()
            if self._records and self._version < FILE_VERSION:
                self._migrate()
            yield

    def _migrate(self) -> None:
        """New random ids for keys whose ids were the start of their secrets."""
        old = self._records
        self._records = {}
        for record in old.values():
            new_id = self._new_id()
            self.renamed[record.key_id] = new_id
            self._records[new_id] = replace(record, key_id=new_id)
        self._write(self._records)

    def _refresh(self) -> None:
        """Reread the file when it changed (the CLI replaces it; the inode changes too)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._records, self._signature = {}, None
            return
        signature = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
        if signature == self._signature:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            records = [KeyRecord._from_stored(row) for row in data["keys"]]
            version = int(data.get("version", 1))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ConfigError(f"{self.path}: unreadable API key file: {error}") from None
        self._records = {r.key_id: r for r in records}
        self._version = version
        self._signature = signature

    def _write(self, records: dict[str, KeyRecord]) -> None:
        """Replace the file in one step; mkstemp makes it readable by its owner only (0600)."""
        data = {"version": FILE_VERSION, "keys": [r._stored() for r in records.values()]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._records = records
        self._version = FILE_VERSION
        self._signature = None
