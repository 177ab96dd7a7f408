"""settings.toml's [keys]: key names as Textual sends them, unknown ids, and remaps that would take
another binding's key are refused with a located problem; the refused binding keeps its keys."""

from __future__ import annotations

import string

import pytest
from textual.binding import Binding
from textual.keys import Keys

from pchain_tui.domain.key_settings import KeyBinding, KeyNames, KeyScreen, check_keys, parse_keys
from pchain_tui.domain.problems import InvalidValue
from pchain_tui.domain.session.engine import Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.settings import parse_settings
from pchain_tui.ui.dialogs.confirm import ConfirmDialog
from pchain_tui.ui.keys import checked_keymap, key_names, key_screens

from .app_helpers import make_app, workout
from .test_app import open_routine

NAMES = KeyNames(frozenset({"enter", "escape", "tab", "f1", "up", "left"}), {"solidus": "slash", "plus_sign": "plus",
                                                                              "hyphen_minus": "minus"})
"""A small vocabulary, as the UI would give it."""


@pytest.mark.parametrize(("written", "keys"), [
    ("k", ("k",)),
    ("K", ("K",)),                                   # a capital is its own key
    ("space, p", ("space", "p")),                    # spaces around commas do not count
    ("?", ("question_mark",)),
    ("question_mark", ("question_mark",)),
    ("/,solidus,slash", ("slash",)),                 # one key three ways, once
    ("+", ("plus",)),
    ("Enter", ("enter",)),
    ("F1", ("f1",)),
    ("comma", ("comma",)),
    ("shift+a", ("A",)),                             # the terminal sends shift+a as A
    ("shift+tab", ("shift+tab",)),
    ("shift+space", ("shift+space",)),
    ("shift+ctrl+left", ("ctrl+shift+left",)),       # modifiers in Textual's order
    ("Ctrl+A", ("ctrl+shift+a",)),
    ("ctrl++", ("ctrl+plus",)),
    ("alt+-", ("alt+minus",)),
    ("latin_small_letter_e_with_acute", ("é",)),
])
def test_keys_are_named_as_the_terminal_sends_them(written, keys):
    assert parse_keys(written, NAMES) == keys


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("!!nonsense!!", '"!!nonsense!!" is not a key', "write a key such as x, X, 5, space, enter, escape, f1, "
                                                      "question_mark or ctrl+x"),
    ("spce", '"spce" is not a key', "did you mean 'space'?"),
    ("entr", '"entr" is not a key', "did you mean 'enter'?"),
    ("", "no key given", "write a key such as x, X, 5, space, enter, escape, f1, question_mark or ctrl+x"),
    (",", "no key given", "write a key such as x, X, 5, space, enter, escape, f1, question_mark or ctrl+x; "
                          "for the , key write comma"),
    ("a,,b", '"a,,b" has an empty key between commas', "for the , key write comma"),
    ("control+r", '"control+r" is not a key: control before + is not a modifier', "did you mean 'ctrl'?"),
    ("ctrl+", '"ctrl+" is not a key: nothing follows the last +', "write a key such as x, X, 5, space, enter, "
                                                                 "escape, f1, question_mark or ctrl+x after it"),
    ("shift+1", '"shift+1" never arrives: with shift, a key sends the character it types',
     "write that character instead"),
    ("\x07", '"\\u0007" is not a key that types anything', "write a key such as x, X, 5, space, enter, escape, "
                                                           "f1, question_mark or ctrl+x"),
    ("\x1b[2J", '"\\u001b[2J" is not a key', "write a key such as x, X, 5, space, enter, escape, f1, question_mark "
                                            "or ctrl+x"),  # quoted as an escape: never sent to the terminal
])
def test_what_the_terminal_never_sends_is_refused_with_a_hint(written, message, hint):
    with pytest.raises(InvalidValue) as caught:
        parse_keys(written, NAMES)
    assert (caught.value.message, caught.value.hint) == (message, hint)


def test_the_names_are_textuals():
    """Every printable ASCII character gets the name Textual's own BINDINGS give it, and every named
    key of the real vocabulary is one Textual knows."""
    names = key_names()
    for character in string.printable.strip():
        if character != ",":  # the separator of BINDINGS itself
            (binding,) = Binding.make_bindings([Binding(character, "x")])
            assert names.character_key(character) == binding.key, character
    assert (names.character_key(","), names.character_key(" ")) == ("comma", Keys.Space.value)
    assert {"enter", "escape", "tab", "backspace", "f1", "f24", "pageup", "up"} <= names.named
    assert not names.named & {"space", "return", "question_mark", "a"}  # space types; return is sent as enter


def _settings(text: str):
    settings, problems = parse_settings(text, "settings.toml")
    assert problems == []
    return settings


SESSION = KeyScreen("the session screen", (
    KeyBinding("Pause", ("space",), "session.pause"), KeyBinding("Quit", ("q",), "session.quit"),
    KeyBinding("Skip", ("s",), "session.skip"), KeyBinding("Help", ("question_mark",), "pchain.help"),
    KeyBinding("Textual's quit", ("ctrl+q",))))
PICKER = KeyScreen("the routine picker", (
    KeyBinding("Open", ("enter",), "picker.open"), KeyBinding("Quit", ("q",), "picker.quit"),
    KeyBinding("Help", ("question_mark",), "pchain.help"), KeyBinding("the routine list", ("up", "enter"))))
DIALOG = KeyScreen("the set-done dialog", (
    KeyBinding("Save as counted", ("escape",), "setdone.cancel"), KeyBinding("typing in the text field", (),
                                                                             typing=True)))
SCREENS = (SESSION, PICKER, DIALOG)


def check(text: str):
    keymap, problems = check_keys(_settings(text), SCREENS, NAMES)
    return keymap, [str(p) for p in problems]


def test_a_key_another_binding_of_the_screen_uses_is_refused_and_the_rest_apply():
    keymap, problems = check('[keys]\n"session.quit" = "space"\n"session.skip" = "k"\n')
    assert keymap == {"session.skip": "k"}
    assert problems == ['settings.toml:2:18: [keys] "session.quit": space is already taken by Pause '
                        "(session.pause) on the session screen; choose another; session.quit keeps q"]


@pytest.mark.parametrize(("text", "problem"), [
    ('[keys]\n"picker.quit" = "o, enter"\n',
     'settings.toml:2:17: [keys] "picker.quit": enter is already taken by Open (picker.open) on the routine '
     "picker; choose another; picker.quit keeps q"),
    ('[keys]\n"session.quit" = "ctrl+q"\n',
     "settings.toml:2:18: [keys] \"session.quit\": ctrl+q is already taken by Textual's quit on the session "
     "screen; choose another; session.quit keeps q"),
    ('[keys]\n"setdone.cancel" = "x"\n',
     'settings.toml:2:20: [keys] "setdone.cancel": x is already taken by typing in the text field on the '
     "set-done dialog; choose another; setdone.cancel keeps escape"),
    ('[keys]\n"pchain.help" = "s"\n',  # the app's key is checked on every screen it is on
     'settings.toml:2:17: [keys] "pchain.help": s is already taken by Skip (session.skip) on the session '
     "screen; choose another; pchain.help keeps question_mark"),
    ('[keys]\n"session.skip" = "?"\n',  # as written, not as named
     'settings.toml:2:18: [keys] "session.skip": ? is already taken by Help (pchain.help) on the session '
     "screen; choose another; session.skip keeps s"),
])
def test_every_kind_of_holder_is_respected(text, problem):
    assert check(text) == ({}, [problem])


def test_a_key_a_widget_needs_stays_its_own():
    """Open moved off enter, but the list still selects with it."""
    assert check('[keys]\n"picker.open" = "o"\n"picker.quit" = "enter"\n') == ({"picker.open": "o"}, [
        'settings.toml:3:17: [keys] "picker.quit": enter is already taken by the routine list on the routine '
        "picker; choose another; picker.quit keeps q"])


def test_remaps_that_move_together_are_kept():
    """A swap, and a key freed by another remap, are fine: what counts is the keys once all apply."""
    assert check('[keys]\n"session.pause" = "q"\n"session.quit" = "space"\n') == (
        {"session.pause": "q", "session.quit": "space"}, [])
    assert check('[keys]\n"session.quit" = "s"\n"session.skip" = "k"\n') == (
        {"session.quit": "s", "session.skip": "k"}, [])


def test_a_key_shared_by_default_stays_shared():
    """enter is both the picker's Open and the list's select by design: Open may keep it."""
    assert check('[keys]\n"picker.open" = "enter,o"\n') == ({"picker.open": "enter,o"}, [])


def test_of_two_remaps_to_one_key_the_later_gives_way_unless_it_keeps_its_own():
    keymap, problems = check('[keys]\n"session.skip" = "x"\n"session.quit" = "x"\n')
    assert keymap == {"session.skip": "x"}
    assert problems == ['settings.toml:3:18: [keys] "session.quit": x is already taken by Skip (session.skip) '
                        "on the session screen; choose another; session.quit keeps q"]
    keymap, problems = check('[keys]\n"session.quit" = "space"\n"session.pause" = "space,p"\n')
    assert keymap == {"session.pause": "space,p"}  # pause keeps its own space; quit is the one refused
    assert problems == ['settings.toml:2:18: [keys] "session.quit": space is already taken by Pause '
                        "(session.pause) on the session screen; choose another; session.quit keeps q"]


def test_a_refusal_that_gives_a_key_back_refuses_what_took_it():
    """quit -> space is fine while pause moves to s; but pause -> s is refused (skip has s), so pause
    keeps space and quit must give way too: every message is true of the keys as they end up."""
    keymap, problems = check('[keys]\n"session.quit" = "space"\n"session.pause" = "s"\n')
    assert keymap == {}
    assert problems == [
        'settings.toml:2:18: [keys] "session.quit": space is already taken by Pause (session.pause) on the '
        "session screen; choose another; session.quit keeps q",
        'settings.toml:3:19: [keys] "session.pause": s is already taken by Skip (session.skip) on the session '
        "screen; choose another; session.pause keeps space"]
    keymap, problems = check('[keys]\n"session.pause" = "q"\n"session.quit" = "space"\n"session.skip" = "q"\n')
    assert keymap == {"session.pause": "q", "session.quit": "space"}  # the swap stands; skip came last
    assert problems == ['settings.toml:4:18: [keys] "session.skip": q is already taken by Pause (session.pause) '
                        "on the session screen; choose another; session.skip keeps s"]


def test_unknown_ids_and_bad_keys_are_located():
    keymap, problems = check('[keys]\n"session.paus" = "p"\n"sesion.quit" = "x"\n"kitchen.sink" = "x"\n'
                             '"picker.delete_everything" = "x"\n"session.skip" = "!!nonsense!!"\n'
                             '  "session.quit" = "f1"\n')
    assert keymap == {"session.quit": "f1"}
    assert problems == [
        "settings.toml:2:1: [keys]: unknown binding id 'session.paus'; did you mean 'session.pause'?",
        "settings.toml:3:1: [keys]: unknown binding id 'sesion.quit'; did you mean 'session.quit'?",
        "settings.toml:4:1: [keys]: unknown binding id 'kitchen.sink'; ids begin with pchain., picker., session., "
        "setdone.",
        "settings.toml:5:1: [keys]: unknown binding id 'picker.delete_everything'; the picker ids are "
        "picker.open, picker.quit",
        'settings.toml:6:18: [keys] "session.skip": "!!nonsense!!" is not a key; write a key such as x, X, 5, '
        "space, enter, escape, f1, question_mark or ctrl+x; session.skip keeps s"]


def test_the_apps_own_keys_do_not_clash():
    """Every binding of every screen remapped to its own default keys is accepted: the defaults
    themselves share no key except by design."""
    defaults = {b.binding_id: b.keys for screen in key_screens() for b in screen.bindings if b.binding_id}
    ids = sorted(defaults)
    text = "[keys]\n" + "".join(f'"{i}" = "{",".join(defaults[i])}"\n' for i in ids)
    keymap, problems = checked_keymap(_settings(text))
    assert problems == [] and sorted(keymap) == ids
    assert {"session.pause", "picker.quit", "pchain.help", "tempo.pause", "setdone.cancel", "help.close"} <= set(ids)


def test_the_documented_example_is_accepted():
    settings = _settings('[keys]\n"session.pause" = "space,w"\n"session.skip" = "k"\n')
    assert checked_keymap(settings) == ({"session.pause": "space,w", "session.skip": "k"}, [])


def test_the_real_screens_refuse_the_reported_remaps():
    """The three remaps of the report, against the app's real screens."""
    keymap, problems = checked_keymap(_settings(
        '[keys]\n"session.quit" = "space"\n"picker.quit" = "enter"\n"picker.new" = "!!nonsense!!"\n'
        '"session.pause" = "space,p"\n'))
    assert keymap == {}
    assert [str(p) for p in problems] == [
        'settings.toml:2:18: [keys] "session.quit": space is already taken by Pause (session.pause) on the '
        "session screen; choose another; session.quit keeps q",
        'settings.toml:3:17: [keys] "picker.quit": enter is already taken by Open (picker.open) on the routine '
        "picker; choose another; picker.quit keeps q",
        'settings.toml:4:16: [keys] "picker.new": "!!nonsense!!" is not a key; write a key such as x, X, 5, '
        "space, enter, escape, f1, question_mark or ctrl+x; picker.new keeps n",
        # tap mode's pause is p on the tempo screen, which has the session's keys too
        'settings.toml:5:19: [keys] "session.pause": p is already taken by Pause (tempo.pause) on the tempo '
        "screen; choose another; session.pause keeps space"]


async def test_a_clashing_remap_is_refused_in_the_app_and_the_default_key_still_works(tmp_path):
    settings = _settings('[keys]\n"session.quit" = "space"\n"session.skip" = "k"\n')
    app, _clock, _sound = make_app(tmp_path, settings=settings)
    told = []
    app.tell = told.append  # where every notice is shown
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "top five")
        await pilot.press("enter")
        live = workout(app).live
        assert [(n.severity.value, n.text) for n in told] == [(
            "warning", 'settings: settings.toml:2:18: [keys] "session.quit": space is already taken by Pause '
                       "(session.pause) on the session screen; choose another; session.quit keeps q")]
        await pilot.press("space")  # still pause
        assert live.state().status is Status.PAUSED
        await pilot.press("space")
        assert live.state().status is Status.RUNNING
        await pilot.press("q")  # still quit
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert live.state().step.kind is StepKind.INTRO
        await pilot.press("k")  # the sound remap beside it applies
        assert live.state().step.kind is StepKind.GET_READY


async def test_a_letter_remapped_on_the_picker_is_a_key_not_filter_text(tmp_path):
    """The picker sends letters to the filter, but not those that are its keys as remapped."""
    app, _clock, _sound = make_app(tmp_path, settings=_settings('[keys]\n"picker.new" = "x"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n")  # no longer a key here: it filters
        assert app.screen.query_one("#filter").value == "n"
        await pilot.press("escape", "x")
        await pilot.pause()
        assert type(app.screen).__name__ == "AskNameDialog"
