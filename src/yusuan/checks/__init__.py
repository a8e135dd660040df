"""Checks: one module per rule family over the parsed tables; every rule, wherever raised, is listed by :mod:`yusuan.checks.catalog`."""
