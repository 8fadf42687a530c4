"""A compiled matcher behind experta's ``__matcher__`` extension point.

experta's ``ReteMatcher`` passes a token through a network of node objects
for every fact declared; with ~450 rules most of the time of an inference
went there, and building the network took most of an engine's construction.
Working memory here is small (tens of facts), so ``CompiledMatcher`` instead:

* normalises each rule exactly as experta does (``prepare_rule``: DNF, an
  ``InitialFact`` before a leading NOT) and keeps, per pattern, experta's
  own checks (``generate_checks``); equal patterns share one capture, as
  they share one alpha node in experta;
* keeps an alpha memory per pattern, reached through a dict index on one
  field per fact type, so a declared fact is tested only against the
  patterns that can match it;
* on each change, recomputes only the rules reading a pattern whose memory
  changed, joining the alpha memories left to right as experta's beta
  network does (same context checks, NOT as "no compatible fact", TEST on
  the context), and reports the difference to the rule's previous matches
  as the ``(added, removed)`` activations experta's conflict-set nodes
  would: the same rule, facts and context.

The compiled plan is the same for every engine of a class, so it is built
once per class; an engine's matcher holds only its memories.

A rule with a form this matcher does not compile (EXISTS, FORALL, a NOT of
more than one pattern, a negated field constraint...) makes the engine use
``IndexedReteMatcher`` instead, whole: never a partial translation.
``tests/test_matcher.py`` proves both fire exactly as the stock matcher.
"""
from __future__ import annotations

from functools import lru_cache, update_wrapper

from expert.engine.experta_import import experta  # noqa: F401 (makes experta importable before its submodules)

from experta.abstract import Matcher
from experta.activation import Activation
from experta.conditionalelement import AND, NOT, OR, TEST, ConditionalElement
from experta.fact import Fact, InitialFact
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, L, P, W
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck, WhereCheck
from experta.matchers.rete.utils import generate_checks, prepare_rule
from experta.rule import Rule

from expert.engine.compiler import OneOf
from expert.engine.matcher import IndexedReteMatcher

_PLAN_ATTRIBUTE = "_compiled_match_plan"


class Unsupported(Exception):
    """A rule form the compiled matcher leaves to experta's network."""


class _Pattern:
    """One distinct fact pattern: its type, its checks in experta's terms,
    the context keys it binds, and the rules that read it."""

    def __init__(self, index: int, pattern: Fact):
        self.index = index
        self.type = type(pattern)
        # (field, kind, expected, binding): kind True for a literal, False for
        # a predicate, None for a wildcard; what experta's FeatureCheck tests.
        self.fast = []
        self.general = []   # nested accessors: experta's own checks read them
        self.capture = None
        self.keys = set()
        self.rules: list[int] = []      # rules re-joined when this pattern's memory changes
        self.followers: list[int] = []  # rules told of each change (see _Plan.single)
        for check in generate_checks(pattern):
            if isinstance(check, TypeCheck):
                continue  # served by the dispatch on type
            if isinstance(check, FactCapture):
                self.capture = check.__bind__
                self.keys.add(check.__bind__)
                continue
            how, what = check.how, check.what
            if not isinstance(how, (L, P, W)) or not isinstance(what, str) or what.startswith("__"):
                raise Unsupported(f"field constraint {how!r} on {what!r}")
            if how.__bind__ is not None:
                self.keys.add(how.__bind__)
            if "__" in what:
                self.general.append(check)
            elif isinstance(how, L):
                self.fast.append((what, True, how.value, how.__bind__))
            elif isinstance(how, P):
                self.fast.append((what, False, how.match, how.__bind__))
            else:
                self.fast.append((what, None, None, how.__bind__))
        # Literals first: a predicate then only sees facts experta's earlier
        # (literal) tests would have let through.
        self.fast.sort(key=lambda test: test[1] is not True)

    def match(self, fact):
        """The context this pattern gives the fact, or None: what the chain
        of experta's feature tester nodes computes (a binding that
        disagrees with an earlier one fails the match)."""
        context = {}
        for field, literal, expected, binding in self.fast:
            try:
                actual = fact[field]
            except (KeyError, IndexError, TypeError):
                return None
            if literal is True:
                if not expected == actual:
                    return None
            elif literal is False and not expected(actual):
                return None
            if binding is not None:
                if context.get(binding, actual) != actual:
                    return None
                context[binding] = actual
        for check in self.general:
            result = check(fact)
            if not result:
                return None
            if result is not True:
                for key, value in result.items():
                    if context.get(key, value) != value:
                        return None
                context.update(result)
        if self.capture is not None:
            if context.get(self.capture, fact) != fact:
                return None
            context[self.capture] = fact
        return context

    def index_values(self, field):
        """The values of ``field`` this pattern can match, or None (any)."""
        for what, literal, expected, _ in self.fast:
            if what != field:
                continue
            if literal is True:
                try:
                    hash(expected)
                except TypeError:
                    return None
                return (expected,)
            if literal is False and isinstance(expected, OneOf):
                return tuple(expected.values)
        return None


class _Dispatch:
    """The patterns of one fact type, indexed on the field most of them test
    for a literal value (a Finding's ``id``)."""

    def __init__(self, patterns: list[_Pattern]):
        counts: dict = {}
        for pattern in patterns:
            for what, literal, expected, _ in pattern.fast:
                if pattern.index_values(what) is not None:
                    counts[what] = counts.get(what, 0) + 1
        self.field = max(sorted(counts), key=counts.get) if counts else None
        self.always: list[_Pattern] = []
        indexed: dict = {}
        for pattern in patterns:
            values = pattern.index_values(self.field) if self.field is not None else None
            if values is None:
                self.always.append(pattern)
            else:
                for value in values:
                    indexed.setdefault(value, []).append(pattern)
        # Each value's candidates whole (the patterns indexed under it and
        # those that test every fact), so that a look-up is all a fact costs.
        self.by_value: dict = {value: self.always + found for value, found in indexed.items()}
        self.everything = self.always + list(dict.fromkeys(p for found in indexed.values() for p in found))

    def candidates(self, fact) -> list:
        if self.field is None:
            return self.always
        try:
            value = fact[self.field]  # as experta's check reads it (a field's default included)
        except (KeyError, IndexError, TypeError):
            return self.always
        try:
            return self.by_value.get(value, self.always)
        except TypeError:  # an unhashable value: test them all
            return self.everything


class _Plan:
    """The compiled form of an engine class's rules (shared by its engines)."""

    def __init__(self, rules):
        # experta's ReteMatcher keeps a set of prepared rules: a rule the
        # class holds twice (under two names) is one rule.
        self.rules = list(dict.fromkeys(_prepared(rule) for rule in rules))
        self.patterns: list[_Pattern] = []
        by_content: dict = {}
        # Per rule, its alternatives (an OR's subrules); each a list of steps:
        # ("join" | "not", pattern, keys shared with what came before) or ("test", check).
        self.alternatives: list[list[list[tuple]]] = []
        # Per rule: whether a match is told apart by its alternative and the
        # facts along its path (see CompiledMatcher._rematch).
        self.keyed_by_path: list[bool] = []
        # Per rule, per alternative: the patterns it joins, and those its NOTs
        # sharing no variable test (see CompiledMatcher.changes).
        self.quick: list[tuple] = []
        # Per rule: its one joined pattern, when it has a single alternative
        # joining one pattern (then NOTs and TESTs): a change to that
        # pattern or to a NOT sharing its variables is applied to the matches
        # it can affect instead of re-joining (see CompiledMatcher._follow).
        self.single: list[_Pattern | None] = []
        for number, rule in enumerate(self.rules):
            subrules = list(rule[0]) if isinstance(rule[0], OR) else [rule]
            compiled = []
            for subrule in subrules:
                compiled.append(self._compile(subrule, by_content, number))
            self.alternatives.append(compiled)
            self.quick.append(tuple(
                (tuple(p.index for kind, p, _ in steps if kind == "join"),
                 tuple(p.index for kind, p, shared in steps if kind == "not" and not shared))
                for steps in compiled))
            capture_sets = [frozenset(p.index for kind, p, _ in steps if kind == "join") for steps in compiled]
            self.keyed_by_path.append(len(set(capture_sets)) == len(capture_sets))
            self.single.append(self._single(number, compiled))
        by_type: dict = {}
        for pattern in self.patterns:
            by_type.setdefault(pattern.type, []).append(pattern)
        self.dispatch = {fact_type: _Dispatch(patterns) for fact_type, patterns in by_type.items()}

    def _single(self, number: int, compiled: list) -> _Pattern | None:
        if len(compiled) != 1:
            return None
        steps = compiled[0]
        joined = [p for kind, p, _ in steps if kind == "join"]
        tested = [p for kind, p, _ in steps if kind != "test"]
        if len(joined) != 1 or len(set(map(id, tested))) != len(tested):
            return None  # several joins, or a pattern the rule reads twice
        # The joined pattern and the NOTs sharing its variables tell this
        # rule of their changes one by one; the others (guards) still make
        # it re-join.
        for kind, pattern, shared in steps:
            if kind == "join" or (kind == "not" and shared):
                pattern.rules.remove(number)
                pattern.followers.append(number)
        return joined[0]

    def _pattern(self, fact: Fact, by_content: dict, rule_number: int) -> _Pattern:
        # Equal patterns are one alpha node, one capture, in experta too.
        pattern = by_content.get(fact)
        if pattern is None:
            pattern = by_content[fact] = _Pattern(len(self.patterns), fact)
            self.patterns.append(pattern)
        if rule_number not in pattern.rules:
            pattern.rules.append(rule_number)
        return pattern

    def _compile(self, subrule, by_content: dict, rule_number: int) -> list:
        elements = [subrule] if isinstance(subrule, Fact) else list(subrule)
        if not isinstance(subrule, (Fact, AND, Rule)):
            raise Unsupported(f"alternative {subrule!r}")
        if not elements or not isinstance(elements[0], Fact):
            raise Unsupported("a rule that does not start with a pattern")
        steps, guards, bound = [], [], set()
        for element in elements:
            if isinstance(element, Fact):
                pattern = self._pattern(element, by_content, rule_number)
                steps.append(("join", pattern, tuple(sorted(pattern.keys & bound))))
                bound |= pattern.keys
            elif isinstance(element, NOT) and len(element) == 1 and isinstance(element[0], Fact):
                pattern = self._pattern(element[0], by_content, rule_number)
                shared = tuple(sorted(pattern.keys & bound))
                # A NOT sharing no variable with what precedes it holds or
                # fails for every partial match alike: test it first.
                (steps if shared else guards).append(("not", pattern, shared))
            elif isinstance(element, TEST) and len(element) == 1:
                steps.append(("test", WhereCheck(element[0]), ()))
            else:
                raise Unsupported(f"conditional element {element!r}")
        return guards + steps


def _plain_value(value) -> bool:
    # A literal, or a single field constraint (L, P, W: experta's DNF has no
    # rewriting for them and keeps them as they are); not a composite one
    # (&, |, ~ of constraints) nor another conditional element.
    return isinstance(value, (L, P, W)) or not isinstance(value, (ConditionalElement, ORFC, ANDFC, NOTFC))


def _plain_pattern(element) -> bool:
    return isinstance(element, Fact) and all(_plain_value(value) for value in element.values())


def _flat(element) -> bool:
    """A condition experta's DNF leaves as it is: a pattern with plain field
    constraints, a NOT of one, or a TEST."""
    if isinstance(element, NOT):
        return len(element) == 1 and _plain_pattern(element[0])
    return isinstance(element, TEST) or _plain_pattern(element)


@lru_cache(maxsize=4096)
def _normal_form(conditions: tuple) -> tuple:
    # Memoised by content: a knowledge base derived from another (without a
    # rule, with a draft) compiles equal conditions for its other rules.
    return tuple(prepare_rule(Rule(*conditions)))


def _prepared(rule: Rule) -> Rule:
    """``prepare_rule(rule)``, as experta's ReteMatcher prepares it, for less.

    A rule of flat conditions (most of ours) is its own DNF; experta's
    ``prepare_rule`` then only puts an ``InitialFact`` first when the rule
    is empty, starts with a NOT or has no pattern. Any other rule goes
    through ``prepare_rule`` itself, on an unwrapped copy (experta re-wraps
    the function, inspecting its signature, at each rewriting step), once
    per distinct content.
    """
    conditions = tuple(rule)
    if all(_flat(element) for element in conditions):
        patterns = [e for e in conditions if not isinstance(e, TEST)]
        if not conditions or isinstance(conditions[0], NOT) or not patterns:
            conditions = (InitialFact(),) + conditions
    else:
        try:
            conditions = _normal_form(conditions)
        except TypeError:  # a condition that cannot be hashed: no memo
            conditions = _normal_form.__wrapped__(conditions)
    # experta's Rule.new_conditions, keeping the signature it read once.
    prepared = Rule(*conditions, salience=rule.salience)
    if rule._wrapped:
        prepared._wrapped = rule._wrapped
        prepared._wrapped_args = rule._wrapped_args
        update_wrapper(prepared, rule._wrapped)
    return prepared


def _plan_for(engine) -> _Plan | None:
    engine_class = type(engine)
    if _PLAN_ATTRIBUTE not in engine_class.__dict__:
        try:
            plan = _Plan(engine.get_rules())
        except Unsupported:
            plan = None
        type.__setattr__(engine_class, _PLAN_ATTRIBUTE, plan)
    return engine_class.__dict__[_PLAN_ATTRIBUTE]


class CompiledMatcher(Matcher):
    """experta's matcher interface over a compiled plan (see module doc)."""

    def __init__(self, engine):
        super().__init__(engine)
        self.plan = _plan_for(engine)
        self.fallback = IndexedReteMatcher(engine) if self.plan is None else None
        if self.plan is not None:
            self.alpha = [{} for _ in self.plan.patterns]  # pattern -> {id(fact): (fact, context)}
            self.placed: dict = {}                          # id(fact) -> patterns it is in
            self.matches = [{} for _ in self.plan.rules]   # rule -> {match key: Activation}
            self.matched: set = set()                       # rules with matches

    def reset(self):
        if self.fallback is not None:
            return self.fallback.reset()
        # Forget only what the last run filled: most memories stay empty.
        for patterns in self.placed.values():
            for pattern in patterns:
                self.alpha[pattern.index].clear()
        self.placed.clear()
        for number in self.matched:
            self.matches[number] = {}
        self.matched.clear()

    def changes(self, adding=None, deleting=None):
        if self.fallback is not None:
            return self.fallback.changes(adding, deleting)
        alpha, placed, dirty, told = self.alpha, self.placed, set(), {}
        for fact in deleting or ():
            for pattern in placed.pop(id(fact), ()):
                _, context = alpha[pattern.index].pop(id(fact))
                dirty.update(pattern.rules)
                for number in pattern.followers:
                    told.setdefault(number, []).append((pattern, id(fact), context))
        dispatch = self.plan.dispatch
        for fact in adding or ():
            patterns = dispatch.get(type(fact))
            if patterns is None:
                continue
            found = []
            for pattern in patterns.candidates(fact):
                context = pattern.match(fact)
                if context is not None:
                    alpha[pattern.index][id(fact)] = (fact, context)
                    found.append(pattern)
                    dirty.update(pattern.rules)
                    for number in pattern.followers:
                        told.setdefault(number, []).append((pattern, id(fact), context))
            if found:
                placed[id(fact)] = found
        added, removed = [], []
        for number, changes in told.items():
            if number not in dirty:  # a guard changed too: re-joined below
                self._follow(number, changes, added, removed)
        matches, quick = self.matches, self.plan.quick
        for number in dirty:  # the order of the activations reported does not matter to a strategy
            if not matches[number] and not _can_match(quick[number], alpha):
                continue
            self._rematch(number, added, removed)
        return added, removed

    def _follow(self, number: int, changes: list, added: list, removed: list) -> None:
        """Apply changes to a single-pattern rule's matches (see
        ``_Plan.single``): re-test only the facts of its pattern that changed
        and those that agree with a changed NOT fact on the shared variables;
        the result is the re-join's, with each match keyed as ``_rematch``
        keys it."""
        plan, alpha = self.plan, self.alpha
        source = plan.single[number]
        steps = plan.alternatives[number][0]
        memory = alpha[source.index]
        touched = set()
        for pattern, fact_id, context in changes:
            if pattern is source:
                touched.add(fact_id)
                continue
            shared = next(keys for kind, p, keys in steps if p is pattern)
            if len(shared) == 1:  # the usual case, without a list per fact
                (key,) = shared
                value = context[key]
                for fid, (_, own) in memory.items():
                    if own[key] == value:
                        touched.add(fid)
            else:
                values = [context[k] for k in shared]
                touched.update(fid for fid, (_, own) in memory.items() if [own[k] for k in shared] == values)
        matches = self.matches[number]
        for fact_id in touched:
            key = (0, fact_id)
            entry = memory.get(fact_id)
            holds = entry is not None and self._passes(steps, entry[1])
            had = matches.get(key)
            if holds and had is None:
                # The alpha memory's context, not a copy: neither the
                # activation's readers nor the memory ever change one.
                matches[key] = activation = Activation(plan.rules[number], (entry[0],), entry[1])
                added.append(activation)
            elif had is not None and not holds:
                del matches[key]
                removed.append(had)
        if matches:
            self.matched.add(number)

    def _passes(self, steps, context) -> bool:
        """Whether one fact's token passes a single-pattern rule's NOTs and
        TESTs (what _join computes for it)."""
        alpha = self.alpha
        for kind, pattern, shared in steps:
            if kind == "test":
                if not pattern(context):
                    return False
            elif kind == "not":
                memory = alpha[pattern.index]
                if not memory:
                    continue
                if not shared:
                    return False
                if len(shared) == 1:  # the usual case, without a generator per fact
                    (key,) = shared
                    value = context[key]
                    for _, other in memory.values():
                        if other[key] == value:
                            return False
                elif any(all(context[k] == other[k] for k in shared) for _, other in memory.values()):
                    return False
        return True

    def _rematch(self, number: int, added: list, removed: list) -> None:
        plan = self.plan
        by_path = plan.keyed_by_path[number]
        current: dict = {}
        for alternative, steps in enumerate(plan.alternatives[number]):
            for facts, context in self._join(steps):
                # A match's identity is experta's (its facts and context); when
                # no two alternatives bind the same patterns, the facts along
                # the path say the same thing, and their ids are far cheaper to
                # hash than facts (a fact's id stays its own while the
                # activation in self.matches holds it).
                key = ((alternative, *map(id, facts)) if by_path
                       else (frozenset(facts), frozenset(context.items())))
                if key not in current:
                    current[key] = (facts, context)
        before = self.matches[number]
        if not current and not before:
            return
        rule = plan.rules[number]
        now = {}
        for key, (facts, context) in current.items():
            activation = before.get(key)
            if activation is None:
                # Every key here is a name (captures and bindings; negated
                # bindings are not compiled), as experta keeps in an activation.
                activation = Activation(rule, facts, dict(context))
                added.append(activation)
            now[key] = activation
        if len(now) != len(before) or not now.keys() >= before.keys():
            for key, activation in before.items():
                if key not in now:
                    removed.append(activation)
        self.matches[number] = now
        if now:
            self.matched.add(number)

    def _join(self, steps) -> list:
        """Every match of one alternative: what reaches experta's conflict-set
        node through its chain of join, not and test nodes."""
        alpha = self.alpha
        for kind, pattern, shared in steps:  # a quick no: a pattern nothing matches, a NOT that holds everywhere
            if kind == "join":
                if not alpha[pattern.index]:
                    return []
            elif kind == "not" and not shared and alpha[pattern.index]:
                return []
        tokens = None
        for kind, pattern, shared in steps:
            if kind == "test":
                tokens = [(facts, context) for facts, context in tokens if pattern(context)]
            else:
                memory = alpha[pattern.index]
                if kind == "not":
                    if not memory or not shared:
                        continue  # checked above
                    tokens = _without(tokens, memory.values(), shared)
                elif tokens is None:
                    tokens = [((fact,), context) for fact, context in memory.values()]
                elif not shared:
                    tokens = [(facts + (fact,), {**context, **other})
                              for facts, context in tokens for fact, other in memory.values()]
                else:
                    tokens = [(facts + (fact,), {**context, **other})
                              for facts, context in tokens for fact, other in memory.values()
                              if all(context[k] == other[k] for k in shared)]
            if not tokens:
                return []
        return tokens


def _can_match(alternatives: tuple, alpha: list) -> bool:
    """Whether some alternative of a rule can match now: each pattern it
    joins matched by some fact, and no fact where a NOT of it sharing no
    variable would block it (``_Plan.quick``)."""
    for required, blocking in alternatives:
        for index in required:
            if not alpha[index]:
                break
        else:
            for index in blocking:
                if alpha[index]:
                    break
            else:
                return True
    return False


def _without(tokens: list, others, shared: tuple) -> list:
    """The tokens no fact of a NOT's memory agrees with on the shared
    variables (experta's SameContextCheck)."""
    try:
        if len(shared) == 1:
            (key,) = shared
            blocked = {other[key] for _, other in others}
            return [(facts, context) for facts, context in tokens if context[key] not in blocked]
        blocked = {tuple(other[k] for k in shared) for _, other in others}
        return [(facts, context) for facts, context in tokens
                if tuple(context[k] for k in shared) not in blocked]
    except TypeError:  # an unhashable value: compare each pair
        return [(facts, context) for facts, context in tokens
                if not any(all(context[k] == other[k] for k in shared) for _, other in others)]
