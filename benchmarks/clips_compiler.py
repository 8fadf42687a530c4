"""Compile legwise's knowledge base to CLIPS (a yardstick for bench_clips.py).

Benchmark-only: nothing in ``expert/`` imports this. It reads the rule
objects themselves (``expert.dsl``'s condition and conclusion classes), never
hand-written CLIPS per rule, and mirrors the engine's machinery
(``expert.engine.core.MachineryRules``):

* deftemplates mirroring ``expert.engine.working_memory``;
* one defrule per disjunct of a knowledge rule's ``when`` (``any_of`` expanded
  into its alternatives, as experta splits an OR), at the salience of the
  rule's layer (``expert.dsl.LAYER``); facts are never duplicated in CLIPS
  either, so a conclusion drawn twice is one fact, as in experta;
* the order of firing where it can change a result: certainty combination
  rounds at every step, so the order evidence is asserted in shows in the
  fourth decimal now and then. With ``order="legwise"`` (the default) the
  pattern, red-flag and evidence layers fire in the order of legwise's
  ``StableStrategy`` (most recent facts first, compared as sorted fact ids,
  experta's InitialFact for a disjunct that opens with a negation, then rule
  order): a rule's defrules record each activation (``pending``) and one
  dispatcher per layer fires the greatest. ``order="native"`` leaves the
  order to CLIPS's own depth strategy (plain defrules, no bookkeeping);
* ``engine.hypothesis.combine``: MYCIN combination exactly as
  ``expert.certainty_factors.combine`` (clamp, then Python's ``round(x, 4)``
  reproduced bit for bit), in the order the evidence facts were asserted;
* ``engine.fit.assess``: every derived fact a rule concludes records what it
  rests on (the present findings it matched, the patterns and red flags it
  matched), the closure of that gives each evidence and red-flag fact its input
  findings, as ``expert.trace.Provenance.input_findings`` does over every
  firing that concluded it;
* ``engine.urgency.red_flag``, ``engine.urgency.condition`` (unless the
  condition's default urgency is self-care: ``claims_by_default``) and
  ``engine.triage.decide`` (the most urgent claim, because of every claim at
  that level, sorted).

An unknown condition or conclusion class raises ``UnsupportedRule``.
"""
from __future__ import annotations

from typing import Iterable

from expert import dsl
from expert.certainty_factors import PRECISION, REASONABLY_SUPPORTED
from expert.dsl import LAYER
from facts.vocabulary import CONDITIONS, CONTEXT_FINDINGS, TRIAGE_LEVELS


ORDERS = ("legwise", "native")
ORDERED_LAYERS = ("pattern", "red_flag", "evidence")  # what evidence order depends on


def record_salience(layer: str) -> int:
    """Where an ordered layer's defrules record their activations."""
    return dispatch_salience(layer) + 1


def dispatch_salience(layer: str) -> int:
    """Where an ordered layer's dispatcher fires the greatest activation;
    above every machinery layer, in the layers' own order."""
    return 100 + 2 * LAYER[layer]


class UnsupportedRule(TypeError):
    """A rule uses a condition or conclusion the compiler does not know."""


# Saliences of the compiler's own bookkeeping: the provenance closure and the
# "explained" findings run once combine is over and before fit.
CLOSURE_SALIENCE = (LAYER["combine"] + LAYER["fit"]) // 2 + 1  # 33
EXPLAINED_SALIENCE = CLOSURE_SALIENCE - 1                       # 32
PROVENANCE_LAYERS = {"pattern", "red_flag", "evidence"}  # what engine.fit.assess reads back

TEMPLATES = """
(deftemplate finding (slot id (type SYMBOL)) (slot present (type SYMBOL)))
(deftemplate person (slot age) (slot sex))
(deftemplate pattern (slot id (type SYMBOL)))
(deftemplate red-flag (slot id (type SYMBOL)) (slot rule (type SYMBOL)))
(deftemplate evidence (slot condition (type SYMBOL)) (slot cf (type FLOAT)) (slot rule (type SYMBOL)))
(deftemplate consider (slot cause (type SYMBOL)) (slot rule (type SYMBOL)))
(deftemplate hypothesis (slot condition (type SYMBOL)) (slot certainty (type FLOAT)) (multislot contributions))
(deftemplate fit (slot status (type SYMBOL)) (multislot unexplained))
(deftemplate urgency-claim (slot level (type SYMBOL)) (slot because (type SYMBOL)))
(deftemplate triage (slot level (type SYMBOL)) (multislot because))
(deftemplate recommendation (slot action (type SYMBOL)) (slot serves (type STRING)) (slot rule (type SYMBOL)))
(deftemplate rests-on (slot key (type SYMBOL)) (slot finding (type SYMBOL)))
(deftemplate depends (slot key (type SYMBOL)) (slot on (type SYMBOL)))
(deftemplate explained (slot finding (type SYMBOL)))
(deftemplate pending (slot layer (type SYMBOL)) (slot rule (type SYMBOL)) (slot order (type INTEGER))
  (multislot recency))
"""

# expert.certainty_factors.combine, with round(x, 4) as CPython does it: the decimal
# nearest the exact binary value (ties to even), then the double nearest that.
# The exact comparison of x with the midpoint (k + 1/2) / 10^4 uses Dekker's
# error-free product, so no digit is lost.
FUNCTIONS = """
(deffunction two-product-error (?a ?b)
  (bind ?p (* ?a ?b))
  (bind ?s 134217729.0)
  (bind ?t (* ?s ?a)) (bind ?ah (- ?t (- ?t ?a))) (bind ?al (- ?a ?ah))
  (bind ?t (* ?s ?b)) (bind ?bh (- ?t (- ?t ?b))) (bind ?bl (- ?b ?bh))
  (- (+ (+ (+ (- (* ?ah ?bh) ?p) (* ?ah ?bl)) (* ?al ?bh)) (* ?al ?bl)) 0.0))

(deffunction py-round (?x)
  (if (< ?x 0.0) then (return (- 0.0 (py-round (- 0.0 ?x)))))
  (bind ?k (integer (* ?x SCALE)))
  ; compare x * 2 * SCALE (exactly: p + e) with 2k + 1
  (bind ?p (* ?x TWICE))
  (bind ?e (two-product-error ?x TWICE))
  (bind ?d (+ (- ?p (+ (* 2 ?k) 1)) ?e))
  ; floor(x * SCALE) may be one off when the product rounded across an integer
  (bind ?lo (+ (- ?p (* 2 ?k)) ?e))
  (if (< ?lo 0.0) then (bind ?k (- ?k 1)) (bind ?d (+ (- ?p (+ (* 2 ?k) 1)) ?e)))
  (if (>= ?d 1.0) then (bind ?k (+ ?k 1)) (bind ?d (+ (- ?p (+ (* 2 ?k) 1)) ?e)))
  (if (> ?d 0.0) then (bind ?k (+ ?k 1))
   else (if (and (= ?d 0.0) (oddp ?k)) then (bind ?k (+ ?k 1))))
  (/ (float ?k) SCALE))

(deffunction combine (?c1 ?c2)
  (if (and (>= ?c1 0.0) (>= ?c2 0.0)) then
     (bind ?r (+ ?c1 (* ?c2 (- 1 ?c1))))
   else (if (and (< ?c1 0.0) (< ?c2 0.0)) then
     (bind ?r (+ ?c1 (* ?c2 (+ 1 ?c1))))
   else
     (bind ?den (- 1 (min (abs ?c1) (abs ?c2))))
     (if (= ?den 0) then (bind ?r 0.0) else (bind ?r (/ (+ ?c1 ?c2) ?den)))))
  (py-round (max -1.0 (min 1.0 ?r))))

(deffunction sym-greater (?a ?b) (> (str-compare ?a ?b) 0))  ; for sort: ascending

; StableStrategy.key: recency (the fact ids matched, a set, most recent first,
; compared as tuples: a longer one wins a tie on the shorter's length), then
; the lower rule order
(deffunction recency-key ($?ids)
  (bind ?set (create$))
  (foreach ?i ?ids (if (not (member$ ?i ?set)) then (bind ?set (create$ ?set ?i))))
  (sort < ?set))

(deffunction key-greater (?a ?b)
  (bind ?ra (fact-slot-value ?a recency))
  (bind ?rb (fact-slot-value ?b recency))
  (bind ?na (length$ ?ra))
  (bind ?nb (length$ ?rb))
  (loop-for-count (?i 1 (min ?na ?nb))
    (bind ?x (nth$ ?i ?ra))
    (bind ?y (nth$ ?i ?rb))
    (if (> ?x ?y) then (return TRUE))
    (if (< ?x ?y) then (return FALSE)))
  (if (<> ?na ?nb) then (return (> ?na ?nb)))
  (< (fact-slot-value ?a order) (fact-slot-value ?b order)))

; Fire the greatest activation of a layer. Its rule's other activations
; conclude the same facts again (experta refuses the duplicates; so does
; CLIPS), so they are dropped with it.
(deffunction dispatch (?layer)
  (bind ?best FALSE)
  (do-for-all-facts ((?p pending)) (eq ?p:layer ?layer)
    (if (or (not ?best) (key-greater ?p ?best)) then (bind ?best ?p)))
  (bind ?rule (fact-slot-value ?best rule))
  (delayed-do-for-all-facts ((?p pending)) (eq ?p:rule ?rule) (retract ?p))
  (funcall (sym-cat fire-- ?rule)))

(deffunction urgency-rank (?level)
  (- (member$ ?level (create$ LEVELS)) 1))
"""

MACHINERY = """
(defrule engine.hypothesis.combine
  (declare (salience COMBINE))
  (evidence (condition ?c))
  (not (hypothesis (condition ?c)))
  =>
  (bind ?certainty 0.0)
  (bind ?contributions (create$))
  (do-for-all-facts ((?e evidence)) (eq ?e:condition ?c)
    (bind ?certainty (combine ?certainty ?e:cf))
    (bind ?contributions (create$ ?contributions ?e:rule ?e:cf)))
  (assert (hypothesis (condition ?c) (certainty ?certainty) (contributions ?contributions))))

(defrule clips.provenance.closure
  (declare (salience CLOSURE))
  (depends (key ?a) (on ?b))
  (rests-on (key ?b) (finding ?f))
  =>
  (assert (rests-on (key ?a) (finding ?f))))

(defrule clips.fit.explained-by-evidence
  (declare (salience EXPLAINED))
  (hypothesis (condition ?c) (certainty ?x&:(>= ?x SUPPORTED)))
  (evidence (condition ?c) (cf ?cf&:(> ?cf 0.0)) (rule ?r))
  (rests-on (key ?r) (finding ?f))
  =>
  (assert (explained (finding ?f))))

(defrule clips.fit.explained-by-red-flag
  (declare (salience EXPLAINED))
  (red-flag (rule ?r))
  (rests-on (key ?r) (finding ?f))
  =>
  (assert (explained (finding ?f))))

(defrule engine.fit.assess
  (declare (salience FIT))
  (person)
  (not (fit))
  =>
  (bind ?supported (any-factp ((?h hypothesis)) (>= ?h:certainty SUPPORTED)))
  (bind ?explained (any-factp ((?x explained)) TRUE))
  (bind ?total 0)
  (bind ?unexplained (create$))
  (do-for-all-facts ((?f finding)) (and (eq ?f:present TRUE) (not (member$ ?f:id (create$ CONTEXT))))
    (bind ?total (+ ?total 1))
    (if (not (any-factp ((?x explained)) (eq ?x:finding ?f:id))) then
       (bind ?unexplained (create$ ?unexplained ?f:id))))
  (bind ?n (length$ ?unexplained))
  (if (or (and (not ?supported) (not ?explained)) (> ?n (- ?total ?n))) then
     (bind ?status no_known_cause)
   else (if (> ?n 0) then (bind ?status partly_explained) else (bind ?status explained)))
  (assert (fit (status ?status) (unexplained (sort sym-greater ?unexplained)))))

(defrule engine.urgency.red_flag
  (declare (salience URGENCY))
  (red-flag (id ?id))
  =>
  (assert (urgency-claim (level emergency) (because ?id))))

CONDITION_URGENCY

(defrule engine.triage.decide
  (declare (salience TRIAGE))
  (urgency-claim)
  (not (triage))
  =>
  (bind ?best -1)
  (do-for-all-facts ((?u urgency-claim)) TRUE
    (bind ?best (max ?best (urgency-rank ?u:level))))
  (bind ?level (nth$ (+ ?best 1) (create$ LEVELS)))
  (bind ?because (create$))
  (do-for-all-facts ((?u urgency-claim)) (eq ?u:level ?level)
    (if (not (member$ ?u:because ?because)) then (bind ?because (create$ ?because ?u:because))))
  (assert (triage (level ?level) (because (sort sym-greater ?because)))))
"""


def _float(value: float) -> str:
    text = repr(float(value))
    if "e" in text or "E" in text:
        raise UnsupportedRule(f"cannot print {value!r} as a CLIPS float")
    return text


def _string(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _symbol(value: str) -> str:
    text = str(value)
    if not text or any(ch in text for ch in ' \t\n()&|<~;"?$/'):
        raise UnsupportedRule(f"{value!r} is not usable as a CLIPS symbol")
    return text


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def disjuncts(condition: dsl.Clause) -> list[list[dsl.Clause]]:
    """The condition as a disjunction of conjunctions of simple conditions."""
    if isinstance(condition, dsl.AnyOf):
        return [term for option in condition.options for term in disjuncts(option)]
    if isinstance(condition, dsl.AllOf):
        terms: list[list[dsl.Clause]] = [[]]
        for part in condition.parts:
            terms = [a + b for a in terms for b in disjuncts(part)]
        return terms
    return [[condition]]


class _Lhs:
    """Builds one defrule's left-hand side and what its firing rests on."""

    def __init__(self):
        self.patterns: list[str] = []
        self.rests_on: list[str] = []      # present findings matched (static)
        self.depends_on: list[str] = []    # keys (static symbols or ?variables)
        self.addresses: list[str] = []     # the facts an activation matched (positive CEs)
        self._vars = 0

    def var(self, stem: str) -> str:
        self._vars += 1
        return f"?{stem}{self._vars}"

    def positive(self, pattern: str) -> None:
        address = self.var("fact")
        self.addresses.append(address)
        self.patterns.append(f"{address} <- {pattern}")

    def add(self, condition: dsl.Clause) -> None:
        if not isinstance(condition, dsl.Clause):
            raise UnsupportedRule(f"{condition!r} is not a condition")
        self._add(condition)
        if not self.patterns[-1].startswith("(not "):
            self.positive(self.patterns.pop())

    def _add(self, condition: dsl.Clause) -> None:
        kind = type(condition)
        if kind is dsl.FindingIs:
            self.patterns.append(f"(finding (id {_symbol(condition.finding)}) (present {_bool(condition.value)}))")
            if condition.value:
                self.rests_on.append(_symbol(condition.finding))
        elif kind is dsl.FindingNotPresent:
            self.patterns.append(f"(not (finding (id {_symbol(condition.finding)}) (present TRUE)))")
        elif kind is dsl.HasPattern:
            self.patterns.append(f"(pattern (id {_symbol(condition.pattern)}))")
            self.depends_on.append(pattern_key(condition.pattern))
        elif kind is dsl.LacksPattern:
            self.patterns.append(f"(not (pattern (id {_symbol(condition.pattern)})))")
        elif kind is dsl.HasRedFlag:
            rule_var = self.var("flagrule")
            which = _symbol(condition.red_flag) if condition.red_flag is not None else self.var("flag")
            self.patterns.append(f"(red-flag (id {which}) (rule {rule_var}))")
            self.depends_on.append(rule_var)
        elif kind is dsl.NoRedFlag:
            self.patterns.append("(not (red-flag))")
        elif kind is dsl.Supported:
            v = self.var("certainty")
            self.patterns.append(f"(hypothesis (condition {_symbol(condition.condition)}) "
                                 f"(certainty {v}&:(>= {v} {_float(condition.threshold)})))")
        elif kind is dsl.NotSupported:
            v = self.var("certainty")
            self.patterns.append(f"(not (hypothesis (condition {_symbol(condition.condition)}) "
                                 f"(certainty {v}&:(>= {v} {_float(condition.threshold)}))))")
        elif kind is dsl.NoUrgencyClaim:
            self.patterns.append("(not (urgency-claim))")
        elif kind is dsl.FitIs:
            self.patterns.append(f"(fit (status {_symbol(condition.status)}))")
        elif kind is dsl.TriageIs:
            self.patterns.append(f"(triage (level {_symbol(condition.level)}))")
        elif kind is dsl.AgeInRange:
            v = self.var("age")
            self.patterns.append(f"(person (age {v}&:(integerp {v})&:(>= {v} {int(condition.minimum)})"
                                 f"&:(< {v} {int(condition.below)})))")
        elif kind is dsl.SexIs:
            self.patterns.append(f"(person (sex {_symbol(condition.sex)}))")
        elif kind is dsl.AnyPresentation:
            self.patterns.append("(person)")
        else:
            raise UnsupportedRule(f"no CLIPS translation for the condition {kind.__name__}: {condition!r}")


def pattern_key(pattern_id: str) -> str:
    return f"pattern/{_symbol(pattern_id)}"


def _rhs(defined: dsl.KnowledgeRule) -> list[str]:
    rule_id = _symbol(defined.id)
    actions = []
    for conclusion in defined.then:
        kind = type(conclusion)
        if kind is dsl.ConcludePattern:
            actions.append(f"(assert (pattern (id {_symbol(conclusion.pattern)})))")
            actions.append(f"(assert (depends (key {pattern_key(conclusion.pattern)}) (on {rule_id})))")
        elif kind is dsl.RaiseRedFlag:
            actions.append(f"(assert (red-flag (id {_symbol(conclusion.red_flag)}) (rule {rule_id})))")
        elif kind is dsl.Weigh:
            actions.append(f"(assert (evidence (condition {_symbol(conclusion.condition)}) "
                           f"(cf {_float(conclusion.cf)}) (rule {rule_id})))")
        elif kind is dsl.ConsiderCause:
            actions.append(f"(assert (consider (cause {_symbol(conclusion.cause)}) (rule {rule_id})))")
        elif kind is dsl.ClaimUrgency:
            actions.append(f"(assert (urgency-claim (level {_symbol(conclusion.level)}) (because {rule_id})))")
        elif kind is dsl.Recommend:
            actions.append(f"(assert (recommendation (action {_symbol(conclusion.action)}) "
                           f"(serves {_string(conclusion.serves)}) (rule {rule_id})))")
        else:
            raise UnsupportedRule(f"no CLIPS translation for the conclusion {kind.__name__}: {conclusion!r}")
    return actions


def compile_rule(defined: dsl.KnowledgeRule, order_number: int = 0, order: str = "legwise") -> list[str]:
    """The constructs for one knowledge rule: a defrule per disjunct of its
    ``when`` (and, in an ordered layer, the deffunction that fires it)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    terms: list[list[dsl.Clause]] = [[]]
    for condition in defined.when:
        terms = [a + b for a in terms for b in disjuncts(condition)]
    conclusions = _rhs(defined)
    keeps_provenance = defined.layer in PROVENANCE_LAYERS
    ordered = order == "legwise" and defined.layer in ORDERED_LAYERS
    out = []
    if ordered:
        out.append(f"(deffunction fire--{_symbol(defined.id)} ()\n  " + "\n  ".join(conclusions) + ")")
    for number, term in enumerate(terms):
        lhs = _Lhs()
        for leaf in term:
            lhs.add(leaf)
        if ordered:
            # experta prepends its InitialFact (id 0) to a disjunct that opens with a negation
            ids = (["0"] if lhs.patterns[0].startswith("(not ") else []) + [f"(fact-index {a})" for a in lhs.addresses]
            actions = [f"(assert (pending (layer {defined.layer}) (rule {_symbol(defined.id)}) "
                       f"(order {order_number}) (recency (recency-key {' '.join(ids)}))))"]
            salience = record_salience(defined.layer)
        else:
            actions = list(conclusions)
            salience = defined.salience
        if keeps_provenance:
            rule_id = _symbol(defined.id)
            actions += [f"(assert (rests-on (key {rule_id}) (finding {f})))" for f in dict.fromkeys(lhs.rests_on)]
            actions += [f"(assert (depends (key {rule_id}) (on {k})))" for k in dict.fromkeys(lhs.depends_on)]
        name = f"{_symbol(defined.id)}--{number}"
        out.append(f"(defrule {name}\n  (declare (salience {salience}))\n  "
                   + "\n  ".join(lhs.patterns) + "\n  =>\n  " + "\n  ".join(actions) + ")")
    return out


# What a run concluded, as one flat list of plain values (read with
# ``env.eval("(legwise-report)")``): clipspy's fact objects keep the facts they
# wrap from being freed, which leaks and slows every later run.
REPORT = """
(deffunction legwise-report ()
  (bind ?o (create$))
  (do-for-all-facts ((?f pattern)) TRUE (bind ?o (create$ ?o pattern 1 ?f:id)))
  (do-for-all-facts ((?f red-flag)) TRUE (bind ?o (create$ ?o red-flag 2 ?f:id ?f:rule)))
  (do-for-all-facts ((?f evidence)) TRUE (bind ?o (create$ ?o evidence 3 ?f:rule ?f:condition ?f:cf)))
  (do-for-all-facts ((?f hypothesis)) TRUE (bind ?o (create$ ?o hypothesis 2 ?f:condition ?f:certainty)))
  (do-for-all-facts ((?f consider)) TRUE (bind ?o (create$ ?o consider 2 ?f:cause ?f:rule)))
  (do-for-all-facts ((?f fit)) TRUE
    (bind ?o (create$ ?o fit (+ 1 (length$ ?f:unexplained)) ?f:status ?f:unexplained)))
  (do-for-all-facts ((?f urgency-claim)) TRUE (bind ?o (create$ ?o urgency-claim 2 ?f:level ?f:because)))
  (do-for-all-facts ((?f triage)) TRUE
    (bind ?o (create$ ?o triage (+ 1 (length$ ?f:because)) ?f:level ?f:because)))
  (do-for-all-facts ((?f recommendation)) TRUE
    (bind ?o (create$ ?o recommendation 3 ?f:action ?f:serves ?f:rule)))
  ?o)
"""


# The input facts in the order ``TracedEngine.infer`` declares them (the
# person, then the findings sorted by id), from plain arguments:
# (legwise-input <age> <sex> <finding> <TRUE|FALSE> ...). Called through
# clipspy's function objects this parses nothing, and unlike clipspy's
# ``Template.assert_fact`` it leaks nothing (that slows every later run).
INPUT = """
(deffunction legwise-input (?age ?sex $?findings)
  (assert (person (age ?age) (sex ?sex)))
  (loop-for-count (?i 1 (div (length$ ?findings) 2))
    (assert (finding (id (nth$ (- (* 2 ?i) 1) ?findings)) (present (nth$ (* 2 ?i) ?findings)))))
  TRUE)
"""


def dispatchers() -> list[str]:
    """One dispatcher per ordered layer. A token fact, taken and put back at
    every dispatch, gives each dispatcher one activation at a time (an
    activation per pending fact would be spent on whichever pending fact it
    matched, not the one dispatched)."""
    return ["(deftemplate dispatch-token)", "(deffacts clips-dispatch (dispatch-token))"] + [
        f"(defrule clips.dispatch.{layer}\n  (declare (salience {dispatch_salience(layer)}))\n"
        f"  ?token <- (dispatch-token)\n  (exists (pending (layer {layer})))\n  =>\n"
        f"  (retract ?token)\n  (dispatch {layer})\n  (assert (dispatch-token)))" for layer in ORDERED_LAYERS]


def machinery() -> list[str]:
    """Deffunctions and the machinery's defrules, as separate constructs."""
    scale = 10 ** PRECISION
    functions = (FUNCTIONS.replace("TWICE", _float(2.0 * scale)).replace("SCALE", _float(float(scale)))
                 .replace("LEVELS", " ".join(TRIAGE_LEVELS)))
    claims = "\n".join(
        f"(defrule engine.urgency.condition--{_symbol(cid)}\n  (declare (salience {LAYER['urgency']}))\n"
        f"  (hypothesis (condition {_symbol(cid)}) (certainty ?x&:(>= ?x {_float(REASONABLY_SUPPORTED)})))\n"
        f"  =>\n  (assert (urgency-claim (level {_symbol(c.urgency)}) (because {_symbol(cid)}))))"
        for cid, c in sorted(CONDITIONS.items()) if c.urgency != "self_care")  # claims_by_default
    rules_text = (MACHINERY.replace("CONDITION_URGENCY", claims)
                  .replace("COMBINE", str(LAYER["combine"])).replace("CLOSURE", str(CLOSURE_SALIENCE))
                  .replace("EXPLAINED", str(EXPLAINED_SALIENCE)).replace("FIT", str(LAYER["fit"]))
                  .replace("URGENCY", str(LAYER["urgency"])).replace("TRIAGE", str(LAYER["triage"]))
                  .replace("SUPPORTED", _float(REASONABLY_SUPPORTED))
                  .replace("CONTEXT", " ".join(sorted(_symbol(f) for f in CONTEXT_FINDINGS)))
                  .replace("LEVELS", " ".join(TRIAGE_LEVELS)))
    return [TEMPLATES, functions, INPUT, REPORT, rules_text]


def compile_knowledge_base(knowledge_rules: Iterable[dsl.KnowledgeRule], order: str = "legwise") -> str:
    """The whole CLIPS program: templates, machinery, every knowledge rule
    (numbered in order, as ``build_engine_class`` does)."""
    parts = machinery() + (dispatchers() if order == "legwise" else [])
    for number, defined in enumerate(knowledge_rules):
        parts.extend(compile_rule(defined, number, order))
    return "\n\n".join(parts)

