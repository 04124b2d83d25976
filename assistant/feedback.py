"""👍 / 👎 on answers, kept with what was asked and answered; exported as an eval-set draft."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from assistant.chat_db import connect, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, conversation TEXT, pos INTEGER,
    rating INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '', question TEXT NOT NULL,
    standalone TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL, found INTEGER NOT NULL,
    citations TEXT NOT NULL, settings TEXT NOT NULL, history TEXT NOT NULL, created TEXT NOT NULL,
    UNIQUE (owner, conversation, pos)
);
"""


class FeedbackStore:
    def __init__(self, path: Path):
        self.con = connect(path)
        self.con.executescript(SCHEMA)
        self.lock = threading.Lock()

    def rate(
        self,
        owner: str,
        conversation: str,
        pos: int,
        rating: int,
        turn: dict,
        history: list[str],
        comment: str = "",
    ) -> int:
        """Store (or replace) the rating of one answer; ``turn`` is the saved turn as a dict. A
        changed rating without a comment keeps the earlier one's comment."""
        row = (
            owner, conversation, pos, rating, comment, turn["question"], turn.get("standalone", ""),
            turn["answer"], int(bool(turn.get("found"))), json.dumps(turn.get("citations", []), ensure_ascii=False),
            json.dumps(turn.get("settings", {}), ensure_ascii=False), json.dumps(history, ensure_ascii=False), now(),
        )  # fmt: skip
        with self.lock, self.con:
            if not comment:  # a changed rating keeps the comment written with the first one
                kept = self.con.execute(
                    "SELECT comment FROM feedback WHERE owner = ? AND conversation = ? AND pos = ?", row[:3]
                ).fetchone()
                row = (*row[:4], kept[0] if kept else "", *row[5:])
            self.con.execute("DELETE FROM feedback WHERE owner = ? AND conversation = ? AND pos = ?", row[:3])
            cur = self.con.execute(
                "INSERT INTO feedback (owner, conversation, pos, rating, comment, question, standalone, answer, "
                "found, citations, settings, history, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        return int(cur.lastrowid)

    def unrate(self, owner: str, conversation: str, pos: int) -> bool:
        """Remove the rating of one answer (the user clicked their 👍/👎 again to undo it)."""
        with self.lock, self.con:
            cur = self.con.execute(
                "DELETE FROM feedback WHERE owner = ? AND conversation = ? AND pos = ?", (owner, conversation, pos)
            )
        return cur.rowcount > 0

    def comment(self, owner: str, conversation: str, pos: int, text: str) -> bool:
        with self.lock, self.con:
            cur = self.con.execute(
                "UPDATE feedback SET comment = ? WHERE owner = ? AND conversation = ? AND pos = ?",
                (text.strip(), owner, conversation, pos),
            )
        return cur.rowcount > 0

    def all(self) -> list[dict]:
        cur = self.con.execute("SELECT * FROM feedback ORDER BY id")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur]
        for r in rows:
            for key in ("citations", "settings", "history"):
                r[key] = json.loads(r[key])
        return rows


def eval_item(row: dict) -> dict:
    """One feedback row in the ``eval/sets/*.jsonl`` format. A 👍 answer's cited articles become the
    gold documents; ``answers`` is left for a person to fill (the expected short answer)."""
    gold = list(dict.fromkeys(c.get("doc_id", "") for c in row["citations"] if c.get("doc_id")))
    return {
        "id": f"fb{row['id']:04d}",
        "type": "feedback",
        "question": row["question"],
        "answers": [],
        "gold": gold if row["rating"] > 0 else [],
        "history": row["history"],
        "feedback": "up" if row["rating"] > 0 else "down",
        "comment": row["comment"],
        "answer_given": row["answer"],
        "found": bool(row["found"]),
        "standalone_question": row["standalone"],
        "settings": row["settings"],
        "created": row["created"],
    }


def export(path: Path, out: Path) -> int:
    """Write every feedback row as an eval-set draft (JSONL); returns how many."""
    items = [eval_item(r) for r in FeedbackStore(path).all()] if path.exists() else []
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return len(items)
