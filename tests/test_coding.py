"""facts.coding: every finding and condition has exactly one code, codes are
unique per system, SNOMED CT is used only where it was given, and the module
stays free of the machinery and the rules."""
import ast
from pathlib import Path

from facts import coding
from facts.coding import (CONDITION_CODES, FINDING_CODES, LEGWISE_CONDITION, LEGWISE_FINDING, SNOMED,
                          SNOMED_CONDITIONS, SNOMED_FINDINGS, lookup, suggest_finding)
from facts.vocabulary import CONDITIONS, FINDINGS


def test_every_finding_and_condition_is_coded_exactly_once():
    assert list(FINDING_CODES) == list(FINDINGS)
    assert list(CONDITION_CODES) == list(CONDITIONS)
    assert set(FINDING_CODES).isdisjoint(CONDITION_CODES)


def test_codes_are_unique_per_system():
    seen = {}
    for table in (FINDING_CODES, CONDITION_CODES):
        for key, code in table.items():
            assert (code.system, code.code) not in seen, (key, seen.get((code.system, code.code)))
            seen[(code.system, code.code)] = key


def test_snomed_is_used_exactly_where_the_table_gives_it():
    for key, code in FINDING_CODES.items():
        if key in SNOMED_FINDINGS:
            assert (code.system, code.code, code.display) == (SNOMED, *SNOMED_FINDINGS[key])
            assert code.standard
        else:
            assert (code.system, code.code, code.display) == (LEGWISE_FINDING, key, FINDINGS[key].label)
            assert not code.standard
    for key, code in CONDITION_CODES.items():
        if key in SNOMED_CONDITIONS:
            assert (code.system, code.code) == (SNOMED, SNOMED_CONDITIONS[key][0])
        else:
            assert (code.system, code.code) == (LEGWISE_CONDITION, key)


def test_snomed_concept_ids_are_well_formed():
    # SCTIDs: digits, no leading zero, 6 to 18 long, Verhoeff check digit valid.
    def verhoeff_ok(number: str) -> bool:
        d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
             [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
             [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
             [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
        p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]]
        for i in range(2, 8):
            p.append([p[i - 1][p[1][j]] for j in range(10)])
        check = 0
        for i, digit in enumerate(reversed(number)):
            check = d[check][p[i % 8][int(digit)]]
        return check == 0

    for code, _display in list(SNOMED_FINDINGS.values()) + list(SNOMED_CONDITIONS.values()):
        assert code.isdigit() and not code.startswith("0") and 6 <= len(code) <= 18, code
        assert verhoeff_ok(code), code
        assert code[-3:-1] == "00", code  # partition identifier of a concept


def test_lookup_finds_both_kinds_and_nothing_else():
    assert lookup(SNOMED, "192970008") == ("condition", "cauda_equina_syndrome")
    assert lookup(SNOMED, "279039007") == ("finding", "low_back_pain")
    assert lookup(LEGWISE_FINDING, "saddle_numbness") == ("finding", "saddle_numbness")
    assert lookup(SNOMED, "12345") is None
    assert lookup(None, "279039007") is None


def test_suggestion_from_display_text():
    assert suggest_finding("Saddle numbnes") == "saddle_numbness"
    assert suggest_finding("Low back pain (finding)") == "low_back_pain"
    assert suggest_finding("entirely unrelated words here") is None


def test_coverage_counts():
    found = coding.coverage()
    assert found["findings"] == (len(SNOMED_FINDINGS), len(FINDINGS))
    assert found["conditions"] == (len(SNOMED_CONDITIONS), len(CONDITIONS))


def test_coding_imports_nothing_from_expert_or_rules():
    tree = ast.parse(Path(coding.__file__).read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in modules if m and m.split(".")[0] in ("expert", "rules")]


def test_the_contract_lists_every_snomed_code():
    import re

    contract = (Path(__file__).resolve().parent.parent / "docs" / "contract.md").read_text(encoding="utf-8")
    section = contract.split("### Codes\n", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| (finding|condition) \| (\d+) \| (.+?) \|$", section, flags=re.MULTILINE)
    expected = [(k, "finding", c, d) for k, (c, d) in SNOMED_FINDINGS.items()]
    expected += [(k, "condition", c, d) for k, (c, d) in SNOMED_CONDITIONS.items()]
    assert rows == expected
    found = coding.coverage()
    assert (f"covers {found['findings'][0]} of {found['findings'][1]} findings and "
            f"{found['conditions'][0]} of {found['conditions'][1]} conditions") in " ".join(section.split())
