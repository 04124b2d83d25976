"""Slow loads that release the GIL (today: opening the ONNX graph), started in a daemon thread
while a cold start imports llama-index and Chroma, and taken later by whoever needs them. (The
tokenizer is not one: ``tokenizers`` parses its file holding the GIL.)

``start((key, load), …)`` begins each ``load()`` once per key; ``take(key, load)`` returns the
result of the started load (waiting for it, re-raising its error) or, when none was started, runs ``load()``
itself. A started result is handed out once: the next ``take`` loads anew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_started: dict[Hashable, Future] = {}


def _run(loads: list[tuple[Callable[[], object], Future]]) -> None:
    for load, future in loads:
        try:
            future.set_result(load())
        except BaseException as exc:  # handed to whoever takes the result
            future.set_exception(exc)


def start(*loads: tuple[Hashable, Callable[[], object]], name: str = "preload") -> None:
    """Run the ``(key, load)`` pairs one after the other in a daemon thread, skipping a key whose
    load is already waiting. One thread, not one each: on two cores the main thread goes on
    importing meanwhile, and a third busy thread slowed it as much as it saved."""
    todo = []
    with _lock:
        for key, load in loads:
            if key not in _started:
                _started[key] = Future()
                todo.append((load, _started[key]))
    if todo:
        threading.Thread(target=_run, args=(todo,), daemon=True, name=name).start()


def take(key: Hashable, load: Callable[[], T]) -> T:
    """The started load's result for ``key``, else ``load()`` run here."""
    with _lock:
        future = _started.pop(key, None)
    return future.result() if future is not None else load()
