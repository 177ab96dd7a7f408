"""The routine picker: every routine, bundled and the user's, filtered as you type.

A broken routine is listed with its error instead of being hidden, and the others still work.
`e` edits the highlighted routine in $EDITOR, `n` starts a new one from a template.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pchain_tui.domain.notice import Notice
from pchain_tui.domain.words import plural
from pchain_tui.storage.paths import tilde_path
from pchain_tui.ui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:  # the routine model is imported when a routine is opened, not to paint the list
    from pchain_tui.domain.files.catalog import Catalog, CatalogEntry
    from pchain_tui.domain.model import Routine
    from pchain_tui.domain.session.record import SessionRecord
    from pchain_tui.services.followed_program import FollowedProgram
    from pchain_tui.storage.catalog_cache import CachedCatalog, RoutineRow


class FilterInput(Input):
    """The filter box. Letters are typed into it, so the footer shows the keys that work here too."""

    BINDINGS = [
        Binding("escape", "screen.leave_filter", "List", tooltip="Back to the list (the filter is cleared)"),
        Binding("ctrl+o", "screen.edit", "Edit", tooltip="Edit the highlighted routine in $EDITOR"),
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Leave pchain", priority=True),
    ]


class RoutineList(OptionList):
    """The list of routines: enter opens the highlighted one (said so in the footer and help)."""

    BINDINGS = [Binding("enter", "select", "Open", id="picker.open", tooltip="Open the highlighted routine")]


class PickerScreen(Screen[None]):
    """Pick a routine."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    """Under 60 columns the details go below the list, full width (beside it they would be a few
    letters wide); on a short terminal as well, they give way to the list and the filter is one line."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="picker.open", tooltip="Open the highlighted routine"),
        Binding("e", "edit", "Edit", id="picker.edit", tooltip="Edit the routine in $EDITOR"),
        Binding("n", "new", "New", id="picker.new", tooltip="Create a routine from a template"),
        Binding("slash", "filter", "Filter", id="picker.filter", tooltip="Type to filter the list"),
        Binding("q", "quit", "Quit", id="picker.quit"),
        # After Quit: at 40 columns the footer has room up to Quit (help, ?, lists every key).
        Binding("h", "history", "History", id="picker.history", tooltip="Past sessions and each exercise's trend"),
    ]
    PALETTE = (("Edit routine", "Open the highlighted routine in $EDITOR", "edit"),
               ("New routine", "Create a routine from a template and edit it", "new"))

    def __init__(self) -> None:
        super().__init__()
        self._last_done: dict[str, float] | None = None
        """When each routine was last trained, once the history has answered."""
        self._program: FollowedProgram | None = None
        """The program followed and where it stands, once read (None: none is followed)."""
        self._names: dict[str, str] = {}
        """Each routine's name by id, read with the program (for its "Up next" line)."""

    def compose(self) -> ComposeResult:
        """Title, filter, the list, and details of the highlighted routine.

        The routines are read here, so the very first frame already lists them: reading takes a
        few milliseconds (cached), less than painting an empty list and then a full one.
        """
        with Vertical(id="picker"):
            yield Static("pchain · pick a routine", id="picker-title")
            yield Static(id="up-next")
            yield FilterInput(placeholder="type to filter: a routine, an exercise or a muscle…", id="filter",
                              select_on_focus=False)
            with Horizontal(id="picker-body"):
                yield RoutineList(*(Option(row.prompt, id=row.id) for row in self._cached.rows), id="routines")
                yield Static(id="details")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Focus the list and show the first routine's details (the list was filled in compose)."""
        option_list = self.query_one("#routines", OptionList)
        option_list.focus()
        if self._cached.rows:
            option_list.highlighted = 0
        self.show_details()
        self._tell_library_notes()
        # Sound and history start once the list is on screen, so they never hold up the first
        # usable screen (opening a routine before then starts them at once).
        self.call_after_refresh(self._read_history)
        self.call_after_refresh(self._read_program, True)
        if self.app.options.routine is not None and self.app.services.settings.program is None:
            self.app.open_overview(self.app.options.routine)  # `pchain run`, no program to change it: at once

    @property
    def catalog(self) -> Catalog:
        """Every routine, parsed (the list itself is painted from the cache's rows)."""
        return self._cached.catalog

    @property
    def _cached(self) -> CachedCatalog:
        return self.app.routines

    def reload_and_select(self, routine_id: str) -> None:
        """Read every routine file again after an edit, and highlight the edited routine (with its
        errors, if any)."""
        self.app.reload_routines()
        self.query_one("#filter", Input).clear()
        self._fill(keep=routine_id)
        self.show_details()
        self._tell_library_notes()
        row = next((r for r in self._cached.rows if r.id == routine_id), None)
        if row is not None:
            if row.ok:
                self.app.say(f"{row.id} is valid.")
            else:
                self.app.tell(Notice.warning(
                    f"{row.id} has {row.problem_count} problem(s); they are listed on the right."))

    def _tell_library_notes(self) -> None:
        for note in self._cached.library_notes:
            self.app.tell(Notice.warning(note))

    def _fill(self, keep: str | None = None) -> None:
        option_list = self.query_one("#routines", OptionList)
        highlighted = keep or (option_list.highlighted_option.id if option_list.highlighted_option else None)
        words = self.query_one("#filter", Input).value.lower().split()
        rows = [row for row in self._cached.rows if all(word in row.search_text for word in words)]
        option_list.set_options(Option(row.prompt, id=row.id) for row in rows)
        ids = [row.id for row in rows]
        if rows:
            option_list.highlighted = ids.index(highlighted) if highlighted in ids else 0
        else:
            self.query_one("#details", Static).update(Text("No routine matches the filter.", style="dim"))

    def entry(self) -> CatalogEntry | None:
        """The highlighted routine."""
        option = self.query_one("#routines", OptionList).highlighted_option
        return self.catalog.find(option.id) if option is not None else None

    @on(OptionList.OptionHighlighted)
    def show_details(self) -> None:
        """Describe the highlighted routine (and when it was last done), or list its problems."""
        option = self.query_one("#routines", OptionList).highlighted_option
        row = next((r for r in self._cached.rows if r.id == option.id), None) if option is not None else None
        if row is None:
            return
        last = None
        if self._last_done is not None and row.ok:
            from pchain_tui.ui.text.history_notes import last_done

            last = last_done(self.app.services.clock.wall(), self._last_done.get(row.id))
        details = row.details.copy()
        if last:
            details.append(f"\n{last}", style="bold")
        for note in self._program_notes(row.id):
            details.append(f"\n{note}", style="bold")
        if row.origin:
            details.append(f"\n{row.origin}", style="dim italic")
        self.query_one("#details", Static).update(details)

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        """Open the highlighted routine's overview (a broken one says why it cannot start)."""
        entry = self.entry()
        if entry is None:
            return
        if entry.result.routine is None:
            self.app.tell(Notice.warning(f"{entry.id} has problems; press e to fix it."))
            return
        self.app.open_overview(*self._as_the_program_has_it(entry.result.routine))

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

    def action_leave_filter(self) -> None:
        """Clear the filter and go back to the list."""
        self.query_one("#filter", Input).clear()
        self.query_one("#routines", OptionList).focus()

    def on_key(self, event) -> None:
        """Typing a letter while the list has focus goes to the filter, unless it is one of the
        screen's keys (as remapped: e, n and q by default); arrows go back to the list."""
        filter_box = self.query_one("#filter", Input)
        option_list = self.query_one("#routines", OptionList)
        if filter_box.has_focus and event.key in ("down", "up"):
            option_list.focus()
            event.stop()
        elif option_list.has_focus and event.is_printable and event.character and event.character.isalnum() \
                and event.key not in self.active_bindings:
            filter_box.focus()
            filter_box.insert_text_at_cursor(event.character)
            event.stop()

    @work(exclusive=True, group="history")
    async def _read_history(self) -> None:
        """Start the services, then show when each routine was last done and offer to resume."""
        history = self.app.services.history
        if history is None:
            return
        await self._read_last_done()
        await self.offer_resume()

    def on_screen_resume(self) -> None:
        """Back from a routine: what was last done, and when, may have changed (or become readable)."""
        if self._last_done is not None:  # (read once already: the services are running)
            self.run_worker(self._read_last_done(), exclusive=True, group="last-done")
        if self._program is not None:
            self._read_program(False)

    # --- the program followed ------------------------------------------------------------------

    @work(exclusive=True, group="program")
    async def _read_program(self, first: bool) -> None:
        """Read the program followed and where it stands (files and history off the UI thread); the
        `first` time, highlight its next day and say why a program named in the settings is not followed."""
        from pchain_tui.services.followed_program import read_followed_program

        services, cached = self.app.services, self._cached
        known = self._program.standing if self._program is not None else None
        known_first = known.first_at if known is not None else None

        def read() -> tuple[FollowedProgram | None, dict[str, str]]:
            names = {e.id: e.result.routine.name if e.ok else e.id for e in cached.catalog.entries}
            return read_followed_program(services.settings, names, services.history, services.clock,
                                         known_first), names

        self._program, self._names = await asyncio.to_thread(read)
        if first and self._program is not None and self._program.problem is not None:
            self.app.tell(Notice.warning(f"settings: {self._program.problem}"))
        asked = self.app.options.routine
        if first and asked is not None and services.settings.program is not None:
            # `pchain run` of a program's day in a deload week runs it deloaded, as the picker would.
            self.app.open_overview(*self._as_the_program_has_it(asked))
        self._show_program()
        standing = self._program.standing if self._program is not None else None
        option_list = self.query_one("#routines", OptionList)
        if first and standing is not None and not self.query_one("#filter", Input).value:
            ids = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
            if standing.next_day in ids:
                option_list.highlighted = ids.index(standing.next_day)
        self.show_details()

    def _show_program(self) -> None:
        """The "Up next" line, fitted to the width (shown only while a program is followed)."""
        from pchain_tui.ui.text.up_next import up_next_line

        line = self.query_one("#up-next", Static)
        standing = self._program.standing if self._program is not None else None
        line.display = standing is not None
        if standing is not None:
            line.update(up_next_line(*standing.up_next(self._names), self.size.width - 2))

    def on_resize(self) -> None:
        """The "Up next" line is cut to the width."""
        self._show_program()

    def _program_notes(self, routine_id: str) -> list[str]:
        """What the program says of a routine that is one of its days: when the next is due, a deload week."""
        standing = self._program.standing if self._program is not None else None
        if standing is None or routine_id not in standing.program.days:
            return []
        notes = [standing.due_note() if routine_id == standing.next_day else None, standing.deload_note()]
        return [note[0].upper() + note[1:] for note in notes if note]

    def _as_the_program_has_it(self, routine: Routine) -> tuple[Routine, str | None]:
        """A program day in a deload week has fewer sets, and the overview says why; else `routine` as it is."""
        standing = self._program.standing if self._program is not None else None
        day = standing.deloaded_day(routine) if standing is not None else None
        return (day, standing.deload_note()) if day is not None and standing is not None else (routine, None)

    async def _read_last_done(self) -> None:
        """Show when each routine was last done (not at all when the history cannot be read)."""
        self._last_done = await asyncio.wrap_future(self.app.services.history.routines_last_trained())
        self.show_details()

    async def offer_resume(self) -> None:
        """Offer to pick up a workout that did not finish (crash, closed terminal, quit)."""
        history = self.app.services.history
        if history is None or self.app.options.routine is not None:
            return  # `pchain run X` means X now; the offer waits for a plain `pchain`
        unfinished = await asyncio.wrap_future(history.unfinished())
        if not unfinished:
            if self.app.options.resume:
                self.app.say("There is no unfinished workout to resume.")
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

        self.app.push_screen(ResumeDialog(record, self.app.services.clock.wall()), answered)

    @work(exclusive=True, group="resume")
    async def resume(self, session_id: int, record: SessionRecord) -> None:
        """Continue a saved session at the exact exercise, set and side where it stopped."""
        from pchain_tui.services.resume import RoutineFolders, Resumption, prepare_resume
        from pchain_tui.storage import paths

        history = self.app.services.history
        assert history is not None
        entry = self.catalog.find(record.routine_id)
        folders = RoutineFolders(paths.bundled_routines_dir(), self.app.options.user_dir, paths.tilde_path)
        answer = await asyncio.wrap_future(
            prepare_resume(history, session_id, record, entry.result if entry else None, folders,
                           [e.id for e in self.catalog.entries]))
        if not isinstance(answer, Resumption):
            self.app.tell(answer)
            return
        for note in answer.notes:
            self.app.tell(note)
        self.app.start_workout(answer.plan, answer.record, answer.session_id)

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

    def action_history(self) -> None:
        """Show the history screen."""
        self.app.open_history()

    def action_quit(self) -> None:
        """Leave pchain."""
        self.app.exit()


def summarize(entry: CatalogEntry, estimate: float) -> RoutineRow:
    """The picker's row for a routine (kept in the routine cache, so painting needs no routine model)."""
    from pchain_tui.domain.quantities import format_minutes
    from pchain_tui.storage.catalog_cache import RoutineRow

    routine = entry.result.routine
    # What a lifter may type: the routine, an exercise (name or id), a muscle or a piece of equipment.
    words = [entry.id, routine.name, *(word for b in routine.blocks for word in (
        b.exercise.name, b.exercise.id, *b.exercise.targets, *b.exercise.equipment))] if routine else [entry.id]
    minutes = format_minutes(estimate)
    origin = "" if not entry.ok else "bundled" if entry.source == "bundled" else f"yours: {tilde_path(entry.path)}"
    return RoutineRow(entry.id, entry.ok, len(entry.result.problems), _prompt(entry, minutes),
                      _details(entry, minutes), origin, " ".join(words).lower())


def _prompt(entry: CatalogEntry, minutes: str) -> Text:
    routine = entry.result.routine
    if routine is None:
        return Text.assemble((f"{entry.id}", "bold red"), ("  ✗ cannot be loaded", "red"))
    text = Text.assemble((routine.name, "bold"), (f"  {minutes}", "dim"))
    if entry.source == "user":
        text.append("  (yours)", style="italic")
    return text


def _details(entry: CatalogEntry, minutes: str) -> Text:
    """The picker's side panel: description and exercises, or every problem of a broken file."""
    routine = entry.result.routine
    if routine is None:
        text = Text(f"{entry.result.problems[0].path} cannot be loaded:\n\n", style="bold red")
        for problem in entry.result.problems:
            text.append(f"line {problem.line}:{problem.column}  ", style="red")
            text.append(problem.message)
            if problem.hint:
                text.append(f"\n    {problem.hint}", style="italic")
            text.append("\n")
        text.append("\nPress e to edit it.", style="dim")
        return text
    text = Text()
    text.append(routine.name + "\n", style="bold")
    if routine.description:
        text.append(routine.description + "\n")
    text.append(f"\n{plural(len(routine.blocks), 'exercise')} · {plural(routine.total_sets, 'set')} · "
                f"{minutes}\n\n", style="dim")
    for block in routine.blocks:
        text.append("• ")
        text.append(block.exercise.name)
        text.append(f"  {block.prescription()}\n", style="dim")
    return text
