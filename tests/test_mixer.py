"""The stream's mixer: cues at exact frames, summed when they overlap, never cut, movable until they start."""

from array import array

from pchain_tui.sound.mixer import DUCKED, Mixer, mono16


def samples(*values: int) -> array:
    return array("h", values)


def rendered(mixer: Mixer, n: int) -> list[int]:
    return list(array("h", mixer.render(n)))


def test_a_voice_starts_on_its_frame_across_blocks():
    mixer = Mixer()
    mixer.place("a", samples(100, 200, 300), start=5)
    assert rendered(mixer, 6) == [0, 0, 0, 0, 0, 100]
    assert rendered(mixer, 4) == [200, 300, 0, 0]
    assert not mixer.sounding()


def test_overlapping_voices_are_summed_and_clipped_not_cut():
    mixer = Mixer()
    mixer.place("a", samples(30000, 30000, 10), start=0)
    mixer.place("b", samples(5000, -5000), start=1)
    assert rendered(mixer, 3) == [30000, 32767, 10 - 5000]  # 35000 clips
    mixer.place("c", samples(30000), start=3)
    mixer.place("d", samples(30000), start=3)
    assert rendered(mixer, 1) == [32767]


def test_a_voice_placed_late_starts_at_the_next_frame_and_a_started_one_keeps_playing():
    mixer = Mixer()
    rendered(mixer, 10)
    assert mixer.place("late", samples(1, 2, 3), start=4) == 10
    assert rendered(mixer, 2) == [1, 2]
    assert not mixer.cancel("late")  # sounding: it plays to its end
    assert mixer.place("late", samples(9, 9), start=20) == 10  # nor is it moved
    assert rendered(mixer, 2) == [3, 0]


def test_a_voice_not_started_can_be_moved_or_dropped():
    mixer = Mixer()
    mixer.place("a", samples(7), start=3)
    mixer.place("a", samples(7), start=1)  # moved earlier (a changed schedule)
    mixer.place("b", samples(5), start=2)
    assert mixer.cancel("b")  # a pause: it is no longer coming
    assert rendered(mixer, 4) == [0, 7, 0, 0]


def test_beeps_duck_under_speech_in_the_blocks_it_sounds_in():
    mixer = Mixer()
    mixer.place("beep", samples(10000, 10000, 10000), start=0)
    mixer.place("word", samples(1000), start=1, speech=True)
    assert rendered(mixer, 2) == [int(10000 * DUCKED), int(10000 * DUCKED) + 1000]
    assert rendered(mixer, 1) == [10000]  # the word is over: full loudness again


def test_sounds_become_mono_16_bit_at_their_volume():
    stereo = array("h", [1000, -1, 2000, -2]).tobytes()
    assert list(mono16(stereo, 2, 2)) == [1000, 2000]
    assert list(mono16(stereo, 2, 2, volume=0.5)) == [500, 1000]
