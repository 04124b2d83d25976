"""Sentence encoders behind one llama-index ``BaseEmbedding``: ONNX Runtime (int8 by default) or torch.

The ONNX path imports only ``tokenizers``, ``onnxruntime`` and numpy, so asking a question never
pays for torch/transformers. Which one runs is decided in
``indexing/backend_choice.py``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from indexing.latin_tokenizer import FastTokenizer
from indexing.onnx_export import model_info
from indexing.onnx_session import open_session

log = logging.getLogger(__name__)
QUERY_CACHE = 64  # question vectors kept by ``OnnxEmbedding``


def _usable_cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class OnnxEncoder:
    """Tokenize with ``tokenizers``, run the pooled ONNX graph, return unit vectors.

    Each run of the graph uses one thread, and ``workers`` runs (one per core) go at once over
    small batches. On 2 cores a whole ingest measured 30–34 chunks/s this way, against 22 with one
    run at a time on two threads: those wait for each other at every operator whenever chunking
    takes a core, and small batches keep each run's activations in the core's cache."""

    def __init__(self, model: Path, workers: int | None = None):
        """``model``: the ``.onnx`` file, in the folder that holds its tokenizer and marker."""
        self.folder = Path(model).parent
        info = model_info(self.folder)
        self.max_length = int(info["max_seq_length"])
        self.pad_id = int(info["pad_token_id"])
        self.tokenizer = FastTokenizer(self.folder, self.max_length)
        self.session = open_session(model)
        self.name = Path(model).name
        self.workers = workers or min(8, _usable_cores())
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="onnx") if self.workers > 1 else None

    def _run(self, encoded: list[np.ndarray], idx: list[int]) -> tuple[list[int], np.ndarray]:
        width = max(len(encoded[i]) for i in idx)
        ids = np.full((len(idx), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            n = len(encoded[i])
            ids[row, :n] = encoded[i]
            mask[row, :n] = 1
        return idx, self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    def release_memory(self) -> None:
        """Give back the memory ONNX Runtime's arena grew to for the largest batches (~250 MB
        after an ingest) with one tiny run that shrinks it; the next runs regrow what they need."""
        import onnxruntime as ort

        options = ort.RunOptions()
        options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        one = np.full((1, 2), self.pad_id, dtype=np.int64)
        self.session.run(None, {"input_ids": one, "attention_mask": np.ones_like(one)}, options)

    def encode(self, texts: list[str], batch_size: int = 4) -> np.ndarray:
        """Vectors for ``texts`` in their order; batches are formed by token length so that
        little time goes to padding."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encoded = self.tokenizer.encode(texts)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        if self._pool is not None and len(batches) > 1:
            results = self._pool.map(lambda idx: self._run(encoded, idx), batches)
        else:
            results = (self._run(encoded, idx) for idx in batches)
        out: np.ndarray | None = None
        for idx, vecs in results:
            if out is None:
                out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
            out[idx] = vecs
        return out


class OnnxEmbedding(BaseEmbedding):
    """llama-index embedding over :class:`OnnxEncoder` with e5's ``query: ``/``passage: `` prompts."""

    query_instruction: str = "query: "
    text_instruction: str = "passage: "
    _encoder: OnnxEncoder = PrivateAttr()
    _run_batch: int = PrivateAttr()
    # the last questions' vectors: search and evidence scoring embed the same question
    _queries: OrderedDict = PrivateAttr(default_factory=OrderedDict)
    _queries_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, model: Path, run_batch: int = 1, **kwargs):
        """``model``: the ``.onnx`` file. ``run_batch`` texts go through the graph at once (1 for
        the int8 graph, whose activation scale is per run: ``Settings.int8_run_batch``);
        llama-index hands over ``embed_batch_size`` (default 512) texts per call so they can be
        sorted by length."""
        kwargs.setdefault("embed_batch_size", 512)
        model = Path(model)
        super().__init__(model_name=f"{model.parent.name}/{model.name}", **kwargs)
        self._encoder = OnnxEncoder(model)
        self._run_batch = run_batch

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        return self._encoder.encode(texts, self._run_batch).tolist()

    def release_memory(self) -> None:
        self._encoder.release_memory()

    def clear_query_cache(self) -> None:
        with self._queries_lock:
            self._queries.clear()

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._queries_lock:
            hit = self._queries.get(query)
            if hit is not None:
                self._queries.move_to_end(query)
        if hit is None:
            hit = self._embed([self.query_instruction + query])[0]
            with self._queries_lock:
                self._queries[query] = hit
                while len(self._queries) > QUERY_CACHE:
                    self._queries.popitem(last=False)
        return list(hit)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([self.text_instruction + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed([self.text_instruction + t for t in texts])
