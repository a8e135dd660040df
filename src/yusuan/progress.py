"""A progress line for the long commands (build, demo, export): '[2/5] 生成公开表格……' rewritten in
place on a terminal; nothing when the output goes to a pipe or a file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Step = Callable[[str], None]


def no_progress(label: str) -> None:
    """The step callback of a caller that shows nothing (the Excel add-in, tests)."""


class ProgressLine:
    """Call with each step's label; ``close()`` clears the line."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.done, self.width = total, 0, 0
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, label: str) -> None:
        self.done = min(self.done + 1, self.total)
        if not self.enabled:
            return
        text = f"[{self.done}/{self.total}] {label}……"
        width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
        self.stream.write("\r" + text + " " * max(0, self.width - width))
        self.stream.flush()
        self.width = width

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
        self.width = 0

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
