"""Cue events: every sound-worthy moment of a session, with the exact time it is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from pchain_tui.domain.tempo import Phase


class Cue(Enum):
    """Kinds of cue, each with its own sound."""

    TICK = "tick"
    """A second of a countdown; the event's detail is the seconds left (3, 2, 1)."""
    SET_START = "set-start"
    LOWER = "lower"
    PAUSE = "pause"
    LIFT = "lift"
    HOLD = "hold"
    REP = "rep"
    """A rep counted; the detail is its number."""
    SET_END = "set-end"
    REST_END = "rest-end"
    SWITCH = "switch"
    """Switch sides."""
    DONE = "done"
    """The workout is finished."""


PHASE_CUES = {Phase.LOWER: Cue.LOWER, Phase.PAUSE_BOTTOM: Cue.PAUSE, Phase.LIFT: Cue.LIFT, Phase.PAUSE_TOP: Cue.PAUSE}


@dataclass(frozen=True)
class CueEvent:
    """A cue due at clock time `at`, during step `step_index`."""

    at: float
    cue: Cue
    step_index: int
    detail: int | None = None
    key: tuple = field(default=(), compare=False, repr=False)
    """Identity of the event within its step's visit: each key is delivered once."""
    phase: Phase | None = None
    """The phase of the rep this cue starts (paced work), so listeners need not work it out."""
