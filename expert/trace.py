"""Provenance: from any derived fact back through rule firings to the input.

Built from an ``Inference`` (the engine's record of one run): which firing
asserted each fact, which firings reaffirmed it (concluded it again when it was
already known), and what each firing matched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Optional

from expert.engine import working_memory as wm


@dataclass
class Firing:
    """One rule firing: what it matched and what it changed."""
    step: int
    rule: str
    matched: tuple[int, ...]
    bindings: dict[str, Any]
    asserted: list[int] = field(default_factory=list)
    retracted: list[int] = field(default_factory=list)
    reaffirmed: list[int] = field(default_factory=list)


@dataclass
class Inference:
    """Everything one run produced: the facts ever declared, the inputs, the
    firings in order, and the working memory at the end."""
    facts: dict[int, Any]
    inputs: list[int]
    firings: list[Firing]
    final: list[int]
    knowledge_base: Any = None
    """The ``expert.knowledge_base.KnowledgeBase`` the run used: explanations
    read its rules (None only for an engine class built without one)."""

    def final_facts(self, fact_type) -> list:
        return [self.facts[i] for i in self.final if type(self.facts[i]) is fact_type]


def fact_ref(fact_id: int) -> str:
    return f"f-{fact_id}"


def fact_content(fact) -> dict[str, Any]:
    """A fact's fields as plain JSON-able data, in a stable order."""
    content = {}
    for key, value in fact.sorted_items() if isinstance(fact, wm.Fact) else sorted(fact.as_dict().items()):
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        content[key] = value
    return content


@dataclass
class Derivation:
    """A fact and how it came to be: the firing that asserted it (None for
    input) and the derivations of the facts that firing matched."""
    fact_id: int
    fact: Any
    firing: Optional[Firing]
    premises: list["Derivation"] = field(default_factory=list)

    @property
    def is_input(self) -> bool:
        return self.firing is None

    def walk(self) -> Iterator["Derivation"]:
        yield self
        for premise in self.premises:
            yield from premise.walk()


class Provenance:
    """Look-ups over one inference's trace."""

    def __init__(self, inference: Inference):
        self.inference = inference
        # An assessment asks for the findings behind the same fact several
        # times (red flags, differential, patterns, fit, summary); the walk
        # back through the firings is done once per fact and question.
        self._input_findings: dict[tuple[int, bool], tuple] = {}

    @cached_property
    def asserted_by(self) -> dict[int, Firing]:
        return {fact_id: firing for firing in self.inference.firings for fact_id in firing.asserted}

    @cached_property
    def reaffirmed_by(self) -> dict[int, list[Firing]]:
        found: dict[int, list[Firing]] = {}
        for firing in self.inference.firings:
            for fact_id in firing.reaffirmed:
                found.setdefault(fact_id, []).append(firing)
        return found

    def firings_concluding(self, fact_id: int) -> list[Firing]:
        """Every firing that asserted or reaffirmed the fact, in order."""
        first = self.asserted_by.get(fact_id)
        return ([first] if first else []) + self.reaffirmed_by.get(fact_id, [])

    def derivation(self, fact_id: int) -> Derivation:
        firing = self.asserted_by.get(fact_id)
        node = Derivation(fact_id, self.inference.facts[fact_id], firing)
        if firing is not None:
            node.premises = [self.derivation(premise) for premise in firing.matched]
        return node

    def input_facts(self, fact_id: int, all_derivations: bool = True) -> set[int]:
        """The input facts a fact rests on (through every firing that concluded
        it, or only the first when ``all_derivations`` is False)."""
        found: set[int] = set()
        stack = [fact_id]
        seen: set[int] = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            firings = (self.firings_concluding(current) if all_derivations
                       else [f for f in [self.asserted_by.get(current)] if f])
            if not firings:
                found.add(current)
                continue
            for firing in firings:
                stack.extend(firing.matched)
        return found

    def input_findings(self, fact_id: int, all_derivations: bool = True) -> list[tuple[str, bool]]:
        """(finding id, present) pairs a fact rests on, sorted."""
        known = self._input_findings.get((fact_id, all_derivations))
        if known is None:
            facts = self.inference.facts
            pairs = {(facts[i]["id"], facts[i]["present"])
                     for i in self.input_facts(fact_id, all_derivations)
                     if isinstance(facts[i], wm.Finding)}
            known = self._input_findings[fact_id, all_derivations] = tuple(sorted(pairs))
        return list(known)  # a fresh list: a caller may change its own
