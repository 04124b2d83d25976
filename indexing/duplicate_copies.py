"""Copies an ingest skipped because another source already holds the same article, remembered
so that removing the stored copy hands the article to a copy still on disk instead of deleting
it (``duplicate_copies.json`` in the index folder).

Folder B's ``x.txt`` with the content of folder A's stored ``x.txt`` is skipped ("already in the
index"). Without this record, deleting A's file and ingesting A again removed the article though
B still has it, and it came back only when B was ingested again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from indexing.settings import Settings

FILE = "duplicate_copies.json"


class DuplicateCopies:
    """``{content hash: [{"origin": source, "local_id": file}]}``, one list per stored article."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.path = settings.store_dir / FILE

    def load(self) -> dict[str, list[dict]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self, copies: dict[str, list[dict]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(copies, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def record(self, origin: str, copies: list[tuple[str, str]], replace: bool = True) -> None:
        """What ``origin`` holds that was skipped as another source's: (content hash, local id)
        pairs; ``replace``: they are all of it now (a whole source was read), else added."""
        table = self.load()
        if replace:
            for doc_hash in list(table):
                table[doc_hash] = [c for c in table[doc_hash] if c["origin"] != origin]
        for doc_hash, local_id in copies:
            entry = {"origin": origin, "local_id": local_id}
            if entry not in table.setdefault(doc_hash, []):
                table[doc_hash].append(entry)
        table = {h: cs for h, cs in table.items() if cs}
        if table or self.path.exists():
            self._save(table)

    def holders(self, hashes: dict[str, str], not_from: str) -> dict[str, tuple[str, str]]:
        """For each doc id of ``hashes`` (doc id -> content hash) with a recorded copy whose file is
        still there, in a source other than ``not_from``: (that origin, its local id). The record
        is left as it is: the copy's source clears it when it is next ingested (the article is
        then its own), so a run killed after this leaves nothing lost."""
        table = self.load()
        out = {}
        for doc_id, doc_hash in hashes.items():
            for copy in table.get(doc_hash, []):
                if copy["origin"] != not_from and _still_there(self.settings, copy["origin"], copy["local_id"]):
                    out[doc_id] = (copy["origin"], copy["local_id"])
                    break
        return out


def _still_there(settings: Settings, origin: str, local_id: str) -> bool:
    from indexing.sources import UPLOADS, uploads_dir

    if origin == UPLOADS:
        return (uploads_dir(settings) / local_id.removeprefix(f"{UPLOADS}/")).is_file()
    path = Path(origin)  # a folder (an item of a .jsonl file in it is "file#id") or an export file
    return (path / local_id.split("#", 1)[0]).is_file() if path.is_dir() else path.is_file()
