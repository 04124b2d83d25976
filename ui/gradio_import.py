"""Import Gradio without rewriting its type stubs.

Gradio 6 regenerates a ``.pyi`` stub for every component class each time it is imported
(``gradio.component_meta.create_or_modify_pyi``: an ``ast`` parse of each component's source
and a Jinja render). Those stubs are for editors only and nothing reads them at run time, yet
they are about 40% of ``import gradio`` on this machine (2026-12-02: 2.4–2.6 s without, 1.35 s
with the skip), and they write into site-packages. ``install()`` makes that one function a no-op
as soon as its module loads, before any component class is created. Should a Gradio release
rename it, nothing changes.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

TARGET = "gradio.component_meta"


def _skip_stub(*_args: object, **_kwargs: object) -> None:
    """Stands in for ``create_or_modify_pyi``: no stub is written."""


class _StubSkipper(importlib.abc.MetaPathFinder):
    """Finds ``gradio.component_meta`` with the normal finders and patches it after it runs."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        # a file loader is made for this one module; a zip importer is shared, so leave it be
        if spec is None or not isinstance(
            spec.loader, importlib.machinery.SourceFileLoader | importlib.machinery.SourcelessFileLoader
        ):
            return None
        exec_module = spec.loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            if hasattr(module, "create_or_modify_pyi"):
                module.create_or_modify_pyi = _skip_stub

        spec.loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


def install() -> None:
    """Idempotent; has no effect once Gradio is already imported."""
    if TARGET not in sys.modules and not any(isinstance(f, _StubSkipper) for f in sys.meta_path):
        sys.meta_path.insert(0, _StubSkipper())
