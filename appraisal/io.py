"""Reading and writing case files (YAML), safely, with errors a council officer can act on.

Hostile files are stopped before they cost anything: a size cap before reading, YAML aliases
refused (no "billion laughs"), nesting depth capped, duplicate keys reported, text decoded as
strict UTF-8. Then pydantic checks the structure and :mod:`appraisal.validate` the references.
Every failure is a :class:`~appraisal.errors.CaseError`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from appraisal.errors import CaseError, Problem
from appraisal.model import FORMAT, Case
from appraisal.validate import case_problems

MAX_CASE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
# Values (scalars, lists, mappings) in one file. A large real case (30 options × 30 criteria, ten
# assessors) has about 20,000; the cap stops a 5 MB file of tiny values costing many seconds to parse.
MAX_NODES = 100_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")


class _YAMLRefused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None = None):
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        super().__init__(where + message)


class _CaseLoader(yaml.SafeLoader):
    """SafeLoader without aliases, with a depth cap and duplicate-key detection."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _YAMLRefused("YAML aliases (*name) are not allowed in case files", self.peek_event().start_mark)
        self._depth += 1
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _YAMLRefused(f"the file holds more than {MAX_NODES:,} values; a case file has far fewer "
                               "(is this the right file?)", self.peek_event().start_mark)
        if self._depth > MAX_DEPTH:
            raise _YAMLRefused(f"nesting is deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise _YAMLRefused("a mapping key must be plain text", key_node.start_mark) from None
            if duplicate:
                raise _YAMLRefused(f"the key '{key}' appears twice in the same mapping", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text ("agreed 14 June 2021" and "2021-06-14" alike): drop the timestamp resolver.
_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is accepted and dropped); anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CaseError.single(source, "", "the file is UTF-16 text; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseError.single(
            source, f"line {line}", f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8"
        ) from None


def parse_yaml(text: str, source: str) -> Any:
    """One YAML document, parsed safely."""
    try:
        loader = _CaseLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _YAMLRefused as exc:
        raise CaseError.single(source, "", str(exc)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: max(exc.position, 0)].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise CaseError.single(source, f"line {line}", f"the character U+{ord(char):04X} is not allowed in a case file "
                               "(a control character; delete it)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CaseError.single(source, where, f"not valid YAML: {exc.problem or exc.context}") from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        raise CaseError.single(source, "", f"not valid YAML: {type(exc).__name__}") from None


def _row_label(raw: Any, loc: tuple[Any, ...]) -> str:
    """Render a pydantic location such as ('criteria', 2, 'name') as "criteria row 3 (id 'x').name"."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int):
            label = f"row {step + 1}"
            item = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" (id '{item['id'][:64]}')"
            parts.append(" " + label)
            node = item
        else:
            parts.append(("." if parts else "") + str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def _friendly(error: dict[str, Any]) -> str:
    kind, loc = error["type"], error["loc"]
    given = error.get("input")
    if kind == "missing":
        return "missing (required)"
    if kind == "extra_forbidden" and error.get("suggest"):
        return f"unknown field '{loc[-1]}': did you mean '{error['suggest']}'?"
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}' (check the spelling; see docs/case-format.md)"
    if kind == "string_pattern_mismatch":
        return f"'{str(given)[:80]}' is not a valid id: use lower-case letters, digits and _ only"
    if kind == "literal_error" and loc == ("format",):
        return f"must be exactly '{FORMAT}' (found {str(given)[:80]!r})"
    if kind == "too_short" and isinstance(given, (list, dict)):
        return "must not be empty"
    if kind == "too_long" and isinstance(given, (list, dict)):
        return f"has {len(given)} entries; at most {error.get('ctx', {}).get('max_length')} are allowed"
    if kind == "string_too_short":
        return "must not be blank"
    return str(error["msg"])


def _pair_misspellings(errors: list[Any]) -> list[Any]:
    """A misspelt key ('weigths') gives two errors — unknown 'weigths', missing 'weights'; report it once,
    as the unknown key with the right spelling suggested."""
    missing = {tuple(e["loc"]): e for e in errors if e["type"] == "missing"}
    paired: set[tuple[Any, ...]] = set()
    out: list[Any] = []
    for e in errors:
        loc = tuple(e["loc"])
        if e["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            siblings = [m[-1] for m in missing if m[:-1] == loc[:-1] and isinstance(m[-1], str) and m not in paired]
            match = difflib.get_close_matches(loc[-1], siblings, n=1, cutoff=0.7)
            if match:
                paired.add((*loc[:-1], match[0]))
                e = {**e, "suggest": match[0]}
        out.append(e)
    return [e for e in out if tuple(e["loc"]) not in paired]


def case_from_mapping(raw: Any, source: str = "") -> Case:
    """Validate parsed data into a Case, or raise CaseError naming every problem found."""
    if not isinstance(raw, dict):
        found = "empty" if raw is None else f"a {type(raw).__name__}"
        raise CaseError.single(source, "", f"a case file must be a YAML mapping starting 'format: {FORMAT}' (this one is {found})")
    if "format" not in raw:
        raise CaseError.single(source, "format", f"missing; the first line should be 'format: {FORMAT}'")
    if raw["format"] != FORMAT:
        raise CaseError.single(source, "format", f"must be exactly '{FORMAT}' (found {str(raw['format'])[:80]!r})")
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        errors = _pair_misspellings(exc.errors())
        problems = [Problem(_row_label(raw, tuple(e["loc"])), _friendly(e)) for e in errors]
        raise CaseError(source, problems) from None
    problems = case_problems(case)
    if problems:
        raise CaseError(source, problems)
    return case


def _too_big(size: int) -> str:
    return f"the file is {size / 1e6:.1f} MB; case files over {MAX_CASE_BYTES // (1024 * 1024)} MB are refused"


def load_case_bytes(data: bytes, source: str) -> Case:
    """Load a case from bytes (an upload); ``source`` names it in messages.

    A source ending .xlsx/.xlsm/.xls… is read as an Excel workbook (:mod:`appraisal.excel_io`), so
    every command and the upload accept a workbook as well as YAML.
    """
    if source.lower().endswith(EXCEL_SUFFIXES):
        from appraisal.excel_io import load_case_workbook  # imported here: excel_io builds on this module

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


def case_to_mapping(case: Case) -> dict[str, Any]:
    """The case as plain data, leaving out empty optional parts so the file stays readable."""
    data = case.model_dump(mode="json", exclude_none=True)
    for key in ("councils", "assessors", "assessments"):
        if not data.get(key):
            data.pop(key, None)
    if not data.get("illustrative"):
        data.pop("illustrative", None)
    for option in data["options"]:
        for flag in ("status_quo", "do_minimum"):
            if not option.get(flag):
                option.pop(flag, None)
    for ws in data["weight_sets"]:
        if ws.get("provenance") and not ws["provenance"].get("inputs"):
            ws["provenance"].pop("inputs", None)
    return data


def case_to_yaml(case: Case) -> str:
    """YAML text that loads back into an identical Case."""
    return yaml.safe_dump(case_to_mapping(case), sort_keys=False, allow_unicode=True, width=100)
