"""Profiles as data: loading from files and folders, validation with the file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from yusuan import profiles
from yusuan.profiles import ProfileError
from yusuan.tables import check_profile

BUILTIN = Path(profiles.__file__).parent / "data" / "henan2025.yaml"


def _write(tmp_path: Path, data: dict, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _base() -> dict:
    return yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))


@pytest.fixture
def restore_profiles():
    """Folders and files a test adds are forgotten afterwards."""
    added = list(profiles._added)
    yield
    profiles._added[:] = added
    profiles._all.cache_clear()


def test_every_installed_profile_passes_its_builders_checks():
    for profile in profiles.all_profiles():
        check_profile(profile)
        assert profile.year is not None, f"{profile.name} declares no year"


def test_default_profile_declares_year_layout_and_wording_files():
    profile = profiles.load()
    assert (profile.year, profile.narrative, profile.glossary) == (2025, "henan2025.yaml", "glossary_henan2025.yaml")
    assert profile.layout == {"function_rows": "unit", "three_public": "unit", "amount_unit": "万元",
                              "print_empty": "profile"}


def test_a_profile_file_is_read_and_registered_by_name(tmp_path, restore_profiles):
    data = _base() | {"name": "某省2026", "year": 2026}
    profile = profiles.add_file(_write(tmp_path, data))
    assert profile.name == "某省2026" and profiles.load("某省2026").year == 2026
    assert "某省2026" in profiles.available() and profiles.available()[0] == profiles.DEFAULT_PROFILE


def test_a_folder_of_profiles_is_read(tmp_path, restore_profiles):
    _write(tmp_path, _base() | {"name": "甲2026", "year": 2026}, "a.yaml")
    _write(tmp_path, _base() | {"name": "乙2019", "year": 2019}, "b.yaml")
    profiles.add_folder(tmp_path)
    assert {"甲2026", "乙2019"} <= set(profiles.available())
    assert profiles.load("乙2019").year == 2019


def test_user_folder_from_the_environment(tmp_path, monkeypatch, restore_profiles):
    _write(tmp_path, _base() | {"name": "丙2027", "year": 2027})
    monkeypatch.setenv("YUSUAN_PROFILES", str(tmp_path))
    profiles._all.cache_clear()
    assert profiles.load("丙2027").path == str(tmp_path / "p.yaml")


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(year="二〇二五"), "中 year：应为四位年份"),
    (lambda d: d.update(colour="红"), "中 colour：不认识的键"),
    (lambda d: d.pop("empty_note"), "中 empty_note：缺少此项（必填）"),
    (lambda d: d.update(layout={"function_rows": "按科目"}), "中 layout.function_rows：“按科目”不是可选值"),
    (lambda d: d.update(layout={"rows": "unit"}), "中 layout.rows：不认识的键"),
    (lambda d: d["tables"][2].pop("columns"), "中 tables[3].columns：表“部门支出预算表”缺少表头"),
    (lambda d: d["tables"][2].update(print_empty="否"), "中 tables[3].print_empty：应为 true 或 false"),
    (lambda d: d.update(inputs=[{"key": "x", "label": "X", "kind": "date"}]), "中 inputs[1].kind：“date”不是可选值"),
])
def test_structure_errors_name_the_file_and_key(tmp_path, change, message):
    data = _base()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(ProfileError) as raised:
        profiles.load_file(path)
    assert raised.value.message.startswith(f"表样文件“{path}”") and message in raised.value.message


@pytest.mark.parametrize("change, message", [
    (lambda d: d["tables"][2].update(id="expenditures"), "tables[3]（部门支出预算表）.id：不认识的表格生成器“expenditures”"),
    (lambda d: d["tables"][2]["columns"].append({"备注": "remark"}),
     "tables[3]（部门支出预算表）.columns：生成器“expenditure”不认识列键“remark”"),
    (lambda d: d["tables"][7]["options"].pop("codes"), "tables[8]（一般公共预算“三公”经费预算表）.options：缺少生成器“three_public”必需的选项 codes"),
])
def test_builder_errors_name_the_file_table_and_key(tmp_path, change, message):
    data = _base()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(ProfileError) as raised:
        check_profile(profiles.load_file(path))
    assert raised.value.message.startswith(f"表样文件“{path}”中 ") and message in raised.value.message


def test_bad_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ntables: [\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad.yaml”第\d+行不是有效的 YAML"):
        profiles.load_file(path)


def test_wording_files_beside_the_profile_or_embedded(tmp_path):
    from yusuan.document.wording import wording_for as glossary_for
    from yusuan.narrative.compose import wording_for as narrative_for

    narrative = narrative_for(profiles.load()) | {"title": "自定义标题"}
    (tmp_path / "n.yaml").write_text(yaml.safe_dump(narrative, allow_unicode=True), encoding="utf-8")
    glossary = glossary_for(profiles.load()).raw | {"glossary": [{"term": "甲", "text": "乙"}]}
    profile = profiles.load_file(_write(tmp_path, _base() | {"narrative": "n.yaml", "glossary": glossary}))
    assert narrative_for(profile)["title"] == "自定义标题"
    assert [t.term for t in glossary_for(profile).glossary] == ["甲"]
    missing = profiles.load_file(_write(tmp_path, _base() | {"narrative": "none.yaml"}, "m.yaml"))
    with pytest.raises(ProfileError, match="中 narrative：找不到文件“none.yaml”"):
        narrative_for(missing)


def test_layout_on_the_command_line():
    from yusuan.cli import _layout
    from yusuan.errors import UserError

    assert _layout(["function_rows=部门汇总列示", "amount_unit=元", "three_public = total"]) == {
        "function_rows": "department", "amount_unit": "元", "three_public": "total"}
    with pytest.raises(UserError, match="不认识的版式选项“rows”"):
        _layout(["rows=unit"])
    with pytest.raises(UserError, match="“千元”不是 amount_unit 的可选值（可选：万元、元）"):
        _layout(["amount_unit=千元"])


def test_a_bad_profile_file_is_one_chinese_line(tmp_path, capsys, restore_profiles):
    from yusuan.cli import main

    data = _base() | {"name": "坏表样"}
    data["tables"][2]["columns"].append({"备注": "remark"})
    path = _write(tmp_path, data)
    assert main(["template", "-o", str(tmp_path / "t.xlsx"), "--profile-file", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：表样文件“{path}”中 tables[3]（部门支出预算表）.columns：") and err.count("\n") == 1
    assert "坏表样" not in profiles.available()
