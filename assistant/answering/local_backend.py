"""A small instruct model in GGUF, run in-process with llama-cpp-python (optional extra).

Model: HOIDAP_GGUF=/path/model.gguf, or the Qwen2.5-Coder-1.5B-Instruct Q4_K_M file fetched
once by `hoidap model --local` into the model cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from assistant.answering.base import BackendUnavailable
from assistant.answering.chat_model import ChatModelBackend, Messages
from indexing.settings import Settings


class LocalBackend(ChatModelBackend):
    def __init__(self, model_path: Path, threads: int | None = None):
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # busy-waiting collapses speed on 2 cores
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendUnavailable(
                "Chưa cài llama-cpp-python (pip install -e '.[local]'). / llama-cpp-python is not installed."
            ) from exc
        if not model_path.exists():
            raise BackendUnavailable(
                f"Không có mô hình cục bộ {model_path} (chạy `hoidap model --local` hoặc đặt HOIDAP_GGUF). "
                "/ Local model missing."
            )
        self.llm = Llama(model_path=str(model_path), n_ctx=2048, n_threads=threads or os.cpu_count(), verbose=False)
        super().__init__("local", self._stream)

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalBackend:
        return cls(settings.gguf_path)

    def _stream(self, messages: Messages) -> Iterator[str]:
        for chunk in self.llm.create_chat_completion(messages=messages, stream=True, temperature=0.0, max_tokens=256):
            delta = chunk["choices"][0].get("delta", {}).get("content")
            if delta:
                yield delta
