"""ONNX Runtime inference sessions for the embedding graph, optionally opened in the background.

Opening the int8 graph takes ~0.25 s, and ONNX Runtime releases the GIL while it reads and
optimises it. A cold ``hoidap ask`` therefore starts opening it in the background
(:func:`session_load`) before importing llama-index and Chroma, and the encoder later takes that
session (:func:`open_session`) instead of opening its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from indexing import background_load


def _open(path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # no busy-waiting between ops: on shared cores it measured ~25% faster (3.6 vs 2.8 chunks/s)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def session_load(path: Path, threads: int = 1) -> tuple[tuple, Callable]:
    """``(key, load)`` for :func:`indexing.background_load.start`: open ``path`` in the background."""
    return ("onnx", str(path), threads), partial(_open, Path(path), threads)


def open_session(path: Path, threads: int = 1):
    """A session for ``path`` running each call on ``threads`` threads (calls may run at once
    from several threads): the one opened in the background, if any, else a new one."""
    return background_load.take(*session_load(path, threads))
