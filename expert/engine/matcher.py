"""experta's RETE matcher with an indexed alpha network.

experta builds its alpha network as a tree of one-test nodes: a ``Finding``
fact is tested in turn against every ``id == ...`` node under the Finding type
node, about a hundred of them. ``IndexedReteMatcher`` builds the same network
and then replaces each run of sibling literal tests on one field (and the
type tests under the root) with a single node that looks the value up in a
dict and passes the token only to the siblings whose test can succeed. Those
siblings still run their own test, so matching is exactly experta's; only
tests that must fail are skipped.

``changes`` and ``reset`` skip the nodes with nothing to do.
"""
from __future__ import annotations

from collections import defaultdict

from expert.engine.experta_import import experta  # noqa: F401 (first: makes experta importable)

from experta.fieldconstraint import L, P
from experta.matchers import ReteMatcher
from experta.matchers.rete.abstract import Node
from experta.matchers.rete.check import FeatureCheck, TypeCheck
from experta.matchers.rete.mixins import ChildNode, NoMemory
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode

from expert.engine.compiler import OneOf

MIN_SIBLINGS_TO_INDEX = 3


class _IndexNode(NoMemory, Node):
    """Dispatches a one-fact token to the children that can match it."""

    def __init__(self, selector, by_key: dict, children: list):
        super().__init__()
        self.selector = selector
        self.by_key = dict(by_key)
        self.children = list(children)  # for experta's reset and traversal

    def add_child(self, node, callback):  # pragma: no cover - never extended after build
        raise TypeError("an index node is built whole")

    def activate(self, token):
        (fact,) = token.data
        try:
            targets = self.by_key.get(self.selector(fact), ())
        except (KeyError, TypeError):  # field missing, or an unhashable value: test them all
            targets = self.children
        for child in targets:
            child.callback(token)


def _literal_key(child):
    """What a child tests, if it is a plain test the index can serve."""
    node = child.node
    if not isinstance(node, FeatureTesterNode) or child.callback != node.activate:
        return None
    check = node.matcher
    if isinstance(check, TypeCheck):
        return ("type", None), (check.fact_type,)
    if not (isinstance(check, FeatureCheck) and check.how.__bind__ is None
            and isinstance(check.what, str) and "__" not in check.what):
        return None
    if isinstance(check.how, L):
        try:
            hash(check.how.value)
        except TypeError:
            return None
        return ("field", check.what), (check.how.value,)
    if isinstance(check.how, P) and isinstance(check.how.match, OneOf):
        return ("field", check.what), tuple(sorted(check.how.match.values))
    return None


def _selector(kind):
    if kind[0] == "type":
        return type
    field = kind[1]
    return lambda fact: fact[field]


def index_alpha_network(node, seen=None) -> None:
    """Replace runs of sibling literal tests under ``node`` with index nodes."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, _IndexNode):  # its children are the grouped tests themselves
        for child in node.children:
            index_alpha_network(child.node, seen)
        return
    groups: dict = defaultdict(list)
    for child in node.children:
        key = _literal_key(child)
        if key is not None:
            groups[key[0]].append((key[1], child))
    for kind, members in groups.items():
        if len(members) < MIN_SIBLINGS_TO_INDEX:
            continue
        by_value: dict = defaultdict(list)
        for values, child in members:
            for value in values:
                by_value[value].append(child)
        grouped = [child for _, child in members]
        index = _IndexNode(_selector(kind), by_value, grouped)
        node.children = [c for c in node.children if c not in grouped] + [ChildNode(index, index.activate)]
    for child in node.children:
        index_alpha_network(child.node, seen)


def _all_nodes(root) -> list:
    found, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        stack.extend(child.node for child in node.children)
    return found


def _recording(callback, node, *registries):
    def record(token):
        callback(token)
        for registry in registries:
            registry[id(node)] = node
    return record


def record_memory_changes(root, touched: dict, pending: dict) -> None:
    """Route every token into a node with a memory through a recorder, so the
    matcher knows which nodes to forget on reset (``touched``) and which
    conflict-set nodes have activations to report (``pending``) without
    visiting them all."""
    for node in _all_nodes(root):
        rewired = []
        for child in node.children:
            if isinstance(child.node, ConflictSetNode):
                child = ChildNode(child.node, _recording(child.callback, child.node, touched, pending))
            elif not isinstance(child.node, NoMemory):
                child = ChildNode(child.node, _recording(child.callback, child.node, touched))
            rewired.append(child)
        node.children = rewired


class IndexedReteMatcher(ReteMatcher):
    """experta's ReteMatcher with an indexed alpha network (see module doc).

    ``changes`` and ``reset`` do what experta's do, but visit only the nodes
    that can have something to report or to forget: conflict-set nodes with
    pending activations, and memory nodes that received a token since the
    last reset.
    """

    def build_network(self):
        super().build_network()
        index_alpha_network(self.root_node)
        self._touched: dict = {}
        self._pending: dict = {}
        record_memory_changes(self.root_node, self._touched, self._pending)

    def reset(self):
        for node in self._pending.values():  # e.g. left over by a run that was stopped
            node.get_activations()
        self._pending.clear()
        for node in self._touched.values():
            node._reset()
        self._touched.clear()

    def changes(self, adding=None, deleting=None):
        for fact in deleting or ():
            self.root_node.remove(fact)
        for fact in adding or ():
            self.root_node.add(fact)
        added, removed = [], []
        nodes = list(self._pending.values())
        self._pending.clear()
        for node in nodes:
            node_added, node_removed = node.get_activations()
            added.extend(node_added)
            removed.extend(node_removed)
        return added, removed
