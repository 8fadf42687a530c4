"""How likely each answer is: a small, deterministic model of the patient.

The expected value of a question (``expert.consult.strategy``) needs the
probability of a yes and of a no. They come from the case library
(``rules/cases``), the only record of which findings go together, as a naive
Bayes model over the condition that leads each case:

* the prior of each leading condition is its share of the library cases
  (plus one case each, so that none is impossible);
* given the condition, a finding is answered yes (no) as often as the cases
  it leads code the finding present (absent), smoothed towards how often all
  cases do (``SMOOTHING`` cases' worth), and towards one case each way;
* the findings given so far (yes or no) update the condition's probability;
  a "don't know" tells nothing about the condition and changes nothing.

``probabilities`` gives P(yes) and P(no) for a finding given the findings
known, and ``information_gain`` how much its answer is expected to narrow
down the leading condition (in bits). The numbers are only as good as the
library; they order questions, they never decide a conclusion.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Optional

from expert.cases import load_case_library
from facts.vocabulary import CONDITIONS, FINDINGS

SMOOTHING = 2.0
NO_CAUSE = ""
"""The class of library cases that no known condition should lead."""


@dataclass(frozen=True)
class AnswerModel:
    classes: tuple[str, ...]
    prior: tuple[float, ...]
    yes: Mapping[str, tuple[float, ...]]
    """finding -> P(yes | class) for each class"""
    no: Mapping[str, tuple[float, ...]]
    base: Mapping[str, tuple[float, float]]
    """finding -> (P(yes), P(no)) over the whole library"""
    cases: int

    def _given(self, finding: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
        if finding in self.yes:
            return self.yes[finding], self.no[finding]
        flat = 1.0 / (self.cases + 3)
        return (flat,) * len(self.classes), (flat,) * len(self.classes)

    def posterior(self, findings: Mapping[str, bool]) -> tuple[float, ...]:
        """P(class | the findings given), in ``classes`` order."""
        logs = [math.log(p) for p in self.prior]
        for finding, value in findings.items():
            yes, no = self._given(finding)
            likelihood = yes if value else no
            for i, p in enumerate(likelihood):
                logs[i] += math.log(p)
        top = max(logs)
        weights = [math.exp(v - top) for v in logs]
        total = sum(weights)
        return tuple(w / total for w in weights)

    def probabilities(self, finding: str, posterior: tuple[float, ...]) -> tuple[float, float]:
        """(P(yes), P(no)) when the finding is asked now."""
        yes, no = self._given(finding)
        return (sum(w * p for w, p in zip(posterior, yes)), sum(w * p for w, p in zip(posterior, no)))

    def information_gain(self, finding: str, posterior: tuple[float, ...]) -> float:
        """The expected fall in the entropy of the leading condition (bits)
        from asking; a "don't know" leaves it where it is."""
        yes, no = self._given(finding)
        before = _entropy(posterior)
        gain = 0.0
        for likelihood in (yes, no):
            joint = [w * p for w, p in zip(posterior, likelihood)]
            chance = sum(joint)
            if chance > 0:
                gain += chance * (before - _entropy([j / chance for j in joint]))
        return max(0.0, gain)

    def leading(self, posterior: tuple[float, ...]) -> tuple[Optional[str], float]:
        """The most probable class and its probability (None: no known cause)."""
        best = max(range(len(posterior)), key=lambda i: (posterior[i], -i))
        return (self.classes[best] or None), posterior[best]


def _entropy(distribution) -> float:
    return -sum(p * math.log2(p) for p in distribution if p > 0)


@lru_cache(maxsize=1)
def answer_model() -> AnswerModel:
    """The model of the shipped case library (built once)."""
    return build_model(load_case_library())


def build_model(cases) -> AnswerModel:
    total = len(cases)
    led: Counter = Counter()
    yes: dict[str, Counter] = {}
    no: dict[str, Counter] = {}
    all_yes, all_no = Counter(), Counter()
    for case in cases:
        leading = getattr(case.expected, "leading", None) or NO_CAUSE
        led[leading] += 1
        for finding, value in case.presentation.findings.items():
            (all_yes if value else all_no)[finding] += 1
            (yes if value else no).setdefault(finding, Counter())[leading] += 1
    classes = tuple(c for c in (*CONDITIONS, NO_CAUSE) if c in led) or (NO_CAUSE,)
    prior = tuple((led[c] + 1) / (total + len(classes)) for c in classes)
    base = {f: ((all_yes[f] + 1) / (total + 3), (all_no[f] + 1) / (total + 3)) for f in FINDINGS}

    def given(counts: dict, finding: str, overall: float) -> tuple[float, ...]:
        found = counts.get(finding, Counter())
        return tuple((found[c] + SMOOTHING * overall) / (led[c] + SMOOTHING) for c in classes)

    return AnswerModel(
        classes, prior,
        {f: given(yes, f, base[f][0]) for f in FINDINGS},
        {f: given(no, f, base[f][1]) for f in FINDINGS},
        base, total)


__all__ = ["AnswerModel", "NO_CAUSE", "SMOOTHING", "answer_model", "build_model"]
