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


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, source: str) -> bytes:
    """One part of the package, inflated in small steps with a cap on the bytes actually produced.

    Never trusts the sizes the zip directory states: ``ZipFile.read`` would ask zlib for up to 1 GB
    in one call before cutting the output to the stated size, so a part whose directory entry
    understates it costs the server that gigabyte. Reading 64 KB at a time, the cost is the cap.
    """
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(entry) as part:
            while chunk := part.read(64 * 1024):
                total += len(chunk)
                if total > budget:
                    raise _refuse(source, f"the workbook expands to more than {MAX_UNCOMPRESSED_BYTES // 10**6} MB "
                                          "when unpacked; refused (possible zip bomb)")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        raise _refuse(source, "the workbook is damaged (a part does not unpack to what the package says); "
                              "save it again from Excel") from None
    return b"".join(chunks)


def check_container(data: bytes, source: str) -> bytes:
    """Refuse anything that is not a plain, small, macro-free, link-free .xlsx — before parsing it.

    Returns the package rebuilt from the parts as actually inflated (at most
    :data:`MAX_UNCOMPRESSED_BYTES` in all), so the reader never inflates anything the directory lies about.
    """
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
    parts: dict[str, bytes] = {}
    budget = MAX_UNCOMPRESSED_BYTES
    for e in entries:
        if e.is_dir():
            continue
        content = _inflate(archive, e, budget, source)
        budget -= len(content)
        if e.filename in parts:
            raise _refuse(source, f"the part {e.filename[:80]} appears twice in the package; refused")
        parts[e.filename] = content
    names = set(parts)
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise _refuse(source, "this workbook contains macros (vbaProject.bin); macro-enabled workbooks are refused — "
                              "save it as an Excel Workbook (.xlsx) without macros")
    if any(n.startswith("xl/externallinks/") for n in lowered):
        raise _refuse(source, "this workbook links to other files (external links); remove the links "
                              "(Data → Edit Links → Break Link) and upload it again")
    if "xl/workbook.xml" not in lowered or "[content_types].xml" not in lowered:
        raise _refuse(source, "this zip file is not an Excel workbook (.xlsx)")
    # Content types and relationship types are compared ignoring case: Excel and LibreOffice open a
    # package whose VBA part is declared "application/vnd.ms-office.vbaproject".
    content_types = parts[next(n for n in names if n.lower() == "[content_types].xml")].lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise _refuse(source, "this workbook is macro-enabled; save it as an Excel Workbook (.xlsx) without macros")
    for name, content in parts.items():
        if name.lower().endswith((".xml", ".rels")):
            head = content[:4096].upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refuse(source, f"the part {name[:80]} declares XML entities; refused")
            if name.lower().endswith(".rels"):
                lowered_rels = content.lower()
                if b"vbaproject" in lowered_rels:
                    raise _refuse(source, "this workbook contains macros (a VBA project); macro-enabled workbooks are refused — "
                                          "save it as an Excel Workbook (.xlsx) without macros")
                if b'targetmode="external"' in lowered_rels and b"externallink" in lowered_rels:
                    raise _refuse(source, "this workbook links to other files (external links); remove the links and upload it again")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        for e in entries:
            if e.filename in parts:
                clean.writestr(e.filename, parts[e.filename])
    return out.getvalue()
