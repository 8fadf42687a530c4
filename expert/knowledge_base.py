"""The knowledge base as a value: a set of rules, checked as a whole, with the
indices that explanations, the consultation and the rule book read.

``KnowledgeBase`` is frozen. The shipped one (the ``rules/`` modules) is
``default_knowledge_base()``; others are derived from it, for teaching and
authoring, without touching it::

    kb = default_knowledge_base()
    without = kb.without(["rf.cauda_equina.saddle"])       # what does this rule contribute?
    draft = kb.with_rules(load_rules_file("draft.py"))     # try a draft rule on the library
    expert.assess(case, kb=without)

Each knowledge base builds its own engine class (the RETE network) once, on
first use, and one engine per thread (``engine()``).
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass, field, replace
import functools
from functools import cached_property, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable, Mapping, Optional

import rules as shipped_rules
from expert.dsl import (ConcludePattern, ConsiderCause, Document, KnowledgeRule, RaiseRedFlag, RuleDefinitionError,
                        Weigh, check_rule)
from expert.engine.core import TracedEngine, build_engine_class
from expert.trace import Inference
from facts.presentation import suggest
from rules import sources as shipped_sources


class UnknownRule(KeyError):
    """A rule id the knowledge base does not hold; the message suggests the nearest."""

    def __init__(self, rule_id: str, known: Iterable[str]):
        self.rule_id = rule_id
        self.suggestion = suggest(rule_id, list(known))
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else " (run 'legwise rules' to list them)"
        super().__init__(f"unknown rule id {rule_id!r}{hint}")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Rules checked as a whole, and what was removed from or added to the
    shipped set to make them (shown by reports and the JSON output)."""
    rules: tuple[KnowledgeRule, ...]
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    documents: Mapping[str, Document] = field(default_factory=dict)
    """The source documents the rules quote, by id (reports show the passages in their order)."""
    module_notes: Mapping[str, str] = field(default_factory=dict)
    """Each rules module's own account of its domain (its docstring), by short
    name: the rule book's chapter introductions."""
    _engines: threading.local = field(default_factory=threading.local, repr=False)
    _derived: dict = field(default_factory=dict, repr=False)

    def derived(self, build: Callable[["KnowledgeBase"], Any]) -> Any:
        """``build(self)``, built once and kept on this knowledge base: the
        indices a reader needs beyond the ones here (WHY's readers, the
        triage ceiling's base, the rule reads...). They live and die with the
        knowledge base, where a module-level cache would keep every derived
        one (an ablation, a draft) alive."""
        try:
            return self._derived[build]
        except KeyError:  # two threads may both build it: the same value, one kept
            return self._derived.setdefault(build, build(self))

    def __post_init__(self):
        seen: dict[str, KnowledgeRule] = {}
        for defined in self.rules:
            if not isinstance(defined, KnowledgeRule):
                raise RuleDefinitionError(f"{defined!r} is not a rule made with expert.dsl.rule(...)")
            if defined.id in seen:
                where = f" (modules {seen[defined.id].module or '?'} and {defined.module or '?'})"
                raise RuleDefinitionError(f"rule id {defined.id!r} is defined twice{where}")
            check_rule(defined)
            seen[defined.id] = defined

    # -- derived knowledge bases -------------------------------------------

    @classmethod
    def from_modules(cls, *modules: ModuleType) -> "KnowledgeBase":
        """The rules of these modules (each a ``RULES`` list), in order, each
        tagged with its module's short name."""
        collected = []
        for module in modules:
            name = module.__name__.rpartition(".")[2]
            collected.extend(replace(defined, module=defined.module or name) for defined in module.RULES)
        return cls(tuple(collected), module_notes=_module_notes(modules))

    def without(self, rule_ids: Iterable[str]) -> "KnowledgeBase":
        """This knowledge base without these rules (``UnknownRule`` for an id it lacks)."""
        gone = tuple(dict.fromkeys(rule_ids))
        for rule_id in gone:
            self.rule(rule_id)
        return KnowledgeBase(tuple(r for r in self.rules if r.id not in gone),
                             self.removed + gone, tuple(a for a in self.added if a not in gone), self.documents,
                             self.module_notes)

    def with_rules(self, extra: Iterable[KnowledgeRule]) -> "KnowledgeBase":
        """This knowledge base and these rules after it, checked as shipped rules are."""
        extra = tuple(extra)
        return KnowledgeBase(self.rules + extra, self.removed, self.added + tuple(r.id for r in extra),
                             self.documents, self.module_notes)

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)

    # -- indices ------------------------------------------------------------

    @cached_property
    def by_id(self) -> Mapping[str, KnowledgeRule]:
        return {defined.id: defined for defined in self.rules}

    @cached_property
    def rule_order(self) -> Mapping[str, int]:
        """rule id -> its position among the rules (ties in explanations go
        to the earlier rule)."""
        return {rule_id: number for number, rule_id in enumerate(self.by_id)}

    def rule(self, rule_id: str) -> KnowledgeRule:
        try:
            return self.by_id[rule_id]
        except KeyError:
            raise UnknownRule(rule_id, self.by_id) from None

    @cached_property
    def reading(self) -> Mapping[str, tuple[KnowledgeRule, ...]]:
        """finding id -> the rules that read it, in rule order."""
        found: dict[str, list[KnowledgeRule]] = {}
        for defined in self.rules:
            for finding in defined.finding_ids():
                found.setdefault(finding, []).append(defined)
        return {finding: tuple(readers) for finding, readers in found.items()}

    @cached_property
    def concluding(self) -> Mapping[tuple[str, str], tuple[KnowledgeRule, ...]]:
        """(kind, id) -> the rules that conclude it: ("pattern", id),
        ("red_flag", id), ("supports", condition), ("opposes", condition),
        ("considers", cause)."""
        found: dict[tuple[str, str], list[KnowledgeRule]] = {}
        for defined in self.rules:
            for conclusion in defined.then:
                key = _concluded(conclusion)
                if key is not None and defined not in found.get(key, ()):
                    found.setdefault(key, []).append(defined)
        return {key: tuple(rules) for key, rules in found.items()}

    @cached_property
    def by_layer(self) -> Mapping[str, tuple[KnowledgeRule, ...]]:
        found: dict[str, list[KnowledgeRule]] = {}
        for defined in self.rules:
            found.setdefault(defined.layer, []).append(defined)
        return {layer: tuple(rules) for layer, rules in found.items()}

    # -- the engine ------------------------------------------------------------

    @cached_property
    def engine_class(self) -> type:
        """The KnowledgeEngine subclass with these rules (the RETE network's recipe), built once."""
        return build_engine_class(list(self.rules), knowledge_base=self)

    def engine(self) -> TracedEngine:
        """This thread's engine for these rules, built on first use and reset for every run."""
        engine = getattr(self._engines, "engine", None)
        if engine is None:
            engine = self._engines.engine = self.engine_class()
        return engine


def _concluded(conclusion) -> tuple[str, str] | None:
    if isinstance(conclusion, ConcludePattern):
        return ("pattern", conclusion.pattern)
    if isinstance(conclusion, RaiseRedFlag):
        return ("red_flag", conclusion.red_flag)
    if isinstance(conclusion, Weigh):
        return ("supports" if conclusion.cf > 0 else "opposes", conclusion.condition)
    if isinstance(conclusion, ConsiderCause):
        return ("considers", conclusion.cause)
    return None


def knowledge_base_index(build: Callable[[KnowledgeBase], Any]) -> Callable[[KnowledgeBase], Any]:
    """Decorate ``build(kb)`` so that it runs once per knowledge base
    (``KnowledgeBase.derived``)."""
    @functools.wraps(build)
    def index(kb: KnowledgeBase):
        return kb.derived(build)
    return index


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base: every rule of the ``rules/`` modules."""
    return KnowledgeBase(tuple(shipped_rules.knowledge_base()), documents=shipped_sources.DOCUMENTS,
                         module_notes=_module_notes(shipped_rules.domain_modules()))


def _module_notes(modules: Iterable[ModuleType]) -> dict[str, str]:
    return {module.__name__.rpartition(".")[2]: module.__doc__ or "" for module in modules}


def engine_for_this_thread(kb: Optional[KnowledgeBase] = None) -> TracedEngine:
    """This thread's engine for ``kb`` (default: the shipped knowledge base)."""
    return (kb or default_knowledge_base()).engine()


def knowledge_base_of(inference: Inference) -> KnowledgeBase:
    """The knowledge base an inference ran on, for explanations of it."""
    return inference.knowledge_base or default_knowledge_base()


def load_rules_file(path: str | Path) -> tuple[KnowledgeRule, ...]:
    """The ``RULES`` of a draft rules module (a Python file written as the
    ``rules/`` modules are), tagged with the file's name."""
    path = Path(path)
    if not path.is_file():
        raise RuleDefinitionError(f"{path} is not a file (a draft rules module, e.g. draft.py)")
    spec = importlib.util.spec_from_file_location(f"legwise_draft_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except RuleDefinitionError as error:
        raise RuleDefinitionError(f"{path}: {error}") from None
    found = getattr(module, "RULES", None)
    if not isinstance(found, (list, tuple)) or not found:
        raise RuleDefinitionError(f"{path}: a rules file defines RULES, a non-empty list of rule(...)")
    return tuple(replace(defined, module=defined.module or path.stem) if isinstance(defined, KnowledgeRule)
                 else defined for defined in found)
