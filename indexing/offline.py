"""Offline defaults, applied on import of any hoidap package: nothing may reach a hub."""

import os

_DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_WAIT_POLICY": "PASSIVE",
}


def _tiktoken_cache() -> str | None:
    """llama-index's bundled tiktoken files: a tokenizer that tiktoken would otherwise download
    (e.g. when a pickle holding one is loaded) is read from there (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("llama_index")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        cache = os.path.join(folder, "core", "_static", "tiktoken_cache")
        if os.path.isdir(cache):
            return cache
    return None


def apply() -> None:
    """Set the offline variables unless the user set them explicitly."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "TIKTOKEN_CACHE_DIR" not in os.environ and (cache := _tiktoken_cache()):
        os.environ["TIKTOKEN_CACHE_DIR"] = cache
