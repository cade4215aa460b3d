"""Scoring the coder end to end on real news stories against hand-coded sentence gold.

The gold format is that of `../shared/data/real_news/`: a stories file (`id`, `published`,
`text`) and a gold file with one line per coded sentence (`story_id`, `span` [start, end)
into the story's text, `events`: each with `type`, `source`/`target` `{text, country,
sector}` or null, `negated`, `modality`, `date`). The rules are those of the project's
reference scorer (`../shared/eval/score_real_news.py`), so the figures agree with it:

- each story is coded whole with `dateline.extract`; a mention belongs to the coded sentence
  its `sentence_span` overlaps most; mentions outside coded sentences are ignored;
- only asserted, non-negated mentions and gold events count;
- a mention matches a gold event of its sentence when the type is the same and each gold side
  is met: by an actor with the same country, or whose text or name shares a content word with
  the gold actor's text (a gold side naming no one is always met); matching is one to one
  (a maximum matching per sentence);
- precision, recall and F1 of those matches; also with the type ignored (`any_*`) and with
  the actors ignored (`type_*`); `date_accuracy` is the share of matched pairs with a gold
  date whose predicted range lies inside it; `defaulted_share` the share of counted mentions
  whose date is the publication day by default.

Splits: the stories with gold are ranked by the sha256 of their id; the first half is `tune`
(rules and thresholds are chosen on it), the second half `held` (reported, never read while
writing rules). `all` is both.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArgumentError, SourceError

SPLITS = ("tune", "held", "all")
STOPWORDS = {
    *("the", "a", "an", "of", "and", "its", "his", "her", "their", "in", "on", "for", "to"),
    *("by", "with", "from", "at", "as", "said", "who", "which", "that", "s", "mr", "mrs"),
    *("ms", "dr"),
}


@dataclass
class NewsReport:
    """Precision, recall and F1 of coded events against real-news sentence gold."""

    path: str
    split: str
    stories: int = 0
    sentences: int = 0
    predicted: int = 0
    gold: int = 0
    matched: dict[str, int] = field(default_factory=lambda: {"full": 0, "any": 0, "type": 0})
    dated: int = 0
    dated_right: int = 0
    defaulted: int = 0
    errors: int = 0
    misses: list[dict] = field(default_factory=list)
    sha256: str = ""

    def scores(self, kind: str = "full") -> tuple[float, float, float]:
        hits = self.matched[kind]
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def metrics(self) -> dict[str, float]:
        precision, recall, f1 = self.scores()
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "type_f1": self.scores("type")[2],
        }

    @property
    def date_accuracy(self) -> float:
        return self.dated_right / self.dated if self.dated else 0.0

    @property
    def defaulted_share(self) -> float:
        return self.defaulted / self.predicted if self.predicted else 0.0


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in STOPWORDS}


def side_met(gold: dict | None, actors: Iterable[dict]) -> bool:
    """Whether one gold side is met by one of the predicted actors."""
    if not gold:
        return True
    country = (gold.get("country") or "").upper()
    words = {w for w in content_words(gold.get("text", "")) if len(w) > 1}
    if not country and not words:
        return True
    for actor in actors or ():
        if country and (actor.get("country") or "").upper() == country:
            return True
        if words & (content_words(actor.get("text", "")) | content_words(actor.get("name", ""))):
            return True
    return False


def asserted(item: dict) -> bool:
    return not item.get("negated") and (item.get("modality") or "asserted") == "asserted"


def overlap(a: Iterable[int], b: Iterable[int]) -> int:
    (a0, a1), (b0, b1) = a, b
    return max(0, min(a1, b1) - max(a0, b0))


def within(predicted: dict | None, gold: dict) -> bool:
    if not predicted or not predicted.get("start"):
        return False
    end = predicted.get("end") or predicted["start"]
    return gold["start"] <= predicted["start"] and end <= gold["end"]


def maximum_matching(
    fits: Callable[[dict, dict], bool], predicted: list[dict], gold: list[dict]
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of predictions to gold events (augmenting paths)."""
    edges = [[j for j, g in enumerate(gold) if fits(p, g)] for p in predicted]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(predicted)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def full_match(mention: dict, gold: dict) -> bool:
    return mention["event_type"] == gold["type"] and any_type_match(mention, gold)


def any_type_match(mention: dict, gold: dict) -> bool:
    return side_met(gold.get("source"), mention.get("source", ())) and side_met(
        gold.get("target"), mention.get("target", ())
    )


def type_match(mention: dict, gold: dict) -> bool:
    return mention["event_type"] == gold["type"]


FITS = {"full": full_match, "any": any_type_match, "type": type_match}


def read_jsonl(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SourceError(
                    f"{path}:{number}: not JSON ({exc.msg})", hint="one JSON object per line"
                ) from exc
    return rows


def split_ids(story_ids: Iterable[str]) -> dict[str, list[str]]:
    """The tune and held halves of a set of story ids (ranked by the sha256 of the id)."""
    ranked = sorted(set(story_ids), key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    half = (len(ranked) + 1) // 2
    return {"tune": ranked[:half], "held": ranked[half:], "all": ranked}


def evaluate_news(
    stories_path: str | Path,
    gold_path: str | Path,
    *,
    split: str = "held",
    extract: Callable[..., list[dict]] | None = None,
    keep_misses: int = 0,
) -> NewsReport:
    """Score `extract` (default `dateline.extract`) on the gold sentences of one split."""
    if split not in SPLITS:
        raise ArgumentError(f"split must be one of {SPLITS}, not {split!r}")
    if extract is None:
        from . import extract
    stories = {row["id"]: row for row in read_jsonl(stories_path)}
    gold_rows = read_jsonl(gold_path)
    by_story: dict[str, list[dict]] = {}
    for row in gold_rows:
        by_story.setdefault(row["story_id"], []).append(row)
    chosen = split_ids(by_story)[split]
    report = NewsReport(
        path=str(gold_path),
        split=split,
        sha256=hashlib.sha256(Path(gold_path).read_bytes()).hexdigest(),
    )
    for story_id in chosen:
        story = stories.get(story_id)
        if story is None:
            raise SourceError(
                f"{gold_path}: story {story_id!r} is not in {stories_path}",
                hint="give the stories file the gold was coded on",
            )
        rows = by_story[story_id]
        report.stories += 1
        report.sentences += len(rows)
        try:
            mentions = extract(story["text"], published=story["published"])
        except Exception:  # one failing story is counted, never the end of the evaluation
            report.errors += 1
            mentions = []
        per_sentence: list[list[dict]] = [[] for _ in rows]
        for mention in mentions:
            span = mention.get("sentence_span") or (0, 0)
            best = max(range(len(rows)), key=lambda i: overlap(span, rows[i]["span"]))
            if overlap(span, rows[best]["span"]) > 0 and asserted(mention):
                per_sentence[best].append(mention)
        for row, predicted in zip(rows, per_sentence, strict=True):
            gold = [event for event in row.get("events", ()) if asserted(event)]
            report.predicted += len(predicted)
            report.gold += len(gold)
            report.defaulted += sum(bool(m.get("date_defaulted")) for m in predicted)
            for kind, fits in FITS.items():
                pairs = maximum_matching(fits, predicted, gold)
                report.matched[kind] += len(pairs)
                if kind != "full":
                    continue
                for i, j in pairs:
                    if gold[j].get("date"):
                        report.dated += 1
                        report.dated_right += within(predicted[i].get("date"), gold[j]["date"])
                hit = {j for _, j in pairs}
                for j, event in enumerate(gold):
                    if j not in hit and len(report.misses) < keep_misses:
                        report.misses.append({"story_id": story_id, "gold": event})
    return report


def format_news(report: NewsReport) -> str:
    precision, recall, f1 = report.scores()
    lines = [
        f"real news: {report.path} (split {report.split}: {report.stories} stories, "
        f"{report.sentences} sentences, {report.gold} gold events, {report.predicted} mentions)",
        "",
        f"{'':<22} {'prec':>6} {'recall':>6} {'F1':>6}",
        f"{'type + source + target':<22} {precision:6.3f} {recall:6.3f} {f1:6.3f}",
    ]
    for kind, name in (("any", "source + target"), ("type", "type only")):
        p, r, f = report.scores(kind)
        lines.append(f"{name:<22} {p:6.3f} {r:6.3f} {f:6.3f}")
    lines += [
        "",
        f"date accuracy {report.date_accuracy:.3f} (of {report.dated} matched with a gold date)"
        f"   defaulted dates {report.defaulted_share:.3f}   errors {report.errors}",
    ]
    return "\n".join(lines)
