"""legwise: a forward-chaining expert system for legs that give way, buckle,
feel weak or feel heavy. Educational decision support, not a diagnosis.

    >>> import expert
    >>> result = expert.assess({"findings": {"saddle_numbness": True}})
    >>> result.triage.level
    'emergency'
"""
from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Optional

    from expert.assessment import Assessment
    from expert.explanations.explanation import Explanation
    from expert.knowledge_base import KnowledgeBase

# Loaded on first use, so that ``import expert`` costs nothing: the command
# line (``expert.launch``) can then handle Ctrl-C from its first line, and
# importing a light submodule such as ``expert.engine.working_memory`` does not pull in the
# whole engine.
_LAZY = {"Assessment": "expert.assessment", "RunawayInference": "expert.engine.core",
         "InvalidPresentation": "facts.presentation", "Presentation": "facts.presentation",
         "load_presentation": "facts.presentation", "parse_presentation": "facts.presentation"}


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'expert' has no attribute {name!r}")


def explain(presentation, kb: "Optional[KnowledgeBase]" = None) -> "Explanation":
    """Every explanation of a presentation on ``kb`` (default: the shipped
    knowledge base): ``.how(id)``, ``.why_not(id)``, ``.certainty(id)``,
    ``.what_if()``, ``.questions()``, ``.report(format)``
    (``expert.explanations.explanation.Explanation``)."""
    from expert.explanations.explanation import Explanation

    return Explanation(presentation, kb)


def infer(presentation, kb: "Optional[KnowledgeBase]" = None):
    """Validate a presentation (dict, Presentation) and run the rules of
    ``kb`` (default: the shipped knowledge base); the raw ``Inference`` (facts
    and firings), for explanations built on the trace."""
    # Imported on first use, as everything here (see _LAZY above).
    from expert.knowledge_base import engine_for_this_thread
    from facts.presentation import parse_presentation

    return engine_for_this_thread(kb).infer(parse_presentation(presentation))


def assess(presentation, kb: "Optional[KnowledgeBase]" = None) -> "Assessment":
    """Assess a presentation (a dict in the contract's shape, or a
    ``Presentation``) on ``kb`` (default: the shipped knowledge base; see
    ``expert.knowledge_base`` for one without a rule, or with draft rules).
    Raises ``InvalidPresentation`` for bad input."""
    from expert.assessment import build_assessment
    from expert.knowledge_base import engine_for_this_thread
    from facts.presentation import parse_presentation

    validated = parse_presentation(presentation)
    return build_assessment(validated, engine_for_this_thread(kb).infer(validated))


__all__ = [
    "Assessment", "InvalidPresentation", "Presentation", "RunawayInference",
    "assess", "explain", "infer", "load_presentation", "parse_presentation",
]
