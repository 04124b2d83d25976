"""Loads started in the background are handed to the first taker, errors included."""

import threading

import pytest

from indexing import background_load


def test_a_started_load_is_taken_once_then_loaded_anew():
    release = threading.Event()
    calls = []

    def load():
        calls.append(threading.current_thread().name)
        release.wait(5)
        return object()

    background_load.start(("k-once", load), name="bg-test")
    background_load.start(("k-once", load), name="bg-test")  # already waiting: not started twice
    release.set()
    first = background_load.take("k-once", load)
    second = background_load.take("k-once", load)
    assert first is not second
    assert calls == ["bg-test", threading.current_thread().name]


def test_an_error_in_the_background_reaches_the_taker():
    def fail():
        raise OSError("no such model file")

    background_load.start(("k-fail", fail), ("k-after", lambda: "loaded"))
    with pytest.raises(OSError, match="no such model file"):
        background_load.take("k-fail", lambda: "unused")
    assert background_load.take("k-after", lambda: "here") == "loaded"  # the next load still ran


def test_take_without_start_loads_here():
    assert background_load.take("k-none", lambda: 42) == 42
