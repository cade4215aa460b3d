"""Scoring against gold files: both formats, the report, the floors."""

import json
from pathlib import Path

import pytest

from conftest import shared_file
from dateline.evaluate import (
    check_floors,
    evaluate_events,
    evaluate_relations,
    expected_calibration_error,
    floors_key,
    format_report,
    gold_countries,
    pin_floors,
    read_actor_labels,
)

RELATIONS = [
    {
        "sentence": "Rebel fighters attacked an army convoy near the border.",
        "source": {"text": "Rebel fighters", "span": [0, 14]},
        "target": {"text": "an army convoy", "span": [24, 38]},
        "gold_root": "ASSAULT",
    },
    {
        "sentence": "The government rejected the union's demand for higher wages.",
        "source": {"text": "The government", "span": None},  # found by string search
        "target": "the union",
        "gold_root": "REJECT",
    },
    {
        "sentence": "An actor agreed to release the prisoners.",
        "source": None,
        "target": None,
        "gold_root": "YIELD",
    },
]
EVENTS = [
    {
        "text": "Germany condemned Russia over the strike.",
        "event": "ACCUSE",
        "source": "Germany",
        "target": ["Russia"],
    },
    {
        "text": "Pakistan freed 20 Indian fishermen.",
        "event_type": "CONCEDE",
        "source": {"text": "Pakistan"},
        "target": "Indian fishermen",
        "date": "2021-03-04",
    },
    {
        "text": "The talks ended. Nothing else happened.",
        "event": "CONSULT",
        "source": "an official",
        "target": None,
        "source_country": "FRA",
    },
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def fake_extract(text, *, published):
    """A stand-in for dateline.extract that codes only the first record correctly."""
    if text.startswith("Germany"):
        return [
            {
                "event_type": "ACCUSE",
                "source": [{"country": "DEU"}],
                "target": [{"country": "RUS"}],
            },
            {"event_type": "ASSAULT", "source": [], "target": [{"country": "RUS"}]},
        ]
    if text.startswith("Pakistan"):
        assert published == "2021-03-04"
        return [{"event_type": "RETREAT", "source": [{"country": "IND"}], "target": []}]
    return []


def test_relations_report_in_plv_format(tmp_path):
    report = evaluate_relations(write_jsonl(tmp_path / "rel.jsonl", RELATIONS))
    assert "YIELD" in report.labels and "CONCEDE" not in report.labels
    assert len(report.per_type) == 15
    assert report.per_type["ASSAULT"].support == 1
    assert report.gold[:2] == ["ASSAULT", "REJECT"]
    assert report.predicted[:2] == ["ASSAULT", "REJECT"]
    text = format_report(report)
    assert "macro-F1" in text and "QuadClass" in text and "confusion" in text


def test_relations_report_with_sixteen_types_and_a_stub_classifier(tmp_path):
    rows = [{**RELATIONS[0], "gold_root": "CONCEDE"}, RELATIONS[1]]
    path = write_jsonl(tmp_path / "rel.jsonl", rows)

    def classify(sentence, source, target):
        return {"CONCEDE": 0.6, "RETREAT": 0.4}

    report = evaluate_relations(path, classify=classify)
    assert len(report.labels) == 16
    assert report.predicted == ["CONCEDE", "CONCEDE"]
    assert report.accuracy == 0.5
    assert report.quad_accuracy == 0.5
    assert report.per_type["CONCEDE"].precision == 0.5


def test_events_report_with_a_stub_extractor(tmp_path):
    report = evaluate_events(write_jsonl(tmp_path / "ev.jsonl", EVENTS), extract=fake_extract)
    assert report.records == 3
    assert report.sentences == 4
    assert report.mentions == 3
    assert report.found == 1  # Pakistan: RETREAT is not CONCEDE
    assert report.per_type["ACCUSE"] == [1, 1]
    assert report.mentions_per_sentence == pytest.approx(0.75)
    assert "mentions per sentence" in format_report(report)


def test_events_list_format_and_given_countries(tmp_path):
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(EVENTS))
    report = evaluate_events(path, extract=fake_extract)
    assert report.records == 3
    assert gold_countries(EVENTS[2], "source") == {"FRA"}
    assert gold_countries({"target": [{"text": "x", "country": "usa"}]}, "target") == {"USA"}


@pytest.mark.slow
def test_events_end_to_end_on_hand_written_sentences(tmp_path):
    report = evaluate_events(write_jsonl(tmp_path / "ev.jsonl", EVENTS[:1]))
    assert report.found == 1


def test_expected_calibration_error():
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0
    assert expected_calibration_error([0.9, 0.9], [False, False]) == pytest.approx(0.9)


def test_floors_pass_fail_and_explicit_lowering(tmp_path):
    report = evaluate_events(write_jsonl(tmp_path / "ev.jsonl", EVENTS), extract=fake_extract)
    floors = tmp_path / "floors.json"
    assert check_floors(report, floors) == ["events:ev.jsonl: no floors pinned in " + str(floors)]
    pin_floors(report, floors, margin=0.0)
    assert check_floors(report, floors) == []
    pinned = json.loads(floors.read_text())
    pinned["events:ev.jsonl"]["floors"]["found_rate"] = 0.9
    pinned["events:ev.jsonl"]["floors"]["mentions_per_sentence"] = 0.5
    floors.write_text(json.dumps(pinned))
    failures = check_floors(report, floors)
    assert len(failures) == 2
    assert "below the floor" in failures[0] or "below the floor" in failures[1]
    assert any("above the ceiling" in f for f in failures)
    assert check_floors(report, floors, allow_lower=True) == []
    assert check_floors(report, floors) == []  # lowered on disk
    report.sha256 = "0" * 64
    assert any("gold file changed" in f for f in check_floors(report, floors))


@pytest.mark.slow
def test_relations_report_on_plv_train():
    report = evaluate_relations(shared_file("data/plv/plv_train.jsonl"))
    assert len(report.gold) == 1050
    assert set(report.per_type) >= {"ACCUSE", "YIELD", "ASSAULT"}
    assert all(score.support > 0 for score in report.per_type.values())
    assert "ACCUSE" in format_report(report)


def test_cascade_cv_combines_recorded_encoder_logits_with_linear_probabilities():
    """The `cv-auto` figures of benchmarks/eval_relation.py: confident linear rows keep the
    linear answer, the others take the blend with the recorded out-of-fold encoder logits."""
    import importlib.util

    import numpy as np

    from dateline.coding.encoder import load_encoder

    path = shared_file("data/plv/plv_train.jsonl")
    benchmarks = Path(__file__).resolve().parent.parent / "benchmarks"
    spec = importlib.util.spec_from_file_location("eval_relation", benchmarks / "eval_relation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    encoder = load_encoder()
    classes = list(encoder.classes)
    labels = [json.loads(line)["gold_root"] for line in path.read_text().splitlines() if line]
    y = np.array([classes.index(label) for label in labels])
    linear = np.full((len(y), len(classes)), 1 / len(classes))
    confident = np.arange(len(y)) % 2 == 0  # half the rows: the linear model is sure and right
    linear[confident] = 0.0001
    linear[confident, y[confident]] = 1 - 0.0001 * (len(classes) - 1)
    figures = {
        "_classes": classes,
        "_y": y,
        "_fold_of": np.arange(len(y)) % 5,
        "_probabilities": linear,
    }
    report = module.cascade_report(path, figures)
    recorded = np.mean(
        [np.load(benchmarks.parent / m["oof"])["logits"] for m in encoder.meta["members"]], 0
    )
    encoder_right = recorded.argmax(axis=1) == y
    expected = (confident | encoder_right).mean()
    assert report.accuracy == pytest.approx(expected, abs=1e-4)
    assert 0.8 < encoder_right.mean() < 0.95  # the recorded CV accuracy (0.87), not a fit


@pytest.mark.parametrize("model", ["linear", "encoder"])
def test_eval_command_scores_the_chosen_model(tmp_path, model):
    from click.testing import CliRunner

    from dateline.cli import main

    path = write_jsonl(tmp_path / "rel.jsonl", RELATIONS[:2])
    result = CliRunner().invoke(main, ["eval", "--relations", str(path), "--model", model])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "ASSAULT" in result.output
    refused = CliRunner().invoke(main, ["eval", "--relations", str(path), "--model", "bert"])
    assert refused.exit_code == 2 and "bert" in refused.output


def test_gold_countries_never_come_from_the_coder(tmp_path):
    record = {"id": "r1", "source": "Germany", "target": "the Kremlin"}
    assert gold_countries(record, "source") == set()  # no stated country: not checked
    labels_path = write_jsonl(
        tmp_path / "labels.jsonl",
        [
            {
                "id": "r1",
                "source_country": "DEU",
                "target_country": "RUS",
                "source_confidence": "high",
                "target_confidence": "low",
            }
        ],
    )
    every = read_actor_labels(labels_path)
    high = read_actor_labels(labels_path, confidence="high")
    assert gold_countries(record, "source", every) == {"DEU"}
    assert gold_countries(record, "target", every) == {"RUS"}
    assert gold_countries(record, "target", high) == set()


def test_events_report_reads_independent_labels_beside_the_gold(tmp_path):
    path = write_jsonl(tmp_path / "ev.jsonl", [{**EVENTS[0], "id": "e0"}])
    write_jsonl(tmp_path / "ev_actors.jsonl", [{"id": "e0", "source_country": "FRA"}])
    report = evaluate_events(path, extract=fake_extract)
    assert report.found == 0  # the label says FRA; the coder said DEU
    assert report.labels == "ev_actors.jsonl (all)"
    assert floors_key(report) == "events:ev.jsonl@ev_actors.jsonl:all"


def test_locked_cascade_and_bootstrap_interval_of_eval_relation():
    """`--locked`'s cascade with other thresholds, and its bootstrap interval."""
    import importlib.util

    import numpy as np

    benchmarks = Path(__file__).resolve().parent.parent / "benchmarks"
    spec = importlib.util.spec_from_file_location("eval_relation", benchmarks / "eval_relation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    linear = np.array([[0.95, 0.05], [0.6, 0.4]])
    encoder = np.array([[0.0, 1.0], [0.0, 1.0]])
    combined, ask = module.cascade(linear, encoder, 0.9, 0.25)
    assert ask.tolist() == [False, True]
    assert combined[0].tolist() == [0.95, 0.05]
    assert combined[1] == pytest.approx([0.15, 0.85])
    y = np.array([0, 1] * 50)
    assert module.bootstrap_interval(y, y) == (1.0, 1.0)
    low, high = module.bootstrap_interval(y, np.where(np.arange(100) < 20, 1 - y, y))
    assert low < 0.8 < high
