"""The model's tokenizer, fast to load: a Latin-script copy, with the full one as fallback.

Loading the full 250k-piece Unigram tokenizer takes ~0.65 s, a fifth of a cold ``hoidap ask``.
A Unigram segmentation only uses pieces that occur in the text, so a vocabulary holding exactly
the pieces made of Latin-script characters (Vietnamese, English, digits, punctuation) segments
any Latin-script text exactly as the full one does; its ids are mapped back to the full
vocabulary's. Text with any other character (Chinese, Cyrillic, emoji …) goes to the full
tokenizer, loaded the first time it is needed. The copy is written once next to ``tokenizer.json``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from pathlib import Path

import numpy as np

FULL_FILE = "tokenizer.json"
FILE = "tokenizer_latin.json"
IDS_FILE = "tokenizer_latin_ids.npy"

# Basic Latin … Latin Extended-B and spacing modifiers, combining diacritics, Vietnamese
# (Latin Extended Additional), general punctuation, currency signs, and "▁" (the word marker)
_LATIN = "\u0000-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2581"
_OTHER_SCRIPT = re.compile(f"[^{_LATIN}]")


def is_latin(text: str) -> bool:
    return _OTHER_SCRIPT.search(text) is None


def write(full_json: Path, folder: Path) -> None:
    """Write the Latin-script copy of ``full_json`` (and its id map) into ``folder``, atomically."""
    spec = json.loads(Path(full_json).read_text(encoding="utf-8"))
    vocab = spec["model"]["vocab"]
    # the lowest-scoring piece stays whatever its script: the Unigram model scores an unknown
    # character from the vocabulary's minimum, so the copy must have the same minimum
    lowest = min(range(len(vocab)), key=lambda i: vocab[i][1])
    keep = [i for i, (piece, _score) in enumerate(vocab) if is_latin(piece) or i == lowest]
    new_id = {old: new for new, old in enumerate(keep)}
    spec["model"]["vocab"] = [vocab[i] for i in keep]
    spec["model"]["unk_id"] = new_id[spec["model"]["unk_id"]]
    for tok in spec.get("added_tokens", []):
        tok["id"] = new_id[tok["id"]]
    post = spec.get("post_processor") or {}
    for special in (post.get("special_tokens") or {}).values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    for name, data in ((FILE, json.dumps(spec, ensure_ascii=False).encode()), (IDS_FILE, None)):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            if data is None:
                np.save(fh, np.asarray(keep, dtype=np.int64))
            else:
                fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, Path(folder) / name)


def has_copy(folder: Path) -> bool:
    return (Path(folder) / FILE).exists() and (Path(folder) / IDS_FILE).exists()


def _load(path: Path, max_length: int | None):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    if max_length:
        tok.enable_truncation(max_length)
    else:
        tok.no_truncation()
    tok.no_padding()
    return tok


class FastTokenizer:
    """Token ids of the full vocabulary for ``folder``'s ``tokenizer.json`` (truncated to
    ``max_length`` when given), from the Latin-script copy whenever it covers the texts."""

    def __init__(self, folder: Path, max_length: int | None = None):
        self.folder = Path(folder)
        self.max_length = max_length
        self._latin = _load(self.folder / FILE, max_length) if has_copy(self.folder) else None
        self._ids = np.load(self.folder / IDS_FILE) if self._latin is not None else None
        self._full = None
        self._lock = threading.Lock()

    def covers(self, text: str) -> bool:
        """Whether the Latin-script copy tokenizes ``text`` (as normalised) exactly as the full one."""
        return self._latin is not None and is_latin(self._latin.normalizer.normalize_str(text))

    def encode(self, texts: list[str]) -> list[np.ndarray]:
        if self._latin is not None and all(self.covers(t) for t in texts):
            return [self._ids[np.asarray(e.ids, dtype=np.int64)] for e in self._latin.encode_batch(list(texts))]
        with self._lock:
            if self._full is None:
                self._full = _load(self.folder / FULL_FILE, self.max_length)
        return [np.asarray(e.ids, dtype=np.int64) for e in self._full.encode_batch(list(texts))]

    def count(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.encode(texts)]
