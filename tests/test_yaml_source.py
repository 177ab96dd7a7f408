"""The safe, located YAML reader."""

from pchain_tui.domain.files.yaml_source import MAX_BYTES, Mapping, Scalar, Sequence, parse_yaml


def parse(text: str | bytes):
    return parse_yaml(text.encode() if isinstance(text, str) else text, "f.yaml")


def test_values_keep_their_positions():
    root, problems = parse("name: X\nexercises:\n  - use: a\n    reps: 10\n")
    assert not problems and isinstance(root, Mapping)
    entries = root.get("exercises")
    assert isinstance(entries, Sequence)
    first = entries.items[0]
    assert isinstance(first, Mapping)
    reps = first.get("reps")
    assert isinstance(reps, Scalar) and (reps.value, reps.line, reps.column) == (10, 4, 11)


def test_duplicate_keys_are_problems():
    _root, problems = parse("a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "duplicate key 'a' (first at line 1)" in problems[0].message


def test_object_tags_are_refused_without_running_anything(tmp_path):
    marker = tmp_path / "ran"
    root, problems = parse(f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    assert root is None and "not allowed" in problems[0].message
    assert not marker.exists()


def test_alias_bomb_is_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    root, problems = parse("\n".join(lines) + "\n")
    assert root is None and "expands to more than" in problems[0].message


def test_recursive_alias_is_refused():
    root, problems = parse("a: &a [*a]\n")
    assert root is None and problems


def test_huge_file_is_refused_before_parsing():
    root, problems = parse(b"# " + b"x" * MAX_BYTES + b"\n")
    assert root is None and "larger than" in problems[0].message


def test_invalid_utf8_points_at_the_byte():
    root, problems = parse(b"name: ok\nnote: caf\xe9\n")
    assert root is None and (problems[0].line, problems[0].column) == (2, 10)


def test_deep_nesting_is_a_message_not_a_crash():
    root, problems = parse("[" * 5000)
    assert root is None and problems


def test_merge_keys_fill_in_without_overriding():
    root, problems = parse("base: &b {sets: 3, reps: 10}\nx:\n  <<: *b\n  reps: 12\n")
    assert not problems
    x = root.get("x")
    assert {k.value: v.value for k, v in x.items} == {"reps": 12, "sets": 3}


def test_dates_are_text():
    root, _ = parse("note: 2024-01-01\n")
    note = root.get("note")
    assert (note.kind, note.value) == ("str", "2024-01-01")
