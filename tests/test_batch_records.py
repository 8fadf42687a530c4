"""Reading a cohort as numbered records (``expert.batch.records``)."""
import json

import pytest

from expert.batch.records import count_records, detect_format, read_records
from facts.reading import InvalidPresentation


def records(path, fmt):
    return list(read_records(path, fmt))


def test_json_lines_are_numbered_by_line_and_a_bad_line_is_an_error_record(tmp_path):
    path = tmp_path / "cohort.jsonl"
    path.write_text('{"findings": {"fever": true}}\n\n{not json\n{"findings": {}, "findings": {}}\n')
    read = records(path, "jsonl")
    assert [r.number for r in read] == [1, 3, 4]
    assert read[0].data == {"findings": {"fever": True}} and read[0].error is None
    assert read[1].error and read[1].where == "cohort.jsonl, line 3"
    assert "duplicate" in read[2].error
    assert count_records(path, "jsonl") == 4


def test_an_overlong_line_is_refused_without_stopping_the_batch(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGWISE_MAX_INPUT_BYTES", "100")
    path = tmp_path / "cohort.jsonl"
    path.write_text(json.dumps({"findings": {}, "notes": "x" * 500}) + '\n{"findings": {}}\n')
    read = records(path, "jsonl")
    assert "larger than 100 bytes" in read[0].error
    assert read[1].number == 2 and read[1].data == {"findings": {}}


def test_a_json_array_is_read_element_by_element(tmp_path):
    path = tmp_path / "cohort.json"
    elements = [{"id": f"c{i}", "findings": {"fever": i % 2 == 0}} for i in range(200)]
    path.write_text(json.dumps(elements, indent=1))
    read = records(path, "json")
    assert [r.data for r in read] == elements and [r.number for r in read] == list(range(1, 201))
    assert count_records(path, "json") is None


@pytest.mark.parametrize("text, message", [
    ('[{"findings": {}}, {"findings": {}', "not valid JSON"),
    ('[{"findings": {}} {"findings": {}}]', "expected ',' or ']'"),
    ('[{"findings": {}}] x', "after the array's closing"),
    ('[{"findings": {}},', "ends before the array is closed"),
])
def test_a_broken_array_ends_with_an_error_record_after_the_good_elements(tmp_path, text, message):
    path = tmp_path / "cohort.json"
    path.write_text(text)
    read = records(path, "json")
    assert read[0].data == {"findings": {}}
    assert message in read[-1].error


def test_a_json_input_that_is_not_an_array_is_refused_as_a_whole(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"findings": {}}')
    with pytest.raises(InvalidPresentation, match="must be an array"):
        records(path, "json")


def test_csv_cells_are_yes_no_or_blank_and_context_columns_are_read(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("id,age,sex,fever,vomiting\nc1,70,female,yes,\nc2,,male,no,maybe\n,,,,\n")
    read = records(path, "csv")
    assert read[0].data == {"findings": {"fever": True}, "id": "c1", "age": 70, "sex": "female"}
    assert read[1].number == 3 and "vomiting: 'maybe' is not yes, no or blank" in read[1].error
    assert len(read) == 2 and count_records(path, "csv") == 3


def test_a_csv_header_with_an_unknown_column_is_refused_with_a_suggestion(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("id,fevr\nc1,yes\n")
    with pytest.raises(InvalidPresentation, match="did you mean 'fever'"):
        records(path, "csv")


def test_a_folder_of_case_files_is_read_in_name_order(tmp_path):
    (tmp_path / "b.yaml").write_text("findings:\n  fever: true\n")
    (tmp_path / "a.json").write_text('{"findings": {"vomiting": false}}')
    (tmp_path / "c.json").write_text('{"findings": {"fevr": true}}')
    (tmp_path / "notes.txt").write_text("not a case")
    read = records(tmp_path, "dir")
    assert [r.where for r in read] == ["a.json", "b.yaml", "c.json"]
    assert read[1].data["findings"] == {"fever": True}
    assert "did you mean 'fever'" in read[2].error
    assert count_records(tmp_path, "dir") == 3


def test_the_format_comes_from_the_name_or_is_asked_for(tmp_path):
    assert detect_format(tmp_path) == "dir"
    assert detect_format(tmp_path / "x.ndjson") == "jsonl"
    assert detect_format(tmp_path / "x.CSV") == "csv"
    with pytest.raises(InvalidPresentation, match="--input-format"):
        detect_format(tmp_path / "x.txt")
