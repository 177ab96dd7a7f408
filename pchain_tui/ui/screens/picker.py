"""The routine picker: every routine, bundled and the user's, filtered as you type.

A broken routine is listed with its error instead of being hidden, and the others still work.
`e` edits the highlighted routine in $EDITOR, `n` starts a new one from a template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:  # the domain is imported by the loading worker, after the first paint
    from pchain_tui.domain.catalog import Catalog, CatalogEntry


SERVICES_DELAY = 0.3
"""Seconds after the first paint before sound and history start (a start-up cost, not logic)."""


class PickerScreen(Screen[None]):
    """Pick a routine."""

    CSS_PATH = "picker.tcss"

    BINDINGS = [
        Binding("enter", "open", "Open", id="picker.open", tooltip="Open the highlighted routine"),
        Binding("e", "edit", "Edit", id="picker.edit", tooltip="Edit the routine in $EDITOR"),
        Binding("n", "new", "New", id="picker.new", tooltip="Create a routine from a template"),
        Binding("slash", "filter", "Filter", id="picker.filter", tooltip="Type to filter the list"),
        Binding("q", "quit", "Quit", id="picker.quit"),
    ]
    PALETTE = (("Edit routine", "Open the highlighted routine in $EDITOR", "edit"),
               ("New routine", "Create a routine from a template and edit it", "new"))

    def __init__(self) -> None:
        super().__init__()
        self.catalog: Catalog | None = None
        self._estimates: dict[str, float] = {}
        self._select_after: str | None = None
        self._offered_resume = False

    def compose(self) -> ComposeResult:
        """Title, filter, the list, and details of the highlighted routine.

        The routines are read here, so the very first frame already lists them: reading takes a
        few milliseconds (cached), less than painting an empty list and then a full one.
        """
        catalog, estimates = self._load()
        self.catalog, self._estimates = catalog, estimates
        with Vertical(id="picker"):
            yield Static("pchain · pick a routine", id="picker-title")
            yield Input(placeholder="type to filter…", id="filter", select_on_focus=False)
            with Horizontal(id="picker-body"):
                yield OptionList(*(Option(_prompt(e, estimates.get(e.id, 0.0)), id=e.id) for e in catalog.entries),
                                 id="routines")
                yield Static(id="details")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the list and show the first routine's details."""
        self.query_one("#routines", OptionList).focus()
        self._show_catalog(self.catalog, self._estimates)

    def _load(self) -> tuple[Catalog, dict[str, float]]:
        from pchain_tui import paths
        from pchain_tui.catalog_cache import load_catalog_cached

        return load_catalog_cached(paths.bundled_routines_dir(), self.app.options.user_dir, paths.display_path)

    def reload(self) -> None:
        """Read every routine file again (after an edit, for instance), with each one's estimate."""
        self._show_catalog(*self._load())

    def reload_and_select(self, routine_id: str) -> None:
        """Reload after an edit and highlight the edited routine (with its errors, if any)."""
        self._select_after = routine_id
        self.reload()

    def _show_catalog(self, catalog: Catalog, estimates: dict[str, float]) -> None:
        self.catalog = catalog
        self._estimates = estimates
        selected, self._select_after = self._select_after, None
        if selected is not None:
            self.query_one("#filter", Input).clear()
        self._fill(keep=selected)
        self.show_details()
        for problem in catalog.library_problems:
            self.app.tell(str(problem), warning=True)
        if not self._offered_resume:
            self._offered_resume = True
            # Sound and history start a moment after the list is on screen, so they never hold up
            # the first usable screen (opening a routine before then starts them at once).
            self.set_timer(SERVICES_DELAY, self._start_services_then_offer_resume)
        entry = catalog.find(selected) if selected else None
        if entry is not None:
            if entry.ok:
                self.app.tell(f"{entry.id} is valid.")
            else:
                count = len(entry.result.problems)
                self.app.tell(f"{entry.id} has {count} problem(s); they are listed on the right.", warning=True)

    def _fill(self, keep: str | None = None) -> None:
        option_list = self.query_one("#routines", OptionList)
        highlighted = keep or (option_list.highlighted_option.id if option_list.highlighted_option else None)
        words = self.query_one("#filter", Input).value.lower().split()
        entries = [e for e in (self.catalog.entries if self.catalog else []) if _matches(e, words)]
        option_list.set_options(Option(_prompt(e, self._estimates.get(e.id, 0.0)), id=e.id) for e in entries)
        ids = [e.id for e in entries]
        if entries:
            option_list.highlighted = ids.index(highlighted) if highlighted in ids else 0
        else:
            self.query_one("#details", Static).update(Text("No routine matches the filter.", style="dim"))

    def entry(self) -> CatalogEntry | None:
        """The highlighted routine."""
        option = self.query_one("#routines", OptionList).highlighted_option
        return self.catalog.find(option.id) if option is not None and self.catalog else None

    @on(OptionList.OptionHighlighted)
    def show_details(self) -> None:
        """Describe the highlighted routine, or list its problems."""
        entry = self.entry()
        if entry is not None:
            from pchain_tui.ui import describe

            history = self.app.options.history
            last = history.last_done(entry.id) if history is not None and entry.ok else None
            self.query_one("#details", Static).update(
                describe.routine_details(entry, self._estimates.get(entry.id, 0.0), last))

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        """Open the highlighted routine's overview (a broken one says why it cannot start)."""
        entry = self.entry()
        if entry is None:
            return
        if entry.result.routine is None:
            self.app.tell(f"{entry.id} has problems; press e to fix it.", warning=True)
            return
        self.app.open_overview(entry.result.routine)

    @on(Input.Changed, "#filter")
    def refilter(self) -> None:
        """Filter the list as the person types."""
        self._fill()

    @on(Input.Submitted, "#filter")
    def open_from_filter(self) -> None:
        """Enter in the filter opens the first match."""
        self.action_open()

    def action_filter(self) -> None:
        """Move to the filter box."""
        self.query_one("#filter", Input).focus()

    def on_key(self, event) -> None:
        """Typing a letter while the list has focus goes to the filter; arrows go back to the list."""
        filter_box = self.query_one("#filter", Input)
        option_list = self.query_one("#routines", OptionList)
        if filter_box.has_focus and event.key in ("down", "up", "escape"):
            option_list.focus()
            if event.key == "escape":
                filter_box.clear()
            event.stop()
        elif option_list.has_focus and event.is_printable and event.character and event.character.isalnum() \
                and event.character not in "enq":
            filter_box.focus()
            filter_box.insert_text_at_cursor(event.character)
            event.stop()

    def _start_services_then_offer_resume(self) -> None:
        self.app.ensure_services()
        self.show_details()  # now with when each routine was last done
        self.offer_resume()

    def offer_resume(self) -> None:
        """Offer to pick up a workout that did not finish (crash, closed terminal, quit)."""
        history = self.app.options.history
        if history is None or self.catalog is None or self.app.options.routine is not None:
            return  # `pchain run X` means X now; the offer waits for a plain `pchain`
        unfinished = history.unfinished()
        if not unfinished:
            if self.app.options.resume:
                self.app.tell("There is no unfinished workout to resume.")
            return
        session_id, record = unfinished[0]
        if self.app.options.resume:
            self.resume(session_id, record)
            return
        from pchain_tui.ui.dialogs.resume import ResumeDialog

        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.resume(session_id, record)
            elif choice == "discard":
                history.discard(session_id)

        self.app.push_screen(ResumeDialog(record, self.app.options.clock.wall()), answered)

    def resume(self, session_id: int, record) -> None:
        """Continue a saved session at the exact exercise, set and side where it stopped."""
        from pathlib import Path

        from pchain_tui import paths
        from pchain_tui.domain.catalog import load_routine_file
        from pchain_tui.domain.plan import build_plan
        from pchain_tui.ui.screens.workout import start_workout

        history = self.app.options.history
        if record.routine_path and Path(record.routine_path).is_file():
            result = load_routine_file(Path(record.routine_path), paths.bundled_routines_dir(),
                                       self.app.options.user_dir, paths.display_path)
        else:
            entry = self.catalog.find(record.routine_id) if self.catalog else None
            result = entry.result if entry is not None else None
        if result is None or result.routine is None:
            self.app.tell(f"Cannot resume: the routine '{record.routine_id}' is missing or has problems.",
                          warning=True)
            return
        routine = result.routine
        if record.content_hash and routine.content_hash != record.content_hash:
            self.app.tell(f"{routine.name} was edited since; resuming with the new version.", warning=True)
        saved = history.history.resume(session_id) or record
        plan = build_plan(routine, history.policy(before=saved.started_at))
        start_workout(self.app, plan, saved, session_id)

    def action_edit(self) -> None:
        """Edit the highlighted routine (a bundled one is copied to your folder first)."""
        from pchain_tui.ui import editing

        entry = self.entry()
        if entry is not None:
            editing.edit_routine(self, entry)

    def action_new(self) -> None:
        """Ask for a name, create a routine from the template and edit it."""
        from pchain_tui.ui import editing

        editing.new_routine(self)

    def action_quit(self) -> None:
        """Leave pchain."""
        self.app.exit()


def _matches(entry: CatalogEntry, words: list[str]) -> bool:
    routine = entry.result.routine
    haystack = " ".join([entry.id, routine.name if routine else "",
                         *(b.exercise.name for b in routine.blocks)] if routine else [entry.id]).lower()
    return all(word in haystack for word in words)


def _prompt(entry: CatalogEntry, estimate: float) -> Text:
    routine = entry.result.routine
    if routine is None:
        return Text.assemble((f"{entry.id}", "bold red"), ("  ✗ cannot be loaded", "red"))
    minutes = max(1, round(estimate / 60))
    text = Text.assemble((routine.name, "bold"), (f"  ~{minutes} min", "dim"))
    if entry.source == "user":
        text.append("  (yours)", style="italic")
    return text
