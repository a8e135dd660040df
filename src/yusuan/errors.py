"""Errors a user can cause: each carries a one-line Chinese message, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Input that cannot be used at all (missing file, not a workbook, ...).

    The CLI prints ``message`` and exits with code 2 (README, 命令).
    """

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
