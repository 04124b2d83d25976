"""Build the ONNX Runtime copies of the embedding model once: fp32 export + dynamic int8.

The graph takes ``input_ids``/``attention_mask`` and returns the mean-pooled, L2-normalised
sentence vector, so the query path needs only ``tokenizers`` + ``onnxruntime``. Built in a
temp folder next to the target and renamed into place (a killed build leaves nothing half-made).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT_VERSION = "1"
FP32_FILE = "model.onnx"
INT8_FILE = "model_int8.onnx"
MARKER = "hoidap_onnx.json"
OPSET = 17


def is_built(target: Path) -> bool:
    marker = Path(target) / MARKER
    try:
        return json.loads(marker.read_text()).get("format_version") == FORMAT_VERSION
    except (OSError, ValueError):
        return False


def model_info(target: Path) -> dict:
    """What the export recorded (``max_seq_length``, ``pad_token_id`` …)."""
    return json.loads((Path(target) / MARKER).read_text())


def _export_fp32(source: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    dummy = torch.ones(2, 16, dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            Pooled(model),
            (dummy, dummy),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize(fp32: Path, out: Path) -> None:
    """Dynamic int8, signed per-channel weights: measured on AVX2/AVX-512 as fast as plain QInt8
    and closer to fp32 (min cosine 0.995 vs 0.979 on news passages); QUInt8 was slower."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)


def build_onnx(source: Path, target: Path) -> Path:
    """``target`` holding ``model.onnx``, ``model_int8.onnx`` and the tokenizer of ``source``."""
    target = Path(target)
    if is_built(target):
        return target
    log.warning("building the ONNX embedding model once (about a minute) at %s", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-onnx-", dir=target.parent))
    try:
        _export_fp32(Path(source), tmp / FP32_FILE)
        _quantize(tmp / FP32_FILE, tmp / INT8_FILE)
        shutil.copy(Path(source) / "tokenizer.json", tmp / "tokenizer.json")
        config = json.loads((Path(source) / "config.json").read_text())
        st_config = json.loads((Path(source) / "sentence_bert_config.json").read_text())
        (tmp / MARKER).write_text(
            json.dumps(
                {
                    "format_version": FORMAT_VERSION,
                    "source": str(source),
                    "pad_token_id": config.get("pad_token_id", 0),
                    "max_seq_length": st_config.get("max_seq_length", 512),
                    "opset": OPSET,
                },
                indent=2,
            )
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target
