"""The inference engine: an experta KnowledgeEngine that records a trace.

``LegwiseEngine`` composes the knowledge rules of every module in ``rules/``
with a few rules of machinery (combining certainty, setting triage). It
extends experta through its own extension points only:

* ``__strategy__`` is ``StableStrategy``, a conflict resolution by argument:
  a rule fires once for each binding of its declared variables (one argument,
  as a clinician reads it), having matched every fact that satisfies it, not
  once per combination of those facts; arguments are ordered totally
  (salience, stratum within the layer, recency, rule order), so the same input
  always fires the same rules in the same order;
* ``__matcher__`` is a compiled matcher (``expert.engine.fast_matcher``):
  experta's own rule normalisation and checks, joined per rule over indexed
  working memory, reporting the activations experta's RETE network would
  (its fallback, for a rule form it does not compile, is experta's RETE
  network with an indexed alpha network, ``expert.engine.matcher``);
* ``run`` is experta's own loop plus a record of every firing and a bound on
  the number of firings; ``declare``/``retract`` record what each firing
  asserted and retracted.

The class is built once per knowledge base (``expert.knowledge_base``), never
from ``rules/`` here; an engine holds its own working memory, so use one
engine per call (``KnowledgeBase.engine`` keeps one
per thread and resets it, which is what ``expert.assess`` does).
"""
from __future__ import annotations

from dataclasses import replace
import inspect
from itertools import chain
import operator
from typing import Any, Callable

from expert.certainty_factors import REASONABLY_SUPPORTED, combine
from expert.engine.experta_import import experta
from expert.dsl import LAYER, KnowledgeRule, fire_order_within_layers
from expert.engine.compiler import compile_rule, conclusion_fact
from expert.engine.fast_matcher import CompiledMatcher
from expert.trace import Firing, Inference, Provenance
from expert.engine import working_memory as wm
from facts.presentation import Presentation
from facts.vocabulary import CONDITIONS, CONTEXT_FINDINGS, urgency_rank

from experta.abstract import Strategy
from experta.activation import Activation
from experta.agenda import Agenda
from experta.deffacts import DefFacts
from experta.fact import InitialFact
from experta.factlist import FactList
import experta.watchers as watchers

MATCH, AS, TEST, NOT, P = experta.MATCH, experta.AS, experta.TEST, experta.NOT, experta.P

MAX_FIRINGS = 10_000


class RunawayInference(RuntimeError):
    """The rules kept firing past the bound: a rule set that loops."""


# ---------------------------------------------------------------------------
# experta extension points


def _rule_order(rule) -> int:
    return getattr(rule._wrapped, "rule_order", 0)


def _rule_stratum(rule) -> int:
    return getattr(rule._wrapped, "rule_stratum", 0)


def declared_bindings(activation) -> dict:
    """The values of the rule's own variables (``MATCH.x``); experta also
    binds each matched fact under an internal ``__pattern_...`` name."""
    return {k: v for k, v in activation.context.items() if not k.startswith("__")}


_fact_id = operator.itemgetter("__factid__")


def _fact_ids(facts) -> frozenset:
    return frozenset(map(_fact_id, facts))


def _bindings_key(bindings: dict) -> tuple:
    # A fact is keyed by its id (stable for a given input, and far cheaper
    # than a fact's repr); other values by their repr.
    if not bindings:  # most rules declare no variable
        return ()
    return tuple(sorted((k, repr(_binding_value(v))) for k, v in bindings.items()))


def _argument_key(activation) -> tuple:
    """Which argument an activation is a way of: its rule, by identity (a
    matcher reports each rule as one object, experta's keeps a set of them,
    and hashing an experta Rule hashes all its conditions), and the key of
    its declared bindings. Kept on the activation: a matcher reports one
    activation object when it is added and again when it is removed."""
    try:
        return activation.argument_key
    except AttributeError:
        key = activation.argument_key = (id(activation.rule), _bindings_key(declared_bindings(activation)))
        return key


_agenda_key = operator.attrgetter("key")


class Argument(Activation):
    """A rule with one binding of its declared variables: what a clinician
    reads as one argument. experta activates a rule once per combination of
    facts that satisfies it (for two "any of" conditions with three present
    findings each, nine times); an argument gathers those activations, its
    ``ways``, so that the rule fires once, having matched all their facts."""

    def __init__(self, rule, bindings: dict, bindings_key: tuple):
        super().__init__(rule, (), bindings)
        # Keyed by the facts matched: with the rule and its declared bindings
        # fixed, they are what tells one way from another.
        self.ways: dict[frozenset, Activation] = {}
        # Each way's fact ids, most recent first, computed once per way (the
        # agenda key reads them after every change).
        self.recencies: dict[frozenset, tuple] = {}
        self.fired = False
        # The parts of its agenda key that never change (the rule and its
        # bindings are fixed), computed once instead of after every change.
        self.salience, self.stratum = rule.salience, -_rule_stratum(rule)
        self.order, self.bindings_key = -_rule_order(rule), bindings_key

    def add_way(self, activation) -> None:
        ids = _fact_ids(activation.facts)
        self.ways[ids] = activation
        if ids not in self.recencies:
            self.recencies[ids] = tuple(sorted(ids, reverse=True))
        self.facts |= activation.facts

    def remove_way(self, activation) -> None:
        ids = _fact_ids(activation.facts)
        self.ways.pop(ids, None)
        self.recencies.pop(ids, None)
        self.facts = {fact for way in self.ways.values() for fact in way.facts}


class StableStrategy(Strategy):
    """Conflict resolution by argument, in a total order.

    experta's activations are grouped into ``Argument``s, one per rule and
    binding of its declared variables: a rule fires once per argument, not
    once per combination of facts that satisfies it. Once an argument has
    fired, later activations of it are refracted (its conclusions hold
    already; firing again would only reaffirm them).

    The agenda is depth-first by salience, then by stratum within the layer
    (``expert.dsl.fire_order_within_layers``: a rule waits for the rules of its
    layer that conclude what it reads, so its one firing sees every fact that
    satisfies it), then recency, with every tie broken by rule order and
    bindings, so the order never depends on hashing.
    """

    def __init__(self):
        super().__init__()
        self._agenda = None
        self._arguments: dict = {}

    @staticmethod
    def key(argument: Argument):
        # An argument is as recent as its most recent way: it takes the place
        # on the agenda where that way alone would have been.
        recency = max(argument.recencies.values())
        return (argument.salience, argument.stratum, recency, argument.order, argument.bindings_key)

    def _arguments_of(self, agenda) -> dict:
        # experta starts a new agenda on every reset; the arguments belong to it.
        if agenda is not self._agenda:
            self._agenda, self._arguments = agenda, {}
        return self._arguments

    def next_to_fire(self, agenda):
        """Take the next argument off the agenda (None when it is empty); it
        then counts as fired."""
        argument = agenda.get_next()
        if argument is not None:
            argument.fired = True
            argument.ways.clear()  # its facts are all it needs now; the ways would only hold memory
            argument.recencies.clear()
        return argument

    def _update_agenda(self, agenda, added, removed):
        # The agenda holds arguments, sorted by key, next to fire last.
        if not added and not removed:
            return
        arguments = self._arguments_of(agenda)
        changed, emptied = {}, set()
        for act in removed:
            argument = arguments.get(_argument_key(act))
            if argument is None or argument.fired:
                continue  # a fired argument stays in the trace as it fired
            argument.remove_way(act)
            if argument.ways:
                changed[id(argument)] = argument
            else:
                changed.pop(id(argument), None)
                emptied.add(id(argument))
        for act in added:
            argument_key = _argument_key(act)
            argument = arguments.get(argument_key)
            if argument is None:
                argument = arguments[argument_key] = Argument(act.rule, declared_bindings(act), argument_key[1])
                agenda.activations.append(argument)
            elif argument.fired:
                continue  # refracted: made already, and off the agenda
            argument.add_way(act)
            changed[id(argument)] = argument
            emptied.discard(id(argument))
        if emptied:
            agenda.activations = [a for a in agenda.activations if id(a) not in emptied]
            for argument_key in [k for k, a in arguments.items() if id(a) in emptied]:
                del arguments[argument_key]
        if changed:
            for argument in changed.values():
                argument.key = self.key(argument)
            agenda.activations.sort(key=_agenda_key)


# ---------------------------------------------------------------------------
# Working memory


def _content_key(fact) -> frozenset:
    """experta's duplicate key for a fact (``FactList._get_fact_id``): its
    class and its non-special fields, built without a method call per field
    (and for a fact of only plain fields, ``wm.Fact.plain_fields``, without
    a look at each key)."""
    plain = getattr(type(fact), "plain_fields", None)
    if plain is not None and fact.keys() <= plain:
        return frozenset((type(fact), *fact.items()))
    return frozenset([type(fact)] + [(k, v) for k, v in fact.items()
                                     if not (isinstance(k, str) and k.startswith("__") and k.endswith("__"))])


class IndexedFactList(FactList):
    """experta's ``FactList`` that also knows which live fact holds each
    content, so a refused duplicate is traced to the fact it duplicates by one
    look-up instead of a walk over working memory, and the live facts of each
    type, so a rule that reads all of one kind (``TracedEngine.read``) does
    not walk the others.

    ``declare`` is experta's, step for step (validate, refuse a duplicate
    unless ``duplication``, number, count, log), with the content key
    computed once and remembered; ``retract`` is experta's plus forgetting it.
    """

    def __init__(self):
        super().__init__()
        # content key -> id of the oldest live fact with that content
        self.by_content: dict[frozenset, int] = {}
        # fact type -> {id: fact}, in id order as the list itself
        self.by_type: dict[type, dict[int, Any]] = {}

    _get_fact_id = staticmethod(_content_key)

    def declare(self, fact):
        if not isinstance(fact, experta.Fact):
            raise ValueError('The fact must descend the Fact class.')
        fact.validate()
        key = _content_key(fact)
        if self.duplication or key not in self.reference_counter:
            idx = self.last_index
            dict.__setitem__(fact, "__factid__", idx)  # what Fact's __factid__ setter does
            self[idx] = fact
            self.last_index += 1
            self.added.append(fact)
            self.reference_counter[key] += 1
            self.by_content.setdefault(key, idx)
            self.by_type.setdefault(type(fact), {})[idx] = fact
            watchers.FACTS.info(" ==> %s: %r", fact, fact)
            return fact
        return None

    def retract(self, idx_or_fact):
        idx = idx_or_fact if isinstance(idx_or_fact, int) else idx_or_fact.__factid__
        fact = self.get(idx)
        result = super().retract(idx_or_fact)
        del self.by_type[type(fact)][idx]
        key = _content_key(fact)
        if self.by_content.get(key) == idx:
            del self.by_content[key]
            if key in self.reference_counter:  # only with duplication: the next oldest
                self.by_content[key] = next(i for i, f in self.items() if _content_key(f) == key)
        return result


# ---------------------------------------------------------------------------
# The trace (its records live in expert.trace, beside what reads them)


class TracedEngine(experta.KnowledgeEngine):
    """A KnowledgeEngine that records a trace of every firing."""

    __strategy__ = StableStrategy
    __matcher__ = CompiledMatcher
    max_firings = MAX_FIRINGS
    knowledge_base = None

    def __init__(self):
        super().__init__()
        # experta's __init__ (as its reset) sets ``self.facts = FactList()``:
        # the engine keeps an IndexedFactList in its place.
        self.facts = IndexedFactList()
        self._clear_record()

    def _clear_record(self):
        self.fact_log: dict[int, Any] = {}
        self.inputs: list[int] = []
        self.firings: list[Firing] = []
        self._firing: Firing | None = None

    def reset(self, **kwargs):
        """experta's ``reset``, step for step (a new agenda and fact list,
        the matcher reset, every DefFacts declared with the keyword arguments
        it takes), reading which arguments a DefFacts takes once per class
        instead of through ``inspect.signature`` on every reset."""
        self._release_run()
        deffacts = []
        found = self.get_deffacts()  # also reads what each takes, on the class's first reset
        for deffact, accepted in zip(found, type(self).__dict__["_deffacts_accepted"]):
            deffacts.append(deffact(**(kwargs if accepted is None
                                       else {k: v for k, v in kwargs.items() if k in accepted})))
        self._KnowledgeEngine__declare(*chain.from_iterable(deffacts))
        self.running = False

    def get_deffacts(self):
        """experta's, with the scan of the class for DefFacts done once per
        class instead of on every reset."""
        engine_class = type(self)
        names = engine_class.__dict__.get("_deffacts_names")
        if names is None:
            found = sorted(((value.order, name) for name, value in inspect.getmembers(engine_class)
                            if isinstance(value, DefFacts)), key=lambda pair: pair[0])
            names = tuple(name for _, name in found)
            type.__setattr__(engine_class, "_deffacts_names", names)
            # What experta's reset reads off each one's signature: the names
            # it takes, or None when it takes any (**kwargs).
            accepted = []
            for name in names:
                parameters = inspect.signature(getattr(self, name)).parameters.values()
                accepted.append(None if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters)
                                else frozenset(p.name for p in parameters))
            type.__setattr__(engine_class, "_deffacts_accepted", tuple(accepted))
        found = []
        for name in names:
            deffacts = getattr(self, name)
            deffacts.ke = self
            found.append(deffacts)
        return found

    def declare(self, *facts):
        if self.running and self.facts:
            # What experta's declare does while the rules run (its __declare,
            # whose agenda update waits for run), without its two frames and
            # two generators per call: the same checks in the same order,
            # then each fact into the fact list.
            for fact in facts:
                if fact.has_field_constraints():
                    raise TypeError("Declared facts cannot contain conditional elements")
            for fact in facts:
                if fact.has_nested_accessor():
                    raise KeyError("Cannot declare facts containing double underscores as keys.")
            result = None
            for fact in facts:
                result = self.facts.declare(fact)
        else:
            result = super().declare(*facts)
        fact_list = self.facts
        for fact in facts:
            fact_id = fact.get("__factid__")
            if fact_id is not None and fact_list.get(fact_id) is fact:
                self.fact_log[fact_id] = fact
                if self._firing is None:
                    self.inputs.append(fact_id)
                else:
                    self._firing.asserted.append(fact_id)
            elif self._firing is not None:
                # experta refused a duplicate: find the fact it duplicates.
                existing_id = self._duplicated(fact)
                if existing_id is not None:
                    self._firing.reaffirmed.append(existing_id)
        return result

    def _duplicated(self, fact):
        """The id of the live fact with the same content, if any."""
        return self.facts.by_content.get(_content_key(fact))

    def read(self, fact_type, **fields) -> list:
        """Facts of a type in working memory with these field values, oldest
        first, recorded as matched by the current firing. For rules that
        accumulate (like CLIPS's accumulate CE): all the evidence for a
        condition, all the urgency claims."""
        found = list(self.facts.by_type.get(fact_type, {}).values())
        for name, value in fields.items():
            found = [fact for fact in found if fact.get(name) == value]
        if self._firing is not None and found:
            self._firing.matched = tuple(sorted({*self._firing.matched, *(f["__factid__"] for f in found)}))
        return found

    def retract(self, idx_or_declared_fact):
        idx = (idx_or_declared_fact if isinstance(idx_or_declared_fact, int)
               else idx_or_declared_fact["__factid__"])
        super().retract(idx_or_declared_fact)
        if self._firing is not None:
            self._firing.retracted.append(idx)

    def run(self, steps=float("inf"), down_to_salience=float("-inf")):
        """experta's ``run`` loop, recording each firing and bounded; it
        stops before the first rule of a salience below ``down_to_salience``."""
        self.running = True
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                self.strategy.update_agenda(self.agenda, added, removed)
                activation = self.strategy.next_to_fire(self.agenda)
                if activation is None or activation.rule.salience < down_to_salience:
                    break
                if len(self.firings) >= self.max_firings:
                    raise RunawayInference(
                        f"stopped after {self.max_firings} rule firings: the rules keep "
                        f"re-firing (last: {activation.rule.__name__}); check for a rule "
                        "whose conclusion re-enables itself")
                steps -= 1
                rule = activation.rule
                matched = tuple(sorted(f["__factid__"] for f in activation.facts
                                       if not isinstance(f, InitialFact)))
                bindings = declared_bindings(activation)
                self._firing = Firing(
                    step=len(self.firings) + 1,
                    rule=getattr(rule._wrapped, "rule_id", rule.__name__),
                    matched=matched,
                    bindings={k: _binding_value(v) for k, v in sorted(bindings.items())} if bindings else {},
                )
                try:
                    _call_rule(rule, self, bindings)
                finally:
                    self.firings.append(self._firing)
                    self._firing = None
        finally:
            self.running = False

    def infer(self, presentation: Presentation, through_layer: str | None = None) -> Inference:
        """Reset, declare the presentation's facts in a stable order, run;
        with ``through_layer``, only until that layer's rules have fired.
        A rule reads nothing a later layer concludes (``expert.dsl``), so
        that part of a run is exactly the start of the whole run."""
        self.reset()
        self.declare(wm.Person(age=presentation.age, sex=presentation.sex),
                     *[wm.Finding(id=finding_id, present=value)
                       for finding_id, value in sorted(presentation.findings.items())])
        self.run(down_to_salience=LAYER[through_layer] if through_layer else float("-inf"))
        inference = self.inference_so_far()
        self._release_run()
        return inference

    def _release_run(self) -> None:
        """Let go of the run's agenda, matches, fact list and record: on
        reset, and in ``infer`` as soon as the record is taken rather than at
        the next reset, because objects that die young are freed by
        reference counting before the collector promotes them, so
        back-to-back inferences trigger far fewer full collections."""
        self.agenda = Agenda()
        self.facts = IndexedFactList()
        self.matcher.reset()
        self._clear_record()

    def inference_so_far(self) -> Inference:
        """The record of the run up to now (the whole run once it is over),
        on containers of its own."""
        shared = self.record()
        return replace(shared, facts=dict(shared.facts), inputs=list(shared.inputs),
                       firings=list(shared.firings))

    def record(self) -> Inference:
        """The record of the run up to now, sharing the engine's own
        containers: for a rule that reads it while it fires (the firing's own
        changes are not in it yet) and lets it go. Anything kept takes a copy
        (``inference_so_far``)."""
        return Inference(facts=self.fact_log, inputs=self.inputs, firings=self.firings,
                         final=sorted(i for i in self.facts if i in self.fact_log),
                         knowledge_base=self.knowledge_base)


def _call_rule(rule, engine, bindings: dict) -> None:
    """What experta's ``Rule.__call__(engine, **bindings)`` does for a rule
    whose function is set (every rule the matcher activates): pass only the
    names the function takes, unless it takes ``**kwargs``. Without its frame
    and its filtering comprehension when there is nothing to filter."""
    wanted = rule._wrapped_args
    if wanted and bindings:
        bindings = {k: v for k, v in bindings.items() if k in wanted}
    if rule._wrapped_self is None:
        rule._wrapped(engine, **bindings)
    else:
        rule._wrapped(rule._wrapped_self, engine, **bindings)


def _binding_value(value):
    if isinstance(value, experta.Fact):
        return f"f-{value['__factid__']}"
    return value


# ---------------------------------------------------------------------------
# Machinery rules: how conclusions combine, independent of any clinical content


def _machinery(rule_id: str, order: int, *conditions, salience: int):
    def decorate(function):
        function.rule_id = rule_id
        function.rule_order = order
        return experta.Rule(*conditions, salience=salience)(function)
    return decorate


def claims_by_default(condition: str) -> bool:
    """Whether a reasonably supported condition claims its default urgency
    (``engine.urgency.condition``): every one but self-care, which a triage
    rule must earn. Explanations that mirror the engine ask this."""
    return CONDITIONS[condition].urgency != "self_care"


MACHINERY_RULES = {
    "engine.hypothesis.combine": "Once all evidence is in, combine every rule's certainty factor for a condition into its hypothesis (MYCIN combination, in the order the evidence was asserted).",
    "engine.urgency.red_flag": "A red flag always claims the emergency triage level.",
    "engine.fit.assess": "Once every condition's certainty is known, check how well the reasonably supported conditions and the red flags account for the symptoms and signs given: explained, partly explained, or no known cause fits (nothing reasonably supported, or more left unexplained than explained).",
    "engine.urgency.condition": "A reasonably supported condition claims its default urgency from the vocabulary, unless that is self-care, which a triage rule must earn.",
    "engine.triage.decide": "Triage is the most urgent level claimed, because of every claim at that level.",
}


class MachineryRules:
    """Rules of mechanism shared by every knowledge base (mixed into the engine)."""

    @_machinery("engine.hypothesis.combine", 0,
                wm.Evidence(condition=MATCH.condition),
                NOT(wm.Hypothesis(condition=MATCH.condition)),
                salience=LAYER["combine"])
    def combine_evidence(self, condition):
        evidence = self.read(wm.Evidence, condition=condition)
        contributions = tuple((e["rule"], e["cf"]) for e in evidence)
        certainty = 0.0
        for _, cf in contributions:
            certainty = combine(certainty, cf)
        self.declare(wm.Hypothesis(condition=condition, certainty=certainty, contributions=contributions))

    @_machinery("engine.fit.assess", 4,
                wm.Person(),
                NOT(wm.Fit()),
                salience=LAYER["fit"])
    def assess_fit(self):
        supported = {h["condition"] for h in self.read(wm.Hypothesis)
                     if h["certainty"] >= REASONABLY_SUPPORTED}
        provenance = Provenance(self.record())
        explained: set[str] = set()
        for evidence in self.read(wm.Evidence):
            if evidence["condition"] in supported and evidence["cf"] > 0:
                explained.update(f for f, present in provenance.input_findings(evidence["__factid__"]) if present)
        for flag in self.read(wm.RedFlag):
            explained.update(f for f, present in provenance.input_findings(flag["__factid__"]) if present)
        # Course, history and circumstances need no cause; symptoms and signs do.
        to_explain = [f["id"] for f in self.read(wm.Finding, present=True) if f["id"] not in CONTEXT_FINDINGS]
        unexplained = tuple(sorted(f for f in to_explain if f not in explained))
        if not supported and not explained or len(unexplained) > len(to_explain) - len(unexplained):
            status = "no_known_cause"
        else:
            status = "partly_explained" if unexplained else "explained"
        self.declare(wm.Fit(status=status, unexplained=unexplained))

    @_machinery("engine.urgency.red_flag", 1,
                wm.RedFlag(id=MATCH.red_flag),
                salience=LAYER["urgency"])
    def red_flag_is_emergency(self, red_flag):
        self.declare(wm.UrgencyClaim(level="emergency", because=red_flag))

    @_machinery("engine.urgency.condition", 2,
                wm.Hypothesis(condition=MATCH.condition,
                              certainty=P(lambda certainty: certainty >= REASONABLY_SUPPORTED)),
                # Self-care is never claimed by default: a triage rule must earn it.
                TEST(claims_by_default),
                salience=LAYER["urgency"])
    def condition_claims_urgency(self, condition):
        self.declare(wm.UrgencyClaim(level=CONDITIONS[condition].urgency, because=condition))

    @_machinery("engine.triage.decide", 3,
                wm.UrgencyClaim(),
                NOT(wm.Triage()),
                salience=LAYER["triage"])
    def decide_triage(self):
        claims = self.read(wm.UrgencyClaim)
        level = max((c["level"] for c in claims), key=urgency_rank)
        because = tuple(sorted({c["because"] for c in claims if c["level"] == level}))
        self.declare(wm.Triage(level=level, because=because))


def _fire_knowledge_rule(engine: TracedEngine, defined: KnowledgeRule) -> None:
    for conclusion in defined.then:
        engine.declare(conclusion_fact(conclusion, defined))


def build_engine_class(knowledge_rules: list[KnowledgeRule], name: str = "LegwiseEngine",
                       knowledge_base: Any = None) -> type:
    """A KnowledgeEngine subclass with the machinery and the given rules (of
    ``knowledge_base``, which every inference it makes names)."""
    namespace: dict[str, Callable] = {}
    strata = fire_order_within_layers(knowledge_rules)
    for order, defined in enumerate(knowledge_rules, start=len(MACHINERY_RULES)):
        compiled = compile_rule(defined, _fire_knowledge_rule)
        compiled._wrapped.rule_id = defined.id
        compiled._wrapped.rule_order = order
        compiled._wrapped.rule_stratum = strata[defined.id]
        namespace[f"rule_{order:04d}"] = compiled
    namespace["knowledge_rules"] = tuple(knowledge_rules)
    namespace["knowledge_base"] = knowledge_base
    return type(name, (MachineryRules, TracedEngine), namespace)
