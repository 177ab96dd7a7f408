"""Reading YAML safely, keeping where every value was written.

PyYAML's composer gives nodes with positions; this module turns them into a small tree of
located values. It never constructs Python objects from tags, refuses duplicate keys (PyYAML
keeps the last one silently), and refuses huge files and alias bombs before they cost much.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from pchain_tui.domain.problems import Problem

MAX_BYTES = 256 * 1024
"""A routine is a few kilobytes; anything this big is a mistake (or an attack)."""
MAX_NODES = 20_000
"""Values allowed after expanding aliases: far above any real routine, far below an alias bomb."""

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null")}
_TYPE_WORDS = {"str": "text", "int": "a number", "float": "a number", "bool": "a yes/no value", "null": "nothing"}


@dataclass
class Scalar:
    """A single value: `value` as YAML reads it and `text` as it was written."""

    value: object
    text: str
    kind: str
    """str, int, float, bool or null."""
    line: int
    column: int


@dataclass
class Mapping:
    """A mapping whose keys are text, in file order."""

    items: list[tuple[Scalar, Node]]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        """The value under `key`, or None."""
        return next((value for k, value in self.items if k.value == key), None)


@dataclass
class Sequence:
    """A list of values."""

    items: list[Node] = field(default_factory=list)
    line: int = 1
    column: int = 1


Node = Scalar | Mapping | Sequence


def describe(node: Node) -> str:
    """A few words for what a node is, for messages: "a list", "text", "a number"."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return _TYPE_WORDS.get(node.kind, node.kind)


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def parse_yaml(data: bytes, name: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML bytes into located nodes, or return the problems that stop it."""
    if len(data) > MAX_BYTES:
        return None, [
            Problem(name, 1, 1, f"the file is larger than {MAX_BYTES // 1024} KiB",
                    "a routine should be a few kilobytes")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(name, line, column, "the file is not valid UTF-8 text", "save it as UTF-8")]
    if not text.strip():
        return None, [Problem(name, 1, 1, "the file is empty", "a routine needs at least `name:` and `exercises:`")]
    root = _compose_fast(text)
    if root is None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = error.problem or error.context or "the YAML cannot be read"
            return None, [Problem(name, line, column, f"YAML syntax error: {problem}", _syntax_hint(problem))]
        except yaml.reader.ReaderError as error:
            line, column = _position(text, error.position)
            return None, [Problem(name, line, column, "the file contains a character that YAML does not allow",
                                  "remove control characters from the text")]
        except yaml.YAMLError as error:
            return None, [Problem(name, 1, 1, f"YAML error: {error}")]
        except RecursionError:
            return None, [Problem(name, 1, 1, "the YAML is nested too deeply")]
    if root is None:
        return None, [Problem(name, 1, 1, "the file has no content, only comments",
                              "a routine needs at least `name:` and `exercises:`")]
    problems: list[Problem] = []
    budget = [MAX_NODES]
    try:
        return _convert(root, name, problems, budget), problems
    except _Refused as refused:
        return None, [*problems, Problem(name, refused.line, refused.column, refused.message, refused.hint)]
    except RecursionError:
        return None, [Problem(name, 1, 1, "the YAML is nested too deeply",
                              "an alias (*name) may not refer to the block that holds it")]


_C_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose with libyaml when PyYAML has it (16x faster); None if it is missing or the text is bad.

    A bad file is composed again by the pure-Python loader, whose messages the tests pin down.
    """
    if _C_LOADER is None:
        return None
    try:
        return yaml.compose(text, Loader=_C_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_hint(problem: str) -> str | None:
    if "tab" in problem or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a [ or { is not closed; put text that starts with [ or { in quotes"
    if "another document" in problem:
        return "a routine file holds one document: remove the second `---`"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation and that every `- ` item lines up"
    return None


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _convert(node: yaml.Node, name: str, problems: list[Problem], budget: list[int]) -> Node:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(1, 1, f"the file expands to more than {MAX_NODES} values",
                       "aliases (*name) that repeat big blocks are not allowed to multiply like this")
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    tag = node.tag or ""
    if isinstance(node, yaml.ScalarNode):
        if tag == _YAML + "timestamp":  # a date-like value is just text to us
            return Scalar(node.value, node.value, "str", line, column)
        if tag not in _SCALAR_TAGS:
            raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed",
                           "routines are plain data: remove the tag")
        value = _CONSTRUCTOR.construct_object(node, deep=True)
        return Scalar(value, node.value, tag.removeprefix(_YAML), line, column)
    if isinstance(node, yaml.SequenceNode):
        if tag != _YAML + "seq":
            raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed", "remove the tag")
        return Sequence([_convert(item, name, problems, budget) for item in node.value], line, column)
    if tag != _YAML + "map":
        raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed", "remove the tag")
    return _convert_mapping(node, name, problems, budget)


def _convert_mapping(node: yaml.MappingNode, name: str, problems: list[Problem], budget: list[int]) -> Mapping:
    mapping = Mapping([], node.start_mark.line + 1, node.start_mark.column + 1)
    seen: dict[str, Scalar] = {}
    merged: list[Mapping] = []
    for key_node, value_node in node.value:
        if key_node.tag == _YAML + "merge":
            merged.extend(_merge_sources(_convert(value_node, name, problems, budget), key_node))
            continue
        key = _convert(key_node, name, problems, budget)
        if not isinstance(key, Scalar) or key.kind != "str":
            problems.append(Problem(name, key.line, key.column, f"a key must be text, not {describe(key)}",
                                    "put the key in quotes"))
            continue
        if key.value in seen:
            first = seen[key.value]
            problems.append(Problem(name, key.line, key.column,
                                    f"duplicate key '{key.value}' (first at line {first.line})",
                                    "keep one of them"))
            continue
        seen[key.value] = key
        mapping.items.append((key, _convert(value_node, name, problems, budget)))
    for source in merged:  # `<<: *defaults` fills in keys the mapping does not set itself
        for key, value in source.items:
            if key.value not in seen:
                seen[key.value] = key
                mapping.items.append((key, value))
    return mapping


def _merge_sources(value: Node, key_node: yaml.Node) -> list[Mapping]:
    sources = value.items if isinstance(value, Sequence) else [value]
    if not all(isinstance(s, Mapping) for s in sources):
        raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                       "`<<` must merge a mapping or a list of mappings")
    return sources  # type: ignore[return-value]


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag
