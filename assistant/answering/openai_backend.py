"""An OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp server), streamed.

Configure with HOIDAP_OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1), HOIDAP_OPENAI_MODEL
and, if the server needs one, OPENAI_API_KEY."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import httpx

from assistant.answering.base import BackendUnavailable
from assistant.answering.chat_model import ChatModelBackend, Messages


class OpenAIBackend(ChatModelBackend):
    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 120.0):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        super().__init__("openai", self._stream)

    @classmethod
    def from_env(cls) -> OpenAIBackend:
        base = os.environ.get("HOIDAP_OPENAI_BASE_URL", "")
        model = os.environ.get("HOIDAP_OPENAI_MODEL", "")
        if not base or not model:
            raise BackendUnavailable(
                "Chưa cấu hình máy chủ OpenAI-compatible (HOIDAP_OPENAI_BASE_URL, HOIDAP_OPENAI_MODEL). "
                "/ OpenAI-compatible server not configured."
            )
        return cls(base, model, os.environ.get("OPENAI_API_KEY", ""))

    def _stream(self, messages: Messages) -> Iterator[str]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "stream": True, "temperature": 0, "max_tokens": 300}
        try:
            with httpx.stream(
                "POST", f"{self.base_url}/chat/completions", json=body, headers=headers, timeout=self.timeout
            ) as resp:
                if resp.status_code != 200:
                    raise BackendUnavailable(f"Máy chủ mô hình trả lỗi / model server error {resp.status_code}")
                for line in resp.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    delta = json.loads(data)["choices"][0].get("delta", {}).get("content")
                    if delta:
                        yield delta
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"Không kết nối được máy chủ mô hình / model server unreachable: {exc}") from exc
