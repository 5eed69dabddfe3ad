"""YAML case files read safely (size, depth and node caps; no aliases; duplicate keys refused) and written."""

from __future__ import annotations

import math
import re
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


# Numbers by the YAML 1.2 core schema, not PyYAML's YAML 1.1: "010" is ten (not octal 8), "1:30" is text
# (not 90 in base 60), "1_000" is text, "1e3" is a number. Octal and hexadecimal need 0o / 0x.
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


def _core_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers with the YAML 1.1 number rules replaced by the 1.2 core schema's,
    and without timestamps (dates stay text: "agreed 14 June 2021" and "2021-06-14" alike)."""
    out: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in (_INT_TAG, _FLOAT_TAG, "tag:yaml.org,2002:timestamp")]
        if kept:
            out[first] = kept
    for first in "-+0123456789.":
        out.setdefault(first, [])
        out[first] = [(_INT_TAG, _CORE_INT), (_FLOAT_TAG, _CORE_FLOAT), *out[first]]
    return out


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if not _CORE_INT.match(text):  # an explicit !!int tag on other text
        raise _YAMLRefused(f"'{text[:40]}' is not a whole number", node.start_mark)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    if not _CORE_FLOAT.match(text):
        raise _YAMLRefused(f"'{text[:40]}' is not a number", node.start_mark)
    return float(text)


_CaseLoader.yaml_implicit_resolvers = _core_resolvers()
_CaseLoader.add_constructor(_INT_TAG, _construct_int)
_CaseLoader.add_constructor(_FLOAT_TAG, _construct_float)


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


class _CaseDumper(yaml.SafeDumper):
    """Quotes text that would read back as a number under the YAML 1.2 core rules (a name "1e3") as well
    as under YAML 1.1 (a name "010"), so what it writes reads back the same here and in other tools."""


for _first, _resolvers in _core_resolvers().items():
    for _tag, _rx in _resolvers:
        if _tag in (_INT_TAG, _FLOAT_TAG):
            _CaseDumper.add_implicit_resolver(_tag, _rx, [_first])


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text that :func:`parse_yaml` reads back identically."""
    return yaml.dump(data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100)


def case_to_yaml(case: Case) -> str:
    """YAML text that loads back into an identical Case."""
    return dump_yaml(case_to_mapping(case))
