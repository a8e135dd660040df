"""Profiles: which tables a region/year publishes, their titles, headers, layout and wording.

A profile is a YAML file; nothing about a region or a year lives in code.  Profiles come from
the package (``profiles/data``), then from the user's folders — ``$YUSUAN_PROFILES`` (folders
separated by the path separator), ``~/.yusuan/profiles``, and folders or files added at run
time (:func:`add_folder`, :func:`add_file`: the ``表样`` folder next to a workbook,
``--profile-file``).  A later source replaces a profile of the same name.  docs/profiles.md
describes every key.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from yusuan.errors import UserError
from yusuan.profiles._model import HeaderNode, InputField, LayoutOption, Profile, TableSpec, layout_options
from yusuan.profiles._parse import ProfileError, read_profile
from yusuan.yaml_data import load_yaml

__all__ = ["DEFAULT_PROFILE", "HeaderNode", "InputField", "LayoutOption", "Profile", "ProfileError", "TableSpec",
           "add_file", "add_folder", "all_profiles", "available", "layout_options", "load", "load_file", "referenced_data"]

DEFAULT_PROFILE = "河南2025"
USER_FOLDER = Path.home() / ".yusuan" / "profiles"
WORKBOOK_FOLDER = "表样"  # a folder of profiles next to the workbook
_added: list[Path] = []  # folders and files added at run time, in order


def load_file(path: Path | str) -> Profile:
    """Read one profile file (no registration)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"无法读取表样文件“{path}”：{exc.strerror or exc}") from None
    return read_profile(text, str(path), path)


def add_file(path: Path | str) -> Profile:
    """Read a profile file and make it available by its name for the rest of the run."""
    profile = load_file(path)
    _add(Path(path))
    return profile


def add_folder(folder: Path | str) -> None:
    """Make the profiles in ``folder`` (``*.yaml``) available; a missing folder is ignored."""
    if Path(folder).is_dir():
        _add(Path(folder))


def _add(path: Path) -> None:
    if path not in _added:
        _added.append(path)
        _all.cache_clear()


def _user_folders() -> list[Path]:
    listed = [Path(p) for p in os.environ.get("YUSUAN_PROFILES", "").split(os.pathsep) if p]
    return [*listed, USER_FOLDER]


def _files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    return sorted(source.glob("*.yaml")) if source.is_dir() else []


@cache
def _all() -> dict[str, Profile]:
    profiles = {}
    for entry in sorted(resources.files(__package__).joinpath("data").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            profile = read_profile(entry.read_text(encoding="utf-8"), f"yusuan/profiles/data/{entry.name}")
            profiles[profile.name] = profile
    for source in [*_user_folders(), *_added]:
        for path in _files(source):
            profile = load_file(path)
            profiles[profile.name] = profile
    return profiles


def available() -> list[str]:
    """Names of the installed profiles (表样版本), default first."""
    names = sorted(_all())
    return sorted(names, key=lambda n: n != DEFAULT_PROFILE)


def all_profiles() -> list[Profile]:
    return [_all()[name] for name in available()]


def load(name: str = DEFAULT_PROFILE) -> Profile:
    try:
        return _all()[name]
    except KeyError:
        raise UserError(f"未知的表样版本“{name}”，可选：{'、'.join(available())}") from None


def referenced_data(profile: Profile, key: str, builtin: Traversable) -> dict | None:
    """The wording a profile names under ``key`` (``narrative`` / ``glossary``): written in the
    profile itself, a file beside the profile file, or a file of the package folder ``builtin``.
    None when the profile names none."""
    ref = getattr(profile, key)
    if ref is None or isinstance(ref, dict):
        return ref
    candidates: list[Path | Traversable] = [Path(profile.path).parent / ref] if profile.path else []
    candidates.append(builtin.joinpath(ref))
    for candidate in candidates:
        if candidate.is_file():
            try:
                data = load_yaml(candidate.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ProfileError(f"表样“{profile.name}”的 {key} 文件“{ref}”不是有效的 YAML：{exc}") from None
            if not isinstance(data, dict):
                raise ProfileError(f"表样“{profile.name}”的 {key} 文件“{ref}”应为映射")
            return data
    where = profile.path or f"yusuan/profiles/data（表样“{profile.name}”）"
    raise ProfileError(f"表样文件“{where}”中 {key}：找不到文件“{ref}”")
