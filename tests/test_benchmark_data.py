"""The held-out vignettes of benchmarks/ are well formed (not whether the
engine agrees with them: that is benchmarks/bench_accuracy.py's report)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from expert.cases import parse_cases
from facts.vocabulary import CONDITIONS

VIGNETTES = Path(__file__).resolve().parent.parent / "benchmarks" / "vignettes"


@pytest.fixture(scope="module", params=["held_out", "held_out_2"])
def vignettes(request):
    return parse_cases(request.param, (VIGNETTES / f"{request.param}.yaml").read_text(encoding="utf-8"))


def test_held_out_parses_and_has_at_least_60(vignettes):
    assert len(vignettes) >= 60


def test_ids_are_unique(vignettes):
    counts = Counter(case.id for case in vignettes)
    assert [case_id for case_id, n in counts.items() if n > 1] == []


def test_every_condition_leads_at_least_twice(vignettes):
    counts = Counter(case.expected.leading for case in vignettes)
    assert {c: counts[c] for c in CONDITIONS if counts[c] < 2} == {}
