"""Hostile and oversized input through the real command line: every case is
refused with exit 2 and one short line, quickly and in little memory
(facts/presentation.py reads within bounds). Each run has a time limit, so the
suite itself never hangs on a device or a pipe."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

LIMIT_SECONDS = 20  # the suite's guard; the bound asserted is far below it
ROOT = Path(__file__).resolve().parent.parent


def legwise_command() -> list[str]:
    script = Path(sys.executable).with_name("legwise")
    return [str(script)] if script.exists() else [sys.executable, "-m", "expert"]


# Runs legwise from a small wrapper process and reports the peak memory of
# legwise alone: a child forked straight from pytest would count pytest's
# own memory in its peak, from before it became legwise.
_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=sys.stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode if done.returncode >= 0 else 128 - done.returncode)
"""


def run_legwise(args, stdin=subprocess.DEVNULL):
    """Run legwise; return (exit code, stderr, seconds, peak memory in MB)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", _WRAPPER, *legwise_command(), *args], stdin=stdin,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        out, err = process.communicate()
    peak_kb = int(out.decode().strip() or 0)
    return process.returncode, err.decode(errors="replace"), time.monotonic() - started, peak_kb / 1024


def assert_refused(result, *words):
    code, err, seconds, megabytes = result
    assert code == 2, (code, err[:300])
    assert err.count("\n") == 1 and len(err) < 400 and "Traceback" not in err, err[:400]
    assert all(word in err for word in words), err
    assert seconds < 5 and megabytes < 100, (seconds, megabytes)


def test_a_device_is_read_within_the_cap():
    assert_refused(run_legwise(["assess", "/dev/zero"]), "larger than")


def test_an_endless_pipe_is_read_within_the_cap():
    with open("/dev/zero", "rb") as zeros:
        assert_refused(run_legwise(["assess", "-"], stdin=zeros), "larger than")


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:  # sparse: 200 MB that cost no disk
        out.truncate(200_000_000)
    assert_refused(run_legwise(["assess", str(huge)]), "larger than")


def test_deep_nesting_is_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert_refused(run_legwise(["assess", str(deep)]), "deep")


@pytest.mark.parametrize("where", ["top", "findings", "notes"])
def test_a_yaml_alias_bomb_is_refused_anywhere(tmp_path, where):
    bomb = "\n".join([
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]'])
    if where == "top":
        text = bomb + "\nfindings: {saddle_numbness: true}\n"
    else:
        nested = "\n".join("  " + line for line in bomb.splitlines())
        text = f"{where}:\n{nested}\n" + ("findings: {}\n" if where == "notes" else "")
    case = tmp_path / "bomb.yaml"
    case.write_text(text)
    assert_refused(run_legwise(["assess", str(case)]))


@pytest.mark.parametrize("text,words", [
    ('{"findings": {"saddle_numbness": true, "saddle_numbness": false}}', ["duplicate", "saddle_numbness"]),
    ('{"age": 40, "age": 80, "findings": {}}', ["duplicate", "age"]),
    ("findings:\n  saddle_numbness: true\n  saddle_numbness: false\n", ["duplicate", "saddle_numbness", "line 3"]),
])
def test_a_repeated_key_is_refused_naming_it(tmp_path, text, words):
    case = tmp_path / "dup.yaml"
    case.write_text(text)
    assert_refused(run_legwise(["assess", str(case)]), *words)


@pytest.mark.parametrize("word", ["yes", "no", "on", "off"])
def test_yaml_1_1_boolean_words_are_not_booleans(tmp_path, word):
    case = tmp_path / "words.yaml"
    case.write_text(f"findings:\n  saddle_numbness: {word}\n")
    assert_refused(run_legwise(["assess", str(case)]), "saddle_numbness")


@pytest.mark.parametrize("field", ["notes", "id"])
def test_an_overlong_value_is_not_echoed(tmp_path, field):
    case = tmp_path / "long.json"
    case.write_text(json.dumps({field: "x" * 900_000, "findings": {}}))
    assert_refused(run_legwise(["assess", str(case)]), field)


# -- Fuzz: arbitrary documents through the command line, in process ---------------

import io  # noqa: E402  (the fuzz section's own imports)

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from expert.cli import main  # noqa: E402
from facts.vocabulary import FINDINGS  # noqa: E402

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                     st.text(max_size=40), st.sampled_from(["yes", "no", "on", "off", "~", "NaN", "1e999"]))
_keys = st.one_of(st.sampled_from(["id", "age", "sex", "notes", "findings", *sorted(FINDINGS)[:20]]),
                  st.text(max_size=12))
_documents = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(_keys, inner, max_size=5)),
                          max_leaves=25)


def _as_text(document, style: str) -> str:
    text = json.dumps(document, allow_nan=True)
    if style == "yaml-flow":  # JSON is YAML too; read by the YAML path when it is not JSON
        return "# yaml\n" + text
    if style == "duplicated" and text.startswith("{") and len(text) > 2:
        return text[:-1] + ', "age": 1, "age": 2}'
    return text


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents, st.sampled_from(["json", "yaml-flow", "duplicated"]))
def test_any_document_is_assessed_or_refused_never_an_internal_error(document, style):
    stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(_as_text(document, style)), io.StringIO(), io.StringIO()
    started = time.monotonic()
    try:
        code = main(["assess", "-", "-f", "json"])
        err = sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    assert code in (0, 2), err
    assert time.monotonic() - started < 5
    if code == 2:  # every problem named, each on a short line
        assert "Traceback" not in err and all(len(line) < 300 for line in err.splitlines()), err[:400]
