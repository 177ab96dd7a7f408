"""Reading YAML safely, keeping where every value was written.

PyYAML's composer gives nodes with positions; this module turns them into a small tree of
located values. It never constructs Python objects from tags, refuses duplicate keys (PyYAML
keeps the last one silently), and refuses huge files and alias bombs before they cost much.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from pchain_tui.domain.problems import Problem

MAX_BYTES = 256 * 1024
"""A routine is a few kilobytes; anything this big is a mistake (or an attack)."""
MAX_NODES = 20_000
"""Values allowed after expanding aliases: far above any real routine, far below an alias bomb."""
MAX_DEPTH = 50
"""Lists and mappings inside each other: a routine needs four, and reading is recursive."""

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
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[:error.start].decode("utf-8")  # columns count characters, as YAML's own do
        line, column = _position(before, len(before))
        return None, [Problem(name, line, column, "the file is not valid UTF-8 text", "save it as UTF-8")]
    if not text.strip():
        return None, [Problem(name, 1, 1, "the file is empty", "a routine needs at least `name:` and `exercises:`")]
    root = _compose_fast(text)
    if root is None:
        deep = _too_deep(text, name)  # before composing: PyYAML's composer recurses once per level
        if deep is not None:
            return None, [deep]
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            return None, [_syntax_problem(error, text, name)]
        except yaml.reader.ReaderError as error:
            line, column = _position(text, error.position)
            return None, [Problem(name, line, column, "the file contains a character that YAML does not allow",
                                  "remove control characters from the text")]
        except yaml.YAMLError as error:
            return None, [Problem(name, 1, 1, f"YAML error: {error}")]
    if root is None:
        return None, [Problem(name, 1, 1, "the file has no content, only comments",
                              "a routine needs at least `name:` and `exercises:`")]
    problems: list[Problem] = []
    budget = [MAX_NODES]
    try:
        return _convert(root, name, problems, budget, 1), problems
    except _Refused as refused:
        return None, [*problems, Problem(name, refused.line, refused.column, refused.message, refused.hint)]
    except _TooDeep as too_deep:
        # The text itself nests too deep, or its aliases do once filled in (one may hold itself).
        return None, [_too_deep(text, name) or Problem(
            name, too_deep.line, too_deep.column,
            f"the YAML is nested more than {MAX_DEPTH} levels deep once its aliases (*name) are filled in",
            "an alias may not refer to the block that holds it")]


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


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (1.1, as PyYAML reads it) counts as the end of a line, so positions agree with its marks."""


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _too_deep(text: str, name: str) -> Problem | None:
    """A problem where the text's lists and mappings first nest more than MAX_DEPTH deep, if they do.

    PyYAML's parser keeps its own stack (no recursion), so it walks any depth; a syntax error
    before that point is left for the composer to report.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Problem(name, mark.line + 1, mark.column + 1,
                                   f"the YAML is nested more than {MAX_DEPTH} levels deep",
                                   "a routine needs a few levels: look for a [ or { that is never closed, "
                                   "or a run of `- - -`")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """The problem for a YAML syntax error, at the place a person should look."""
    problem = error.problem or error.context or "the YAML cannot be read"
    mark = error.problem_mark or error.context_mark
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        # The file ended (or a `---` came) inside quotes: the quote that opens them is the mistake.
        mark = error.context_mark
        quote = text[mark.index]
        return Problem(name, mark.line + 1, mark.column + 1, "YAML syntax error: this quote is never closed",
                       f"close it with another {quote} where the text ends")
    if "<stream end>" in problem and error.context_mark is not None:
        mark = error.context_mark  # the [ or { the file ended inside
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(name, line, column, f"YAML syntax error: {problem}", _syntax_hint(problem))


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


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__("nested too deep")
        self.line, self.column = line, column


def _convert(node: yaml.Node, name: str, problems: list[Problem], budget: list[int], depth: int) -> Node:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(1, 1, f"the file expands to more than {MAX_NODES} values",
                       "aliases (*name) that repeat big blocks are not allowed to multiply like this")
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    tag = node.tag or ""
    if isinstance(node, yaml.ScalarNode):
        _check_characters(node.value, line, column)
        if tag == _YAML + "timestamp":  # a date-like value is just text to us
            return Scalar(node.value, node.value, "str", line, column)
        if tag not in _SCALAR_TAGS:
            raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed",
                           "routines are plain data: remove the tag")
        value = _CONSTRUCTOR.construct_object(node, deep=True)
        return Scalar(value, node.value, tag.removeprefix(_YAML), line, column)
    if depth > MAX_DEPTH:
        raise _TooDeep(line, column)
    if isinstance(node, yaml.SequenceNode):
        if tag != _YAML + "seq":
            raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed", "remove the tag")
        return Sequence([_convert(item, name, problems, budget, depth + 1) for item in node.value], line, column)
    if tag != _YAML + "map":
        raise _Refused(line, column, f"the YAML tag '{_short(tag)}' is not allowed", "remove the tag")
    return _convert_mapping(node, name, problems, budget, depth)


def _convert_mapping(node: yaml.MappingNode, name: str, problems: list[Problem], budget: list[int],
                     depth: int) -> Mapping:
    mapping = Mapping([], node.start_mark.line + 1, node.start_mark.column + 1)
    seen: dict[str, Scalar] = {}
    merged: list[Mapping] = []
    for key_node, value_node in node.value:
        if key_node.tag == _YAML + "merge":
            merged.extend(_merge_sources(_convert(value_node, name, problems, budget, depth + 1), key_node))
            continue
        key = _convert(key_node, name, problems, budget, depth + 1)
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
        mapping.items.append((key, _convert(value_node, name, problems, budget, depth + 1)))
    for source in merged:  # `<<: *defaults` fills in keys the mapping does not set itself
        for key, value in source.items:
            if key.value not in seen:
                seen[key.value] = key
                mapping.items.append((key, value))
    return mapping


_JOINERS = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: format characters that build emoji (a family is three people
joined by U+200D) and words in many scripts. (Variation selectors such as U+FE0F are combining
marks, never refused.)"""
_EMOJI_TAGS = range(0xE0020, 0xE0080)
"""The tag characters that spell a subdivision flag (Scotland's, say), up to CANCEL TAG."""


def _check_characters(text: str, line: int, column: int) -> None:
    """Refuse a value that would not be shown as written: control characters (escape sequences
    drive the terminal), invisible format characters (U+202E turns text around), and halves of
    characters (a lone surrogate from a `\\ud83d` escape cannot be printed at all).

    Checked on every text value and key, so no message that quotes one can carry them either.
    """
    if text.isprintable():  # none of those (the usual case, at C speed)
        return
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char not in "\n\t":
            raise _Refused(line, column, f"the text contains a control character (U+{ord(char):04X})",
                           "write plain text; escape sequences are not allowed")
        if category == "Cf" and char not in _JOINERS and ord(char) not in _EMOJI_TAGS:
            raise _Refused(line, column, f"the text contains an invisible format character (U+{ord(char):04X})",
                           "remove it: it changes how the text around it is shown")
        if category == "Cs":
            raise _Refused(line, column, f"the text contains half of a character (U+{ord(char):04X})",
                           "write the character itself, or one \\U escape with all eight digits")


def _merge_sources(value: Node, key_node: yaml.Node) -> list[Mapping]:
    sources = value.items if isinstance(value, Sequence) else [value]
    if not all(isinstance(s, Mapping) for s in sources):
        raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                       "`<<` must merge a mapping or a list of mappings")
    return sources  # type: ignore[return-value]


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag
