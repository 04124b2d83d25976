"""Shared fixtures: the real embedding model (loaded once) and an index of the bundled seeds."""

from __future__ import annotations

import shutil
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
