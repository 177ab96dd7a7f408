"""The history's words on the overview and the summary: last time, today, next time, trends."""

from __future__ import annotations

from rich.text import Text

from pchain_tui.domain.training.recovery import ago
from pchain_tui.domain.words import plural
from pchain_tui.services.history_service import NextTime, OverviewHistory, Saving
from pchain_tui.ui.text.sparkline import sparkline


def overview_notes(history: OverviewHistory) -> Text:
    """When the routine was last done, a note if the muscles are still recovering, and per exercise
    what last time was and what today asks, with a trend."""
    seen = history.recency
    now = seen.now
    text = Text()
    text.append("Last done  ", style="bold")
    if seen.routine_at:
        text.append(f"{ago(now, seen.routine_at)}\n")
    elif history.unreadable:
        text.append(f"not known: {history.unreadable}\n", style="yellow")
    else:
        text.append("never; today sets the baseline\n")
    if seen.muscles:
        text.append("Muscles    ", style="bold")
        text.append(" · ".join(f"{muscle} {ago(now, at)}" for muscle, at in
                               sorted(seen.muscles.items(), key=lambda item: -item[1])) + "\n")
    note = seen.note()
    if note:
        text.append(note + "\n", style="italic yellow")
    for line in history.exercises:
        unit = " s" if line.is_hold else ""
        text.append(f"\n{line.name}", style="bold")
        last = ", ".join("/".join(f"{a:g}" for a in sides) + unit for sides in line.last)  # left/right
        text.append(f"  last: {last}  ·  today: {line.today}")
        if len(line.volumes) > 1:
            text.append(f"  {sparkline(line.volumes)}", style="cyan")
    return text


def last_done(now: float, at: float | None) -> str:
    """"Last done 3 days ago" for the picker, or "Never done yet"."""
    return f"Last done {ago(now, at)}" if at else "Never done yet"


def next_time_notes(lines: tuple[NextTime, ...]) -> Text:
    """For each exercise done: what next time will ask, and the trend including today (nothing at all
    when no exercise was done)."""
    if not lines:
        return Text()
    text = Text("Next time\n", style="bold")
    for line in lines:
        text.append(f"{line.name}: ", style="bold")
        text.append(line.advice)
        if len(line.volumes) > 1:
            text.append(f"  {sparkline(line.volumes)}", style="cyan")
        text.append("\n")
    return text


def saving_note(saving: Saving, sets_done: int) -> Text:
    """Whether today's sets are in the history, and if not, where they are and what happens next."""
    if saving.problem is None and saving.pending == 0:
        if not sets_done:
            return Text("")
        said = "The set is saved" if sets_done == 1 else f"All {plural(sets_done, 'set')} are saved"
        return Text(f"{said} in your history.", style="dim")
    style = "bold red" if saving.unkept else "bold yellow"
    text = Text(f"{plural(saving.pending, 'set')} not in your history yet. ", style=style)
    text.append(saving.problem or "pchain keeps trying to save them.")
    return text
