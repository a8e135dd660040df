"""表样: which profile a build or an audit used, and whether it fits the workbook (raised by
:func:`yusuan.build.profile_year_findings` and :func:`yusuan.audit.runner.choose_profile`)."""

from __future__ import annotations

from yusuan.findings.catalog import declare
from yusuan.findings.rule import Severity

PROFILE_YEAR = declare(
    "PF001", "表样", "表样年度与预算年度不一致", Severity.WARNING,
    "预算年度为 {year} 年，而表样版本“{profile}”是 {profile_year} 年的格式：{advice}",
    what="生成报表时，基本信息中的预算年度与所选表样版本声明的年度（表样文件的 year）是否一致。",
    why="各年度公开的表格、标题、口径（如机关运行经费的范围）和情况说明的写法不同；用另一年度的表样生成，"
    "表格齐全、数字平衡，却不符合本年度的公开要求，而且不会有别的提示。",
    bad="预算年度 2023，表样版本“河南2025”：按 2025 年的 14 张表生成，缺少 2023 年要求的基本支出明细表。",
    good="预算年度 2023，表样版本“河南2023”。",
    fix="在基本信息“表样版本”中选择本年度的表样；没有本年度表样时，按 docs/profiles.md 添加一个，"
    "或确认沿用的表样确实适用后忽略本提示。",
)
PROFILE_CHOSEN = declare(
    "PF002", "表样", "校验所用的表样", Severity.INFO,
    "按表样版本“{profile}”校验：{reason}",
    what="校验一个工作簿时用哪个表样版本：命令行指定的，或按工作簿中表格标题的预算年度、表格的组成和标题自动选择的；"
    "工作簿有“目录”（目录工作表，或工作表上方的“目录”一段）时，目录所列的表名及其顺序也作为依据。",
    why="“缺少表格”等检查要以工作簿自己那一年的表样为准；选用的表样不对，会把没有要求公开的表报告为缺失。"
    "写明所用表样和理由，核对的人可以判断结论是否适用。",
    bad="2022 年的工作簿按 2025 年的表样校验，报告目录中本来没有的表“缺失”，且不说明依据。",
    good="按表样版本“河南2022”校验：表格标题的预算年度为 2022 年，与该表样的年度一致；……；目录列出 13 张表，其中 13 张与该表样的表名和顺序一致。",
    fix="无需处理；如选择的表样不对，用 yusuan check --profile 表样版本（或 --profile-file 表样文件）指定。",
)
