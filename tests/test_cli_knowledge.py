"""Rule ablation and draft rules from the command line: --without-rule,
--rules, and ``legwise cases``."""
import json
import textwrap
from pathlib import Path

import pytest

from expert.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
DRAFT = textwrap.dedent("""
    from expert.dsl import present, rule, supports
    from rules.sources import LEG_BUCKLING

    RULES = [rule(id="draft.knee.locking_means_oa", title="Locking as osteoarthritis", rationale="A bad draft.",
                  cites=LEG_BUCKLING.quote("Ligament injuries are a frequent cause of instability"),
                  when=[present("knee_locking")], then=[supports("osteoarthritis", 0.9)])]
""")


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.py"
    path.write_text(DRAFT)
    return path


def test_without_a_rule_the_json_says_so_and_the_rule_never_fires(capsys):
    code, out, _ = run(["assess", str(EXAMPLE), "-f", "json", "--without-rule", "rf.cauda_equina.saddle_numbness"],
                       capsys)
    assessment = json.loads(out)
    assert code == 0 and assessment["rule_changes"] == {"removed": ["rf.cauda_equina.saddle_numbness"], "added": []}
    assert "rf.cauda_equina.saddle_numbness" not in {step["rule"] for step in assessment["trace"]}
    code, out, _ = run(["assess", str(EXAMPLE), "-f", "json"], capsys)
    assert json.loads(out)["rule_changes"] == {"removed": [], "added": []}


def test_a_misspelt_rule_id_exits_2_with_a_suggestion(capsys):
    code, out, err = run(["assess", str(EXAMPLE), "--without-rule", "rf.cauda_equina.sadle_numbness"], capsys)
    assert code == 2 and out == ""
    assert "did you mean 'rf.cauda_equina.saddle_numbness'" in err


def test_the_terminal_and_the_reports_say_which_rules_were_left_out(capsys):
    argv = [str(EXAMPLE), "--without-rule", "rf.cauda_equina.saddle_numbness"]
    _, out, _ = run(["assess"] + argv, capsys)
    assert "Knowledge base: the shipped rules without rf.cauda_equina.saddle_numbness" in out
    _, out, _ = run(["report"] + argv, capsys)
    assert "Knowledge base: the shipped rules without rf.cauda_equina.saddle_numbness" in out
    _, out, _ = run(["report", "-f", "html"] + argv, capsys)
    assert "without <span class=\"id\">rf.cauda_equina.saddle_numbness</span>" in out


def test_why_not_reads_the_rules_the_run_had(capsys):
    argv = ["explain", str(EXAMPLE), "--why-not", "suspected_cauda_equina", "-f", "json"]
    _, out, _ = run(argv, capsys)
    everything = {r["rule"] for r in json.loads(out)["why_not"][0]["rules"]}
    _, out, _ = run(argv + ["--without-rule", "rf.cauda_equina.saddle_numbness"], capsys)
    without = {r["rule"] for r in json.loads(out)["why_not"][0]["rules"]}
    assert everything - without == {"rf.cauda_equina.saddle_numbness"}


def test_a_draft_rule_fires_and_is_explained_from_its_own_text(capsys, draft, tmp_path):
    case = tmp_path / "knee.json"
    case.write_text(json.dumps({"findings": {"knee_locking": True, "knee_pain": True}}))
    code, out, _ = run(["explain", str(case), "--certainty", "osteoarthritis", "--rules", str(draft), "-f", "json"],
                       capsys)
    steps = json.loads(out)["certainty"][0]["steps"]
    drafted = [s for s in steps if s["rule"]["id"] == "draft.knee.locking_means_oa"]
    assert code == 0 and drafted and drafted[0]["rule"]["title"] == "Locking as osteoarthritis"
    assert drafted[0]["rule"]["module"] == "rules.draft"


@pytest.mark.parametrize("text, message", [
    ("RULES = 3", "defines RULES"),
    ("from expert.dsl import present, rule, supports\nfrom rules.sources import LEG_BUCKLING\n"
     "RULES = [rule(id='Bad Id', title='t', rationale='r', cites=LEG_BUCKLING.quote('Ligament injuries are a "
     "frequent cause of instability'), when=[present('knee_locking')], then=[supports('osteoarthritis', 0.5)])]",
     "dotted lower-case"),
])
def test_a_bad_draft_exits_2_naming_the_file(capsys, tmp_path, text, message):
    bad = tmp_path / "bad.py"
    bad.write_text(text)
    code, out, err = run(["assess", str(EXAMPLE), "--rules", str(bad)], capsys)
    assert code == 2 and message in err and "bad.py" in err


def test_cases_lists_the_expectations_a_draft_breaks(capsys, draft):
    code, out, _ = run(["cases", "--rules", str(draft), "-f", "json"], capsys)
    summary = json.loads(out)["summary"]
    assert code == 0 and summary["added"] == ["draft.knee.locking_means_oa"]
    assert summary["met_before"] == summary["cases"] and summary["met_after"] < summary["cases"]
    assert summary["broken"] and set(summary["broken"]) <= set(summary["changed"])
    assert all(case.startswith("mech-") for case in summary["broken"])
    _, text, _ = run(["cases", "--rules", str(draft)], capsys)
    assert f"BREAKS {summary['broken'][0]}" in text


def test_the_bundled_draft_rule_runs_on_the_library_and_fires_where_it_should(capsys):
    bundled = EXAMPLE.parent / "draft_rule.py"
    code, out, _ = run(["cases", "--rules", str(bundled)], capsys)
    assert code == 0 and "draft.meniscus.locking_with_swelling" in out
    code, out, _ = run(["assess", str(EXAMPLE), "-f", "json", "--rules", str(bundled)], capsys)
    assert code == 0 and json.loads(out)["rule_changes"]["added"] == ["draft.meniscus.locking_with_swelling"]


def test_a_missing_rules_file_exits_2_naming_it_once(capsys, tmp_path):
    code, out, err = run(["cases", "--rules", str(tmp_path / "nowhere.py")], capsys)
    assert code == 2 and out == "" and err.count("--rules") == 1 and "nowhere.py is not a file" in err
