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


def apply() -> None:
    """Set the offline variables unless the user set them explicitly."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
