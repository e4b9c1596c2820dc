"""An exclusive lock on a small file beside the database, held while the database is created or migrated.

The operating system releases the lock when the process ends, however it ends, so a stale lock file is
harmless: its existence means nothing, only a held lock does.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_S = 0.02


class LockTimeout(Exception):
    """Another process held the lock for longer than we were willing to wait."""


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def exclusive(path: Path, timeout_s: float) -> Iterator[None]:
    """Hold the lock on path (created if missing) for the block; raises LockTimeout after timeout_s."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(f"{path}: still locked by another process after {timeout_s:.0f} s")
            time.sleep(POLL_S)  # the locks have no portable blocking form with a timeout
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
