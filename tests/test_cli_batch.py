"""``legwise batch`` and ``legwise generate`` from the command line."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from rich.progress import Progress

from expert.cli import main
from expert.cli.batch import RateColumn


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cohort(tmp_path, capsys):
    path = tmp_path / "cohort.jsonl"
    assert run(["generate", "--count", "30", "--seed", "5", "-o", str(path)], capsys)[0] == 0
    with path.open("a") as stream:
        stream.write('{"id": "typo", "findings": {"fevr": true}}\n')
    return path


def test_batch_writes_one_assessment_per_record_in_order_and_exits_3_on_a_bad_one(cohort, tmp_path, capsys):
    out_path = tmp_path / "out.jsonl"
    code, out, err = run(["batch", str(cohort), "-o", str(out_path), "--jobs", "2"], capsys)
    assert code == 3
    lines = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [line.get("case_id") for line in lines[:30]] == [f"gen-5-{n:06d}" for n in range(1, 31)]
    assert all("trace" in line and "triage" in line for line in lines[:30])
    assert lines[30] == {"line": 31, "where": "cohort.jsonl, line 31", "case_id": "typo",
                         "error": "invalid presentation: findings: unknown finding id 'fevr' (did you mean 'fever'?)"}
    assert "errors" in err and "total" in err and "31" in err


def test_batch_fields_and_no_trace_choose_what_is_written(cohort, tmp_path, capsys):
    out_path = tmp_path / "out.jsonl"
    run(["batch", str(cohort), "-o", str(out_path), "-j", "1", "--fields", "case_id,triage,trace", "--no-trace"],
        capsys)
    first = json.loads(out_path.read_text().splitlines()[0])
    assert set(first) == {"case_id", "triage"}


def test_batch_csv_gives_triage_red_flags_and_the_top_three(cohort, tmp_path, capsys):
    out_path = tmp_path / "out.csv"
    run(["batch", str(cohort), "-o", str(out_path), "-j", "1"], capsys)
    rows = list(csv.DictReader(out_path.open()))
    assert len(rows) == 31 and rows[0]["case_id"] == "gen-5-000001"
    assert rows[0]["triage"] in ("self_care", "routine", "urgent", "emergency")
    assert rows[30]["error"].startswith("invalid presentation") and not rows[30]["triage"]


@pytest.mark.parametrize("argv, message", [
    (["--fields", "triage,red_flag"], "did you mean 'red_flags'"),
    (["--input-format", "csv"], "is not a finding id"),
    (["--jobs", "0"], "0 is not in the range"),
])
def test_batch_usage_problems_exit_2_before_writing(cohort, tmp_path, capsys, argv, message):
    out_path = tmp_path / "out.jsonl"
    code, out, err = run(["batch", str(cohort), "-o", str(out_path)] + argv, capsys)
    assert code == 2 and message in err
    assert not out_path.exists()


def test_batch_refuses_a_read_only_output(cohort, tmp_path, capsys):
    out_path = tmp_path / "out.jsonl"
    out_path.write_text("keep me\n")
    out_path.chmod(0o444)
    code, out, err = run(["batch", str(cohort), "-o", str(out_path)], capsys)
    assert code == 2 and "read-only" in err and out_path.read_text() == "keep me\n"


def test_an_interrupted_batch_leaves_a_whole_prefix_and_says_how_far_it_got(tmp_path):
    cohort = tmp_path / "big.jsonl"
    subprocess.run([sys.executable, "-m", "expert", "generate", "-n", "3000", "-o", str(cohort)], check=True)
    out_path = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "expert", "batch", str(cohort), "-o", str(out_path),
                                "--jobs", "2", "--no-trace"], stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out_path.exists() or out_path.read_text().count("\n") < 40):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    lines = out_path.read_text().splitlines(keepends=True)
    assert 40 <= len(lines) < 3000 and all(line.endswith("\n") for line in lines)
    assert [json.loads(line)["case_id"] for line in lines] == [f"gen-0-{n:06d}" for n in range(1, len(lines) + 1)]
    assert f"interrupted after {len(lines)} records" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_batch_on_a_local_dask_cluster_writes_byte_for_byte_what_one_process_writes(tmp_path, capsys, monkeypatch,
                                                                                     fmt):
    monkeypatch.setattr("expert.batch.on_dask.PART_BYTES", 4096)  # several parts, read by both workers
    cohort = tmp_path / "cohort.jsonl"
    run(["generate", "--count", "60", "--seed", "9", "-o", str(cohort)], capsys)
    if fmt == "csv":
        lines = [json.loads(line) for line in cohort.read_text().splitlines()]
        columns = sorted({f for line in lines for f in line["findings"]})
        with (tmp_path / "cohort.csv").open("w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["id", "age", "sex"] + columns)
            for line in lines:
                writer.writerow([line["id"], line.get("age", ""), line.get("sex", "")]
                                + [{True: "yes", False: "no", None: ""}[line["findings"].get(c)] for c in columns])
        cohort = tmp_path / "cohort.csv"
    single, on_dask = tmp_path / "single.jsonl", tmp_path / "dask.jsonl"
    assert run(["batch", str(cohort), "-o", str(single), "--jobs", "1"], capsys)[0] == 0
    code, out, err = run(["batch", str(cohort), "-o", str(on_dask), "--dask", "local", "--jobs", "2"], capsys)
    assert code == 0, err
    assert on_dask.read_bytes() == single.read_bytes()
    assert single.read_text().count("\n") == 60


def test_the_progress_rate_is_cases_per_second_since_the_start():
    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task = progress.add_task("batch", total=1000)
    now[0] = 4.0
    progress.advance(task, 400)  # one burst, as a Dask partition arrives
    assert RateColumn().render(progress.tasks[0]).plain == "100 cases/s"
