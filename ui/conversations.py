"""Saved conversations: SQLite next to the index, one owner per login (or per browser)."""

from __future__ import annotations

import html
import json
import re
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.chat_db import connect, local_time, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (conversation, pos)
);
"""


CLOSEST_IN_PANEL = "Các đoạn gần nhất ở khung Nguồn (thu gọn). / The closest passages are in the sources panel."


@dataclass
class SavedTurn:
    """One question and its answer as the user saw them."""

    question: str
    answer: str  # as the assistant wrote it, with [n] markers
    shown: str = ""  # as the chat shows it (escaped Markdown, [n] links, inline sources)
    found: bool = True
    standalone: str = ""
    citations: list[dict] = field(default_factory=list)  # n, title, date, source, doc_id, quote, span
    settings: dict = field(default_factory=dict)
    sources_html: str = ""
    notice: str = ""
    closest: list[dict] = field(default_factory=list)  # a declined answer's closest passages: title, date, source, text


@dataclass
class Conversation:
    id: str
    title: str
    created: str
    updated: str
    turns: list[SavedTurn] = field(default_factory=list)


class ConversationStore:
    def __init__(self, path: Path):
        self.con = connect(path)
        self.con.executescript(SCHEMA)
        self.lock = threading.Lock()  # one connection shared by Gradio's worker threads

    def create(self, owner: str, title: str) -> str:
        cid = uuid.uuid4().hex[:12]
        stamp = now()
        with self.lock, self.con:
            self.con.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?)", (cid, owner, title[:80] or "…", stamp, stamp)
            )
        return cid

    def list(self, owner: str) -> list[Conversation]:
        with self.lock:
            rows = self.con.execute(
                "SELECT id, title, created, updated FROM conversations WHERE owner = ? "
                "ORDER BY updated DESC, rowid DESC",
                (owner,),
            ).fetchall()
        return [Conversation(*row) for row in rows]

    def get(self, owner: str, cid: str) -> Conversation | None:
        with self.lock:
            row = self.con.execute(
                "SELECT id, title, created, updated FROM conversations WHERE id = ? AND owner = ?", (cid, owner)
            ).fetchone()
            data = self.con.execute("SELECT data FROM turns WHERE conversation = ? ORDER BY pos", (cid,)).fetchall()
        if row is None:
            return None
        return Conversation(*row, turns=[SavedTurn(**json.loads(d)) for (d,) in data])

    def append(self, owner: str, cid: str, turn: SavedTurn) -> int:
        """Add a turn; returns its position (0-based)."""
        if self.get(owner, cid) is None:
            raise KeyError(cid)
        with self.lock, self.con:
            (pos,) = self.con.execute("SELECT COUNT(*) FROM turns WHERE conversation = ?", (cid,)).fetchone()
            self.con.execute("INSERT INTO turns VALUES (?, ?, ?)", (cid, pos, json.dumps(asdict(turn))))
            self.con.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now(), cid))
        return pos

    def replace_last(self, owner: str, cid: str, turn: SavedTurn) -> int:
        """Put ``turn`` in place of the last turn (a regenerated answer), in one transaction: the
        old answer stays until the new one is saved. Returns its position."""
        if self.get(owner, cid) is None:
            raise KeyError(cid)
        with self.lock, self.con:
            (last,) = self.con.execute("SELECT MAX(pos) FROM turns WHERE conversation = ?", (cid,)).fetchone()
            pos = 0 if last is None else last
            self.con.execute("DELETE FROM turns WHERE conversation = ? AND pos = ?", (cid, pos))
            self.con.execute("INSERT INTO turns VALUES (?, ?, ?)", (cid, pos, json.dumps(asdict(turn))))
            self.con.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now(), cid))
        return pos

    def rename(self, owner: str, cid: str, title: str) -> None:
        with self.lock, self.con:
            self.con.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND owner = ?", (title.strip()[:80], cid, owner)
            )

    def delete(self, owner: str, cid: str) -> None:
        with self.lock, self.con:
            self.con.execute("DELETE FROM conversations WHERE id = ? AND owner = ?", (cid, owner))


_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_LEADING_BOLD = re.compile(r"\s*\*\*([^*\n]+?)\*\*")


def _text(text: str) -> str:
    """User or article text for the Markdown export: shown as written in any viewer (no HTML,
    no links or images, no emphasis), still readable raw (only the characters that would act
    are escaped)."""
    return _MD_INLINE.sub(r"\\\1", html.escape(text or "", quote=False))


def _answer(text: str) -> str:
    """An answer for the export: the engine's bold short answer kept bold, the rest as text."""
    if bold := _LEADING_BOLD.match(text):
        return f"**{_text(bold.group(1))}**" + _text(text[bold.end() :])
    return _text(text)


def _meta(c: dict) -> str:
    meta = " · ".join(_text(x) for x in (c.get("date", ""), c.get("source", "")) if x)
    return f" ({meta})" if meta else ""


def _quoted(text: str) -> list[str]:
    return [f"> {_text(line)}" for line in (text or "").splitlines() or [""]]


def to_markdown(conv: Conversation) -> str:
    """The conversation as Markdown: each question, the answer, its sources with the quoted
    sentence. What users or articles wrote is escaped (``_text``)."""
    lines = [f"# {_text(conv.title)}", "", f"_{local_time(conv.created)}_", ""]
    for i, t in enumerate(conv.turns, 1):
        lines += [f"## {i}. {_text(t.question)}", ""]
        if t.standalone and t.standalone != t.question:
            lines += [f"_Đã hiểu là / understood as: «{_text(t.standalone)}»_", ""]  # as the chat says
        lines += [_answer(t.answer), ""]
        notice = "\n".join(line for line in t.notice.splitlines() if not (t.closest and line == CLOSEST_IN_PANEL))
        if notice:
            lines += [*_quoted(notice), ""]
        if t.citations:
            lines += ["**Nguồn / sources**", ""]
        for c in t.citations:
            lines.append(f"- [{c['n']}] {_text(c['title'])}{_meta(c)}")  # no link: no "(" after
            lines += ["  " + q for q in _quoted(c["quote"])]
        if t.closest:  # what the sources panel showed for a declined question
            lines += ["**Các đoạn gần nhất / closest passages** (không dùng làm căn cứ / not used as evidence)", ""]
        for c in t.closest:
            lines.append(f"- {_text(c['title'])}{_meta(c)}")
            lines += ["  " + q for q in _quoted(c["text"])]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_json(conv: Conversation) -> str:
    data = asdict(conv)
    for t in data["turns"]:
        t.pop("sources_html", None)
        t.pop("shown", None)
    return json.dumps(data, ensure_ascii=False, indent=2)
