"""Giving freed heap memory back to the system.

CPython frees small objects into glibc's heap, which keeps the pages: after embedding thousands
of articles on several threads, a process holds hundreds of megabytes it no longer uses, and
the BM25 build that ends an ingest then peaks on top of them. ``malloc_trim`` returns them, and
the ONNX encoder shrinks the arena its largest batches grew.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from functools import cache


@cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # glibc only (not musl)
    except OSError:
        return None


def release_memory(embed_model=None) -> bool:
    """After a big write: shrink the encoder's working memory (when it can) and give the freed
    heap back; whether the heap could be trimmed."""
    release = getattr(embed_model, "release_memory", None)
    if release is not None:
        release()
    return release_free_memory()


def release_free_memory() -> bool:
    """Collect garbage, then hand the heap's free pages back to the system; whether it could."""
    gc.collect()
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0) >= 0)
