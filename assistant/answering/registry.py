"""Build a backend by name: ``extractive`` (default), ``local`` (GGUF via llama-cpp-python),
``openai`` (any OpenAI-compatible endpoint)."""

from __future__ import annotations

from assistant.answering.base import Backend, BackendUnavailable
from indexing.settings import Settings


def make_backend(name: str, settings: Settings) -> Backend:
    if name == "openai":
        from assistant.answering.openai_backend import OpenAIBackend

        return OpenAIBackend.from_env()
    if name == "local":
        from assistant.answering.local_backend import LocalBackend

        return LocalBackend.from_settings(settings)
    raise BackendUnavailable(f"Không có backend '{name}' / unknown backend '{name}'")
