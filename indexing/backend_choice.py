"""Which encoder runs the embedding model: ``HOIDAP_EMBED_BACKEND`` = auto | torch | onnx | onnx-int8.

``auto`` (the default) is fp32 torch on a CUDA GPU and the int8 ONNX graph on a CPU. Light on
purpose: the cold start decides this before importing anything heavy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BACKENDS = ("auto", "torch", "onnx", "onnx-int8")


def nvidia_driver() -> bool:
    return Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi") is not None


def has_cuda() -> bool:
    """A CUDA GPU torch can use; torch is imported only where an NVIDIA driver is present."""
    if not nvidia_driver():
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
