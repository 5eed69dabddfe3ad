"""Opening a case file of any supported format (YAML or an Excel workbook), safely, with errors a council officer can act on.

Hostile files are stopped before they cost anything: a size cap before reading, YAML aliases
refused (no "billion laughs"), nesting depth capped, duplicate keys reported, text decoded as
strict UTF-8. Then pydantic checks the structure and :mod:`appraisal.case.validation` the references.
Every failure is a :class:`~appraisal.errors.CaseError`.
"""

from __future__ import annotations

import os
from pathlib import Path

from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.formats.excel.read import load_case_workbook
from appraisal.formats.mapping import case_from_mapping
from appraisal.formats.yaml_file import MAX_CASE_BYTES, decode_text, parse_yaml

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")


def _too_big(size: int) -> str:
    return f"the file is {size / 1e6:.1f} MB; case files over {MAX_CASE_BYTES // (1024 * 1024)} MB are refused"


def load_case_bytes(data: bytes, source: str) -> Case:
    """Load a case from bytes (an upload); ``source`` names it in messages.

    A source ending .xlsx/.xlsm/.xls… is read as an Excel workbook (:mod:`appraisal.formats.excel.read`), so
    every command and the upload accept a workbook as well as YAML.
    """
    if source.lower().endswith(EXCEL_SUFFIXES):
        return load_case_workbook(data, source)
    if len(data) > MAX_CASE_BYTES:
        raise CaseError.single(source, "", _too_big(len(data)))
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CaseError.single(source, "", "this is a binary file, not a YAML case file")
    return case_from_mapping(parse_yaml(decode_text(data, source), source), source)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load a case file from disk; every failure is a CaseError naming the file."""
    p = Path(path)
    source = p.name
    try:
        size = p.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseError.single(source, "", _too_big(size))
        data = p.read_bytes()
    except FileNotFoundError:
        raise CaseError.single(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise CaseError.single(str(path), "", "this is a folder, not a case file") from None
    except OSError as exc:
        raise CaseError.single(str(path), "", f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    return load_case_bytes(data, source)
