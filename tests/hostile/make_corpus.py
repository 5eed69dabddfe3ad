"""Generate the hostile-input corpus: files that must be refused, and files that must load and show
their text literally.

    python tests/hostile/make_corpus.py [OUT_DIR]      (default: tests/hostile/generated/)

The files are generated rather than committed because some are large (a 50 MB file, a zip bomb that
inflates to 256 MB). ``manifest.json`` beside them lists every entry with what is expected of it, so
the command-line, upload and display tests all read the same list. Tests parametrise on
``describe()`` (the entries, no files made) and get the files through the session-scoped fixture
``hostile_corpus`` in tests/conftest.py, so collecting the suite generates nothing.

Two kinds of entry:

- ``refuse``: the command line exits 2 with one message naming the file and ``where`` (the field,
  id, row, line or sheet!cell); the app shows it and keeps the open case.
- ``literal``: a valid case whose names carry HTML, ``<script>``, Markdown or spreadsheet formulas.
  Such names are not errors; the requirement is that they load and are shown exactly as typed
  everywhere (never interpreted as HTML/Markdown, never evaluated as a formula).

Byte-order marks: a UTF-8 BOM on an otherwise valid file is accepted by design (Windows Notepad
writes one), so the corpus has a UTF-8 BOM in front of a broken file (the BOM must not hide the real
problem) and a UTF-16 file with its BOM (refused: case files are UTF-8). The valid BOM file is a
``literal`` entry that must load.
"""

from __future__ import annotations

import copy
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
GENERATED = Path(__file__).resolve().parent / "generated"
# Bump when entries change, so a stale generated/ directory is rebuilt by the tests.
VERSION = 6

# The small valid case the other tests use, under its own title; every entry breaks one thing in it.
BASE: dict[str, Any] = {**copy.deepcopy(MINIMAL), "title": "Hostile input test case"}

# Text that must never be interpreted: HTML, script, Markdown, Streamlit directives, LaTeX,
# spreadsheet formulas (CSV/Excel injection). Each is a legal name and must be shown as typed.
HOSTILE_NAMES = {
    "html": "<b>Bold</b> & <i>italic</i> option",
    "script": "<script>alert('x')</script>",
    "img": '<img src=x onerror="alert(1)">',
    "link": '<a href="javascript:alert(1)">click me</a>',
    "markdown": "**Strong** _em_ [link](https://evil.example) # not a heading",
    "directive": ":red[alarm] $x^2$ ~~struck~~ `code`",
    "hyperlink": '=HYPERLINK("https://evil.example","Click")',
    "plus_cmd": "+cmd|' /C calc'!A0",
    "at_sum": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3 formula",
}


@dataclass
class Entry:
    """One corpus file and what must happen to it."""

    file: str
    expect: str            # "refuse" or "literal"
    where: str             # text the message must contain: field path, id, row, line or sheet!cell ("" = whole file)
    why: str               # what is hostile about it
    needs_importer: bool = False  # a spreadsheet: meaningful once appraisal/formats/excel/read.py exists


def case(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000).encode("utf-8")


def with_weight(value: Any, criterion: str = "finance") -> dict[str, Any]:
    data = case()
    data["weight_sets"][0]["weights"][criterion] = value
    return data


def with_score(value: Any, option: str = "shared", criterion: str = "finance") -> dict[str, Any]:
    data = case()
    data["scores"][option][criterion] = value
    return data


# --- YAML entries -------------------------------------------------------------------------------

def billion_laughs() -> bytes:
    lines = ['format: options-appraisal/1', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\ntitle: *a9\n").encode()


def deep_flow_sequence() -> bytes:
    return b"format: options-appraisal/1\ntitle: Deep\nnote: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"


def deep_flow_mapping() -> bytes:
    return b"format: options-appraisal/1\ntitle: Deep\nsavings: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n"


def fifty_megabytes() -> bytes:
    head = dump(BASE)
    filler = b"# padding " + b"x" * 89 + b"\n"
    return head + filler * (50 * 1024 * 1024 // len(filler))


def just_over_limit() -> bytes:
    head = dump(BASE)
    return head + b"#" * (5 * 1024 * 1024 + 1 - len(head))


def many_nodes() -> bytes:
    """4.5 MB of tiny values: under the size cap, but far more values than any case has."""
    data = dump(BASE)
    return data + b"savings:\n" + b"".join(b"  k%d: %d\n" % (i, i) for i in range(250_000))


def latin1() -> bytes:
    return dump(case(title="Caf\u00e9 review")).replace("Caf\u00e9".encode(), b"Caf\xe9")


def utf16_with_bom() -> bytes:
    return dump(BASE).decode().encode("utf-16")  # Python writes the BOM first


def utf8_bom_broken() -> bytes:
    data = case()
    del data["format"]
    return b"\xef\xbb\xbf" + dump(data)


def binary_png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def duplicate_top_key() -> bytes:
    return dump(BASE).replace(b"title:", b"title: First title\ntitle:", 1)


def duplicate_weight_key() -> bytes:
    return dump(BASE).replace(b"  weights:\n    finance: 3\n", b"  weights:\n    finance: 3\n    finance: 4\n", 1)


def duplicate_score_option() -> bytes:
    return dump(BASE).replace(b"  shared:\n", b"  shared:\n    finance: Low\n  shared:\n", 1)


def missing_format() -> dict[str, Any]:
    data = case()
    del data["format"]
    return data


def without(key: str) -> dict[str, Any]:
    data = case()
    del data[key]
    return data


def sum_overflows() -> dict[str, Any]:
    data = case()
    data["weight_sets"][0]["weights"].update(finance=1e308, place=1e308)
    return data


def weights_all_zero() -> dict[str, Any]:
    data = case()
    data["weight_sets"][1]["weights"] = {"finance": 0, "place": 0.0, "risk": 0}
    return data


def weight_missing() -> dict[str, Any]:
    data = case()
    del data["weight_sets"][0]["weights"]["risk"]
    return data


def weight_unknown_criterion() -> dict[str, Any]:
    data = case()
    data["weight_sets"][1]["weights"]["cost"] = 2
    return data


def score_missing() -> dict[str, Any]:
    data = case()
    del data["scores"]["alone"]["place"]
    return data


def score_unknown_option() -> dict[str, Any]:
    data = case()
    data["scores"]["merger"] = {"finance": "High", "place": "High", "risk": "High"}
    return data


def scale(values: dict[str, Any]) -> dict[str, Any]:
    return case(rating_scale=values)


def options_with(changes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    data = case()
    for index, change in changes.items():
        data["options"][index].update(change)
    return data


def duplicate_option_id() -> dict[str, Any]:
    data = case()
    data["options"].append({"id": "shared", "name": "Another shared service"})
    return data


def duplicate_criterion_id() -> dict[str, Any]:
    data = case()
    data["criteria"].append({"id": "place", "name": "Place again"})
    return data


def duplicate_council_id() -> dict[str, Any]:
    data = case()
    data["councils"].append({"id": "north", "name": "North again"})
    return data


def unknown_council() -> dict[str, Any]:
    data = case()
    data["weight_sets"][1]["council"] = "east"
    return data


def ten_thousand(kind: str) -> dict[str, Any]:
    data = case()
    if kind == "options":
        data["options"] += [{"id": f"option_{i}", "name": f"Option {i}"} for i in range(10_000 - 3)]
    else:
        data["criteria"] += [{"id": f"criterion_{i}", "name": f"Criterion {i}"} for i in range(10_000 - 3)]
    return data


def two_status_quo() -> dict[str, Any]:
    return options_with({1: {"status_quo": True}})


def misspelt_field() -> dict[str, Any]:
    data = case()
    data["weight_sets"][0]["weigths"] = data["weight_sets"][0].pop("weights")
    return data


def names_and_negative_weight() -> dict[str, Any]:
    data = literal_case("script", "img", "markdown")
    data["weight_sets"][0]["weights"]["place"] = -2
    return data


def formula_names_and_bad_score() -> dict[str, Any]:
    data = literal_case("hyperlink", "plus_cmd", "at_sum")
    data["scores"]["alone"]["risk"] = "=HYPERLINK(\"https://evil.example\")"
    return data


def formula_as_id() -> dict[str, Any]:
    return options_with({2: {"id": "=cmd|' /C calc'!A0"}})


def literal_case(*kinds: str) -> dict[str, Any]:
    """The base case with hostile (but legal) names for its options, criteria and weight sets."""
    data = case(title=f"Literal names: {HOSTILE_NAMES[kinds[0]]}")
    for i, kind in enumerate(kinds):
        data["options"][i]["name"] = HOSTILE_NAMES[kind]
    data["criteria"][0]["name"] = HOSTILE_NAMES[kinds[-1]] + " (criterion)"
    data["weight_sets"][0]["name"] = HOSTILE_NAMES[kinds[1 % len(kinds)]] + " (weights)"
    data["councils"][0]["name"] = HOSTILE_NAMES[kinds[0]] + " council"
    return data


def literal_all() -> dict[str, Any]:
    """Every hostile name at once: one option per name (plus as is), hostile criteria, sets, councils, title."""
    kinds = list(HOSTILE_NAMES)
    labels = ["High", "Medium", "Low"]
    options = [{"id": "as_is", "name": "As is", "status_quo": True}]
    options += [{"id": f"opt_{kind}", "name": HOSTILE_NAMES[kind]} for kind in kinds]
    criteria = [{"id": f"crit_{kind}", "name": HOSTILE_NAMES[kind] + " criterion"} for kind in ("html", "markdown", "hyperlink")]
    scores = {o["id"]: {c["id"]: labels[(i * (j + 2) + j) % 3] for j, c in enumerate(criteria)} for i, o in enumerate(options)}
    # A measured criterion whose unit is hostile too: units are printed beside every raw value.
    measured = {"id": "crit_measured", "name": HOSTILE_NAMES["link"] + " measure",
                "scale": {"unit": HOSTILE_NAMES["markdown"], "direction": "lower", "range": [0, 100],
                          "points": [[0, 100], [50, 30], [100, 0]]}}
    for i, o in enumerate(options):
        scores[o["id"]][measured["id"]] = (i * 37) % 101
    criteria = [*criteria, measured]
    return case(
        title=f"All names: {HOSTILE_NAMES['script']} {HOSTILE_NAMES['markdown']}",
        councils=[{"id": "north", "name": HOSTILE_NAMES["link"]}, {"id": "south", "name": HOSTILE_NAMES["plus_cmd"]}],
        criteria=criteria, options=options, scores=scores,
        weight_sets=[
            {"id": "north_cabinet", "name": HOSTILE_NAMES["img"] + " weights", "council": "north",
             "weights": {c["id"]: w for c, w in zip(criteria, (3, 2, 1, 2))}},
            {"id": "south_cabinet", "name": HOSTILE_NAMES["at_sum"] + " weights", "council": "south",
             "weights": {c["id"]: w for c, w in zip(criteria, (1, 2, 3, 2))}},
        ],
    )


# --- Spreadsheet entries ----------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Options" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def zip_bomb() -> bytes:
    """A well-formed workbook whose one sheet inflates from ~250 KB to 256 MB of XML."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        tail = b"</t></is></c></row></sheetData></worksheet>"
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            chunk = b" " * (1024 * 1024)
            for _ in range(256):
                sheet.write(chunk)
            sheet.write(tail)
    return buf.getvalue()


def template_workbook() -> bytes:
    """The base case as the importer's own workbook (appraisal.formats.excel.read), or a generic one without it."""
    try:
        from appraisal.formats.excel.write import case_workbook
        from appraisal.formats.mapping import case_from_mapping
    except ImportError:  # the importer (issue 6) not there yet: any workbook shows the container checks
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.title = "Options"
        wb.active.append(["Id", "Name"])
        for option in BASE["options"]:
            wb.active.append([option["id"], option["name"]])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    return case_workbook(case_from_mapping(copy.deepcopy(BASE), "base"))


def _edit_sheet(sheet: str, edit: Callable[[Any], None]) -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_workbook()))
    edit(wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite_zip(data: bytes, edit: Callable[[str, bytes], bytes | None], extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = edit(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in extra.items():
            dst.writestr(name, content)
    return out.getvalue()


def macro_enabled() -> bytes:
    """An .xlsm: macro-enabled content type and a VBA project part."""

    def edit(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            content = content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            content = content.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                b'Target="vbaProject.bin"/></Relationships>',
            )
        return content

    return _rewrite_zip(template_workbook(), edit, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504})


def external_links() -> bytes:
    """A workbook with an external-link part and a formula that reads another workbook."""
    link = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>'
    )
    link_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        b'Target="file:///C:/Finance/secret.xlsx" TargetMode="External"/></Relationships>'
    )

    def edit(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            content = content.replace(
                b"</Types>",
                b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
            )
        if name == "xl/_rels/workbook.xml.rels":
            content = content.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" '
                b'Target="externalLinks/externalLink1.xml"/></Relationships>',
            )
        if name == "xl/workbook.xml" and b"<externalReferences" not in content:
            refs = b'<externalReferences><externalReference r:id="rIdExt1"/></externalReferences>'
            content = content.replace(b"</sheets>", b"</sheets>" + refs, 1)
        return content

    data = _rewrite_zip(template_workbook(), edit, {
        "xl/externalLinks/externalLink1.xml": link,
        "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
    })
    # And a cell formula that pulls a value from the other workbook.
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), keep_links=True)
    wb.worksheets[0]["B2"] = "=[1]Sheet1!A1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def merged_header() -> bytes:
    """The Options sheet's 'Id' and 'Name' headings merged into one cell."""
    return _edit_sheet("Options", lambda ws: ws.merge_cells("A1:B1"))


def password_protected() -> bytes:
    """The template encrypted with a password (an OLE container, as Excel writes it)."""
    try:
        import msoffcrypto  # dev dependency (requirements-dev.txt)
        from msoffcrypto.format.ooxml import OOXMLFile

        out = io.BytesIO()
        OOXMLFile(io.BytesIO(template_workbook())).encrypt("secret", out)
        return out.getvalue()
    except ImportError:
        msoffcrypto = None  # noqa: F841
        # Without msoffcrypto: the OLE compound-file signature an encrypted workbook starts with.
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088


def truncated_workbook() -> bytes:
    data = template_workbook()
    return data[: len(data) // 2]


def formula_names_workbook() -> bytes:
    """An option's name typed as a live formula (=HYPERLINK) rather than text."""

    def edit(ws: Any) -> None:
        ws["B3"] = '=HYPERLINK("https://evil.example","Click")'

    return _edit_sheet("Options", edit)


def decimal_comma_weights() -> bytes:
    """Issue 17: weights typed as text with a decimal comma ("0,5", "0,25") were read as 5 and 25."""

    def edit(ws: Any) -> None:
        ws["E2"] = "0,5"
        ws["F2"] = "0,25"

    return _edit_sheet("Weights", edit)


def macro_lower_case() -> bytes:
    """Issue 17: a VBA project declared with a lower-case content type, its part not called vbaProject.bin."""

    def edit(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            content = content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroenabled.main+xml",
            ).replace(b"</Types>", b'<Override PartName="/xl/code.bin" ContentType="application/vnd.ms-office.vbaproject"/></Types>')
        return content

    return _rewrite_zip(template_workbook(), edit, {"xl/code.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504})


LYING_REAL_BYTES = 1024 * 1024 * 1024   # what the sheet really inflates to: 1 GB
LYING_STATED_BYTES = 1_000_000          # what its zip directory says: under every declared-size check


def zip_directory_lies() -> bytes:
    """Issue 17: a 1 MB workbook whose sheet inflates to 1 GB while the zip directory (and the local
    header) says 1,000,000 bytes, with the CRC of those first bytes — every check of the stated sizes
    passes, and a reader that trusts them inflates the gigabyte."""
    import struct
    import zlib

    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
    # Raw deflate blocks: the head, then one 4 MB block of spaces compressed once and repeated (a full
    # flush makes each copy independent of what precedes it), then the final empty block.
    def deflate(data: bytes, final: bool = False) -> bytes:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
        return squeeze.compress(data) + squeeze.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    chunk = b" " * (4 * 1024 * 1024)
    stream = [deflate(head), deflate(chunk) * (LYING_REAL_BYTES // len(chunk)), deflate(b"", final=True)]
    compressed = b"".join(stream)
    stated = (head + b" " * LYING_STATED_BYTES)[:LYING_STATED_BYTES]
    crc = zlib.crc32(stated)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", b"<placeholder/>")
    data = bytearray(buf.getvalue())
    # Replace the placeholder's data with the real stream, then fix both headers to state the lie.
    local = data.rfind(b"PK\x03\x04", 0, data.find(b"xl/worksheets/sheet1.xml") + 1)
    name_len, extra_len = struct.unpack("<HH", data[local + 26:local + 30])
    old_size = struct.unpack("<I", data[local + 18:local + 22])[0]
    start = local + 30 + name_len + extra_len
    central = data.find(b"PK\x01\x02", start + old_size)
    tail = bytes(data[start + old_size:])
    header = bytearray(data[local:start])
    struct.pack_into("<III", header, 14, crc, len(compressed), LYING_STATED_BYTES)
    shift = len(compressed) - old_size
    out = bytearray(data[:local]) + header + compressed + bytearray(tail)
    # The central directory entry of the sheet, and the end record's offset of the directory.
    entry = out.find(b"PK\x01\x02", central + shift)
    while entry != -1:
        n = struct.unpack("<H", out[entry + 28:entry + 30])[0]
        if out[entry + 46:entry + 46 + n] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<III", out, entry + 16, crc, len(compressed), LYING_STATED_BYTES)
        entry = out.find(b"PK\x01\x02", entry + 46)
    end = out.rfind(b"PK\x05\x06")
    offset = struct.unpack("<I", out[end + 16:end + 20])[0]
    struct.pack_into("<I", out, end + 16, offset + shift)
    return bytes(out)


def names_look_alike(kind: str) -> dict[str, Any]:
    """Issue 17: two options whose names differ only in ways a reader cannot see."""
    data = case()
    first, second = {"nfd": ("Caf\u00e9 service", "Cafe\u0301 service"),
                     "zero_width": ("Shared service", "Shared\u200b service")}[kind]
    data["options"][1]["name"] = first
    data["options"][2]["name"] = second
    return data


# --- The corpus ----------------------------------------------------------------------------------

def entries() -> list[tuple[Entry, Callable[[], Any]]]:
    """Every corpus entry with the function that makes its content (bytes, or data to dump)."""
    r, lit = "refuse", "literal"
    return [
        # Structure attacks on the YAML parser.
        (Entry("yaml_billion_laughs.yaml", r, "aliases", "YAML alias expansion"), billion_laughs),
        (Entry("yaml_alias_merge_key.yaml", r, "aliases", "merge key through an alias"),
         lambda: b"format: options-appraisal/1\nbase: &b {id: x}\ncriteria:\n  - <<: *b\n    name: X\n"),
        (Entry("yaml_deep_nesting_sequence.yaml", r, "nesting", "10,000-deep [[[...]]]"), deep_flow_sequence),
        (Entry("yaml_deep_nesting_mapping.yaml", r, "nesting", "10,000-deep {a: {a: ...}}"), deep_flow_mapping),
        (Entry("yaml_many_values.yaml", r, "values", "4.5 MB of tiny values: under the size cap, slow to parse"), many_nodes),
        (Entry("yaml_syntax_error.yaml", r, "line 3", "unclosed quote"), lambda: b'format: options-appraisal/1\ntitle: "unclosed\n'),
        (Entry("yaml_tab_indent.yaml", r, "line", "tab indentation"),
         lambda: dump(BASE).replace(b"\n  name: Financial", b"\n\tname: Financial", 1)),
        (Entry("yaml_python_tag.yaml", r, "line", "a !!python tag that would run a command under an unsafe loader"),
         lambda: b'format: options-appraisal/1\ntitle: !!python/object/apply:os.system ["touch /tmp/oas-pwned"]\n'),
        (Entry("yaml_custom_tag.yaml", r, "line", "an unknown local tag"), lambda: dump(BASE).replace(b"title:", b"title: !include", 1)),
        (Entry("yaml_multiple_documents.yaml", r, "line", "two YAML documents"), lambda: dump(BASE) + b"---\n" + dump(BASE)),
        (Entry("yaml_complex_key.yaml", r, "plain text", "a list used as a mapping key"),
         lambda: dump(BASE).replace(b"title:", b"? [a, b]\n: 1\ntitle:", 1)),
        (Entry("yaml_control_character.yaml", r, "line", "a bell character inside a name"),
         lambda: dump(BASE).replace(b"Shared service", b"Shared\x07service")),
        (Entry("yaml_top_level_list.yaml", r, "YAML mapping", "a list instead of a mapping"), lambda: b"- format: options-appraisal/1\n"),
        (Entry("yaml_empty.yaml", r, "empty", "an empty file"), lambda: b""),
        (Entry("yaml_only_comments.yaml", r, "empty", "4 MB of comments and nothing else"), lambda: b"# nothing here\n" * 280_000),
        # Size and encoding.
        (Entry("size_50mb.yaml", r, "MB", "a 50 MB file"), fifty_megabytes),
        (Entry("size_just_over_limit.yaml", r, "MB", "one byte over the 5 MB cap"), just_over_limit),
        (Entry("encoding_latin1.yaml", r, "line 2", "a Latin-1 byte (0xe9) in the title"), latin1),
        (Entry("encoding_utf16_bom.yaml", r, "UTF-16", "UTF-16 with its byte-order mark"), utf16_with_bom),
        (Entry("encoding_utf8_bom_broken.yaml", r, "format", "a UTF-8 BOM in front of a file without 'format'"), utf8_bom_broken),
        (Entry("encoding_binary.yaml", r, "binary", "a PNG renamed .yaml"), binary_png),
        # Duplicate keys.
        (Entry("dup_key_title.yaml", r, "'title' appears twice", "title given twice"), duplicate_top_key),
        (Entry("dup_key_weight.yaml", r, "'finance' appears twice", "a weight given twice"), duplicate_weight_key),
        (Entry("dup_key_scores_option.yaml", r, "'shared' appears twice", "an option's scores given twice"), duplicate_score_option),
        # Format.
        (Entry("format_wrong.yaml", r, "format", "format: options-appraisal/2"), lambda: case(format="options-appraisal/2")),
        (Entry("format_number.yaml", r, "format", "format: 1"), lambda: case(format=1)),
        (Entry("format_missing.yaml", r, "format", "no format line"), missing_format),
        (Entry("field_misspelt.yaml", r, "weight_sets row 1 (id 'north_cabinet')", "'weigths' for 'weights'"), misspelt_field),
        (Entry("field_title_missing.yaml", r, "title", "no title"), lambda: without("title")),
        # Numbers.
        (Entry("weight_nan.yaml", r, "weight_sets.north_cabinet.weights.finance", "NaN weight"), lambda: with_weight(float("nan"))),
        (Entry("weight_inf.yaml", r, "weight_sets.north_cabinet.weights.finance", "infinite weight"), lambda: with_weight(float("inf"))),
        (Entry("weight_minus_inf.yaml", r, "weight_sets.north_cabinet.weights.place", "−infinite weight"),
         lambda: with_weight(float("-inf"), "place")),
        (Entry("weight_1e308.yaml", r, "weight_sets.north_cabinet.weights", "1e308 weights: their sum overflows"), sum_overflows),
        (Entry("weight_huge_integer.yaml", r, "weight_sets.north_cabinet.weights.finance", "a 400-digit integer weight"),
         lambda: with_weight(10**400)),
        (Entry("weight_negative.yaml", r, "weight_sets.north_cabinet.weights.risk", "a negative weight"), lambda: with_weight(-1, "risk")),
        (Entry("weights_all_zero.yaml", r, "weight_sets.south_cabinet.weights", "every weight zero"), weights_all_zero),
        (Entry("weight_text.yaml", r, "weight_sets.north_cabinet.weights.finance", "a weight in words"), lambda: with_weight("three")),
        (Entry("weight_boolean.yaml", r, "weight_sets.north_cabinet.weights.finance", "a weight of true"), lambda: with_weight(True)),
        (Entry("weight_missing.yaml", r, "weight_sets.north_cabinet.weights.risk", "a criterion without a weight"), weight_missing),
        (Entry("weight_unknown_criterion.yaml", r, "weight_sets.south_cabinet.weights.cost", "a weight for an unknown criterion"),
         weight_unknown_criterion),
        (Entry("score_outside_scale.yaml", r, "scores.shared.finance", "a rating of 7 on a 1–3 scale"), lambda: with_score(7)),
        (Entry("score_1e308.yaml", r, "scores.shared.finance", "a rating of 1e308"), lambda: with_score(1e308)),
        (Entry("score_nan.yaml", r, "scores.as_is.risk", "a NaN rating"), lambda: with_score(float("nan"), "as_is", "risk")),
        (Entry("score_unknown_label.yaml", r, "scores.shared.place", "'Very high' on a High/Medium/Low scale"),
         lambda: with_score("Very high", "shared", "place")),
        (Entry("score_missing.yaml", r, "scores.alone.place", "a cell without a rating"), score_missing),
        (Entry("score_unknown_option.yaml", r, "scores.merger", "scores for an option that does not exist"), score_unknown_option),
        (Entry("scale_1e308.yaml", r, "rating_scale.High", "a rating worth 1e308: totals overflow"),
         lambda: scale({"High": 1e308, "Medium": 2, "Low": 1})),
        (Entry("scale_nan.yaml", r, "rating_scale.Medium", "a NaN rating value"),
         lambda: scale({"High": 3, "Medium": float("nan"), "Low": 1})),
        (Entry("scale_not_decreasing.yaml", r, "rating_scale.Low", "Low worth more than Medium"),
         lambda: scale({"High": 3, "Medium": 1, "Low": 2})),
        (Entry("scale_empty.yaml", r, "rating_scale", "an empty rating scale"), lambda: scale({})),
        # Ids.
        (Entry("id_duplicate_option.yaml", r, "options (id 'shared')", "two options with one id"), duplicate_option_id),
        (Entry("id_duplicate_criterion.yaml", r, "criteria (id 'place')", "two criteria with one id"), duplicate_criterion_id),
        (Entry("id_duplicate_council.yaml", r, "councils (id 'north')", "two councils with one id"), duplicate_council_id),
        (Entry("id_unknown_council.yaml", r, "weight_sets.south_cabinet.council", "a weight set for a council that is not listed"),
         unknown_council),
        (Entry("id_invalid.yaml", r, "options row 2 (id 'Shared Service').id", "capitals and a space in an id"),
         lambda: options_with({1: {"id": "Shared Service"}})),
        (Entry("id_formula.yaml", r, "options row 3", "a spreadsheet formula as an id"), formula_as_id),
        (Entry("status_quo_twice.yaml", r, "options.status_quo", "two options marked as is"), two_status_quo),
        # Lists.
        (Entry("empty_options.yaml", r, "options", "no options"), lambda: case(options=[], scores={})),
        (Entry("empty_criteria.yaml", r, "criteria", "no criteria"), lambda: case(criteria=[])),
        (Entry("empty_weight_sets.yaml", r, "weight_sets", "no weight sets"), lambda: case(weight_sets=[])),
        (Entry("options_10000.yaml", r, "options", "10,000 options"), lambda: ten_thousand("options")),
        (Entry("criteria_10000.yaml", r, "criteria", "10,000 criteria"), lambda: ten_thousand("criteria")),
        # Names: too long, blank, and hostile text in a file that is bad in another field.
        (Entry("name_too_long.yaml", r, "options row 2 (id 'shared').name", "a 5,000-character option name"),
         lambda: options_with({1: {"name": "A" * 5000}})),
        (Entry("name_blank.yaml", r, "criteria row 2 (id 'place').name", "a blank criterion name"),
         lambda: case(criteria=[*BASE["criteria"][:1], {"id": "place", "name": "   "}, *BASE["criteria"][2:]])),
        (Entry("names_script_negative_weight.yaml", r, "weight_sets.north_cabinet.weights.place",
               "<script>/HTML/Markdown names, and a negative weight"),
         names_and_negative_weight),
        (Entry("names_formula_bad_rating.yaml", r, "scores.alone.risk", "formula names, and a formula as a rating"),
         formula_names_and_bad_score),
        # Spreadsheets (through appraisal.formats.load.load_case → appraisal.formats.excel.read).
        (Entry("xlsx_zip_bomb.xlsx", r, "", "a sheet that inflates to 256 MB", True), zip_bomb),
        (Entry("xlsx_macro_enabled.xlsm", r, "", "a macro-enabled workbook with a VBA project", True), macro_enabled),
        (Entry("xlsx_macro_renamed.xlsx", r, "", "a macro-enabled workbook renamed .xlsx", True), macro_enabled),
        (Entry("xlsx_password_protected.xlsx", r, "", "an encrypted (password-protected) workbook", True), password_protected),
        (Entry("xlsx_csv_renamed.xlsx", r, "", "a CSV file renamed .xlsx", True),
         lambda: b"id,name\nas_is,As is\nshared,=HYPERLINK(\"https://evil.example\")\n"),
        (Entry("xlsx_external_links.xlsx", r, "", "a workbook linked to another workbook", True), external_links),
        (Entry("xlsx_merged_header.xlsx", r, "Options!A1:B1", "merged header cells", True), merged_header),
        (Entry("xlsx_truncated.xlsx", r, "", "half a workbook", True), truncated_workbook),
        (Entry("xlsx_formula_name.xlsx", r, "Options!B3", "a formula where a name should be", True), formula_names_workbook),
        # Issue 17: read exactly what the file says, or refuse it.
        (Entry("xlsx_decimal_comma_weights.xlsx", r, "Weights!E2", "weights typed '0,5' and '0,25' (read as 5 and 25)", True),
         decimal_comma_weights),
        (Entry("xlsx_macro_lower_case.xlsx", r, "", "a VBA project with a lower-case content type", True), macro_lower_case),
        (Entry("xlsx_zip_directory_lies.xlsx", r, "", "a sheet of 1 GB whose zip directory says 1 MB", True), zip_directory_lies),
        (Entry("weight_base60.yaml", r, "weight_sets.north_cabinet.weights.place", "YAML 1.1 base 60: 1:30 (read as 90)"),
         lambda: dump(BASE).replace(b"    place: 2\n", b"    place: 1:30\n", 1)),
        (Entry("weight_decimal_comma.yaml", r, "weight_sets.north_cabinet.weights.finance", "a weight written 0,5"),
         lambda: dump(BASE).replace(b"    finance: 3\n", b"    finance: 0,5\n", 1)),
        (Entry("weights_tiny.yaml", r, "weight_sets.north_cabinet.weights", "weights of 5e-324 and 1e-320: every option tied"),
         lambda: with_weight(5e-324, "finance") | {"weight_sets": [
             {**BASE["weight_sets"][0], "weights": {"finance": 5e-324, "place": 1e-320, "risk": 0}}, BASE["weight_sets"][1]]}),
        (Entry("name_escape_sequence.yaml", r, "options row 2 (id 'shared').name", "ESC [31m in a name (terminal colours)"),
         lambda: options_with({1: {"name": "Shared \x1b[31mservice"}})),
        (Entry("name_binary_newline.yaml", r, "options row 2 (id 'shared').name", "a newline in a name from !!binary"),
         lambda: dump(BASE).replace(b"name: Shared service", b"name: !!binary U2hhcmVkCnwgZm9yZ2VkIHwgcm93", 1)),
        (Entry("names_look_alike_nfd.yaml", r, "options (name 'Caf", "'Café' composed and decomposed: two look-alike options"),
         lambda: names_look_alike("nfd")),
        (Entry("names_look_alike_zero_width.yaml", r, "options (name 'Shared service')", "a zero-width space in a name"),
         lambda: names_look_alike("zero_width")),
        (Entry("score_2mb_text.yaml", r, "scores.shared.finance", "a 2 MB rating label: the message must stay short"),
         lambda: with_score("VeryHigh" * 250_000)),
        # Must load, and be shown exactly as typed everywhere.
        (Entry("literal_html_names.yaml", lit, "", "HTML and <script> in names"), lambda: literal_case("html", "script", "img")),
        (Entry("literal_markdown_names.yaml", lit, "", "Markdown, directives and links in names"),
         lambda: literal_case("markdown", "directive", "link")),
        (Entry("literal_formula_names.yaml", lit, "", "spreadsheet formulas in names"),
         lambda: literal_case("hyperlink", "plus_cmd", "at_sum")),
        (Entry("literal_all_names.yaml", lit, "", "every hostile name at once, in every kind of name"), literal_all),
        (Entry("literal_utf8_bom.yaml", lit, "", "a valid case saved with a UTF-8 byte-order mark (accepted by design)"),
         lambda: b"\xef\xbb\xbf" + dump(literal_case("minus", "html", "markdown"))),
    ]


def describe() -> list[Entry]:
    """The corpus as a list of entries, without making any file (cheap: for parametrising at collection)."""
    return [entry for entry, _make in entries()]


def generate(out: Path = GENERATED) -> list[Entry]:
    """Write every corpus file and manifest.json into ``out``; returns the entries."""
    out.mkdir(parents=True, exist_ok=True)
    made: list[Entry] = []
    for entry, make in entries():
        content = make()
        (out / entry.file).write_bytes(content if isinstance(content, bytes) else dump(content))
        made.append(entry)
    manifest = {"version": VERSION, "entries": [asdict(e) for e in made], "hostile_names": HOSTILE_NAMES}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return made


def ensure(out: Path = GENERATED) -> list[Entry]:
    """The corpus, generated only when missing, from an older version of this script, or describing
    different entries than ``describe()`` does now."""
    try:
        manifest = json.loads((out / "manifest.json").read_text())
        if (manifest.get("version") == VERSION and manifest.get("entries") == [asdict(e) for e in describe()]
                and all((out / e["file"]).exists() for e in manifest["entries"])):
            return [Entry(**e) for e in manifest["entries"]]
    except (OSError, ValueError, TypeError):
        pass
    return generate(out)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else GENERATED
    corpus = generate(target)
    print(f"{len(corpus)} files in {target} "
          f"({sum(e.expect == 'refuse' for e in corpus)} to refuse, {sum(e.expect == 'literal' for e in corpus)} to show literally)")
