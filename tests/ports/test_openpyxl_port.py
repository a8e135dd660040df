"""Opening files that are not workbooks yusuan reads: each is named as what it is."""

from __future__ import annotations

import zipfile

import pytest

import yusuan.ports.openpyxl_port as port_module
from yusuan.errors import UserError
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def _ole(path, *streams: str):
    path.write_bytes(OLE2 + bytes(504) + b"".join(s.encode("utf-16-le") for s in streams) + bytes(512))
    return path


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda tmp: _ole(tmp / "旧版.xls", "Workbook"), "旧版 Excel 97-2003"),
        (lambda tmp: _ole(tmp / "改名.xlsx", "Workbook"), "旧版 Excel 97-2003"),
        (lambda tmp: _ole(tmp / "加密.xlsx", "EncryptionInfo", "EncryptedPackage"), "设置了打开密码"),
        (lambda tmp: _ole(tmp / "加密.xls", "EncryptedPackage"), "设置了打开密码"),
    ],
    ids=["xls", "xls-renamed", "encrypted-xlsx", "encrypted-as-xls"],
)
def test_old_and_encrypted_files_are_named(make, expected, tmp_path):
    with pytest.raises(UserError, match=expected):
        OpenpyxlWorkbook.open(make(tmp_path))


def test_binary_workbooks_are_named_by_suffix_and_by_content(tmp_path):
    for name in ("二进制.xlsb", "改名.xlsx"):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        with pytest.raises(UserError, match=r"\.xlsb 格式"):
            OpenpyxlWorkbook.open(tmp_path / name)


def test_an_unreadable_file_says_permission_not_corruption(tmp_path, monkeypatch):
    path = tmp_path / "无权限.xlsx"
    path.write_bytes(b"PK")

    def refused(*args, **kwargs):  # what a file without read permission gives (tests may run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(port_module, "open", refused, raising=False)
    with pytest.raises(UserError, match="没有读取.*权限"):
        OpenpyxlWorkbook.open(path)
