"""A consistent copy of a live SQLite database, taken while the app keeps running."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(Exception):
    """The backup could not be made; the message says why and what to do."""


def backup_sqlite(url: URL, target: Path) -> int:
    """Copy the SQLite database at url to target with the online backup API; return pages copied."""
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError(
            "This command backs up the embedded SQLite database. For PostgreSQL use pg_dump, "
            "for example: pg_dump --format=custom --file=courseware.dump DATABASE_URL"
        )
    if target.exists():
        raise BackupError(f"{target} already exists. Choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    copied = 0

    def progress(status, remaining, total):
        nonlocal copied
        copied = total

    try:
        with copy:
            source.backup(copy, pages=256, progress=progress)
    finally:
        copy.close()
        source.close()
    return copied
