"""The project's copy of the public contract (docs/contract.md) lists exactly
the ids the vocabulary has: every finding, condition (with its category),
red flag (with the condition it warns of), outside cause and triage level."""
import re
from pathlib import Path

import pytest

from facts.vocabulary import CONDITIONS, FINDINGS, OUTSIDE_CAUSES, RED_FLAGS, TRIAGE_LEVELS

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "contract.md"
ID = re.compile(r"`([a-z0-9_]+)`")


def sections() -> dict[str, str]:
    """Each heading's text up to the next heading of any level."""
    parts = re.split(r"^(#{2,3} .+)$", CONTRACT.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {heading.lstrip("# ").strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


def listed_ids(body: str) -> list[str]:
    """The ids a list names: ``- `id`: meaning`` or ``- `a`, `b`, `c` `` (ids
    before the colon of each item)."""
    return [found for line in re.findall(r"^- (.+)$", body, flags=re.MULTILINE)
            for found in ID.findall(line.split(":")[0])]


def table_rows(body: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in body.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]  # past the header and its rule


def test_the_contract_lists_every_finding_once():
    found = listed_ids(sections()["Finding ids"]) + listed_ids(sections()["Finding ids added"])
    assert sorted(found) == sorted(FINDINGS)


def test_the_contract_lists_every_condition_with_its_category():
    found = {}
    for heading in ("Condition ids", "Condition ids (beyond the source documents)"):
        for category, ids in table_rows(sections()[heading]):
            for condition in ID.findall(ids):
                assert condition not in found
                found[condition] = category
    assert found == {c: entry.category for c, entry in CONDITIONS.items()}


def test_the_contract_lists_every_red_flag_with_what_it_warns_of():
    found = {ID.findall(flag)[0]: ID.findall(warns)[0] for flag, warns in table_rows(sections()["Red flag ids"])}
    assert found == {flag: entry.condition for flag, entry in RED_FLAGS.items()}


def test_the_contract_lists_every_outside_cause():
    assert listed_ids(sections()["Causes outside the knowledge base (`fit.consider[].id`)"]) == list(OUTSIDE_CAUSES)


@pytest.mark.parametrize("level", TRIAGE_LEVELS)
def test_the_contract_names_every_triage_level(level):
    assert f"`{level}`" in sections()["Output: an assessment"]
