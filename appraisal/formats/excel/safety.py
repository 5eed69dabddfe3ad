"""Checks on a workbook's container before openpyxl reads it: size, zip bombs, macros, encryption, links."""

from __future__ import annotations

import io
import zipfile

from appraisal.errors import CaseError

# Limits. A real appraisal workbook is a few tens of kilobytes.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40_000_000
MAX_ZIP_ENTRIES = 300
MAX_COMPRESSION_RATIO = 200
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------------------------
# Reading: the container checks (before openpyxl)
# --------------------------------------------------------------------------------------------
def _refuse(source: str, message: str) -> CaseError:
    return CaseError.single(source, "", message)


def check_container(data: bytes, source: str) -> None:
    """Refuse anything that is not a plain, small, macro-free, link-free .xlsx — before parsing it."""
    limit_mb = MAX_WORKBOOK_BYTES // (1024 * 1024)
    if len(data) > MAX_WORKBOOK_BYTES:
        raise _refuse(source, f"the workbook is {len(data) / 1e6:.1f} MB; workbooks over {limit_mb} MB are refused")
    lower = source.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise _refuse(source, "macro-enabled workbooks (.xlsm, .xlsb) are refused; save it as an Excel Workbook (.xlsx) without macros")
    if data.startswith(OLE_SIGNATURE):
        raise _refuse(source, "this workbook is password-protected (encrypted) or in the old .xls format; "
                              "remove the password and save it as an Excel Workbook (.xlsx)")
    if not data.startswith(b"PK"):
        sample = data[:2048]
        if not sample.strip():
            raise _refuse(source, "the file is empty; it is not an Excel workbook")
        try:
            text = sample.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if text and ("," in text or ";" in text or "\t" in text):
            raise _refuse(source, "this is a text (CSV) file renamed to .xlsx, not an Excel workbook; "
                                  "open it in Excel and save it as an Excel Workbook (.xlsx)")
        if text:
            raise _refuse(source, "this is a text file, not an Excel workbook (.xlsx)")
        raise _refuse(source, "this is not an Excel workbook (.xlsx): it is not a zip package")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise _refuse(source, "the workbook is damaged (not a readable zip package); save it again from Excel") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(source, f"the workbook package holds {len(entries)} parts; "
                              f"more than {MAX_ZIP_ENTRIES} is refused (possible zip bomb)")
    declared = sum(max(e.file_size, 0) for e in entries)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(source, f"the workbook would expand to {declared / 1e6:,.0f} MB; more than "
                              f"{MAX_UNCOMPRESSED_BYTES // 10**6} MB is refused (possible zip bomb)")
    for e in entries:
        if e.file_size > 1_000_000 and e.file_size > MAX_COMPRESSION_RATIO * max(e.compress_size, 1):
            raise _refuse(source, f"the part {e.filename[:80]} is compressed more than "
                                  f"{MAX_COMPRESSION_RATIO}:1; refused (possible zip bomb)")
        if e.flag_bits & 0x1:
            raise _refuse(source, "the workbook's parts are encrypted; remove the password and save it as .xlsx")
    names = {e.filename for e in entries}
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise _refuse(source, "this workbook contains macros (vbaProject.bin); macro-enabled workbooks are refused — "
                              "save it as an Excel Workbook (.xlsx) without macros")
    if any(n.startswith("xl/externallinks/") for n in lowered):
        raise _refuse(source, "this workbook links to other files (external links); remove the links "
                              "(Data → Edit Links → Break Link) and upload it again")
    if "xl/workbook.xml" not in lowered or "[content_types].xml" not in lowered:
        raise _refuse(source, "this zip file is not an Excel workbook (.xlsx)")
    try:
        content_types = archive.read(next(n for n in names if n.lower() == "[content_types].xml"))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _refuse(source, "the workbook is damaged; save it again from Excel") from None
    if b"macroEnabled" in content_types or b"vbaProject" in content_types:
        raise _refuse(source, "this workbook is macro-enabled; save it as an Excel Workbook (.xlsx) without macros")
    for e in entries:
        if e.filename.lower().endswith((".xml", ".rels")):
            try:
                head = archive.open(e).read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                raise _refuse(source, "the workbook is damaged; save it again from Excel") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refuse(source, f"the part {e.filename[:80]} declares XML entities; refused")
            if e.filename.lower().endswith(".rels") and b'TargetMode="External"' in archive.read(e) \
                    and b"externalLink" in archive.read(e):
                raise _refuse(source, "this workbook links to other files (external links); remove the links and upload it again")
