"""What the voice says for a cue: a few words, chosen from the cue and where it falls in the plan.

    get-ready  ->  "Romanian deadlift, set 1 of 3" on its first tick
    rest       ->  "Next: Romanian deadlift, set 2 of 3" on its first tick of the last three
    paced reps ->  the rep's number as it starts, then "hold", "up" (phase words, when on)
    counted    ->  the count, as `r` is pressed (self-paced sets)
    holds, switches -> "3", "2", "1" on their last ticks
    switch     ->  "Switch sides";  the end -> "Workout done."

One phrase at a time: each comes where no other is being said (a set's name takes the last three
seconds before it to say, so those ticks only beep, and the set's first rep number follows).
Pure: the sound layer renders the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.cues import Cue, CueEvent
from pchain_tui.domain.session.plan import Plan, Step, StepKind

PHASE_WORDS = {Cue.LOWER: "down", Cue.PAUSE: "hold", Cue.LIFT: "up"}


@dataclass(frozen=True)
class Speech:
    """What is spoken."""

    phases: bool = True
    """The phase words on paced reps ("down", "hold", "up")."""
    counts: bool = True
    """Rep numbers, and the last seconds of rests, holds and switches."""


def words_for(event: CueEvent, plan: Plan, speech: Speech) -> str | None:
    """The words for `event`, or None for a cue said by its beep alone."""
    step = plan.steps[event.step_index] if 0 <= event.step_index < len(plan.steps) else None
    cue = event.cue
    if cue in PHASE_WORDS:
        first = step is not None and bool(step.phases) and step.phases[0][0] is event.phase
        if first and speech.counts and event.detail:
            return str(event.detail)  # a rep starts: its number (the rep before has ended)
        return PHASE_WORDS[cue] if speech.phases else None
    if cue is Cue.TICK:
        if step is not None and step.kind in (StepKind.GET_READY, StepKind.REST):
            if event.detail != 3:
                return None  # the set's name is being said
            following = _set_words(plan.next_work(event.step_index))
            return following if step.kind is StepKind.GET_READY or not following else f"Next: {following}"
        return str(event.detail) if speech.counts and event.detail else None
    if cue is Cue.REP:  # paced reps say their number as the next one starts; a counted rep says it now
        counted = step is not None and step.work_kind is WorkKind.SELF_PACED
        return str(event.detail) if counted and speech.counts and event.detail else None
    return {Cue.SWITCH: "Switch sides", Cue.DONE: "Workout done."}.get(cue)


def phrases(plan: Plan, speech: Speech, most_reps: int = 40) -> list[str]:
    """Every phrase a session of `plan` can say, to render before it starts."""
    sets = [_set_words(step) for step in plan.steps if step.kind is StepKind.WORK]
    # In the order they will be needed: the first set's name, the countdown, the phase words...
    said: list[str | None] = [*sets[:1], "1", "2", "3", *PHASE_WORDS.values(), "Switch sides",
                              *(f"Next: {words}" for words in sets[1:]), *sets[1:],
                              *(str(n) for n in range(4, most_reps + 1)), "Workout done."]
    return [w for w in dict.fromkeys(said) if w]


def _set_words(step: Step | None) -> str | None:
    if step is None or step.block is None:
        return None
    side = f", {step.side.value} side" if step.side is not None else ""
    return f"{step.block.exercise.name}, {step.which()}{side}"
