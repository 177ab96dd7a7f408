"""Words for the screens: prescriptions, what comes next, summaries.

Every text from a routine file goes into a rich `Text` as plain text, so nothing a person
wrote is ever read as markup or escape codes.
"""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text

from pchain_tui.domain.model import Block, Side, WorkKind
from pchain_tui.domain.quantities import format_seconds
from pchain_tui.domain.session.plan import Plan, Step, StepKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import plan_order
from pchain_tui.domain.words import plural


def clock_text(seconds: float, minutes: bool = False) -> str:
    """Seconds as m:ss (or s under a minute, unless `minutes`) for the big digits."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 or minutes else str(whole)


def rest_text(step: Step) -> str:
    """Today's rest and its prescription: "rest 45 s of 30-60 s", "rest 60 s"."""
    today = format_seconds(step.duration or 0)
    rest = step.block.rest if step.block is not None else None
    if rest is None or rest.is_single:
        return f"rest {today}"
    return f"rest {today} of {rest} s"


def progress_text(plan: Plan, index: int, seconds: float, *, short: bool = False) -> str:
    """Where the whole workout stands at step `index`, `seconds` in: "workout 4:12 · set 7 of 12", or
    "workout 4:12 · after set 7 of 12" in the rest that follows it (a per-side set counts once, as in
    the summary), "before set 1 of 12" while warming up for it. `short`, for a small terminal: "4:12 · 7/12"."""
    clock = clock_text(seconds, True) if short else f"workout {clock_text(seconds, True)}"
    step = plan.steps[index]
    if step.kind is StepKind.FINISHED:
        return clock
    if short:
        return f"{clock} · {plan.workout_set(index)}/{sets_planned(plan)}"
    where = "set"
    if step.warmup is not None:  # warming up for a set not begun
        where = "before set"
    elif step.kind is StepKind.REST:
        where = "after set"
    return f"{clock}  ·  {where} {plan.workout_set(index)} of {sets_planned(plan)}"


def last_text(step: Step) -> str:
    """This set as it was done last time: "last: 8 × 40 kg", "last: 8 reps", "last: 35 s", "last:
    skipped"; "" the first time."""
    last = step.last
    if last is None:
        return ""
    if last.skipped:
        return "last: skipped"
    if last.kind is WorkKind.HOLD:
        done = format_seconds(last.done_seconds or 0)
    else:
        done = f"{last.done_reps or 0}" if last.load else plural(last.done_reps or 0, "rep")
    return f"last: {done} × {last.load}" if last.load else f"last: {done}"


def amount(block: Block) -> str:
    """What one set asks: "12-15 reps", "30-45 s hold", "15-20 reps at your pace"."""
    if block.kind is WorkKind.HOLD:
        return f"{block.hold} s hold"
    paced = "" if block.kind is WorkKind.PACED else " at your pace"
    return f"{block.reps} reps{paced}"


def target_text(step: Step) -> str:
    """Today's target of a work step: "12 reps", "30 s", "12 reps · 22.5 kg"."""
    return targets_text([step])


def targets_text(steps: list[Step]) -> str:
    """Today's targets of an exercise's sets: "12 reps", "14-15 reps" when the sets differ, "30 s"."""
    first = steps[0]
    if first.target_seconds is not None:
        low, high, unit = min(s.target_seconds for s in steps), max(s.target_seconds for s in steps), " s"
    else:
        low, high, unit = min(s.target_reps for s in steps), max(s.target_reps for s in steps), " reps"
    amount = f"{low:g}{unit}" if low == high else f"{low:g}-{high:g}{unit}"
    return f"{amount} · {first.target_load}" if first.target_load else amount


NARROW_TABLE_BELOW = 60
"""Columns under which the overview's table keeps only the exercise, its sets and today's target."""


def overview_table(plan: Plan, width: int = 80) -> Table:
    """One row per exercise: sets x amount, tempo, rest, today's target. Under NARROW_TABLE_BELOW
    columns, only the exercise, its sets and today's target (tempo and rest are on each intro)."""
    narrow = width < NARROW_TABLE_BELOW
    table = Table(expand=True, box=None, header_style="bold", pad_edge=False)
    if not narrow:
        table.add_column("#", justify="right", width=2)
    table.add_column("exercise", ratio=1)  # the one column that wraps: names get the room
    if not narrow:
        table.add_column("sets", no_wrap=True)
        table.add_column("tempo", no_wrap=True)
        table.add_column("rest", justify="right", no_wrap=True)
    table.add_column("today", justify="right", no_wrap=True)
    work: dict[int, list[Step]] = {}
    for step in plan.steps:
        if step.kind is StepKind.WORK and step.warmup is None:
            work.setdefault(step.block_index, []).append(step)
    rests = {s.block_index: s.duration for s in plan.steps if s.kind is StepKind.REST}
    for index, block in enumerate(plan.routine.blocks):
        tempo = "—" if block.kind is WorkKind.HOLD else str(block.tempo)
        rest = format_seconds(rests[index]) if index in rests and rests[index] else "—"
        if rest != "—" and not block.rest.is_single:
            rest += f" ({block.rest})"  # today's rest, and the range it comes from
        side = " /side" if block.per_side else ""
        name = Text(block.exercise.name)
        ramp = len(plan.warmups(index))
        if block.circuit is not None and block.circuit.first:
            heading = f"{block.circuit.word.capitalize()} · {plural(block.circuit.rounds, 'round')}"
            name = Text.assemble((heading + "\n", "bold"), "  ", name)
        elif block.circuit is not None:
            name = Text.assemble("  ", name)
        sets = Text((f"{block.sets} x" if block.circuit is None else "x") + f" {amount(block)}{side}")
        warming = f"+ {plural(ramp, 'warm-up set')}" if ramp else ""
        if narrow:  # the sets under the name
            name.append("\n  " + block.prescription() + (f" {warming}" if warming else ""), style="dim")
            table.add_row(name, targets_text(work[index]))
        else:
            if warming:
                sets.append("\n" + warming, style="dim")
            table.add_row(str(index + 1), name, sets, tempo, rest, targets_text(work[index]))
    return table


def first_work(plan: Plan, index: int) -> Step | None:
    """The first working set (not a warm-up) of the exercise whose step is at `index`."""
    block_index = plan.steps[index].block_index
    return next((s for s in plan.steps[index:] if s.kind is StepKind.WORK and s.warmup is None
                 and s.block_index == block_index), None)


def warmup_words(plan: Plan, block_index: int) -> str:
    """The warm-up ramp planned for an exercise: "8 x 22.5 kg, 5 x 35 kg, 3 x 47.5 kg"; "" for none."""
    return ", ".join(f"{s.target_reps} x {s.target_load}" for s in plan.warmups(block_index))


def circuit_words(plan: Plan, block_index: int) -> str:
    """A circuit's shape: "Circuit · 3 rounds · rest 90 s after each", "Superset · 2 rounds · ..."."""
    block = plan.routine.blocks[block_index]
    circuit = block.circuit
    assert circuit is not None
    rest = next((s.duration for s in plan.steps if s.kind is StepKind.REST
                 and s.block_index == block_index + circuit.size - 1 - circuit.position), None)
    words = [circuit.word.capitalize(), plural(circuit.rounds, "round")]
    if rest:
        words.append(f"rest {format_seconds(rest)} after each")
    if circuit.rest_between:
        words.append(f"{format_seconds(circuit.rest_between)} between")
    return " · ".join(words)


def circuit_members(plan: Plan, block_index: int) -> list[Block]:
    """The exercises of the circuit that `block_index` is in, in order."""
    block = plan.routine.blocks[block_index]
    if block.circuit is None:
        return [block]
    start = block_index - block.circuit.position
    return list(plan.routine.blocks[start:start + block.circuit.size])


def intro_text(block: Block, step: Step | None, plates: str | None = None, *, warmup: str = "",
               circuit: str = "", members: list[Block] | None = None) -> Text:
    """An exercise's intro: targets, equipment, prescription, tempo in words, the routine's note, then
    the numbered cues. A circuit's intro (`circuit`: its shape, `members`: its exercises) lists what
    each round holds first; `warmup` is the ramp planned before the working sets."""
    exercise = block.exercise
    text = Text()
    if circuit and members:
        text.append(circuit + "\n", style="bold")
        for number, member in enumerate(members, 1):
            side = " per side" if member.per_side else ""
            text.append(f"  {number}. {member.exercise.name}", style="bold" if member is block else "")
            text.append(f"  {amount(member)}{side}" + (f" · {member.load}" if member.load else "") + "\n")
        text.append("\n")
    if exercise.description:
        text.append(exercise.description + "\n\n")
    if exercise.targets:
        text.append("Works  ", style="bold")
        text.append(", ".join(exercise.targets) + "\n")
    if exercise.equipment:
        text.append("Needs  ", style="bold")
        text.append(", ".join(exercise.equipment) + "\n")
    if block.circuit is None:
        text.append("Sets   ", style="bold")
        text.append(f"{block.sets} x {amount(block)}" + (" per side, left then right" if block.per_side else ""))
        if step is not None and step.warmup is None:
            text.append(f"  (today {target_text(step)})", style="dim")
        text.append("\n")
    if warmup:
        text.append("Warm-up", style="bold")
        text.append(f" {warmup}\n")
    if block.kind is not WorkKind.HOLD:
        text.append("Tempo  ", style="bold")
        text.append(f"{block.tempo.describe(exercise.start)}\n")
    if block.load:
        text.append("Load   ", style="bold")
        text.append(block.load + "\n")
    if plates:  # how to load the bar for the first set
        text.append("Plates ", style="bold")
        text.append(plates + "\n")
    if block.note:  # the routine's own word for today, above the cues, so a short terminal shows it
        text.append("Note   ", style="bold")
        text.append(block.note + "\n", style="italic")
    if exercise.cues:
        text.append("\n")
        for number, cue in enumerate(exercise.cues, 1):
            text.append(f"{number}. ", style="bold")
            text.append(cue + "\n")
    return text


def next_text(step: Step | None, load: str | None = None, *, after: Step | None = None) -> Text:
    """What comes next: "Next: Romanian deadlift · set 2 of 3 · 8 reps · 40 kg" (`load`: the load it
    starts from, the one last logged for that exercise today). Given the step shown now (`after`),
    the exercise's name is left out when it is the same one, for a small terminal."""
    if step is None or step.block is None:
        return Text("Next: the end — well done", style="dim")
    side = f" · {step.side.value.upper()}" if step.side else ""
    amount = target_text(replace(step, target_load=load)) if load is not None else target_text(step)
    if after is not None and after.block_index == step.block_index:
        return Text.assemble(("Next: ", "dim"), f"{step.which()}{side} · {amount}")
    return Text.assemble(("Next: ", "dim"), (step.block.exercise.name, "bold"),
                         (f" · {step.which()}{side} · {amount}", ""))


def summary_title(plan: Plan, record: SessionRecord) -> str:
    """The summary's headline, true to what happened: done, done with sets skipped, or stopped."""
    planned = sets_planned(plan)
    done = sets_done(plan, record)
    if record.state is not RecordState.FINISHED:
        return f"Workout stopped after {done} of {planned} sets. What you did is kept."
    if done < planned:
        skipped = planned - done
        return f"Workout over: {done} of {planned} sets done, {skipped} skipped."
    return "Workout done. Well trained."


def sets_planned(plan: Plan) -> int:
    """The sets of the plan (a per-side set is one set, with two sides)."""
    return sum(block.sets for block in plan.routine.blocks)


def sets_done(plan: Plan, record: SessionRecord) -> int:
    """Sets done (a per-side set counts once both its sides were done)."""
    sides: dict[tuple[int, int], int] = {}
    for s in record.sets:
        if s.counts:  # warm-ups lead to the sets; they are not among them
            sides[(s.block_index, s.set_number)] = sides.get((s.block_index, s.set_number), 0) + 1
    blocks = plan.routine.blocks
    return sum(1 for (index, _n), count in sides.items()
               if index < len(blocks) and count >= (2 if blocks[index].per_side else 1))


def summary_table(plan: Plan, record: SessionRecord) -> Table:
    """One row per exercise of the plan: its sets as done (a per-side set as left/right, "7/8"),
    "skipped" ones said so, and the loads; a row under it for each note."""
    table = Table(expand=True, box=None, header_style="bold", pad_edge=False)
    table.add_column("exercise", ratio=3)
    table.add_column("sets done", ratio=4)
    table.add_column("load", ratio=2)
    by_block: dict[int, list[SetRecord]] = {}
    for set_record in sorted(record.sets, key=plan_order):
        by_block.setdefault(set_record.block_index, []).append(set_record)
    for index, block in enumerate(plan.routine.blocks):
        every = by_block.get(index, [])
        sets = [s for s in every if s.role != "warmup"]
        warmups = [s for s in every if s.role == "warmup" and s.done]
        words = [_sets_word(group) for group in _by_set(sets)]
        not_reached = block.sets - len(words)  # sets, not sides: a per-side set's two sides are one
        if not every:
            done = Text("not done", style="dim")
        else:
            done = Text(f"warm-up {', '.join(_sets_word(group) for group in _by_set(warmups))} · ", style="dim") if (
                warmups) else Text()
            done.append(", ".join(words) if words else "no work sets")
            if not_reached > 0 and record.state is not RecordState.FINISHED:
                done.append(f"  ({not_reached} not reached)", style="dim")
        loads = list(dict.fromkeys(s.load for s in sets if s.load and s.done))
        table.add_row(Text(block.exercise.name), done, Text(", ".join(loads)))
        for s in sets:
            if s.note:
                side = f" {s.side.value}" if s.side else ""
                which = "warm-up" if s.role == "warmup" else f"set {s.set_number}"
                table.add_row("", Text(f"{which}{side}: {s.note}", style="italic dim"), "")
    return table


def _by_set(sets: list[SetRecord]) -> list[list[SetRecord]]:
    """The records of each set together: one, or a per-side set's left and right."""
    groups: dict[int, list[SetRecord]] = {}
    for s in sets:
        groups.setdefault(s.set_number, []).append(s)
    return list(groups.values())


def _sets_word(group: list[SetRecord]) -> str:
    """One set as a coach writes it: "12", "40 s", "skipped"; a per-side set as left/right "7/8"."""
    def amount(s: SetRecord) -> str:
        if s.skipped:
            return "–" if s.side else "skipped"
        return f"{s.done_seconds:.0f} s" if s.kind is WorkKind.HOLD else str(s.done_reps)

    if all(s.side for s in group):
        if all(s.skipped for s in group):
            return "skipped"
        sides = {s.side: amount(s) for s in group}
        return f"{sides.get(Side.LEFT, '–')}/{sides.get(Side.RIGHT, '–')}"
    return ", ".join(amount(s) for s in group)


def summary_numbers(plan: Plan, record: SessionRecord) -> Text:
    """Duration, sets, reps, seconds held (when there were holds) and time under tension."""
    duration = (record.ended_at or record.started_at) - record.started_at
    text = Text()
    items = [("Time", format_seconds(duration)), ("Sets", f"{sets_done(plan, record)} of {sets_planned(plan)}"),
             ("Reps", str(record.total_reps))]
    if any(s.kind is WorkKind.HOLD and s.done for s in record.sets):
        items.append(("Held", format_seconds(record.total_seconds_held)))
    items.append(("Under tension", format_seconds(record.total_tut)))
    for number, (label, value) in enumerate(items):
        text.append(f"{label}  ", style="bold")
        text.append(value)
        text.append("\n" if number == 2 else "    ")  # two short lines: nothing wraps at 80 columns
    split = tension_split(record)
    if split is not None:
        text.append("\n")
        text.append(split, style="dim")
    return text


def tension_split(record: SessionRecord) -> str | None:
    """Paced sets' time under tension by phase: "paced: lowering 2:30 · pauses 0:20 · lifting 1:20";
    None when no paced set was done."""
    paced = [s for s in record.sets if s.done and s.tut_lower is not None]
    if not paced:
        return None
    lower = sum(s.tut_lower or 0.0 for s in paced)
    pause = sum(s.tut_pause or 0.0 for s in paced)
    lift = sum(s.tut_lift or 0.0 for s in paced)
    return (f"paced reps: lowering {format_seconds(lower)} · pauses {format_seconds(pause)} · "
            f"lifting {format_seconds(lift)}")


def set_words(record: SetRecord, block: Block, plan: Plan | None = None) -> str:
    """Which set a record is, in words: "set 2", "round 2" in a circuit, "warm-up 1" (counted from
    the first of the ramp `plan` gives its exercise; "warm-up" without a plan)."""
    if record.role == "warmup":
        ramp = len(plan.warmups(record.block_index)) if plan is not None else 0
        return f"warm-up {ramp + record.set_number + 1}" if ramp else "warm-up"
    return f"{'round' if block.circuit is not None else 'set'} {record.set_number}"


def set_title(step: Step) -> str:
    """Which set a step is, in words: "set 2 of Hip thrust", "set 1 (left) of Single-leg RDL",
    "warm-up 1 of Romanian deadlift", "round 2 of Face pull"."""
    side = f" ({step.side.value})" if step.side else ""
    if step.warmup is not None:
        return f"warm-up {step.warmup[0]}{side} of {step.block.exercise.name}"
    word = "round" if step.block.circuit is not None else "set"
    return f"{word} {step.set_number}{side} of {step.block.exercise.name}"
