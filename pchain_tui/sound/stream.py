"""The default backend: one audio output stream, open for the whole session, fed by the mixer.

Opening a device per cue (simpleaudio, a player process per cue) is what made cues late or lost
behind a sound server: each play waits for a new stream to be set up. Here the stream is opened
once when sound starts (before the first cue) and runs on: silence between cues costs nothing.

Cues come ahead of time (`expect`) with the clock time at which they are due. The stream keeps a
map from frames to clock times, anchored on its first callback (a frame produced now is heard
one buffer later) and nudged when the device's clock drifts from ours, so each cue's first
sample is placed at the frame that is heard at its time. A cue that was not expected (`play`)
starts at the next frame.

Through the `miniaudio` package: one library with wheels for Linux, macOS and Windows that
talks to PulseAudio/PipeWire, ALSA, CoreAudio and WASAPI itself.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Hashable, Mapping, Sequence

from pchain_tui.domain.clock import Clock, SystemClock
from pchain_tui.sound.backends import Backend, BackendFailed, BackendUnavailable, TimedCue
from pchain_tui.sound.bank import Sound
from pchain_tui.sound.mixer import Mixer, mono16
from pchain_tui.sound.voice import Voice

PERIOD_MS = 40
"""The device asks for this much audio at a time..."""
PERIODS = 3
"""...and buffers this many periods: a frame rendered now is heard about 120 ms later. Measured
through PulseAudio: with 40 ms periods the callbacks keep time to 0.1 ms for minutes; with 20 or
30 ms the stream ran dry every few seconds (Python's callback is not always on time)."""
DEVICE_BACKENDS = ("WASAPI", "DSOUND", "WINMM", "COREAUDIO", "SNDIO", "AUDIO4", "OSS", "PULSEAUDIO", "ALSA",
                   "JACK", "AAUDIO", "OPENSL")
"""miniaudio's backends that reach a real device, in its own order (PipeWire answers as PulseAudio);
never its null device, which would play into nothing while saying it works."""
STALL_SECONDS = 2.0
"""No callback for this long while running: the stream has stopped (a sound server gone)."""
OPEN_TIMEOUT = 5.0
"""How long the stream may take to start and settle."""
DRIFT_WINDOW = 2.0
"""Seconds of callbacks over which the earliest one tells how far our frame clock has drifted."""
MAX_NUDGE = 0.0002
"""The most the frame clock moves per window (0.1 ms a second, 100 ppm): small enough never to
be heard as a jump in a rhythm, enough to follow a real device's drift."""
SETTLE_SECONDS = 1.0
"""How long the stream is given to settle before cues are placed by it (sound starts with the
app, seconds before the first cue; cues that come sooner are queued meanwhile)."""
SETTLE_WINDOW = 0.5
"""While settling, the frame clock follows the earliest callback of this many last seconds."""
DEAD_BAND = 0.002
"""How far the frame clock may be off before it is nudged: the window's earliest callback moves
by a fraction of a millisecond as the server asks for more or less at a time, which is not drift."""
RESYNC = 0.010
"""Every callback of a window later than this: the device ran dry while Python was busy and then
went on, so everything after is heard that much later; the frame clock follows at once. (Early
callbacks are a server filling its buffer sooner, which moves nothing heard: those are nudged.)"""
LATE_LIMIT = 0.25
"""A cue whose time is this far past when it could first sound is dropped: late would mislead."""


FORGET_AFTER = 5.0
"""Seconds after its time that a placed cue is still known (its due-time `play` comes after it)."""


class StreamBackend(Backend):
    """One long-lived output stream through miniaudio, cues mixed in at their frames."""

    name = "miniaudio"
    schedules = True

    def __init__(self, clock: Clock | None = None, volume: float = 1.0, voice: Voice | None = None) -> None:
        self._clock = clock or SystemClock()
        self._voice = voice
        """Renders the words of cues (None: beeps only)."""
        self._volume = volume
        self._latency = PERIOD_MS * PERIODS / 1000
        """Seconds from rendering a frame to hearing it: the buffer asked for (miniaudio's Python
        API does not say what the device really gave)."""
        self._mixer = Mixer()
        self._samples: dict[str, object] = {}
        self._rate = 44100
        self._device = None
        self._lock = threading.Lock()
        self._anchor: tuple[int, float] | None = None
        """(frame, clock time it is heard at)."""
        self._last_callback: float | None = None
        self._window_start: float | None = None
        self._window_min: float | None = None
        self._failure: str | None = None
        self._started = threading.Event()
        self._expected: dict[Hashable, TimedCue] = {}

    # -- the backend's life ------------------------------------------------------------------

    def check_available(self) -> None:
        """miniaudio must be importable."""
        try:
            import miniaudio  # noqa: F401 - only whether it imports
        except Exception as error:  # ImportError, or a broken binary wheel
            raise BackendUnavailable(f"the miniaudio package cannot be loaded ({error})") from error

    def start(self, sounds: Mapping[str, Sound]) -> None:
        """Convert the sounds, open the stream and wait (bounded) until it has settled."""
        import miniaudio

        self.prepare(sounds)
        try:
            device = miniaudio.PlaybackDevice(output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                                              sample_rate=self._rate, buffersize_msec=PERIOD_MS,
                                              callback_periods=PERIODS, app_name="pchain",
                                              backends=[getattr(miniaudio.Backend, name) for name in DEVICE_BACKENDS
                                                        if hasattr(miniaudio.Backend, name)])
            feed = self.frames()
            next(feed)
            device.start(feed)
        except Exception as error:  # no device, no server: the next backend
            raise BackendFailed(f"cannot open an output stream: {_describe(error)}") from error
        self._device = device
        if not self._started.wait(OPEN_TIMEOUT):
            self.close()
            raise BackendFailed(f"the output stream did not start within {OPEN_TIMEOUT:g} s")

    @property
    def latency(self) -> float:
        """A frame rendered now is heard this much later: a cue due sooner than this is late."""
        return self._latency

    def prepare(self, sounds: Mapping[str, Sound]) -> None:
        """The sounds as mono 16-bit samples at the volume, all at one rate (the stream's)."""
        rates = {sound.rate for sound in sounds.values()}
        if len(rates) > 1:
            raise BackendFailed(f"the cue sounds have different rates ({sorted(rates)})")
        self._rate = rates.pop() if rates else 44100
        self._samples = {name: mono16(s.frames, s.channels, s.sample_width, self._volume)
                         for name, s in sounds.items()}

    @property
    def settled(self) -> bool:
        """True once the stream has settled and cues are placed by its frame clock."""
        return self._started.is_set()

    def close(self) -> None:
        """Stop and close the stream."""
        device, self._device = self._device, None
        self._last_callback = None  # closed on purpose: not a stall
        if device is not None:
            device.close()

    def poll(self) -> str | None:
        """A problem seen since the last poll: the stream stalled (its server went away)."""
        if self._failure:
            return self._failure
        last = self._last_callback
        if last is not None and self._clock.now() - last > STALL_SECONDS:
            self._failure = f"the output stream stopped (no audio asked for in {STALL_SECONDS:g} s)"
            return self._failure
        return None

    def busy(self) -> bool:
        """True while a cue is playing or waiting to."""
        return self._mixer.sounding()

    # -- cues --------------------------------------------------------------------------------

    def play(self, sound: Sound, words: str | None = None) -> None:
        """A cue nobody expected (a rep counted): at the next frame, with its words if any. Raises
        if the stream has stopped, so the player falls back and plays it on the next backend
        instead of into a dead stream."""
        problem = self.poll()
        if problem:
            raise BackendFailed(problem)
        samples = self._samples.get(sound.name)
        key = object()
        if samples is not None:
            self._mixer.place(key, samples, self._mixer.frame)
        self._speak((key, "words"), words, self._mixer.frame)

    def expected(self, key: Hashable) -> bool:
        """True when the cue under `key` was placed ahead (so its due-time `play` is not needed)."""
        with self._lock:
            return key in self._expected

    def expect(self, cues: Sequence[TimedCue]) -> None:
        """The cues due soon, as the engine now sees them: place the new, move the moved, and drop
        those no longer coming (a pause, a skip) unless they have started."""
        now = self._clock.now()
        with self._lock:
            wanted = {cue.key: cue for cue in cues}
            for key, old in list(self._expected.items()):
                if key not in wanted and old.at > now and self._mixer.cancel(key):
                    self._mixer.cancel((key, "words"))
                    del self._expected[key]
                elif key not in wanted and old.at < now - FORGET_AFTER:
                    del self._expected[key]  # it has sounded, and its due-time play has come and gone
            for key, cue in wanted.items():
                old = self._expected.get(key)
                if old is not None and old.at == cue.at:
                    continue
                samples = self._samples.get(cue.name)
                frame = self._frame_at(cue.at)
                if samples is None or frame is None:
                    continue
                if (self._mixer.frame - frame) / self._rate > LATE_LIMIT:
                    continue
                self._mixer.place(key, samples, frame)
                self._speak((key, "words"), cue.words, frame)
                self._expected[key] = cue

    def _speak(self, key: Hashable, words: str | None, frame: int) -> None:
        """Mix the words in from `frame`, if there is a voice and they are rendered (the player
        renders a session's phrases before it starts; one not ready is left out, not waited for)."""
        if words and self._voice is not None:
            speech = self._voice.cached(words)
            if speech is not None:
                self._mixer.place(key, speech, frame, speech=True)

    def _frame_at(self, at: float) -> int | None:
        anchor = self._anchor
        if anchor is None:
            return None
        frame, heard = anchor
        return frame + round((at - heard) * self._rate)

    # -- the audio thread --------------------------------------------------------------------

    def frames(self):
        """The generator miniaudio pulls audio from (sent the frames it wants, it yields them): the
        next frames of the mix, and the frame clock kept on time.

        A frame produced now is heard about one buffer later, so each callback says where the
        frame clock should be. Callbacks come late (never early) by a little jitter, so the earliest
        in a window is the truest. While the stream settles (the first callbacks fill the buffer
        at once, then the device may take half a second to start) the clock follows the earliest
        callback of the last half second; after that it is only nudged when it is off by more
        than the dead band, a fraction of a millisecond at a time."""
        required = yield b""
        latency = self._latency
        recent: deque[tuple[float, int]] = deque()
        settle_until: float | None = None
        steady = int(0.8 * SETTLE_WINDOW / (PERIOD_MS / 1000))
        while True:
            try:
                now = self._clock.now()
                frame = self._mixer.frame
                if settle_until is None:
                    settle_until = now + SETTLE_SECONDS
                if not self._started.is_set():
                    recent.append((now, frame))
                    while recent[0][0] < now - SETTLE_WINDOW:
                        recent.popleft()
                    at, first = min(recent, key=lambda pair: pair[0] - pair[1] / self._rate)
                    self._anchor = (first, at + latency)
                    # Settled: a second since the first callback, and the last half second steady
                    # (the device can take over a second to start asking after the first fill).
                    if now >= settle_until and len(recent) >= steady:
                        self._window_start, self._window_min = now, None
                        self._started.set()
                else:
                    self._follow_drift(now, frame, latency)
                self._last_callback = now
                block = self._mixer.render(required)
            except Exception as error:  # the audio thread must never die silently
                self._failure = f"the mixer failed ({error})"
                block = bytes(2 * required)
            required = yield block

    def _follow_drift(self, now: float, frame: int, latency: float) -> None:
        anchor = self._anchor
        assert anchor is not None and self._window_start is not None
        error = now + latency - (anchor[1] + (frame - anchor[0]) / self._rate)
        self._window_min = error if self._window_min is None else min(self._window_min, error)
        if now - self._window_start >= DRIFT_WINDOW:
            excess = max(0.0, abs(self._window_min) - DEAD_BAND)
            if self._window_min > RESYNC:  # the device ran dry and then went on (heard later): follow it
                nudge = self._window_min
            else:
                nudge = min(MAX_NUDGE, excess) * (1 if self._window_min > 0 else -1)
            self._anchor = (anchor[0], anchor[1] + nudge)
            self._window_start, self._window_min = now, None


def _describe(error: BaseException) -> str:
    """miniaudio's errors carry (text, code): "failed to init device, error -401"."""
    args = getattr(error, "args", ())
    if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], int):
        return f"{args[0]}, error {args[1]}"
    return " ".join(str(error).split()) or type(error).__name__
