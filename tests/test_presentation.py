"""Input validation: clear messages that name the field, never a traceback."""
import io
import json

import pytest
from hypothesis import given, strategies as st

from facts.presentation import (InvalidPresentation, Presentation, load_presentation, parse_presentation,
                                parse_text)
from tests.strategies import FINDING_IDS, presentations


def problems(data):
    with pytest.raises(InvalidPresentation) as caught:
        parse_presentation(data)
    return caught.value.problems


def test_valid_presentation_round_trips_with_sorted_findings():
    p = parse_presentation({"id": "c1", "age": 67, "sex": "female",
                            "findings": {"saddle_numbness": True, "bladder_dysfunction": False},
                            "notes": "x"})
    assert list(p.findings) == ["bladder_dysfunction", "saddle_numbness"]
    assert p.present() == ["saddle_numbness"] and p.absent() == ["bladder_dysfunction"]
    assert "onset_sudden" in p.unknown()


def test_misspelt_finding_gets_a_suggestion():
    (message,) = problems({"findings": {"sadle_numbness": True}})
    assert "'sadle_numbness'" in message and "did you mean 'saddle_numbness'" in message


def test_non_boolean_value_names_the_finding():
    (message,) = problems({"findings": {"both_legs": "yes"}})
    assert message == "findings.both_legs: must be true or false, not 'yes'"


def test_numbers_are_not_booleans():
    assert problems({"findings": {"both_legs": 1}})


@pytest.mark.parametrize("age", [-1, 121, 300])
def test_age_out_of_range(age):
    (message,) = problems({"age": age})
    assert message == f"age: must be between 0 and 120, not {age}"


def test_age_must_be_a_whole_number():
    (message,) = problems({"age": "sixty"})
    assert message.startswith("age: must be a whole number")


def test_unknown_top_level_key_suggests_the_known_one():
    (message,) = problems({"finding": {}})
    assert "unknown key 'finding'" in message and "did you mean 'findings'" in message


def test_bad_sex_lists_the_choices():
    (message,) = problems({"sex": "m"})
    assert "'female', 'male', 'other'" in message


def test_all_problems_are_reported_at_once():
    assert len(problems({"age": 500, "sex": "x", "findings": {"nope_xyz": True}})) == 3


def test_not_an_object():
    (message,) = problems([1, 2])
    assert "must be an object" in message


def test_yaml_and_json_text_give_the_same_presentation():
    as_json = parse_text(json.dumps({"age": 40, "findings": {"knee_locking": True}}))
    as_yaml = parse_text("age: 40\nfindings:\n  knee_locking: true\n")
    assert as_json == as_yaml


@pytest.mark.parametrize("text,fragment", [
    ("", "empty"),
    ("{\"findings\": ", "not valid JSON"),
    ("a: [", "not valid JSON or YAML"),
])
def test_unparseable_text_is_refused_with_a_position(text, fragment):
    with pytest.raises(InvalidPresentation, match=fragment):
        parse_text(text)


def test_load_from_file_and_stdin(tmp_path, monkeypatch):
    path = tmp_path / "case.yaml"
    path.write_text("findings: {knee_locking: true}\n")
    assert load_presentation(path).findings == {"knee_locking": True}
    monkeypatch.setattr("sys.stdin", io.StringIO('{"findings": {"knee_locking": false}}'))
    assert load_presentation("-").findings == {"knee_locking": False}


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidPresentation, match="no such file"):
        load_presentation(tmp_path / "absent.json")


def test_with_findings_sets_and_clears():
    p = parse_presentation({"findings": {"knee_locking": True}})
    changed = p.with_findings(knee_locking=None, knee_pain=False)
    assert changed.findings == {"knee_pain": False}
    assert p.findings == {"knee_locking": True}


@given(presentations)
def test_any_contract_shaped_dict_is_accepted(data):
    assert isinstance(parse_presentation(data), Presentation)


junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=10)


@given(st.dictionaries(st.sampled_from(["id", "age", "sex", "findings", "notes", "extra", "Findings"]), junk,
                       max_size=5))
def test_arbitrary_input_is_accepted_or_refused_with_invalid_presentation(data):
    try:
        parse_presentation(data)
    except InvalidPresentation as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)


@given(st.text(min_size=1, max_size=30).filter(lambda s: s not in FINDING_IDS))
def test_any_unknown_finding_id_is_refused_by_name(key):
    (message,) = problems({"findings": {key: True}})
    assert repr(key) in message
