"""Checks: one module per rule family, every rule registered in :mod:`yusuan.checks.catalog`."""
