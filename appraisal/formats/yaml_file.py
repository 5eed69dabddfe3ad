"""YAML case files read safely (size, depth and node caps; no aliases; duplicate keys refused) and written."""

from __future__ import annotations

from typing import Any

import yaml

from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.formats.mapping import case_to_mapping

MAX_CASE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

# Values (scalars, lists, mappings) in one file. A large real case (30 options × 30 criteria, ten
# assessors) has about 20,000; the cap stops a 5 MB file of tiny values costing many seconds to parse.
MAX_NODES = 100_000


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


def case_to_yaml(case: Case) -> str:
    """YAML text that loads back into an identical Case."""
    return yaml.safe_dump(case_to_mapping(case), sort_keys=False, allow_unicode=True, width=100)
