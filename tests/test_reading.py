"""Reading a case is bounded and unguessing (facts.reading): size, depth,
YAML booleans and aliases, duplicate keys, and short messages."""
import io
import json
import os
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from facts import reading
from facts.presentation import InvalidPresentation, load_presentation, parse_presentation, parse_text
from facts.reading import MAX_INPUT_BYTES, read_bounded
from tests.strategies import FINDING_IDS


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(InvalidPresentation) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def quickly(call, *args, seconds=5.0):  # a guard against a runaway, not a benchmark
    started = time.perf_counter()
    message = refusal(call, *args)
    assert time.perf_counter() - started < seconds, message
    return message


# 1. size ---------------------------------------------------------------------

def test_a_file_over_the_cap_is_refused_naming_the_setting(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("notes: " + "x" * 2_000_000 + "\n")
    message = quickly(load_presentation, path)
    assert "input is larger than 1,000,000 bytes (set LEGWISE_MAX_INPUT_BYTES to allow more)" in message
    assert "\n" not in message


def test_the_cap_is_configurable_by_argument_and_environment(tmp_path, monkeypatch):
    path = tmp_path / "case.json"
    path.write_text('{"findings": {"knee_locking": true}}')
    assert "larger than 10 bytes" in refusal(load_presentation, path, max_bytes=10)
    monkeypatch.setenv("LEGWISE_MAX_INPUT_BYTES", "10")
    assert "larger than 10 bytes" in refusal(load_presentation, path)
    monkeypatch.setenv("LEGWISE_MAX_INPUT_BYTES", "100")
    assert load_presentation(path).findings == {"knee_locking": True}
    monkeypatch.setenv("LEGWISE_MAX_INPUT_BYTES", "lots")
    assert "LEGWISE_MAX_INPUT_BYTES must be a positive whole number" in refusal(load_presentation, path)


class EndlessStream:
    """A stream that never ends; counts what was read."""

    def __init__(self, chunk=b"{" * 4096):
        self.chunk, self.given = chunk, 0

    def read(self, size=-1):
        assert size > 0, "an unbounded read of an endless stream"
        self.given += size
        return (self.chunk * (size // len(self.chunk) + 1))[:size]


def test_an_endless_stream_stops_at_the_cap():
    stream = EndlessStream()
    assert "larger than 1,000,000 bytes" in quickly(read_bounded, stream)
    assert stream.given <= MAX_INPUT_BYTES + reading.CHUNK_BYTES


def test_endless_stdin_text_stream_stops_at_the_cap(monkeypatch):
    stream = EndlessStream("a" * 4096)
    monkeypatch.setattr("sys.stdin", stream)
    assert "larger than 1,000,000 bytes" in quickly(load_presentation, "-")


def test_an_endless_pipe_stops_at_the_cap():
    read_end, write_end = os.pipe()
    stop = threading.Event()

    def writer():
        with open(write_end, "wb") as out:
            try:
                while not stop.is_set():
                    out.write(b"x" * 65536)
            except (BrokenPipeError, OSError):
                pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with open(read_end, "rb") as stream:
            assert "larger than 100,000 bytes" in quickly(read_bounded, stream, 100_000)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_bounded():
    assert "larger than 1,000,000 bytes" in quickly(load_presentation, "/dev/zero")


def test_valid_input_reads_the_same_as_text_mode(tmp_path, monkeypatch):
    path = tmp_path / "case.yaml"
    path.write_bytes("findings:\r\n  knee_locking: true\r\nnotes: \"caf\u00e9\"\r\n".encode())
    assert read_bounded(path) == path.read_text(encoding="utf-8")
    assert load_presentation(path).notes == "caf\u00e9"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8"))
    assert load_presentation("-").findings == {"knee_locking": True}
    path.write_bytes(b"notes: \xff\n")
    assert "is not UTF-8 text" in refusal(load_presentation, path)


# 2. depth --------------------------------------------------------------------

def test_json_nested_100k_deep_is_refused_quickly():
    text = '{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}"
    message = quickly(parse_text, text)
    assert "nested more than 32 levels deep" in message


def test_yaml_nested_100k_deep_is_refused_quickly():
    assert "nested more than 32 levels deep" in quickly(parse_text, "findings: " + "[" * 100_000)
    block = "".join("  " * i + f"k{i}:\n" for i in range(200))
    assert "nested more than 32 levels deep" in quickly(parse_text, block)


def test_moderate_nesting_still_gets_the_ordinary_message():
    message = refusal(parse_text, '{"findings": {"knee_locking": [[[true]]]}}')
    assert "findings.knee_locking: must be true or false" in message


# 3. YAML: 1.2 booleans, no aliases ---------------------------------------------

@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n"])
def test_yaml_1_1_booleans_are_not_booleans(word):
    message = refusal(parse_text, f"findings:\n  knee_locking: {word}\n")
    assert f"findings.knee_locking: must be true or false, not '{word}'" in message


@pytest.mark.parametrize("word,value", [("true", True), ("True", True), ("TRUE", True),
                                        ("false", False), ("False", False), ("FALSE", False)])
def test_yaml_1_2_core_booleans_are_booleans(word, value):
    assert parse_text(f"findings:\n  knee_locking: {word}\n").findings == {"knee_locking": value}


LAUGHS = "\n".join([f'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)])


@pytest.mark.parametrize("text", [
    LAUGHS + "\n",
    "findings:\n  " + LAUGHS.replace("\n", "\n  ") + "\n",
    "notes: &n [" + ", ".join(["x"] * 9) + "]\nid: *n\n",
    "findings: {knee_locking: true}\nnotes: " + "[" + ", ".join(["*a"] * 9) + "]\n",
])
def test_billion_laughs_is_refused_quickly(text):
    message = quickly(parse_text, text, seconds=0.5)
    assert "anchors (&name) are not allowed" in message or "aliases (*name) are not allowed" in message


def test_unsafe_tags_are_refused():
    assert "not valid JSON or YAML" in refusal(parse_text, "!!python/object:os.system {}\n")


# 4. duplicate keys -------------------------------------------------------------

def test_duplicate_json_key_is_named_with_its_line():
    text = '{\n  "findings": {\n    "saddle_numbness": true,\n    "saddle_numbness": false\n  }\n}'
    assert refusal(parse_text, text).endswith(
        "duplicate key 'saddle_numbness' (line 4): each key may appear once")


def test_duplicate_yaml_key_is_named_with_its_line():
    text = "findings:\n  saddle_numbness: true\n  both_legs: true\n  saddle_numbness: false\n"
    assert refusal(parse_text, text).endswith(
        "duplicate key 'saddle_numbness' (line 4): each key may appear once")
    assert "duplicate key 'age' (line 2)" in refusal(parse_text, "age: 3\nage: 4\n")


# 5. bounded messages -----------------------------------------------------------

def test_ten_megabyte_notes_give_a_short_message():
    message = refusal(parse_presentation, {"notes": "x" * 10_000_000})
    assert "notes is 10,000,000 characters long; at most 20,000 are allowed" in message
    assert len(message) < 300


@pytest.mark.parametrize("data", [
    {"id": "\x00" * 1_000_000},
    {"findings": {"k\x07" * 500_000: True}},
    {"findings": {"knee_locking": "\x1b[31m" * 200_000}},
    {"k" * 1_000_000: 1},
    {"age": "9" * 1_000_000},
    {"sex": "m" * 1_000_000},
    {"findings": {"knee_locking": list(range(1_000_000))}},
    {"findings": "f" * 1_000_000},
])
def test_any_quoted_bad_value_is_short_and_escaped(data):
    message = refusal(parse_presentation, data)
    assert len(message) < 300, message
    assert "\x00" not in message and "\x07" not in message and "\x1b" not in message


def test_many_problems_are_listed_up_to_a_limit():
    data = {"findings": {key: "maybe" for key in FINDING_IDS}}
    message = quickly(parse_presentation, data)
    assert f"... and {len(FINDING_IDS) - 20:,} more problems" in message


def test_thousands_of_unknown_keys_are_refused_quickly_and_briefly():
    message = quickly(parse_presentation, {f"bad_{i}": True for i in range(50_000)})
    assert message.startswith("invalid presentation:\n  - 50,000 unknown keys (allowed keys: id, age")
    assert "... and 49,995 more unknown keys" in message and len(message) < 1_000


def test_thousands_of_unknown_findings_are_refused_quickly_and_briefly():
    message = quickly(parse_presentation, {"findings": {f"bad_{i}": True for i in range(50_000)}})
    assert "findings has 50,000 entries but only" in message
    assert "... and 49,995 more unknown finding ids" in message and len(message) < 1_000


def test_a_long_duplicate_key_is_quoted_short():
    key = "k" * 100_000
    assert len(refusal(parse_text, json.dumps({"findings": {}})[:-1] + f', "{key}": 1, "{key}": 2}}')) < 300


# 6 + fuzz: any document is accepted or refused with InvalidPresentation ------

def _strings():
    return st.one_of(st.text(max_size=20), st.sampled_from(["findings", "age", "sex", "id", "notes",
                                                             "knee_locking", "yes", "\x00\x1b", "<<"]),
                     st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 1000)))


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _strings())
_json_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.lists(st.tuples(_strings(), inner), max_size=4)),
    max_leaves=20)


def _render(value) -> str:
    """JSON text, where a list of pairs becomes an object that may repeat a key."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return "{" + ", ".join(f"{json.dumps(k)}: {_render(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, tuple):
        return _render([value])
    return json.dumps(value)


_documents = st.one_of(
    st.builds(lambda pairs: _render(pairs or [("findings", [])]),
              st.lists(st.tuples(_strings(), _json_values), max_size=5)),
    st.builds(lambda d, cut: d[:cut], st.builds(_render, st.lists(st.tuples(_strings(), _json_values), max_size=5)),
              st.integers(0, 200)),
    st.builds(lambda depth: '{"findings": ' + "[" * depth + "]" * depth + "}", st.integers(0, 200)),
    st.text(max_size=200),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_documents, st.booleans())
def test_any_document_is_accepted_or_refused_with_invalid_presentation(text, as_yaml):
    if as_yaml and text.startswith("{"):
        text = "---\n" + text  # the YAML path, with JSON-like flow text
    try:
        parse_text(text)
    except InvalidPresentation as error:
        assert all(len(p) < 1_000 for p in error.problems)


@pytest.mark.parametrize("loader", [reading.CoreSafeLoader, reading.PureCoreSafeLoader])
def test_both_yaml_loaders_apply_the_same_restrictions(loader, monkeypatch):
    monkeypatch.setattr(reading, "CoreSafeLoader", loader)
    assert parse_text("findings: {knee_locking: TRUE}\n").findings == {"knee_locking": True}
    assert "must be true or false, not 'on'" in refusal(parse_text, "findings: {knee_locking: on}\n")
    assert "anchors (&name) are not allowed" in quickly(parse_text, LAUGHS)
    assert "duplicate key 'age' (line 2)" in refusal(parse_text, "age: 3\nage: 4\n")
    assert "nested more than 32 levels deep" in quickly(parse_text, "findings: " + "[" * 100_000)
    assert "more than 5,000 values" in quickly(parse_text, "notes: [" + "1, " * 300_000 + "]\n")
