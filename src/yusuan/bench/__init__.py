"""``make bench``: yusuan's build and audit as users run them, against the floors of what the
workbook libraries alone cost (``python -m yusuan.bench --help``).

Modules: synth (the inputs), corpus (the audited folder), cells (what the floors write),
floor_openpyxl / floor_calamine (the floors, run as scripts), runner (one measured process,
interleaving), scales / audit (the two benches), report (the tables and targets).
"""

from yusuan.bench.synth import synthetic_input

__all__ = ["synthetic_input"]
