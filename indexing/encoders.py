"""Sentence encoders behind one llama-index ``BaseEmbedding``: ONNX Runtime (int8 by default) or torch.

The ONNX path imports only ``tokenizers``, ``onnxruntime`` and numpy, so asking a question never
pays for torch/transformers. ``HOIDAP_EMBED_BACKEND=torch|onnx|onnx-int8`` picks one; ``auto``
(the default) is torch on a CUDA GPU and int8 ONNX on a CPU.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from indexing.onnx_export import FP32_FILE, INT8_FILE, MARKER

log = logging.getLogger(__name__)

BACKENDS = ("auto", "torch", "onnx", "onnx-int8")


def has_cuda() -> bool:
    """A CUDA GPU torch can use; torch is imported only where an NVIDIA driver is present."""
    if not (Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi")):
        return False
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


def choose_backend(requested: str) -> str:
    """The concrete backend for ``requested`` (one of :data:`BACKENDS`)."""
    if requested not in BACKENDS:
        raise ValueError(f"HOIDAP_EMBED_BACKEND='{requested}' không hợp lệ / is not one of {', '.join(BACKENDS)}")
    if requested != "auto":
        return requested
    return "torch" if has_cuda() else "onnx-int8"


class OnnxEncoder:
    """Tokenize with ``tokenizers``, run the pooled ONNX graph, return unit vectors."""

    def __init__(self, folder: Path, int8: bool = True, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        info = json.loads((folder / MARKER).read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(info["max_seq_length"]))
        self.tokenizer.no_padding()
        self.pad_id = int(info["pad_token_id"])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        # no busy-waiting between ops: on shared cores it measured ~25% faster (3.6 vs 2.8 chunks/s)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        model = folder / (INT8_FILE if int8 else FP32_FILE)
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.name = model.name

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Vectors for ``texts`` in their order; batches are formed by token length so that
        little time goes to padding."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            width = max(len(encoded[i].ids) for i in idx)
            ids = np.full((len(idx), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            vecs = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
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

    def __init__(self, folder: Path, int8: bool = True, run_batch: int = 32, **kwargs):
        """``run_batch`` texts go through the graph at once; llama-index hands over
        ``embed_batch_size`` (default 512) texts per call so they can be sorted by length."""
        kwargs.setdefault("embed_batch_size", 512)
        super().__init__(model_name=f"{Path(folder).name}/{INT8_FILE if int8 else FP32_FILE}", **kwargs)
        self._encoder = OnnxEncoder(folder, int8=int8)
        self._run_batch = run_batch

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        return self._encoder.encode(texts, self._run_batch).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([self.query_instruction + query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([self.text_instruction + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed([self.text_instruction + t for t in texts])
