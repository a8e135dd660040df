"""The bench's report: Markdown tables of CPU-second medians, ratios to the floors, peak RSS,
and issue 13's targets beside the figures they judge (PASS / MISS)."""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.bench.audit import AuditResult
from yusuan.bench.runner import Run, median_cpu, median_wall, peak_rss
from yusuan.bench.scales import ScaleResult

NOT_MEASURED = "not available"


@dataclass(frozen=True)
class Target:
    """A bound from issue 13: ``value`` ≤ ``limit`` (< when ``strict``)."""

    limit: float
    unit: str
    strict: bool = False

    def judge(self, value: float) -> str:
        met = value < self.limit if self.strict else value <= self.limit
        return f"target {'<' if self.strict else '≤'} {self.limit:g}{self.unit}: {'PASS' if met else 'MISS'}"


# build / floor (a) and peak RSS at the named scales, the demo's CPU, the audits' ratios
RATIO_A = {(20, 5000): Target(1.5, "×"), (100, 50000): Target(1.3, "×")}
RSS = {(100, 50000): Target(500, " MB")}
DEMO_CPU = Target(2, " s", strict=True)
SUMMARY_ONLY = Target(3, "×")
ANNOTATED = Target(1.1, "×")


def _beside(text: str, target: Target | None, value: float) -> str:
    return f"{text} ({target.judge(value)})" if target else text


def _ratio(runs: list[Run], floor: list[Run]) -> float:
    """The medians' ratio; inf when the floor took no measurable CPU (nothing to compare)."""
    if not runs or not floor or median_cpu(floor) <= 0:
        return float("inf")
    return median_cpu(runs) / median_cpu(floor)


def build_table(results: list[ScaleResult]) -> list[str]:
    lines = [
        "| units × lines | output cells | yusuan build | floor (a) openpyxl | build / (a) | floor (b) calamine+xlsxwriter"
        " | build / (b) | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        size = (r.scale.units, r.scale.lines)
        cpu, rss, ratio_a = median_cpu(r.build), peak_rss(r.build), _ratio(r.build, r.floor_openpyxl)
        lines.append(
            f"| {r.scale.label} | {r.cells:,} | {_beside(f'{cpu:.2f} s', DEMO_CPU if r.scale.is_demo else None, cpu)}"
            f" | {median_cpu(r.floor_openpyxl):.2f} s | {_beside(f'{ratio_a:.2f}×', RATIO_A.get(size), ratio_a)}"
            f" | {median_cpu(r.floor_calamine):.2f} s | {_ratio(r.build, r.floor_calamine):.2f}×"
            f" | {_beside(f'{rss:.0f} MB', RSS.get(size), rss)} |"
        )
    return lines


def _audit_row(name: str, runs: list[Run], count: int, versus: str) -> str:
    if not runs:
        return f"| {name} | {count} | {NOT_MEASURED} | | | | {versus} |"
    cpu, wall = median_cpu(runs), median_wall(runs)
    rate = f"{count / wall:.1f}" if wall > 0 else "—"
    per = f"{cpu / count:.3f} s" if count else "—"
    return f"| {name} | {count} | {cpu:.2f} s | {per} | {wall:.1f} s | {rate} | {versus} |"


def audit_table(audit: AuditResult, jobs: int) -> list[str]:
    summary = _ratio(audit.summary_only, audit.read_floor)
    annotated = _ratio(audit.annotated, audit.loadsave_floor)
    summary_versus = _beside(f"{summary:.2f}× the calamine read", SUMMARY_ONLY, summary) if audit.summary_only else ""
    annotated_versus = (_beside(f"{annotated:.2f}× the load+save", ANNOTATED, annotated)
                        if audit.loadsave_floor and audit.with_findings else "no workbook with findings")
    return [
        f"{audit.count} department workbooks, {audit.planted} with planted errors; the annotated audit wrote"
        f" {audit.with_findings} annotated copies (the workbooks with findings).",
        "",
        "| run | workbooks | CPU | CPU per workbook | wall | workbooks/s | ratio |",
        "|---|---:|---:|---:|---:|---:|---|",
        _audit_row(f"`yusuan check FOLDER -j {jobs}` (annotated)", audit.annotated, audit.count, annotated_versus),
        _audit_row(f"`yusuan check FOLDER --summary-only -j {jobs}`", audit.summary_only, audit.count, summary_versus),
        _audit_row("floor: python-calamine reads every workbook", audit.read_floor, audit.count, ""),
        _audit_row("floor: openpyxl load+save of the workbooks with findings", audit.loadsave_floor,
                   audit.with_findings, ""),
    ]


def render(results: list[ScaleResult], audit: AuditResult | None, heading: list[str], jobs: int) -> str:
    """The whole report; ``heading``: what the run was (date, repeats, load average)."""
    lines = [*heading, "", "### Build (CPU-second medians; ratios = medians' ratio)", ""]
    lines += build_table(results) if results else ["(no scale run)"]
    lines += ["", "### Audit of a folder (CPU-second medians; workbooks/s from the median wall time)", ""]
    lines += audit_table(audit, jobs) if audit else ["(not run: --audit-count 0)"]
    return "\n".join(lines)
