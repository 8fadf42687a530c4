"""The derivation of the major conclusions, drawn as a layered diagram.

Built from HOW trees: input findings on the left, then clinical patterns, red
flags, conditions (with their certainty) and the triage on the right. Evidence
and urgency-claim facts are drawn as the edges they are: an edge from a
finding to a condition is a rule that weighed it (solid for, dashed against),
labelled (as a tooltip) with the rules behind it. The layout is computed here,
deterministically; the HTML template draws it as inline SVG and the Markdown
report as a Mermaid flowchart.
"""
from __future__ import annotations

import textwrap
from typing import Literal

from expert.explanations.how import HowNode, HowTree
from expert.explanations.rule_refs import ExplanationModel, label
from facts.vocabulary import FINDINGS

_VISIBLE = {"finding": 0, "person": 0, "pattern": 1, "red_flag": 2, "hypothesis": 3, "triage": 4}
_COLUMN_TITLES = {0: "Findings", 1: "Patterns", 2: "Red flags", 3: "Conditions", 4: "Triage"}
_WRAP = 26
_CHAR = 6.6  # px per character at the diagram's font size, generously
_LINE = 15
_PAD = 8
_GAP_Y = 12
_GAP_X = 64
_TOP = 28
_ARROW = 7
_WAYPOINT = 4


class DiagramNode(ExplanationModel):
    key: str
    kind: str
    label: str
    detail: str
    tone: str
    lines: list[str]
    column: int
    x: float
    y: float
    width: float
    height: float


class DiagramEdge(ExplanationModel):
    source: str
    target: str
    polarity: Literal["for", "against", "neutral"]
    rules: list[str]
    path: str
    arrow: str
    """The arrowhead, as polygon points (no SVG markers: nothing to reference)."""


class DiagramColumn(ExplanationModel):
    title: str
    x: float


class Diagram(ExplanationModel):
    width: float
    height: float
    columns: list[DiagramColumn]
    nodes: list[DiagramNode]
    edges: list[DiagramEdge]

    def mermaid(self) -> str:
        """The same graph as a Mermaid flowchart (rendered by GitHub, GitLab...)."""
        names = {node.key: f"n{i}" for i, node in enumerate(self.nodes)}
        lines = ["flowchart LR"]
        for node in self.nodes:
            text = _mermaid_text(node.label + (f" ({node.detail})" if node.detail else ""))
            lines.append(f'  {names[node.key]}["{text}"]:::{node.tone}')
        for edge in self.edges:
            arrow = "-.->" if edge.polarity == "against" else "-->"
            lines.append(f"  {names[edge.source]} {arrow} {names[edge.target]}")
        for tone, style in _MERMAID_STYLES.items():
            lines.append(f"  classDef {tone} {style}")
        return "\n".join(lines)


_MERMAID_STYLES = {  # every class names its text colour: no theme's default is relied on
    "present": "fill:#ffffff,stroke:#37474f,color:#1f2933",
    "absent": "fill:#eceff1,stroke:#607d8b,color:#455a64",
    "person": "fill:#ffffff,stroke:#37474f,color:#1f2933",
    "pattern": "fill:#ede7f6,stroke:#5e35b1,color:#1f2933",
    "red_flag": "fill:#ffebee,stroke:#c62828,color:#1f2933",
    "condition": "fill:#e3f2fd,stroke:#1565c0,color:#1f2933",
    "triage_emergency": "fill:#c62828,color:#ffffff", "triage_urgent": "fill:#f9a825,color:#1f2933",
    "triage_routine": "fill:#4fc3f7,color:#1f2933", "triage_self_care": "fill:#81c784,color:#1f2933",
}


def _mermaid_text(text: str) -> str:
    for raw, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(raw, code)
    return text


def _node_key(node: HowNode) -> str:
    kind = "condition" if node.kind == "hypothesis" else node.kind
    return f"{kind}:{node.subject}"


def _describe(node: HowNode) -> tuple[str, str, str]:
    """label, detail, tone"""
    if node.kind == "finding":
        present = node.data["present"]
        return label(node.subject), "present" if present else "absent", "present" if present else "absent"
    if node.kind == "person":
        age = node.data.get("age")
        sex = node.data.get("sex")
        return "The person", f"age {age if age is not None else 'unknown'}, {sex or 'sex unknown'}", "person"
    if node.kind == "pattern":
        return label(node.subject), "pattern", "pattern"
    if node.kind == "red_flag":
        return label(node.subject), "red flag", "red_flag"
    if node.kind == "hypothesis":
        return label(node.subject), f"certainty {node.data['certainty']:.2f}", "condition"
    return "Triage", node.subject.replace("_", " "), f"triage_{node.subject}"


class _Graph:
    def __init__(self):
        self.nodes: dict[str, tuple[str, str, str, str]] = {}  # key -> kind, label, detail, tone
        self.edges: dict[tuple[str, str], dict] = {}

    def visit(self, node: HowNode, seen: set) -> str:
        key = _node_key(node)
        if key not in self.nodes:
            self.nodes[key] = (node.kind, *_describe(node))
        if node.ref in seen:
            return key
        seen.add(node.ref)
        for step in node.derivations:
            for premise in step.premises:
                for source, polarity, rule in self.sources(premise, step.rule, "neutral", seen):
                    edge = self.edges.setdefault((source, key), {"polarity": polarity, "rules": set()})
                    edge["rules"].add(rule)
                    if edge["polarity"] != polarity:
                        edge["polarity"] = "neutral"
        return key

    def sources(self, node: HowNode, rule: str, polarity: str, seen: set):
        """The visible facts behind a premise (evidence and urgency claims
        are looked through), with the rule and polarity of the link."""
        if node.kind in _VISIBLE:
            yield self.visit(node, seen), polarity, rule
            return
        if node.kind == "evidence":
            polarity = "for" if node.data["cf"] > 0 else "against"
        for step in node.derivations:
            for premise in step.premises:
                yield from self.sources(premise, step.rule if node.kind == "evidence" else rule, polarity, seen)


def build_diagram(trees: list[HowTree]) -> Diagram:
    graph = _Graph()
    for tree in trees:
        seen: set = set()
        for root in tree.roots:
            graph.visit(root, seen)
    return _layout(graph)


def _columns(graph: _Graph) -> dict[str, int]:
    """Column per node: by kind, with chained patterns in successive columns."""
    depth: dict[str, int] = {}

    def pattern_depth(key: str, trail: frozenset = frozenset()) -> int:
        if key not in depth:
            parents = [s for (s, t) in graph.edges if t == key and graph.nodes[s][0] == "pattern"
                       and s not in trail]
            depth[key] = 1 + max((pattern_depth(p, trail | {key}) for p in parents), default=-1)
        return depth[key]

    raw = {key: (_VISIBLE[kind], pattern_depth(key) if kind == "pattern" else 0)
           for key, (kind, *_) in graph.nodes.items()}
    ranks = {value: i for i, value in enumerate(sorted(set(raw.values())))}
    return {key: ranks[value] for key, value in raw.items()}


def _initial_order(key: str, graph: _Graph) -> tuple:
    kind, _, detail, _ = graph.nodes[key]
    order = {f: i for i, f in enumerate(FINDINGS)}
    subject = key.split(":", 1)[1]
    return (kind == "person", detail == "absent", order.get(subject, 0), key)


def _layout(graph: _Graph) -> Diagram:
    column_of = _columns(graph)
    count = max(column_of.values(), default=-1) + 1
    # An edge that skips columns passes through a waypoint in each column it
    # crosses, laid out like a small node, so it runs between boxes, not under them.
    links: list[tuple[str, str]] = []
    routes: dict[tuple[str, str], list[str]] = {}
    for source, target in graph.edges:
        first, last = column_of[source], column_of[target]
        waypoints = [f"~{source}>{target}@{c}" for c in range(first + 1, last)]
        for c, point in zip(range(first + 1, last), waypoints):
            column_of[point] = c
        chain = [source, *waypoints, target]
        links.extend(zip(chain, chain[1:]))
        routes[(source, target)] = waypoints

    def initial(key: str) -> tuple:
        return (1, key) if key.startswith("~") else (0, *_initial_order(key, graph))

    columns = [sorted((k for k, c in column_of.items() if c == i), key=initial) for i in range(count)]
    position = {k: i for col in columns for i, k in enumerate(col)}
    sources_of: dict[str, list[str]] = {}
    targets_of: dict[str, list[str]] = {}
    for a, b in links:
        targets_of.setdefault(a, []).append(b)
        sources_of.setdefault(b, []).append(a)

    def barycentre(key: str, neighbours: dict) -> float:
        found = [position[n] for n in neighbours.get(key, ())]
        return sum(found) / len(found) if found else float(position[key])

    # Reduce crossings: order each column by the mean place of its neighbours.
    for sweep in (range(1, count), range(count - 2, -1, -1), range(1, count), range(count - 2, -1, -1)):
        neighbours = sources_of if sweep.step > 0 else targets_of
        for i in sweep:
            columns[i].sort(key=lambda k: (barycentre(k, neighbours), initial(k)))
            position.update({k: j for j, k in enumerate(columns[i])})

    boxes: dict[str, dict] = {}
    x = float(_PAD)
    column_models = []
    heights = []
    for i, keys in enumerate(columns):
        real = [k for k in keys if not k.startswith("~")]
        wrapped = {k: textwrap.wrap(graph.nodes[k][1], _WRAP) or [""] for k in real}
        longest = max([len(line) for k in real for line in wrapped[k] + [graph.nodes[k][2]]] + [12])
        width = longest * _CHAR + 2 * _PAD
        y = 0.0
        for k in keys:
            lines = wrapped.get(k, [])
            height = (len(lines) + (1 if graph.nodes[k][2] else 0)) * _LINE + 2 * _PAD if lines else _WAYPOINT
            boxes[k] = {"column": i, "x": x, "y": y, "width": width, "height": height, "lines": lines}
            y += height + (_GAP_Y if lines else _GAP_Y / 2)
        heights.append(max(y - _GAP_Y, 0.0))
        title = _COLUMN_TITLES[_VISIBLE[graph.nodes[real[0]][0]]] if real else ""
        column_models.append(DiagramColumn(title=title, x=x))
        x += width + _GAP_X
    total = max(heights, default=0.0)
    for i, keys in enumerate(columns):  # centre each column vertically
        offset = _TOP + (total - heights[i]) / 2
        for k in keys:
            boxes[k]["y"] += offset

    nodes = []
    for keys in columns:
        for k in keys:
            if k.startswith("~"):
                continue
            kind, text, detail, tone = graph.nodes[k]
            box = boxes[k]
            nodes.append(DiagramNode(key=k, kind="condition" if kind == "hypothesis" else kind, label=text,
                                     detail=detail, tone=tone, lines=box["lines"], column=box["column"],
                                     x=round(box["x"], 1), y=round(box["y"], 1), width=round(box["width"], 1),
                                     height=round(box["height"], 1)))
    edges = []
    for (source, target), data in sorted(graph.edges.items(), key=lambda item: (
            column_of[item[0][0]], position[item[0][0]], column_of[item[0][1]], position[item[0][1]])):
        path, arrow = _route([boxes[source], *[boxes[w] for w in routes[(source, target)]], boxes[target]])
        edges.append(DiagramEdge(source=source, target=target, polarity=data["polarity"],
                                 rules=sorted(data["rules"]), path=path, arrow=arrow))
    width = round(x - _GAP_X + _PAD, 1) if columns else 0.0
    return Diagram(width=width, height=round(total + _TOP + _PAD, 1), columns=column_models, nodes=nodes,
                   edges=edges)


def _route(boxes: list[dict]) -> tuple[str, str]:
    """An SVG path from the first box's right side to the last box's left
    side, running straight across each waypoint, and its arrowhead."""
    def middle(box):
        return box["y"] + box["height"] / 2

    first, last = boxes[0], boxes[-1]
    x, y = first["x"] + first["width"], middle(first)
    parts = [f"M {x:.1f} {y:.1f}"]
    for box in boxes[1:-1]:
        nx, ny = box["x"], middle(box)
        bend = max((nx - x) / 2, 16)
        parts.append(f"C {x + bend:.1f} {y:.1f}, {nx - bend:.1f} {ny:.1f}, {nx:.1f} {ny:.1f}")
        x, y = nx + box["width"], ny
        parts.append(f"L {x:.1f} {y:.1f}")
    x2, y2 = last["x"], middle(last)
    end = x2 - _ARROW
    bend = max((end - x) / 2, 24)
    parts.append(f"C {x + bend:.1f} {y:.1f}, {end - bend:.1f} {y2:.1f}, {end:.1f} {y2:.1f}")
    arrow = f"{x2:.1f},{y2:.1f} {end:.1f},{y2 - 4:.1f} {end:.1f},{y2 + 4:.1f}"
    return " ".join(parts), arrow


__all__ = ["Diagram", "DiagramColumn", "DiagramEdge", "DiagramNode", "build_diagram"]
