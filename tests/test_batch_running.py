"""Assessing many presentations in order (``expert.batch.running``, ``expert.batch.generate``)."""
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import expert
from expert.batch import assess_many, ordered_map
from expert.batch.generate import generate_presentations
from expert.batch.records import Record
from expert.assessment import Assessment
from expert.batch.running import _assessment_line, _line, render_records


def slow_square(n: int) -> int:
    time.sleep(0.002 * (n % 3))  # later items often finish first in the pool
    return n * n


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_keeps_input_order(jobs):
    assert list(ordered_map(slow_square, range(300), jobs=jobs, chunk=7)) == [n * n for n in range(300)]


def test_ordered_map_refuses_zero_jobs():
    with pytest.raises(ValueError, match="jobs must be 1 or more"):
        list(ordered_map(slow_square, range(3), jobs=0))


def test_assess_many_gives_what_assess_gives_in_order_and_an_error_for_a_bad_record():
    cohort = list(generate_presentations(20, seed=3))
    cohort.insert(5, {"findings": {"fevr": True}})
    results = list(assess_many(cohort, jobs=2))
    assert [r.number for r in results] == list(range(1, 22))
    assert results[5].assessment is None and "did you mean 'fever'" in results[5].error
    for result, presentation in zip(results, cohort):
        if result.assessment is not None:
            assert result.assessment.to_json() == expert.assess(presentation).to_json()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(1, 40), st.booleans())
def test_two_workers_write_byte_for_byte_what_one_writes(seed, count, trace):
    records = [Record(n, f"line {n}", data=p) for n, p in enumerate(generate_presentations(count, seed), start=1)]
    one = [r.json_line for r in render_records(records, jobs=1, trace=trace)]
    two = [r.json_line for r in render_records(records, jobs=2, trace=trace)]
    assert one == two and len(one) == count


def test_generated_presentations_are_reproducible_valid_and_mixed():
    first = list(generate_presentations(200, seed=7))
    assert first == list(generate_presentations(200, seed=7))
    assert first != list(generate_presentations(200, seed=8))
    for presentation in first:
        expert.parse_presentation(presentation)
    assert len({p["id"] for p in first}) == 200
    assert len({tuple(sorted(p["findings"])) for p in first}) > 150


def test_the_no_trace_line_is_the_full_line_less_its_trace():
    records = [Record(n, f"line {n}", data=p) for n, p in enumerate(generate_presentations(25, seed=11), start=1)]
    full = [json.loads(r.json_line) for r in render_records(records, jobs=1)]
    without = [r.json_line for r in render_records(records, jobs=1, trace=False)]
    assert all(record["trace"] for record in full)
    assert without == [_line({k: v for k, v in record.items() if k != "trace"}) for record in full]


def test_an_assessment_line_is_byte_for_byte_what_json_dumps_writes_even_for_tiny_floats():
    # pydantic writes a float below 1e-4 otherwise than json.dumps (0.00001, 1e-05): such a line takes the slow way.
    assessment = expert.assess(next(iter(generate_presentations(1, seed=4))))
    entry = assessment.differential[0]
    for certainty in (0.25, 1e-05, -1.5e-07, 0.0001):
        changed = assessment.model_copy(update={"differential": [entry.model_copy(update={"certainty": certainty})]})
        for chosen in (set(Assessment.model_fields), {"case_id", "differential"}):
            assert _assessment_line(changed, chosen) == _line(changed.model_dump(mode="json", include=chosen))


def test_del_and_c1_characters_in_a_record_are_escaped_in_its_line():
    presentation = dict(next(iter(generate_presentations(1, seed=2))), id="a\x7fb\x9bc\u00e9")
    line = render_records([Record(1, "line 1", data=presentation)], jobs=1)
    text = next(iter(line)).json_line
    assert '"case_id":"a\\u007fb\\u009bcé"' in text
    assert text == _line(expert.assess(presentation).model_dump(mode="json"))
