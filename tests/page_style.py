"""What colour each piece of text in a generated HTML page is drawn in, and on
what: a WCAG 2.2 contrast helper, and just enough CSS (the subset the report
and rule book templates use) to work it out from the page itself.

* ``contrast(a, b)``: the WCAG contrast ratio of two colours, from their
  relative luminance (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance).
* ``Stylesheet``: the page's inline ``<style>``, parsed into rules (selector
  lists of tag/class/id/pseudo compounds joined by descendant combinators;
  ``var(--x)`` resolved from ``:root``; ``@media`` blocks kept or dropped for a
  medium and viewport width), with a cascade by specificity then order, and
  inheritance of ``color`` and ``fill``.
* ``Page``: the element tree of an HTML page (with its inline SVG), so each
  element that shows text can be paired with the colour behind it: the
  nearest ancestor with a background in HTML; in SVG, the shape (``rect``)
  drawn before the text in the same group.

Anything outside that subset (a combinator other than descendant, a colour
that is not a hex code or a keyword listed here) raises, so the checks built
on it cannot pass by not understanding a stylesheet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source", "track", "embed"}
INHERITED = {"color", "fill"}
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
KEYWORDS = {"white": WHITE, "black": BLACK}
NOT_A_COLOUR = {"none", "transparent"}


# -- colour -------------------------------------------------------------------

def parse_colour(value: str) -> tuple[int, int, int] | None:
    """``#rgb`` or ``#rrggbb`` (or white/black); None for none/transparent."""
    value = value.strip().lower()
    if value in NOT_A_COLOUR:
        return None
    if value in KEYWORDS:
        return KEYWORDS[value]
    match = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value)
    if not match:
        match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)", value)
        if match:  # a browser's computed value
            if match.group(4) is not None and float(match.group(4)) == 0:
                return None
            return tuple(int(match.group(i)) for i in (1, 2, 3))
        raise ValueError(f"not a colour this helper reads: {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))


def relative_luminance(colour) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour (hex text or an RGB tuple)."""
    rgb = parse_colour(colour) if isinstance(colour, str) else colour
    linear = []
    for channel in rgb:
        c = channel / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = linear
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio, 1 to 21, of two colours in either order."""
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def hex_of(rgb) -> str:
    return "#%02x%02x%02x" % tuple(rgb)


# -- CSS ----------------------------------------------------------------------

@dataclass(frozen=True)
class Compound:
    tag: str | None
    classes: frozenset
    id: str | None
    states: frozenset  # pseudo-classes, pseudo-elements and [attribute] tests, as written

    @property
    def specificity(self) -> tuple[int, int, int]:
        pseudo_elements = sum(1 for s in self.states if s.startswith("::"))
        others = len(self.states) - pseudo_elements
        return (1 if self.id else 0, len(self.classes) + others, (1 if self.tag else 0) + pseudo_elements)


_COMPOUND = re.compile(r"(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?)*)")
_PART = re.compile(r"[.#][\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?")


def parse_selector(selector: str) -> list[tuple[str, Compound]]:
    """(combinator, compound) pairs, outermost first; the combinator joins a
    compound to the one before it: " " (descendant) or ">" (child)."""
    bare = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", selector)
    if re.search(r"[+~]", bare):
        raise ValueError(f"combinator this helper does not read: {selector!r}")
    parts, combinator = [], " "
    for text in re.split(r"\s*(>)\s*|\s+", selector.strip()):
        if not text:
            continue
        if text == ">":
            combinator = ">"
            continue
        match = _COMPOUND.fullmatch(text)
        if not match:
            raise ValueError(f"selector this helper does not read: {selector!r}")
        pieces = _PART.findall(match.group("rest"))
        tag = match.group("tag")
        parts.append((combinator, Compound(
            tag=None if tag in (None, "*") else tag.lower(),
            classes=frozenset(p[1:] for p in pieces if p.startswith(".")),
            id=next((p[1:] for p in pieces if p.startswith("#")), None),
            states=frozenset(p for p in pieces if p[0] in ":["))))
        combinator = " "
    if not parts:
        raise ValueError(f"empty selector: {selector!r}")
    return parts


@dataclass(frozen=True)
class Rule:
    selector: str
    compounds: tuple
    declarations: dict
    order: int
    media: str | None

    @property
    def specificity(self):
        return tuple(map(sum, zip(*(c.specificity for _, c in self.compounds))))


@dataclass
class Element:
    tag: str
    classes: frozenset = frozenset()
    id: str | None = None
    states: frozenset = frozenset()
    attributes: dict = field(default_factory=dict)
    parent: "Element | None" = None
    children: list = field(default_factory=list)
    text: str = ""  # its own text, not its children's

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def chain(self) -> list["Element"]:
        return [self, *self.ancestors()][::-1]


def _matches(compound: Compound, element: Element) -> bool:
    return ((compound.tag is None or compound.tag == element.tag) and compound.classes <= element.classes
            and (compound.id is None or compound.id == element.id) and compound.states <= element.states)


def selector_matches(compounds, element: Element) -> bool:
    """Whether an element matches a parsed selector (descendant and child combinators)."""
    def from_(i: int, node: Element) -> bool:
        combinator, compound = compounds[i]
        if not _matches(compound, node):
            return False
        if i == 0:
            return True
        if combinator == ">":
            return node.parent is not None and from_(i - 1, node.parent)
        return any(from_(i - 1, ancestor) for ancestor in node.ancestors())

    return from_(len(compounds) - 1, element)


def _blocks(css: str):
    """(prelude, body) pairs at the top level of a stylesheet."""
    depth, prelude_start, body_start = 0, 0, 0
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, body_start = css[prelude_start:i], i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield prelude.strip(), css[body_start:i]
                prelude_start = i + 1
            elif depth < 0:
                raise ValueError("unbalanced } in stylesheet")
    if depth != 0 or css[prelude_start:].strip():
        raise ValueError("stylesheet does not end after a block")


class Stylesheet:
    """Rules in effect for one medium ("screen" or "print") at one viewport width (px)."""

    def __init__(self, css: str, medium: str = "screen", width: int = 1280):
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        self.medium, self.width = medium, width
        self.rules: list[Rule] = []
        self.variables: dict[str, str] = {}
        self._read(css, None)
        for rule in self.rules:
            for name, value in list(rule.declarations.items()):
                rule.declarations[name] = self._resolve(value)

    def _resolve(self, value: str) -> str:
        for _ in range(10):
            replaced = re.sub(r"var\((--[\w-]+)\)", lambda m: self.variables[m.group(1)], value)
            if replaced == value:
                return value
            value = replaced
        raise ValueError(f"var() loop in {value!r}")

    def media_applies(self, query: str) -> bool:
        query = query.strip().lower()
        if query in ("print", "screen", "all"):
            return query in (self.medium, "all")
        match = re.fullmatch(r"(screen|print|all)\s+and\s+\((max|min)-width:\s*([\d.]+)(rem|px)\)", query)
        if not match:
            raise ValueError(f"media query this helper does not read: {query!r}")
        medium, bound, number, unit = match.groups()
        limit = float(number) * (16 if unit == "rem" else 1)  # rem in a media query: the initial 16px
        fits = self.width <= limit if bound == "max" else self.width >= limit
        return medium in (self.medium, "all") and fits

    def _read(self, css: str, media: str | None) -> None:
        for prelude, body in _blocks(css):
            if prelude.startswith("@media"):
                query = prelude[len("@media"):]
                if self.media_applies(query):
                    self._read(body, query.strip())
                continue
            if prelude.startswith("@"):
                continue  # @page: page margins, no colours
            declarations = {}
            for declaration in body.split(";"):
                if ":" in declaration:
                    name, value = declaration.split(":", 1)
                    declarations[name.strip().lower()] = value.strip()
            for selector in prelude.split(","):
                selector = selector.strip()
                if selector == ":root":
                    self.variables.update({k: v for k, v in declarations.items() if k.startswith("--")})
                    continue
                self.rules.append(Rule(selector, tuple(parse_selector(selector)), dict(declarations),
                                       len(self.rules), media))

    def declared(self, element: Element, name: str) -> str | None:
        best = None
        for rule in self.rules:
            if name in rule.declarations and selector_matches(rule.compounds, element):
                key = (rule.specificity, rule.order)
                if best is None or key >= best[0]:
                    best = (key, rule.declarations[name])
        return best[1] if best else None

    def computed(self, element: Element, name: str):
        """An inherited colour property (color, fill), as an RGB tuple."""
        value = self.declared(element, name)
        if value is None or value in ("inherit", "currentcolor"):
            if element.parent is None:
                return BLACK  # the initial value of color and fill
            return self.computed(element.parent, name)
        return parse_colour(value)

    def own_background(self, element: Element):
        for name in ("background-color", "background"):
            value = self.declared(element, name)
            if value is not None:
                found = re.search(r"#[0-9a-fA-F]{3,6}\b|\b(white|black|none|transparent)\b", value)
                if not found:
                    raise ValueError(f"background this helper does not read: {value!r}")
                return parse_colour(found.group(0))
        return None

    def backdrop(self, element: Element):
        """The colour text in this element is drawn on."""
        in_svg = [n for n in element.chain() if n.tag == "svg"]
        if in_svg:
            for node in [element, *element.ancestors()]:
                if node.tag == "svg":
                    break
                shapes = [c for c in node.children if c.tag == "rect"]
                if shapes and node is not element:
                    fill = self.computed(shapes[0], "fill")
                    if fill is not None:
                        return fill
            element = in_svg[0]
        for node in [element, *element.ancestors()]:
            colour = self.own_background(node)
            if colour is not None:
                return colour
        return WHITE  # the canvas

    def text_colour(self, element: Element):
        in_svg = any(n.tag == "svg" for n in element.chain())
        return self.computed(element, "fill" if in_svg else "color")


# -- HTML ---------------------------------------------------------------------

class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        element = Element(tag, frozenset(attributes.get("class", "").split()), attributes.get("id"),
                          frozenset(f"[{name}]" for name in attributes), attributes, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        if self.current.tag == "style":
            self.styles.append(data)
        self.current.text += data


class Page:
    def __init__(self, html: str):
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.root = builder.root
        self.css = "".join(builder.styles)

    def elements(self, node: Element | None = None):
        for child in (node or self.root).children:
            yield child
            yield from self.elements(child)

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements() if e.tag == tag]

    def text_elements(self):
        """Elements with text of their own that is drawn on the page (not the
        head, a style sheet or an SVG tooltip)."""
        for element in self.elements():
            names = {n.tag for n in element.chain()}
            if element.text.strip() and not names & {"head", "style", "title", "script"}:
                yield element

    def stylesheet(self, medium: str = "screen", width: int = 1280) -> Stylesheet:
        return Stylesheet(self.css, medium, width)


def synthetic(compounds, page: Page | None = None) -> Element:
    """An element matching a selector, inside html and body: so a rule can be
    checked even where no generated page uses it today. A compound without a
    tag takes the tag of the page's first element it matches (a tspan, an
    SVG group...), and a node like one of the page's that holds a shape
    (an SVG group with its rect) gets that shape too, so text finds what it
    is drawn on; an SVG group no page draws yet is given a box, as the
    diagram draws every node."""
    node = Element("html")
    node = _child(node, Element("body"))
    for _, compound in compounds:
        if compound.tag in ("html", "body"):
            continue
        like = None
        if page is not None:
            bare = Compound(compound.tag, compound.classes, compound.id, frozenset())
            like = next((e for e in page.elements() if _matches(bare, e)), None)
        inner = compound is not compounds[-1][1]
        in_svg = any(n.tag == "svg" for n in node.chain())
        tag = compound.tag or (like.tag if like is not None else "g" if in_svg and inner else "div")
        if tag == "svg":
            node = _child(node, Element("div", frozenset({"diagram"})))
        node = _child(node, Element(tag, compound.classes, compound.id, compound.states))
        if inner and like is not None:
            for shape in (c for c in like.children if c.tag == "rect"):
                _child(node, Element(shape.tag, shape.classes))
        elif inner and tag == "g":  # a diagram node nobody draws today: a group holds its box
            _child(node, Element("rect"))
    return node


def _child(parent: Element, child: Element) -> Element:
    child.parent = parent
    parent.children.append(child)
    return child


__all__ = ["Element", "Page", "Stylesheet", "contrast", "hex_of", "parse_colour", "parse_selector",
           "relative_luminance", "selector_matches", "synthetic"]
