"""Near-duplicate stories: the same dispatch republished by several outlets, found with MinHash.

Each article gets a ``story`` key: the story of an indexed article whose word 3-gram Jaccard
similarity is at least ``threshold`` (estimated with MinHash LSH; the smallest key when several
match), else its own ``doc_id``. Signatures persist next to the index so later ingests join earlier stories.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.7
SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Lower-cased word ``size``-grams (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch(list(shingles(text)))
    return mh


class StoryIndex:
    """MinHash LSH over indexed articles: ``assign(doc_id, text)`` -> story key."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.story: dict[str, str] = {}

    def assign(self, doc_id: str, text: str) -> str:
        """The story ``doc_id`` belongs to (its own id when it is the first of its story)."""
        if doc_id in self.story:
            self.forget(doc_id)
        mh = signature(text)
        matches = sorted(self.story[m] for m in self.lsh.query(mh) if m in self.story)
        story = matches[0] if matches else doc_id
        self.lsh.insert(doc_id, mh)
        self.story[doc_id] = story
        return story

    def forget(self, doc_id: str) -> None:
        """Drop an article (removed or about to be re-indexed)."""
        if doc_id in self.story:
            self.lsh.remove(doc_id)
            del self.story[doc_id]

    def keep_only(self, doc_ids: set[str]) -> None:
        """Forget articles no longer in the index."""
        for doc_id in [d for d in self.story if d not in doc_ids]:
            self.forget(doc_id)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> StoryIndex:
        """The saved index, or an empty one when there is none (or it cannot be read)."""
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, cls):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        return cls()
