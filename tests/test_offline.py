"""The whole ingest + question path opens no connection beyond this machine."""

import ipaddress
import socket

import pytest


def test_ingest_and_ask_open_no_outside_connection(settings, corpus, monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost" or isinstance(address, str | bytes)
        if not local:
            attempts.append(address)
            raise OSError(f"network disabled in test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: guarded(socket.socket(), a[0]))

    from assistant.engine import Assistant
    from indexing.embedding_model import load_embed_model
    from indexing.pipeline import Indexer

    embed = load_embed_model(settings)  # loads from disk, not from a hub
    assert Indexer(settings, embed_model=embed).ingest(corpus).added == 5
    from assistant.retrieval.hybrid import HybridRetriever

    answer = Assistant(settings, HybridRetriever(settings, embed_model=embed)).ask(
        "Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?"
    )
    assert "46 hộ nghèo" in answer.text
    assert attempts == []


@pytest.mark.parametrize("name", ["HF_HUB_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY"])
def test_offline_defaults_are_set_by_the_package(name):
    import os

    import indexing  # noqa: F401

    assert os.environ[name] in ("1", "False")


def test_tiktoken_loads_from_the_bundled_files_in_a_fresh_process():
    """A tiktoken tokenizer (llama-index's default, or one inside a pickled object) must load
    from llama-index's bundled files, never from openaipublic.blob.core.windows.net."""
    import os
    import subprocess
    import sys

    script = (
        "import socket\n"
        "def no_net(*a, **k): raise OSError('network disabled in test')\n"
        "socket.socket.connect = no_net\n"
        "socket.create_connection = no_net\n"
        "import indexing  # noqa\n"
        "import tiktoken\n"
        "print(len(tiktoken.get_encoding('cl100k_base').encode('Giá vàng hôm nay')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIKTOKEN_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    assert int(out.stdout.strip()) > 0
