"""Presentations for load and audit runs, drawn from the case library.

Each generated presentation starts from a library case chosen at random, so
its findings co-occur as they do in real presentations of that condition;
then it is made as incomplete and noisy as real records are: each coded
finding is kept with probability ``KEEP`` (otherwise unknown), a few present
findings of a second case are added (``BORROW``: a mixed picture), and the
age moves by up to ``AGE_JITTER`` years. The same count and seed always give
the same presentations.
"""
from __future__ import annotations

import random
from typing import Iterator, Optional, Sequence

from expert.cases import Case, load_case_library

KEEP = 0.85
BORROW = 0.1
AGE_JITTER = 5


def generate_presentations(count: int, seed: int = 0,
                           library: Optional[Sequence[Case]] = None) -> Iterator[dict]:
    """``count`` presentations in the contract's shape, reproducible by ``seed``."""
    cases = tuple(library if library is not None else load_case_library())
    chance = random.Random(seed)
    for number in range(1, count + 1):
        case, other = chance.choice(cases), chance.choice(cases)
        findings = {f: v for f, v in sorted(case.presentation.findings.items()) if chance.random() < KEEP}
        for finding, value in sorted(other.presentation.findings.items()):
            if value and finding not in findings and chance.random() < BORROW:
                findings[finding] = True
        presentation: dict = {"id": f"gen-{seed}-{number:06d}", "findings": dict(sorted(findings.items()))}
        if case.presentation.age is not None:
            presentation["age"] = min(120, max(0, case.presentation.age + chance.randint(-AGE_JITTER, AGE_JITTER)))
        if case.presentation.sex is not None:
            presentation["sex"] = case.presentation.sex
        yield presentation
