"""Open the progress database safely: refuse corrupt or newer files, back up before migrating.

Several processes may open the same data folder at once (a classroom window and command lines on first
use). Creation and migration therefore happen under an exclusive lock file beside the database, and a new
database is built aside and moved into place complete, so no process ever sees a half-made file. Once open,
concurrent writers wait for each other (the busy timeout) instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.storage.filelock import LockTimeout, exclusive
from trainer.storage.schema import SCHEMA_VERSION, migrate, user_version

if TYPE_CHECKING:  # sqlite_utils takes a tenth of a second to import: loaded when a database is opened
    import sqlite_utils

BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another one before giving up
LOCK_TIMEOUT_S = 120.0  # how long to wait for another process creating or migrating the file
_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """The file cannot be used as it is; it has not been touched."""


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating or migrating) the database at path; raises DatabaseRefused, never overwrites."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive(path.with_name(f"{path.name}.lock"), LOCK_TIMEOUT_S):
            if not path.exists():
                _create_aside(path)
            version = _inspect_existing(path)
            if 0 < version < SCHEMA_VERSION:
                _backup(path, version)
            db = _connect(path)
            migrate(db)
    except LockTimeout as error:
        raise DatabaseRefused(f"{error}; try again when the other Pushback has finished opening it") from error
    except OSError as error:  # the lock file or the new database cannot be written here
        raise DatabaseRefused(f"{path.parent}: cannot write in the data folder ({error.strerror or error})") from error
    return db


def _connect(path: Path) -> sqlite_utils.Database:
    """A read-write connection that waits for other writers, with foreign keys and the WAL on."""
    import sqlite_utils

    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    return db


def _create_aside(path: Path) -> None:
    """Build a current, empty database beside path, then move it into place unless one appeared."""
    temp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.creating")
    try:
        db = _connect(temp)
        try:
            migrate(db)
        finally:
            db.conn.close()  # the last connection checkpoints and removes the temporary WAL
        try:
            os.link(temp, path)  # fails rather than replace a file that appeared meanwhile
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system; the lock keeps other Pushbacks out
            if not path.exists():
                os.replace(temp, path)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


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
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
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
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)  # consistent even with a WAL beside the file
    finally:
        src.close()
        dst.close()
    if not target.exists():
        shutil.copy2(path, target)
    return target
