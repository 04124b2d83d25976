"""The chat database (saved conversations and feedback): SQLite next to the index it was asked against."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from indexing.settings import Settings


def db_path(settings: Settings) -> Path:
    return settings.store_dir / "chat.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10, check_same_thread=False)
    con.execute("PRAGMA foreign_keys = ON")
    return con


def now() -> str:
    """The time stored with conversations and ratings: UTC, to the minute."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M")


def local_time(stored: str) -> str:
    """A time :func:`now` stored, in this machine's time zone with its offset ("2026-12-07 14:05
    UTC+07:00"; a zone's name can be wrong where its data is missing, the offset cannot); as
    stored when it does not parse."""
    try:
        t = datetime.strptime(stored, "%Y-%m-%d %H:%M").replace(tzinfo=UTC).astimezone()
    except ValueError:
        return stored
    z = t.strftime("%z")  # "+0700"
    return f"{t:%Y-%m-%d %H:%M} UTC" + ("" if z in ("", "+0000") else f"{z[:3]}:{z[3:5]}")
