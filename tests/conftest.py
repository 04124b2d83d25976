"""Shared fixtures: the real embedding model (loaded once) and an index of the bundled seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexing.settings import BUNDLED_CORPUS, Settings

SEEDS = sorted(BUNDLED_CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def embed_model():
    from indexing.embedding_model import load_embed_model

    return load_embed_model(Settings())


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings().with_(index_dir=tmp_path / "index", collection="test")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled seed articles."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, embed_model) -> Settings:
    """The five seeds, indexed once for the whole session (read-only for tests)."""
    from indexing.pipeline import Indexer

    settings = Settings().with_(index_dir=tmp_path_factory.mktemp("seed-index"), collection="seeds")
    Indexer(settings, embed_model=embed_model).ingest(BUNDLED_CORPUS)
    return settings


@pytest.fixture(scope="session")
def assistant(seed_index, embed_model):
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever

    return Assistant(seed_index, retriever=HybridRetriever(seed_index, embed_model=embed_model))


@pytest.fixture()
def assistant_on(tmp_path, settings, embed_model):
    """``assistant_on({"name.txt": text, …})``: an assistant over a fresh index of those articles
    (a value in bytes is written as is: a PDF or Word file)."""
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing.pipeline import Indexer

    def build(articles: dict[str, str | bytes]):
        folder = tmp_path / "articles"
        folder.mkdir()
        for name, text in articles.items():
            if isinstance(text, bytes):
                (folder / name).write_bytes(text)
            else:
                (folder / name).write_text(text, encoding="utf-8")
        Indexer(settings, embed_model=embed_model).ingest(folder)
        return Assistant(settings, retriever=HybridRetriever(settings, embed_model=embed_model))

    return build


def run_cli(settings: Settings, *args: str, **kw) -> subprocess.CompletedProcess:
    """`hoidap --index-dir … ARGS` in a subprocess, on the collection of ``settings``."""
    env = {**os.environ, "HOIDAP_COLLECTION": settings.collection, **kw.pop("env", {})}
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(settings.store_dir), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)


@pytest.fixture(scope="session")
def cli():
    """``cli(settings, *args)`` runs the hoidap command line against ``settings``' index."""
    return run_cli


@pytest.fixture()
def chroma_server(tmp_path):
    """A real `chroma run` on 127.0.0.1: yields its port (skips when the CLI is missing)."""
    import socket
    import time

    import httpx

    chroma = shutil.which("chroma") or os.path.join(os.path.dirname(sys.executable), "chroma")
    if not os.path.exists(chroma):
        pytest.skip("the chroma CLI is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        for _ in range(240):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("chroma run did not start within 2 minutes")
        yield port
    finally:
        server.terminate()
        server.wait(10)
