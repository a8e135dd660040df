"""YAML data files, parsed by libyaml when PyYAML has it (a foundation: imports nothing else from yusuan).

The pure-Python parser spent half a second of every command on yusuan's own data files (177 KB:
profiles, rule data, wording), a sixth of a demo build; libyaml parses them ten times faster into
the same values (the safe subset either way).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """What ``yaml.safe_load(text)`` gives, with libyaml when it is there."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
