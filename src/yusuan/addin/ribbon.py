"""The ribbon XML (customUI, Office 2010+ schema) generated from :data:`yusuan.excel.ENTRY_POINTS`.

Every button carries the Python function name in ``tag``; the single VBA callback
:data:`CALLBACK` dispatches on it, so adding an entry point needs no VBA change."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
PART_NAME = "customUI/customUI14.xml"
# Office 2010+ reads customUI14 under this relationship type and then ignores the 2006 part
RELATIONSHIP_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CALLBACK = "YusuanDispatch"
TAB_ID = "yusuanTab"
TAB_LABEL = "预算公开"


def groups(entry_points: list[tuple[str, str, str, str]]) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """The entry points by ribbon group, groups in order of first appearance."""
    ordered: dict[str, list[tuple[str, str, str, str]]] = {}
    for entry in entry_points:
        ordered.setdefault(entry[2], []).append(entry)
    return list(ordered.items())


def ribbon_xml(entry_points: list[tuple[str, str, str, str]] | None = None) -> str:
    """customUI14.xml for the 预算公开 tab: one group per entry-point group, one large button each."""
    if entry_points is None:
        from yusuan.excel import ENTRY_POINTS

        entry_points = ENTRY_POINTS
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{NAMESPACE}">',
        '  <ribbon startFromScratch="false">',
        "    <tabs>",
        f'      <tab id="{TAB_ID}" label={quoteattr(TAB_LABEL)}>',
    ]
    for number, (group, entries) in enumerate(groups(entry_points), start=1):
        # ids must be XML names: the Chinese group label stays in the label only
        lines.append(f'        <group id="yusuanGroup{number}" label={quoteattr(group)}>')
        for function, label, _group, image in entries:
            lines.append(
                f'          <button id="yusuan_{function}" label={quoteattr(label)} imageMso={quoteattr(image)}'
                f' size="large" tag={quoteattr(function)} onAction="{CALLBACK}"/>'
            )
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines)
