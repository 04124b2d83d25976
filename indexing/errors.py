"""Problems with the index that the user can fix; each message says how (no heavy imports here:
the command line catches these around every command)."""

from __future__ import annotations


class IndexProblem(Exception):
    """A problem with the index the user can fix; the message (Vietnamese / English) says how."""


class IndexMismatch(IndexProblem, RuntimeError):
    """The index on disk was built with another embedding model."""


class IndexDamaged(IndexProblem, ValueError):
    """The vector index cannot be searched (a write killed half-way): ``hoidap repair`` rebuilds it."""

    def __init__(self, detail: str):
        super().__init__(
            "Chỉ mục vector bị hỏng (có thể do lần nạp trước bị ngắt). Chạy `hoidap repair` để dựng lại; "
            "không bài nào bị mất. / The vector index is damaged (an ingest was interrupted?): run "
            f"`hoidap repair` to rebuild it; no article is lost. ({detail})"
        )
