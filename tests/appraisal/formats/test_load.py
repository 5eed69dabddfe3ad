"""Case files: the contract loads; every kind of mistake names the file, the field and the id or row."""

from __future__ import annotations

import math

import pytest
import yaml

from appraisal.errors import CaseError
from appraisal.formats.load import load_case, load_case_bytes
from appraisal.formats.mapping import case_from_mapping
from appraisal.formats.yaml_file import case_to_yaml
from tests.conftest import SAMPLE


def dump(data: dict) -> bytes:
    return yaml.safe_dump(data, sort_keys=False).encode()


def error_of(data: dict | bytes, source: str = "case.yaml") -> str:
    raw = data if isinstance(data, bytes) else dump(data)
    with pytest.raises(CaseError) as info:
        load_case_bytes(raw, source)
    message = info.value.message
    assert message.startswith(source + ":"), message
    return message


def test_contract_example_loads_and_round_trips(minimal: dict) -> None:
    case = load_case_bytes(dump(minimal), "case.yaml")
    assert case.option_ids == ["as_is", "shared", "alone"]
    assert case.status_quo is not None and case.status_quo.id == "as_is"
    assert load_case_bytes(case_to_yaml(case).encode(), "again.yaml") == case


def test_shipped_case_is_illustrative_and_says_so() -> None:
    case = load_case(SAMPLE)
    assert case.illustrative and "illustrative" in (case.note or "").lower()
    assert {o.name for o in case.options} == {"As is", "Improved existing partnership", "Stand alone", "New local strategic partnership"}
    assert 8 <= len(case.criteria) <= 12
    assert {w.council for w in case.weight_sets if w.council} == {"breckland", "south_holland"}
    assert load_case_bytes(case_to_yaml(case).encode(), "again.yaml") == case


def test_optional_fields_are_optional(minimal: dict) -> None:
    minimal.pop("councils")
    minimal.pop("rating_scale")
    for ws in minimal["weight_sets"]:
        ws.pop("council")
    case = case_from_mapping(minimal, "case.yaml")
    assert case.scale == {"High": 3.0, "Medium": 2.0, "Low": 1.0}


def test_utf8_bom_is_accepted_but_utf16_is_refused(minimal: dict) -> None:
    assert load_case_bytes(b"\xef\xbb\xbf" + dump(minimal), "bom.yaml").title == "Minimal case"
    assert "UTF-16" in error_of(dump(minimal).decode().encode("utf-16"), "u16.yaml")


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d["scores"]["shared"].update(place="Hgh"), "scores.shared.place", "'Hgh' is not a rating"),
        (lambda d: d["scores"]["shared"].pop("place"), "scores.shared.place", "missing"),
        (lambda d: d["scores"]["shared"].update(place=7), "scores.shared.place", "outside the rating scale"),
        (lambda d: d["scores"]["shared"].update(place=float("nan")), "scores.shared.place", "not a rating or a finite number"),
        (lambda d: d["scores"].update(ghost={"finance": "High"}), "scores.ghost", "not an option id"),
        (lambda d: d["weight_sets"][0]["weights"].update(finance=-1), "weight_sets.north_cabinet.weights.finance", "negative"),
        (lambda d: d["weight_sets"][0]["weights"].update(finance=float("inf")), "weight_sets.north_cabinet.weights.finance", "finite"),
        (lambda d: d["weight_sets"][0]["weights"].update(finance="x"), "weight_sets.north_cabinet.weights.finance", "not a finite number"),
        (lambda d: d["weight_sets"][0]["weights"].pop("risk"), "weight_sets.north_cabinet.weights.risk", "missing"),
        (lambda d: d["weight_sets"][0].update(weights={"finance": 0, "place": 0, "risk": 0}), "weight_sets.north_cabinet.weights", "zero"),
        (lambda d: d["weight_sets"][0].update(council="east"), "weight_sets.north_cabinet.council", "not a council id"),
        (lambda d: d["options"].append({"id": "shared", "name": "Another"}), "options (id 'shared')", "used 2 times"),
        (lambda d: d["options"].append({"id": "other", "name": "Shared service"}), "options (name 'Shared service')", "called"),
        (lambda d: d["criteria"][1].update(id="Place Leadership"), "criteria row 2 (id 'Place Leadership').id", "not a valid id"),
        (lambda d: d["criteria"][1].pop("name"), "criteria row 2 (id 'place').name", "missing"),
        (lambda d: d["criteria"].clear(), "criteria", "must not be empty"),
        (lambda d: d["options"][1].update(status_quo=True), "options.status_quo", "more than one"),
        (lambda d: d.update(weigth_sets=[]), "weigth_sets", "unknown field"),
        (lambda d: d.update(format="options-appraisal/2"), "format", "must be exactly"),
        (lambda d: d.pop("format"), "format", "missing"),
        (lambda d: d.update(rating_scale={"High": 1, "Medium": 2, "Low": 3}), "rating_scale.Medium", "strictly decreasing"),
    ],
)
def test_errors_name_the_field_and_id(minimal: dict, mutate, field: str, words: str) -> None:  # noqa: ANN001
    mutate(minimal)
    message = error_of(minimal)
    assert f"case.yaml: {field}: " in message, message
    assert words in message, message


def test_yaml_problems_give_line_numbers() -> None:
    message = error_of(b"format: options-appraisal/1\ntitle: [unclosed\n")
    assert "line" in message and "not valid YAML" in message


def test_aliases_duplicate_keys_and_deep_nesting_are_refused(minimal: dict) -> None:
    laughs = b"format: options-appraisal/1\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "aliases" in error_of(laughs)
    assert "appears twice" in error_of(b"format: options-appraisal/1\ntitle: A\ntitle: B\n")
    assert "nesting is deeper" in error_of(b"format: options-appraisal/1\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n")


def test_files_that_are_not_cases(tmp_path) -> None:  # noqa: ANN001
    assert "mapping" in error_of(b"- just\n- a list\n")
    assert "empty" in error_of(b"")
    assert "not UTF-8" in error_of(b"format: options-appraisal/1\ntitle: caf\xe9\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (6 * 1024 * 1024))
    with pytest.raises(CaseError, match="refused"):
        load_case(big)
    with pytest.raises(CaseError, match="no such file"):
        load_case(tmp_path / "missing.yaml")


def test_dates_stay_text_and_numbers_stay_numbers(minimal: dict) -> None:
    minimal["weight_sets"][0]["provenance"] = {"method": "ranking", "date": "2021-06-14"}
    text = dump(minimal).decode().replace("'2021-06-14'", "2021-06-14")
    case = load_case_bytes(text.encode(), "case.yaml")
    assert case.weight_sets[0].provenance.date == "2021-06-14"
    assert math.isclose(case.scale["High"], 3.0)


# --- Issue 17: read exactly what the file says, or refuse it -------------------------------------------

def _yaml(minimal: dict, **replace: bytes) -> bytes:
    text = yaml.safe_dump(minimal, sort_keys=False, allow_unicode=True).encode()
    for old, new in replace.items():
        assert old.encode() in text
        text = text.replace(old.encode(), new)
    return text


def _refusal(data: bytes) -> str:
    with pytest.raises(CaseError) as info:
        load_case_bytes(data, "c.yaml")
    return info.value.message


def test_yaml_numbers_follow_the_yaml_1_2_core_schema(minimal) -> None:
    """`010` was octal 8 and `1:30` base-60 90 (YAML 1.1); now 10, and text that is refused."""
    case = load_case_bytes(_yaml(minimal, **{"    finance: 3\n": b"    finance: 010\n"}), "c.yaml")
    assert case.weight_sets[0].weights["finance"] == 10
    assert load_case_bytes(_yaml(minimal, **{"    finance: 3\n": b"    finance: 1e1\n"}), "c.yaml").weight_sets[0].weights["finance"] == 10
    message = _refusal(_yaml(minimal, **{"    place: 2\n": b"    place: 1:30\n"}))
    assert "weight_sets.north_cabinet.weights.place: '1:30' is not a finite number" in message


def test_a_decimal_comma_in_yaml_is_refused_with_the_fix(minimal) -> None:
    message = _refusal(_yaml(minimal, **{"    finance: 3\n": b"    finance: 0,5\n"}))
    assert "weight_sets.north_cabinet.weights.finance: '0,5' is not a finite number; write 0.5, not 0,5" in message
    minimal["scores"]["shared"]["finance"] = "2,5"
    assert "write 2.5, not 2,5" in _refusal(_yaml(minimal))


def test_text_that_looks_like_a_number_round_trips(minimal) -> None:
    minimal["title"] = "1e3"
    minimal["options"][1]["name"] = "010"
    case = case_from_mapping(minimal, "m")
    again = load_case_bytes(case_to_yaml(case).encode(), "again.yaml")
    assert again == case


@pytest.mark.parametrize("tiny", [5e-324, 1e-320, 1e-310])
def test_weights_too_small_to_calculate_with_are_refused(minimal, tiny: float) -> None:
    minimal["weight_sets"][0]["weights"] = {"finance": tiny, "place": tiny, "risk": 0}
    with pytest.raises(CaseError) as info:
        case_from_mapping(minimal, "c.yaml")
    assert "c.yaml: weight_sets.north_cabinet.weights: the weights add up to" in info.value.message
    assert "too small" in info.value.message


@pytest.mark.parametrize("char", ["\x1b", "\n", "\t", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\x00"])
def test_control_characters_in_names_are_refused_and_shown_escaped(minimal, char: str) -> None:
    minimal["options"][1]["name"] = f"Shared{char}service"
    with pytest.raises(CaseError) as info:
        case_from_mapping(minimal, "c.yaml")
    message = info.value.message
    assert message.startswith("c.yaml: options row 2 (id 'shared').name: ") and "control character" in message
    assert char not in message and ("\\x" in message or "\\u" in message)


@pytest.mark.parametrize(("first", "second"), [
    ("Caf\u00e9", "Cafe\u0301"),                 # composed and decomposed
    ("Shared service", "Shared\u200b service"),  # a zero-width space
    ("Shared service", "\ufeffShared service"),  # a byte-order mark
    ("Shared service", "Shared \u2060service"),  # a word joiner
    ("ＳＨＡＲＥＤ", "shared"),                   # full-width capitals
])
def test_look_alike_names_are_refused_naming_both(minimal, first: str, second: str) -> None:
    for kind in ("options", "criteria", "councils"):
        data = {**minimal, kind: [dict(item) for item in minimal[kind]]}
        data[kind][0]["name"], data[kind][1]["name"] = first, second
        with pytest.raises(CaseError) as info:
            case_from_mapping(data, "c.yaml")
        line = next(line for line in info.value.message.splitlines() if f"{kind} (name" in line)
        assert f"'{data[kind][0]['id']}' and '{data[kind][1]['id']}'" in line, line
    data = {**minimal, "weight_sets": [dict(w) for w in minimal["weight_sets"]]}
    data["weight_sets"][0]["name"], data["weight_sets"][1]["name"] = first, second
    with pytest.raises(CaseError):
        case_from_mapping(data, "c.yaml")


def test_a_huge_value_gives_a_short_message(minimal) -> None:
    """A 2 MB label used as a rating gave a 4,000,000-character message: every quoted value is capped."""
    minimal["scores"]["shared"]["finance"] = "X" * 2_000_000
    minimal["rating_scale"] = {"Y" * 1_000_000: 3, "Medium": 2, "Low": 1}
    with pytest.raises(CaseError) as info:
        case_from_mapping(minimal, "c.yaml")
    assert max(len(line) for line in info.value.message.splitlines()) < 600
    assert "…" in info.value.message


def test_every_problem_in_the_order_of_the_file(minimal) -> None:
    minimal["weight_sets"][1]["weights"]["risk"] = -1
    minimal["scores"]["alone"]["place"] = "Hgh"
    minimal["options"][2]["name"] = "Shared service"
    minimal["weight_sets"][0]["weights"]["finance"] = "0,5"
    with pytest.raises(CaseError) as info:
        case_from_mapping(minimal, "c.yaml")
    fields = [line.split(": ")[1] for line in info.value.message.splitlines()]
    assert fields == ["options (name 'Shared service')", "scores.alone.place",
                      "weight_sets.north_cabinet.weights.finance", "weight_sets.south_cabinet.weights.risk"]


def test_at_most_twenty_problems_are_listed_then_counted(minimal) -> None:
    minimal["options"] += [{"id": f"o{i}", "name": f"O{i}"} for i in range(30)]
    with pytest.raises(CaseError) as info:
        case_from_mapping(minimal, "c.yaml")
    lines = info.value.message.splitlines()
    assert len(lines) == 21 and lines[-1].startswith("… and ") and "more problems" in lines[-1]
