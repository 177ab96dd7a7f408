"""The [keys] table of settings.toml, checked against the app's screens before any key is remapped.

A remap is refused, with a located problem and a hint, when it names no binding, when one of its
keys is not a key the terminal sends, or when it takes a key that another binding of a screen it is
on already uses (the app's own keys, Textual's, and those a widget there needs, such as enter on
the routine list or letters in a text field). A refused binding keeps its default keys; every other
remap still applies.

This module knows no terminal library: the UI says which keys exist (`KeyNames`) and which bindings
each screen has (`KeyScreen`).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean
from pchain_tui.domain.settings import Settings, escaped

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""In the order key names carry them ("ctrl+shift+left"): alphabetical."""
MAX_NAME_WORDS = 16
"""Longer than any Unicode name of a character that is not a letter or a digit (11 words)."""
KEY_EXAMPLES = "a key such as x, X, 5, space, enter, escape, f1, question_mark or ctrl+x"


@dataclass(frozen=True)
class KeyNames:
    """How the terminal layer names keys: a printable character by its Unicode name, lower case with
    underscores ("?" is "question_mark"; letters and digits are themselves), some of those names
    shortened, and the keys that type no character by name."""

    named: frozenset[str]
    """Keys that type no character: "enter", "escape", "tab", "f1", "pageup"..."""
    shortened: Mapping[str, str]
    """Unicode names used in a shorter form: "solidus" -> "slash", "plus_sign" -> "plus"."""

    def character_key(self, character: str) -> str | None:
        """The name of the key that types `character`, or None if it is not printable."""
        if character.isalnum():
            return character
        if not character.isprintable():
            return None
        name = unicodedata.name(character, "").lower().replace("-", "_").replace(" ", "_")
        return self.shortened.get(name, name) or None

    def words(self) -> list[str]:
        """Every key name longer than one letter (for "did you mean"): the named keys and those of the
        ASCII characters."""
        characters = (self.character_key(c) for c in map(chr, range(32, 127)))
        return sorted(self.named | {name for name in characters if name and len(name) > 1})

    def character_of(self, name: str) -> str | None:
        """The printable character a key name stands for ("question_mark" -> "?"), or None."""
        for character in map(chr, range(32, 127)):  # ASCII first: its names include dashes ("less_than_sign")
            if self.character_key(character) == name:
                return character
        character = _lookup(name)
        return character if character is not None and self.character_key(character) is not None else None


def _lookup(name: str) -> str | None:
    """The character whose Unicode name, lower case with underscores, is `name`. The underscores
    stood for spaces or dashes: a name has at most 3 dashes, so few spellings are tried."""
    words = name.split("_")
    if len(words) > MAX_NAME_WORDS:
        return None
    for dashes in range(4):
        for spots in itertools.combinations(range(1, len(words)), dashes):
            spelled = words[0] + "".join(("-" if i in spots else " ") + words[i] for i in range(1, len(words)))
            try:
                return unicodedata.lookup(spelled)
            except KeyError:
                continue
    return None


@dataclass(frozen=True)
class KeyBinding:
    """A binding of a screen, with its default keys (as `KeyNames` names them)."""

    name: str
    """What it is called: "Pause", or for a binding that cannot be remapped what holds it ("the
    routine list")."""
    keys: tuple[str, ...]
    binding_id: str | None = None
    """None: not remappable (Textual's own keys, a widget's)."""
    typing: bool = False
    """A text field: it also takes every key that types a character."""

    def label(self) -> str:
        """How a problem names it."""
        return f"{self.name} ({self.binding_id})" if self.binding_id else self.name


@dataclass(frozen=True)
class KeyScreen:
    """The bindings that are live together on one screen."""

    name: str
    """As a problem says it: "the session screen"."""
    bindings: tuple[KeyBinding, ...]


def parse_keys(written: str, names: KeyNames) -> tuple[str, ...]:
    """The keys in `written` ("space, ctrl+x, ?"), by their names ("space", "ctrl+x",
    "question_mark"); raises InvalidValue for anything the terminal never sends."""
    tokens = [token.strip() for token in written.split(",")]
    comma = "; for the , key write comma" if "," in written else ""
    if not any(tokens):
        raise InvalidValue("no key given", f"write {KEY_EXAMPLES}{comma}")
    if not all(tokens):
        raise InvalidValue(f'"{escaped(written)}" has an empty key between commas', "for the , key write comma")
    return tuple(dict.fromkeys(_one_key(token, names) for token in tokens))


def _one_key(token: str, names: KeyNames) -> str:
    """The name of one key as a person writes it ("?", "Enter", "ctrl+x", "shift+a")."""
    if len(token) == 1:
        words, base = [], token
    elif token.endswith("++"):  # ctrl++: the + key with a modifier
        words, base = token[:-2].split("+"), "+"
    else:
        *words, base = token.split("+")
    modifiers = set()
    for word in words:
        if word.lower() not in MODIFIERS:
            hint = did_you_mean(word, MODIFIERS) or f"the modifiers are {', '.join(MODIFIERS)}"
            raise InvalidValue(f'"{escaped(token)}" is not a key: {escaped(word) or "nothing"} before + is not a '
                               "modifier", hint)
        modifiers.add(word.lower())
    if not base:
        raise InvalidValue(f'"{escaped(token)}" is not a key: nothing follows the last +',
                           f"write {KEY_EXAMPLES} after it")
    key = _base_key(token, base, names)
    if modifiers and len(key) == 1 and key.isupper() and len(key.lower()) == 1:
        key, modifiers = key.lower(), modifiers | {"shift"}  # ctrl+A is ctrl+shift+a
    if modifiers == {"shift"} and _types(key, names) and key != "space":  # shift+space arrives as itself
        if not (len(key) == 1 and key.islower() and len(key.upper()) == 1):
            raise InvalidValue(f'"{escaped(token)}" never arrives: with shift, a key sends the character it types',
                               "write that character instead")
        return key.upper()  # the terminal sends shift+a as A
    return "+".join([*sorted(modifiers), key])


def _base_key(token: str, base: str, names: KeyNames) -> str:
    """The name of the key after the modifiers: a character or the name of one, or a named key."""
    if len(base) == 1:
        key = names.character_key(base)
        if key is None:
            raise InvalidValue(f'"{escaped(token)}" is not a key that types anything', f"write {KEY_EXAMPLES}")
        return key
    lower = base.lower()
    if lower in names.named:
        return lower
    character = names.character_of(lower)
    if character is not None:
        return names.character_key(character) or lower
    hint = did_you_mean(lower, names.words()) or f"write {KEY_EXAMPLES}"
    raise InvalidValue(f'"{escaped(token)}" is not a key', hint)


def _types(key: str, names: KeyNames) -> bool:
    """Whether `key` (by name) types a character: no modifier and not a named key. A name has a +
    only between modifiers: the + key itself is plus."""
    return "+" not in key and key not in names.named


def check_keys(settings: Settings, screens: Iterable[KeyScreen],
               names: KeyNames) -> tuple[dict[str, str], list[Problem]]:
    """The remaps of `settings` the app can use, as binding id -> keys by name, and a located
    problem for each one refused (in file order)."""
    screens = tuple(screens)
    known = sorted({b.binding_id for screen in screens for b in screen.bindings if b.binding_id})
    problems: list[Problem] = []
    remaps: dict[str, tuple[str, ...]] = {}
    written: dict[str, str] = {}
    for binding_id, keys in settings.keys:
        place = settings.key_place(binding_id)
        if binding_id not in known:
            problems.append(Problem(settings.source, place.line, place.name_column,
                                    f"[keys]: unknown binding id '{escaped(binding_id)}'",
                                    _id_hint(binding_id, known)))
            continue
        try:
            remaps[binding_id] = parse_keys(keys, names)
            written[binding_id] = keys
        except InvalidValue as error:
            problems.append(Problem(settings.source, place.line, place.value_column, f'[keys] "{escaped(binding_id)}": '
                                    f"{error.message}", f"{error.hint}; {_keeps(binding_id, screens)}"))
    while clash := _first_clash(remaps, screens, names):
        binding_id, key, other, screen = clash
        place = settings.key_place(binding_id)
        del remaps[binding_id]
        token = next(t.strip() for t in written[binding_id].split(",") if _one_key(t.strip(), names) == key)
        problems.append(Problem(settings.source, place.line, place.value_column,
                                f'[keys] "{binding_id}": {token} is already taken by {other.label()} '
                                f"on {screen.name}", f"choose another; {_keeps(binding_id, screens)}"))
    return {binding_id: ",".join(keys) for binding_id, keys in remaps.items()}, sorted(problems)


def _first_clash(remaps: Mapping[str, tuple[str, ...]], screens: tuple[KeyScreen, ...],
                 names: KeyNames) -> tuple[str, str, KeyBinding, KeyScreen] | None:
    """The first remap (in file order) with a key that another binding of one of its screens holds
    and keeps: a binding not remapped, or remapped and keeping one of its own default keys, or
    remapped earlier in the file to a key that neither had.

    A key two bindings share by default stays shared (enter opens a routine both as the picker's
    key and as the list's)."""
    order = list(remaps)
    for binding_id in order:
        for screen in screens:
            default = next((b.keys for b in screen.bindings if b.binding_id == binding_id), None)
            if default is None:
                continue
            for key in remaps[binding_id]:
                for other in screen.bindings:
                    if other.binding_id == binding_id or not _holds(other, key, remaps, names):
                        continue
                    if key in default and _holds(other, key, {}, names):
                        continue  # shared by design
                    if other.binding_id in remaps and (key in default, order.index(other.binding_id)) > (
                            key in other.keys, order.index(binding_id)):
                        continue  # the other gives way: this binding keeps its own key, or came first
                    return binding_id, key, other, screen
    return None


def _holds(binding: KeyBinding, key: str, remaps: Mapping[str, tuple[str, ...]], names: KeyNames) -> bool:
    """Whether `binding` uses `key` once `remaps` apply."""
    keys = remaps.get(binding.binding_id, binding.keys) if binding.binding_id else binding.keys
    return key in keys or (binding.typing and _types(key, names))


def _keeps(binding_id: str, screens: tuple[KeyScreen, ...]) -> str:
    default = next((b.keys for screen in screens for b in screen.bindings if b.binding_id == binding_id), ())
    return f"{binding_id} keeps {', '.join(default)}"


def _id_hint(binding_id: str, known: list[str]) -> str:
    hint = did_you_mean(binding_id, known)
    if hint:
        return hint
    prefix = binding_id.partition(".")[0] + "."
    same = [k for k in known if k.startswith(prefix)]
    if same:
        return f"the {prefix[:-1]} ids are {', '.join(same)}"
    return f"ids begin with {', '.join(sorted({k.partition('.')[0] + '.' for k in known}))}"
