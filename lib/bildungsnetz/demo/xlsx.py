"""A minimal XLSX writer whose bytes depend only on the content.

The workbook (shared strings, a bold frozen header row, fixed column widths) is written from
fixed XML templates and zipped with fixed dates and attributes: its bytes depend neither on
the clock nor on whether openpyxl serialises through lxml or ElementTree (which gives
different bytes). Excel, LibreOffice and openpyxl read it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)  # the workbook's created/modified date
ZIP_TIME = (2025, 1, 1, 0, 0, 0)  # the date of every zip entry
CREATOR = "Netzwerkbüro Bildung (synthetische Demodaten)"

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument"

_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}"><fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_APP = (
    f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
    '2006/extended-properties"><Application>Microsoft Excel</Application></Properties>'
)
_ROOT_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>'
)

Sheet = tuple[str, list, list]  # name, columns, rows (dicts)


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _width(sheet: str, column: str) -> int:
    if sheet == "Hinweise":
        return 90
    return (
        40
        if column in ("akteur", "netzwerk", "von", "an", "koordination", "themen", "zielgruppen")
        else 16
    )


class _SharedStrings:
    """The workbook's shared string table, in order of first use."""

    def __init__(self):
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def index(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.strings)
            self.strings.append(text)
        return self._index[text]

    def xml(self) -> str:
        n = len(self.strings)
        return (
            f'{_XML_HEAD}<sst xmlns="{_NS_MAIN}" count="{n}" uniqueCount="{n}">'
            + "".join(f'<si><t xml:space="preserve">{_xml(t)}</t></si>' for t in self.strings)
            + "</sst>"
        )


def _sheet_xml(number: int, sheet: Sheet, shared: _SharedStrings) -> str:
    """A worksheet: header row bold and frozen, integers as numbers, text as shared strings."""
    name, columns, rows = sheet
    table = [list(columns)] + [[row.get(c, "") for c in columns] for row in rows]
    xml_rows = []
    for r, values in enumerate(table, start=1):
        cells = []
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{_column_letter(c)}{r}"
            style = ' s="1"' if r == 1 else ""
            if isinstance(value, int) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{style} t="s"><v>{shared.index(str(value))}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{_width(name, col)}" customWidth="1"/>'
        for i, col in enumerate(columns, start=1)
    )
    selected = ' tabSelected="1"' if number == 1 else ""
    return (
        f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        f'<dimension ref="A1:{_column_letter(len(columns) - 1)}{len(table)}"/>'
        f'<sheetViews><sheetView workbookViewId="0"{selected}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols>'
        f"<sheetData>{''.join(xml_rows)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.787" bottom="0.787" header="0.3" '
        'footer="0.3"/></worksheet>'
    )


def _workbook_xml(sheets: list[Sheet]) -> str:
    sheet_list = "".join(
        f'<sheet name="{_xml(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _, _) in enumerate(sheets, start=1)
    )
    return (
        f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheet_list}</sheets></workbook>"
    )


def _workbook_rels(n: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_NS_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">{rels}</Relationships>'


def _core_xml(title: str) -> str:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml(title)}</dc:title><dc:creator>{_xml(CREATOR)}</dc:creator>"
        f"<cp:lastModifiedBy>{_xml(CREATOR)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _content_types(n: int) -> str:
    overrides = [("/xl/workbook.xml", f"{_CT}.spreadsheetml.sheet.main+xml")]
    overrides += [
        (f"/xl/worksheets/sheet{i}.xml", f"{_CT}.spreadsheetml.worksheet+xml")
        for i in range(1, n + 1)
    ]
    overrides += [
        ("/xl/styles.xml", f"{_CT}.spreadsheetml.styles+xml"),
        ("/xl/sharedStrings.xml", f"{_CT}.spreadsheetml.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_CT}.extended-properties+xml"),
    ]
    return (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )


def xlsx_bytes(sheets: list[Sheet], title: str = "") -> bytes:
    """An XLSX workbook of the sheets (name, columns, rows as dicts), first sheet selected."""
    shared = _SharedStrings()
    n = len(sheets)
    parts = {
        f"xl/worksheets/sheet{i}.xml": _sheet_xml(i, sheet, shared)
        for i, sheet in enumerate(sheets, start=1)
    }
    parts["xl/sharedStrings.xml"] = shared.xml()
    parts["xl/styles.xml"] = _STYLES
    parts["xl/workbook.xml"] = _workbook_xml(sheets)
    parts["xl/_rels/workbook.xml.rels"] = _workbook_rels(n)
    parts["docProps/core.xml"] = _core_xml(title)
    parts["docProps/app.xml"] = _APP
    parts["_rels/.rels"] = _ROOT_RELS
    parts["[Content_Types].xml"] = _content_types(n)
    order = [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
    ] + [f"xl/worksheets/sheet{i}.xml" for i in range(1, n + 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name].encode("utf-8"), compresslevel=6)
    return out.getvalue()
