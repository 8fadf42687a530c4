"""No raw control characters in any output (issue 14).

``expert.report.escape.visible`` shows every C0 (but line feed and tab), DEL
and C1 character as a visible ``\\xNN`` escape; every renderer passes user
strings (a case's id and notes, an echoed reply) through it. JSON keeps them
as JSON escapes.
"""
import io
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import expert
from expert.cli import main
from expert.report import render
from expert.report.escape import json_visible, markdown_escape, visible

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07"
BEL = "\x07"
HOSTILE_ID = f"case{CLEAR}{LINK}{BEL}\x9b31m[bold red]x[/]"
HOSTILE_NOTES = f"first line{CLEAR}\n{LINK} and a bell{BEL}\r\nCSI\x9b2J del\x7f nul\x00 tab\tend"

# every control character an output may not carry raw (line feed and tab are allowed)
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]


def assert_no_raw_control(text: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw control character {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40):found.end() + 40]!r}"


def hostile_case(tmp_path, case_id=HOSTILE_ID, notes=HOSTILE_NOTES, name="hostile.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"id": case_id, "notes": notes, "age": 70, "sex": "female",
                                "findings": {"facial_droop": True, "onset_sudden": True}}), encoding="utf-8")
    return path


def run(argv, capsys, monkeypatch=None, stdin=""):
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- the function itself ------------------------------------------------------

def test_every_control_character_becomes_a_visible_escape():
    for char in CONTROLS:
        shown = visible(f"a{char}b")
        assert shown == f"a\\x{ord(char):02x}b" or (char == "\r" and shown == "a\nb"), repr(char)
        assert_no_raw_control(shown)


def test_line_feed_and_tab_are_kept_and_carriage_returns_become_line_feeds():
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_escape_sequences_are_shown_not_run():
    assert visible(CLEAR) == "\\x1b[2J"
    assert visible(LINK) == "\\x1b]8;;http://evil.example\\x07click\\x1b]8;;\\x07"
    assert visible(BEL) == "\\x07"
    assert visible("\x9b2J") == "\\x9b2J"


def test_ordinary_unicode_is_left_intact():
    text = "Zoë’s knee – «fine» ✓ 膝 🦵 \u00a0nbsp ÿ \u2028"
    assert visible(text) == text
    assert visible(f"Zoë{CLEAR}膝") == "Zoë\\x1b[2J膝"


def test_visible_is_idempotent_and_keeps_types():
    from markupsafe import Markup

    from expert.report.escape import Raw

    once = visible(HOSTILE_NOTES)
    assert visible(once) == once
    assert isinstance(visible(Markup("<b>\x1b</b>")), Markup) and visible(Markup("\x1b")) == Markup("\\x1b")
    assert isinstance(visible(Raw("\x07")), Raw)
    assert visible(None) is None and visible(3) == 3


def test_markdown_escape_applies_it():
    assert_no_raw_control(markdown_escape(HOSTILE_NOTES, keep_lines=True))
    assert markdown_escape("\x1b") == "\\\\x1b"  # the backslash itself escaped: shows as \x1b


def test_json_visible_escapes_del_and_c1_and_keeps_the_value():
    text = json.dumps({"a": "\x1b\x7f\x9b"}, ensure_ascii=False)
    escaped = json_visible(text)
    assert_no_raw_control(escaped)
    assert "\\u001b" in escaped and "\\u007f" in escaped and "\\u009b" in escaped
    assert json.loads(escaped) == {"a": "\x1b\x7f\x9b"}


@given(st.text())
def test_visible_property(text):
    shown = visible(text)
    assert_no_raw_control(shown)
    assert "\r" not in shown
    assert visible(shown) == shown
    if not RAW_CONTROL.search(text) and "\r" not in text:
        assert shown == text  # text without control characters is left as it is


# -- the renderers ------------------------------------------------------------

def test_assess_text_shows_no_raw_control(tmp_path, capsys):
    code, out, _ = run(["assess", str(hostile_case(tmp_path))], capsys)
    assert code == 0
    assert_no_raw_control(out)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[2J" in out  # the case id, in the panel title
    assert "[bold" in out  # rich markup in a user string shown as typed, not interpreted


def test_assess_json_keeps_json_escapes(tmp_path, capsys):
    code, out, _ = run(["assess", str(hostile_case(tmp_path)), "-f", "json"], capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\\u001b" in out and "\\u0007" in out
    assert json.loads(out)["case_id"] == HOSTILE_ID


def test_markdown_and_html_reports_show_no_raw_control(tmp_path, capsys):
    path = hostile_case(tmp_path)
    for output_format in ("markdown", "html"):
        code, out, _ = run(["report", str(path), "-f", output_format], capsys)
        assert code == 0
        assert_no_raw_control(out)
        assert "x1b" in out and "x07" in out and "x9b" in out and "x7f" in out


def test_json_report_keeps_json_escapes(tmp_path, capsys):
    code, out, _ = run(["report", str(hostile_case(tmp_path)), "-f", "json"], capsys)
    assert code == 0
    assert_no_raw_control(out)
    assert "\\u001b" in out and "\\u0007" in out and "\\u009b" in out and "\\u007f" in out
    data = json.loads(out)
    assert data["case_id"] == HOSTILE_ID and data["notes"] == HOSTILE_NOTES


def test_consult_transcript_echoes_nothing_raw(tmp_path, capsys, monkeypatch):
    script = f"how {LINK}\nstatus{BEL}\nquit\n"
    code, out, err = run(["consult", "--case", str(hostile_case(tmp_path))], capsys, monkeypatch, stdin=script)
    assert_no_raw_control(out)
    assert_no_raw_control(err)
    assert "\\x1b]8;;http://evil.example\\x07click" in out  # the reply, echoed visibly


def test_consult_bad_reply_is_reported_visibly(tmp_path, capsys, monkeypatch):
    code, out, err = run(["consult", "--case", str(hostile_case(tmp_path))], capsys, monkeypatch,
                         stdin=f"y{CLEAR}\x9b\n")
    assert code == 2
    assert_no_raw_control(out)
    assert_no_raw_control(err)


def test_quiz_transcript_echoes_nothing_raw(capsys, monkeypatch):
    script = f"ask {CLEAR}{LINK}\n"
    code, out, err = run(["quiz", "--count", "1"], capsys, monkeypatch, stdin=script)
    assert_no_raw_control(out)
    assert_no_raw_control(err)


CONTROL_TEXT = st.lists(st.one_of(st.text(max_size=4), st.sampled_from(CONTROLS + [CLEAR, LINK, "\r\n", "\n", "\t"])),
                        max_size=12).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case_id=CONTROL_TEXT.filter(lambda text: text.strip() != ""), notes=CONTROL_TEXT)
def test_no_renderer_writes_a_raw_control_character(tmp_path, case_id, notes):
    from expert.cli.output import console
    from expert.terminal import render_assessment

    presentation = {"id": case_id, "notes": notes, "findings": {"facial_droop": True}}
    try:
        explanation = expert.explain(presentation)
    except Exception:  # an id the case format refuses is not an output
        return
    for output_format in ("markdown", "html", "json"):
        text = render(explanation.report_model(), output_format)
        assert_no_raw_control(text)
    buffer = io.StringIO()
    render_assessment(expert.assess(presentation), console(buffer))
    assert_no_raw_control(buffer.getvalue())
    # the assessment JSON: C0 characters always come out as JSON escapes
    assessment_json = expert.assess(presentation).to_json()
    assert not re.search(r"[\x00-\x1f]", assessment_json.replace("\n", ""))
