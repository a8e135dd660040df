"""yusuan — 部门预算公开: departmental budget disclosure tables, checks and document."""

__version__ = "0.1.0"
