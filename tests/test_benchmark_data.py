"""The held-out vignettes of benchmarks/ are well formed (not whether the
engine agrees with them: that is benchmarks/bench_accuracy.py's report)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from expert.cases import parse_cases
from facts.vocabulary import CONDITIONS

VIGNETTES = Path(__file__).resolve().parent.parent / "benchmarks" / "vignettes"


@pytest.fixture(scope="module", params=["held_out", "held_out_2", "blind_safety"])
def vignettes(request):
    return parse_cases(request.param, (VIGNETTES / f"{request.param}.yaml").read_text(encoding="utf-8"))


def test_held_out_parses_and_has_enough_cases(vignettes):
    assert len(vignettes) >= (40 if vignettes[0].domain == "blind_safety" else 60)


def test_ids_are_unique(vignettes):
    counts = Counter(case.id for case in vignettes)
    assert [case_id for case_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", ["held_out", "held_out_2"])
def test_every_source_document_condition_leads_at_least_twice(name):
    # (the safety set is built around failure classes, not conditions)
    vignettes = parse_cases(name, (VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    counts = Counter(case.expected.leading for case in vignettes)
    assert {c: counts[c] for c, v in CONDITIONS.items() if counts[c] < 2 and not v.beyond_sources} == {}


def test_the_safety_set_names_a_source_for_every_vignette():
    cases = parse_cases("blind_safety", (VIGNETTES / "blind_safety.yaml").read_text(encoding="utf-8"))
    assert all(case.source for case in cases)
