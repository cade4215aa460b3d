"""Real-news scoring: matching rules, splits, and agreement with the reference scorer."""

import contextlib
import importlib.util
import io
import json
import sys

import pytest

from conftest import shared_file
from dateline.evaluate import check_floors, format_report
from dateline.evaluate_news import evaluate_news, side_met, split_ids

TEXT = "Turkey shelled Afrin on Sunday. Erdogan met Putin. Nothing happened."
STORIES = [{"id": f"s{n}", "published": "2018-01-24", "text": TEXT} for n in range(4)]
GOLD = [
    row
    for n in range(4)
    for row in (
        {
            "story_id": f"s{n}",
            "sent_idx": 0,
            "span": [0, 31],
            "events": [
                {
                    "type": "ASSAULT",
                    "source": {"text": "Turkey", "country": "TUR", "sector": "MIL"},
                    "target": {"text": "Afrin", "country": "SYR", "sector": ""},
                    "negated": False,
                    "modality": "asserted",
                    "date": {"start": "2018-01-21", "end": "2018-01-21"},
                }
            ],
        },
        {
            "story_id": f"s{n}",
            "sent_idx": 1,
            "span": [32, 50],
            "events": [
                {
                    "type": "CONSULT",
                    "source": {"text": "Erdogan", "country": "TUR", "sector": "GOV"},
                    "target": {"text": "Putin", "country": "RUS", "sector": "GOV"},
                    "negated": False,
                    "modality": "asserted",
                    "date": None,
                },
                {
                    "type": "THREATEN",
                    "source": {"text": "Erdogan", "country": "TUR", "sector": "GOV"},
                    "target": None,
                    "negated": False,
                    "modality": "hypothetical",  # not counted
                    "date": None,
                },
            ],
        },
    )
]


def mention(kind, source, target, span, *, day=None, **flags):
    return {
        "event_type": kind,
        "source": [{"text": source[0], "country": source[1]}] if source else [],
        "target": [{"text": target[0], "country": target[1]}] if target else [],
        "sentence_span": list(span),
        "date": {"start": day, "end": day} if day else None,
        "date_defaulted": day is None,
        **flags,
    }


def fake_extract(text, *, published):
    """Codes the shelling right (dated), the meeting with its target from the wrong country
    but a shared word, one non-event, one negated mention and one outside coded sentences."""
    return [
        mention("ASSAULT", ("Turkish army", "TUR"), ("Afrin", "SYR"), (0, 31), day="2018-01-21"),
        mention("CONSULT", ("Erdogan", ""), ("President Putin", "BLR"), (32, 50)),
        mention("AID", ("Erdogan", "TUR"), None, (32, 50)),
        mention("REJECT", ("Putin", "RUS"), None, (32, 50), negated=True),
        mention("PROTEST", ("Putin", "RUS"), None, (51, 68)),
    ]


def write(tmp_path):
    stories = tmp_path / "stories.jsonl"
    gold = tmp_path / "gold.jsonl"
    stories.write_text("".join(json.dumps(s) + "\n" for s in STORIES))
    gold.write_text("".join(json.dumps(g) + "\n" for g in GOLD))
    return stories, gold


def test_matching_rules_and_figures(tmp_path):
    report = evaluate_news(*write(tmp_path), split="all", extract=fake_extract)
    assert (report.stories, report.sentences) == (4, 8)
    assert report.gold == 8  # the hypothetical threat is not counted
    assert report.predicted == 12  # negated and outside-sentence mentions are not counted
    assert report.scores() == pytest.approx((8 / 12, 1.0, 0.8))
    assert report.date_accuracy == 1.0
    assert report.defaulted_share == pytest.approx(8 / 12)
    assert "type + source + target" in format_report(report)


def test_sides_are_met_by_country_or_a_shared_content_word():
    gold = {"text": "the Syrian government", "country": "SYR"}
    assert side_met(gold, [{"text": "Damascus", "country": "SYR"}])
    assert side_met(gold, [{"text": "the government", "country": ""}])
    assert not side_met(gold, [{"text": "the rebels", "country": "TUR"}])
    assert not side_met(gold, [])
    assert side_met(None, [])
    assert side_met({"text": "the", "country": ""}, [])  # names no one


def test_splits_are_halves_fixed_by_the_ids():
    ids = [f"story-{n}" for n in range(41)]
    halves = split_ids(ids)
    assert len(halves["tune"]) == 21 and len(halves["held"]) == 20
    assert not set(halves["tune"]) & set(halves["held"])
    assert split_ids(reversed(ids)) == halves


def test_a_failing_story_is_counted_and_the_rest_scored(tmp_path):
    def flaky(text, *, published, calls=[]):  # noqa: B006 - counts calls
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return fake_extract(text, published=published)

    report = evaluate_news(*write(tmp_path), split="all", extract=flaky)
    assert report.errors == 1
    assert report.matched["full"] == 6


def test_floors_are_kept_per_split(tmp_path):
    report = evaluate_news(*write(tmp_path), split="tune", extract=fake_extract)
    floors = tmp_path / "floors.json"
    floors.write_text(
        json.dumps({"news-tune:gold.jsonl": {"sha256": report.sha256, "floors": {"f1": 0.9}}})
    )
    assert check_floors(report, floors) == [
        "news-tune:gold.jsonl: f1 0.8000 below the floor 0.9000"
    ]


def test_agrees_with_the_reference_scorer(monkeypatch):
    """The reference scorer in ../shared/eval and ours give the same figures for one coder."""
    scorer = shared_file("eval/score_real_news.py")
    stories = shared_file("data/real_news/guardian_dev.jsonl")
    gold = shared_file("data/real_news/guardian_dev_gold.jsonl")
    rows = [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]
    by_span = {}
    for row in rows:
        by_span.setdefault(row["story_id"], []).append(row)
    texts = {json.loads(line)["text"]: json.loads(line)["id"] for line in stories.open()}

    def gold_like(text, *, published):
        """A deterministic coder: every other gold event, its source or target blanked in
        turn, plus a spurious ACCUSE per sentence."""
        out = []
        for n, row in enumerate(by_span[texts[text]]):
            for k, event in enumerate(row["events"]):
                side = "source" if (n + k) % 3 == 0 else "target"
                actor = event.get(side) or {}
                other = "target" if side == "source" else "source"
                out.append(
                    {
                        "event_type": event["type"] if k % 2 == 0 else "AID",
                        side: [],
                        other: [event[other]] if event.get(other) else [],
                        "sentence_span": row["span"],
                        "date": event.get("date"),
                        "negated": event.get("negated", False),
                        "modality": event.get("modality", "asserted"),
                        "note": actor.get("text", ""),
                    }
                )
            out.append(
                {"event_type": "ACCUSE", "source": [], "target": [], "sentence_span": row["span"]}
            )
        return out

    import dateline

    monkeypatch.setattr(dateline, "extract", gold_like)
    spec = importlib.util.spec_from_file_location("score_real_news", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "argv", ["score", "--stories", str(stories), "--gold", str(gold)])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        module.main()
    reference = dict(
        part.split("=") for part in printed.getvalue().split() if "=" in part and "(" not in part
    )
    ours = evaluate_news(stories, gold, split="all", extract=gold_like)
    precision, recall, f1 = ours.scores()
    assert reference["f1"] == f"{f1:.3f}"
    assert reference["precision"] == f"{precision:.3f}"
    assert reference["recall"] == f"{recall:.3f}"
    assert reference["type_only_f1"] == f"{ours.scores('type')[2]:.3f}"
    assert reference["n_pred"] == str(ours.predicted)
    assert reference["n_gold"] == str(ours.gold)
    assert 0.0 < f1 < 1.0  # the coder is neither perfect nor useless: the test can tell
