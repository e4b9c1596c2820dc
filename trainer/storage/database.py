"""Open the progress database safely: refuse corrupt or newer files, back up before migrating."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from trainer.storage.schema import SCHEMA_VERSION, migrate, user_version

DB_NAME = "pushback.db"
_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """The file cannot be used as it is; it has not been touched."""


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating or migrating) the database at path; raises DatabaseRefused, never overwrites."""
    if path.exists():
        version = _inspect_existing(path)
        if 0 < version < SCHEMA_VERSION:
            _backup(path, version)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    migrate(db)
    return db


def _inspect_existing(path: Path) -> int:
    """Check an existing file read-only; return its schema version or raise DatabaseRefused."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise DatabaseRefused(f"{path}: cannot be read ({error})") from error
    if header and header != _SQLITE_HEADER:
        raise DatabaseRefused(f"{path}: not a Pushback database (not an SQLite file); it was left untouched")
    if not header:
        raise DatabaseRefused(f"{path}: the file is empty; it was left untouched (move it away to start afresh)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            version = user_version(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseRefused(f"{path}: the database is corrupt ({error}); it was left untouched") from error
    if check != "ok":
        raise DatabaseRefused(f"{path}: the database is corrupt ({check}); it was left untouched")
    if version > SCHEMA_VERSION:
        raise DatabaseRefused(
            f"{path}: made by a newer Pushback (schema {version}, this one knows {SCHEMA_VERSION}); "
            "update Pushback to open it. The file was left untouched."
        )
    if version == 0 and tables:
        raise DatabaseRefused(f"{path}: an SQLite file that is not a Pushback database; it was left untouched")
    return version


def _backup(path: Path, version: int) -> Path:
    """Copy the file (and its WAL) aside before a migration changes it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)  # consistent even with a WAL beside the file
    finally:
        src.close()
        dst.close()
    if not target.exists():
        shutil.copy2(path, target)
    return target
