"""表间 family (XT…): every figure that appears in two tables is equal (docs/design.md, check list C).

One module per group of tables; importing this package registers all their rules.  Shared
machinery (figures, label matching, tolerance and where the note goes) is in ``_common``;
labels and column correspondences are data, in ``data.yaml``.
"""

from yusuan.checks.cross_rules import completeness, economic, fiscal, projects, summary_table  # noqa: F401
