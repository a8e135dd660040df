"""The Excel add-in ``yusuan.xlam``: ribbon XML, VBA dispatcher, reproducible build, install.

Built on Linux from the xlwings add-in of the installed xlwings version; nothing here needs Excel.
``build_addin`` and ``install_addin`` are imported on first use, so the ribbon and dispatcher
modules load without pyopenvba."""

from __future__ import annotations

from typing import Any

__all__ = ["build_addin", "install_addin"]


def __getattr__(name: str) -> Any:
    if name == "build_addin":
        from yusuan.addin.build import build_addin

        return build_addin
    if name == "install_addin":
        from yusuan.addin.install import install_addin

        return install_addin
    raise AttributeError(name)
