"""The three source documents every rule cites.

The texts ship with the package (``rules/sources/*.txt``) so a citation can be
checked against the words it quotes: ``Document.quote`` refuses a passage that
is not in the document.
"""
from importlib import resources

from expert.dsl import Document


def _load(document_id: str, title: str, filename: str) -> Document:
    text = resources.files("rules").joinpath("sources", filename).read_text(encoding="utf-8")
    return Document(document_id, title, text)


LEGS_GIVING_OUT = _load(
    "legs_giving_out",
    "Why do my legs feel like they are giving out? (mechanical, neurological, systemic and psychological causes; red flags)",
    "legs_giving_out.txt",
)
LEG_BUCKLING = _load(
    "leg_buckling",
    "Why does my leg give out? (joint instability, nerve compression, diagnosis and management)",
    "leg_buckling.txt",
)
HEAVY_LEGS = _load(
    "heavy_legs",
    "Why do my legs feel heavy when walking? (fatigue, circulation, neurological and metabolic causes)",
    "heavy_legs.txt",
)

DOCUMENTS = {d.id: d for d in (LEGS_GIVING_OUT, LEG_BUCKLING, HEAVY_LEGS)}
