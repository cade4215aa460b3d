"""Scoring the coder against gold files: what `dateline eval` and `make eval` report.

Two gold formats (those of `../shared/data/`), one reader each, both tolerant:

Relation rows (`evaluate_relations`): one JSON object per line with
  `sentence`, `source` and `target` (`{"text", "span": [start, end] | null}`, a bare string,
  or null), and the gold type in `gold_root` (or `label`, `event`, `event_type`). A span that
  is missing but whose text occurs in the sentence is found by string search. A file whose
  labels include `YIELD` (the PLV label set) is scored over 15 classes, the predicted
  CONCEDE and RETREAT probabilities summed as YIELD; otherwise over the 16 PLOVER types.

Event records (`evaluate_events`): PLOVER JSON records, one per line or a JSON list, with
  `text`, `event` (or `event_type`, `gold_root`, `label`), and `source` / `target` each an
  actor string, a list of strings, or objects with `text` and optionally `country`.
  A country code may also be given as `source_country` / `target_country` (string or list).
  The date comes from `date` / `published` / `publication_date` when present (default
  2020-01-01). The text is run through the end-to-end coder (`dateline.extract`); the record
  counts as *found* when one mention has the gold type (YIELD matches CONCEDE or RETREAT)
  and, on each side whose gold actors have countries (stated in the record, or given for its
  `id` by an independent label file such as `plv_train_actors.jsonl`), shares one of those
  countries. Sides without a country are not checked: gold never comes from the coder's own
  output (`code_actor`). Mentions per sentence = mentions ÷ sentences (records are split into
  sentences by punctuation; a PLOVER gold record is normally one sentence).

Floors (`check_floors`): `benchmarks/floors.json` pins, per gold file, its sha256 and a
minimum for each metric. A report below a floor is a failure; `allow_lower=True` rewrites
the floors down to the report instead (the explicit flag the quality gate asks for).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .coding.ontology import EVENT_TYPES, PLOVER_TYPES
from .errors import SourceError
from .evaluate_news import NewsReport, format_news

YIELD = "YIELD"
PLV_TYPES = (*(t for t in PLOVER_TYPES if t not in {"CONCEDE", "RETREAT"}), YIELD)
LABEL_KEYS = ("gold_root", "label", "event", "event_type", "plover", "gold")
DATE_KEYS = ("date", "published", "publication_date", "pub_date")
DEFAULT_DATE = "2020-01-01"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def quad_of(label: str) -> int:
    return 2 if label == YIELD else EVENT_TYPES[label].quad_class


# --- reports ----------------------------------------------------------------------------------


@dataclass
class TypeScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class RelationReport:
    """Relation classification on one gold file."""

    path: str
    labels: tuple[str, ...]
    gold: list[str]
    predicted: list[str]
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    macro_f1: float = 0.0
    accuracy: float = 0.0
    quad_accuracy: float = 0.0
    ece: float = 0.0
    sha256: str = ""

    @property
    def metrics(self) -> dict[str, float]:
        return {
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "quad_accuracy": self.quad_accuracy,
        }

    def confusion(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {label: Counter() for label in self.labels}
        for gold, predicted in zip(self.gold, self.predicted, strict=True):
            table[gold][predicted] += 1
        return table


@dataclass
class EventReport:
    """End-to-end coding (sentence in, mentions out) on one gold file."""

    path: str
    records: int = 0
    found: int = 0
    sentences: int = 0
    mentions: int = 0
    typed: int = 0  # some mention has the gold type, whatever its actors
    checked_sides: int = 0  # records with at least one side that has a country
    per_type: dict[str, list[int]] = field(default_factory=dict)  # type → [found, total]
    misses: list[dict] = field(default_factory=list)
    sha256: str = ""
    labels: str = ""  # the independent actor labels the countries came from

    @property
    def found_rate(self) -> float:
        return self.found / self.records if self.records else 0.0

    @property
    def type_rate(self) -> float:
        return self.typed / self.records if self.records else 0.0

    @property
    def mentions_per_sentence(self) -> float:
        return self.mentions / self.sentences if self.sentences else 0.0

    @property
    def metrics(self) -> dict[str, float]:
        return {
            "found_rate": self.found_rate,
            "type_rate": self.type_rate,
            "mentions_per_sentence": self.mentions_per_sentence,
        }


Report = RelationReport | EventReport | NewsReport


# --- reading ----------------------------------------------------------------------------------


def read_records(path: str | Path) -> list[dict]:
    """JSON Lines, or one JSON list/object (`{"records": [...]}` also accepted)."""
    file = Path(path)
    if not file.exists():
        raise SourceError(f"gold file {file} does not exist", hint="check the path")
    text = file.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        return list(json.loads(stripped))
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == 1 and stripped.startswith("{"):
                whole = json.loads(stripped)
                return list(whole.get("records", [whole]))
            raise SourceError(
                f"{file}:{number} is not JSON ({exc.msg})", hint="one JSON object per line"
            ) from exc
        records.append(item)
    return records


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def gold_label(record: dict) -> str:
    for key in LABEL_KEYS:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("event_type") or value.get("type") or value.get("event")
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    raise SourceError(
        f"record {record.get('id', '?')} has no gold type",
        hint=f"give the PLOVER type in one of {', '.join(LABEL_KEYS)}",
    )


def actor_span(sentence: str, actor) -> tuple[int, int] | None:
    """The (start, end) of a relation row's actor: its span, else its text found by search."""
    if actor is None:
        return None
    if isinstance(actor, str):
        text, span = actor, None
    else:
        text, span = actor.get("text") or "", actor.get("span")
    if span is not None and len(span) == 2:
        return int(span[0]), int(span[1])
    if text:
        start = sentence.find(text)
        if start >= 0:
            return start, start + len(text)
    return None


# --- relations --------------------------------------------------------------------------------

Classifier = Callable[[str, tuple[int, int] | None, tuple[int, int] | None], dict[str, float]]


def evaluate_relations(
    path: str | Path, *, classify: Classifier | None = None, bins: int = 10
) -> RelationReport:
    """Per-type P/R/F1, macro-F1, accuracy, QuadClass accuracy and ECE of `classify`
    (default `dateline.classify_relation`) on relation rows."""
    if classify is None:
        from .coding.relation import classify_relation as classify
    rows = read_records(path)
    gold = [gold_label(r) for r in rows]
    plv = YIELD in gold
    labels = PLV_TYPES if plv else PLOVER_TYPES
    unknown = sorted(set(gold) - set(labels))
    if unknown:
        raise SourceError(f"{path}: unknown types {unknown}", hint="use PLOVER type names")
    predicted, confidences = [], []
    for row in rows:
        sentence = row.get("sentence") or row.get("text") or ""
        probabilities = dict(
            classify(
                sentence,
                actor_span(sentence, row.get("source")),
                actor_span(sentence, row.get("target")),
            )
        )
        if plv:
            probabilities[YIELD] = probabilities.pop("CONCEDE", 0.0) + probabilities.pop(
                "RETREAT", 0.0
            )
        best = max(labels, key=lambda t: probabilities.get(t, 0.0))
        predicted.append(best)
        confidences.append(probabilities.get(best, 0.0))
    report = RelationReport(
        path=str(path), labels=labels, gold=gold, predicted=predicted, sha256=sha256_of(path)
    )
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n_pred = predicted.count(label)
        n_gold = gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report.per_type[label] = TypeScore(precision, recall, f1, n_gold)
    present = [s for s in report.per_type.values() if s.support]
    report.macro_f1 = sum(s.f1 for s in present) / len(present) if present else 0.0
    pairs = list(zip(gold, predicted, strict=True))
    report.accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    report.quad_accuracy = (
        sum(quad_of(g) == quad_of(p) for g, p in pairs) / len(pairs) if pairs else 0.0
    )
    correct = [g == p for g, p in pairs]
    report.ece = expected_calibration_error(confidences, correct, bins=bins)
    return report


def expected_calibration_error(
    confidences: list[float], correct: list[bool], *, bins: int = 10
) -> float:
    """Σ over equal-width confidence bins of |accuracy − mean confidence| × share of rows."""
    if not confidences:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [i for i, c in enumerate(confidences) if (lo < c <= hi) or (b == 0 and c == 0.0)]
        if inside:
            accuracy = sum(correct[i] for i in inside) / len(inside)
            confidence = sum(confidences[i] for i in inside) / len(inside)
            total += len(inside) / len(confidences) * abs(accuracy - confidence)
    return total


# --- events (end to end) ----------------------------------------------------------------------


def actor_strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        text = value.get("text") or value.get("name") or ""
        return [text] if text else []
    if isinstance(value, Iterable):
        return [s for item in value for s in actor_strings(item)]
    return []


def given_countries(record: dict, side: str) -> set[str]:
    """Country codes the gold states for one side (`source_country`, or `country` fields)."""
    codes: set[str] = set()
    value = record.get(f"{side}_country") or record.get(f"{side}_countries")
    if isinstance(value, str):
        codes.update(c for c in re.split(r"[;,\s]+", value) if c)
    elif isinstance(value, list):
        codes.update(str(c) for c in value if c)
    actors = record.get(side)
    items = actors if isinstance(actors, list) else [actors]
    for item in items:
        if isinstance(item, dict) and item.get("country"):
            codes.add(str(item["country"]))
    return {c.upper() for c in codes}


def gold_countries(record: dict, side: str, labels: dict | None = None) -> set[str]:
    """The countries one side of a gold event stands for: those the record states, else those
    an independent label file gives for its id (never what the coder itself would say: a side
    without a stated country is not checked)."""
    codes = given_countries(record, side)
    if codes or labels is None:
        return codes
    label = labels.get(str(record.get("id", "")))
    if label is None:
        return set()
    return given_countries(label, side)


def read_actor_labels(path: str | Path, *, confidence: str = "all") -> dict[str, dict]:
    """Independent actor labels by record id (`plv_train_actors.jsonl`: `source_country`,
    `target_country`, `source_confidence`, ...); with `confidence="high"` a side labelled
    with low confidence is left unchecked."""
    labels = {}
    for row in read_records(path):
        row = dict(row)
        for side in ("source", "target"):
            if confidence == "high" and row.get(f"{side}_confidence", "high") != "high":
                row[f"{side}_country"] = ""
        labels[str(row.get("id", ""))] = row
    return labels


def count_sentences(text: str) -> int:
    return max(1, len([s for s in SENTENCE_END.split(text.strip()) if s.strip()]))


def mention_matches(mention: dict, label: str, sources: set[str], targets: set[str]) -> bool:
    kinds = {"CONCEDE", "RETREAT"} if label == YIELD else {label}
    if mention["event_type"] not in kinds:
        return False
    found_sources = {a.get("country", "") for a in mention.get("source", ())}
    found_targets = {a.get("country", "") for a in mention.get("target", ())}
    if sources and not sources & found_sources:
        return False
    return not (targets and not targets & found_targets)


def evaluate_events(
    path: str | Path,
    *,
    extract: Callable[..., list[dict]] | None = None,
    keep_misses: int = 50,
    actors: str | Path | None = None,
    confidence: str = "all",
) -> EventReport:
    """Found rate (gold type with the right source/target countries) and mentions per
    sentence of the end-to-end coder (default `dateline.extract`) on PLOVER JSON records.

    `actors` names an independent label file for the records' countries (by `id`); without it
    the `<name>_actors.jsonl` beside the gold file is used when present."""
    if extract is None:
        from . import extract
    if actors is None:
        beside = Path(path).with_name(f"{Path(path).stem}_actors.jsonl")
        actors = beside if beside.exists() else None
    labels = read_actor_labels(actors, confidence=confidence) if actors else None
    report = EventReport(
        path=str(path),
        sha256=sha256_of(path),
        labels=f"{Path(actors).name} ({confidence})" if actors else "",
    )
    for record in read_records(path):
        text = record.get("text") or record.get("sentence") or ""
        if not text.strip():
            continue
        label = gold_label(record)
        published = next((str(record[k])[:10] for k in DATE_KEYS if record.get(k)), DEFAULT_DATE)
        mentions = extract(text, published=published)
        sources = gold_countries(record, "source", labels)
        targets = gold_countries(record, "target", labels)
        hit = any(mention_matches(m, label, sources, targets) for m in mentions)
        typed = any(mention_matches(m, label, set(), set()) for m in mentions)
        report.records += 1
        report.sentences += count_sentences(text)
        report.mentions += len(mentions)
        report.found += hit
        report.typed += typed
        report.checked_sides += bool(sources or targets)
        counts = report.per_type.setdefault(label, [0, 0])
        counts[0] += hit
        counts[1] += 1
        if not hit and len(report.misses) < keep_misses:
            report.misses.append(
                {
                    "id": record.get("id", ""),
                    "gold": label,
                    "source": sorted(sources),
                    "target": sorted(targets),
                    "coded": [
                        (
                            m["event_type"],
                            [a.get("country", "") for a in m.get("source", ())],
                            [a.get("country", "") for a in m.get("target", ())],
                        )
                        for m in mentions
                    ],
                }
            )
    return report


# --- formatting -------------------------------------------------------------------------------


def format_report(report: Report) -> str:
    """A plain-text report: per-type table, confusion matrix and headline figures."""
    if isinstance(report, NewsReport):
        return format_news(report)
    if isinstance(report, EventReport):
        return format_events(report)
    lines = [f"relations: {report.path} ({len(report.gold)} rows)", ""]
    lines.append(f"{'type':<10} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}")
    for label, score in report.per_type.items():
        lines.append(
            f"{label:<10} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} "
            f"{score.support:5d}"
        )
    lines += [
        "",
        f"macro-F1 {report.macro_f1:.4f}   accuracy {report.accuracy:.4f}   "
        f"QuadClass accuracy {report.quad_accuracy:.4f}   ECE {report.ece:.4f}",
        "",
        "confusion (rows gold, columns predicted):",
    ]
    short = [label[:4] for label in report.labels]
    lines.append(" " * 10 + " ".join(f"{s:>4}" for s in short))
    for label, row in report.confusion().items():
        lines.append(f"{label:<10}" + " ".join(f"{row.get(p, 0) or '.':>4}" for p in report.labels))
    return "\n".join(lines)


def format_events(report: EventReport) -> str:
    lines = [
        f"events: {report.path} ({report.records} records, {report.sentences} sentences)",
        "",
        f"{'type':<10} {'found':>6} {'of':>5} {'rate':>6}",
    ]
    for label, (found, total) in sorted(report.per_type.items()):
        lines.append(f"{label:<10} {found:6d} {total:5d} {found / total:6.3f}")
    lines += [
        "",
        f"found (type + source/target countries) {report.found_rate:.4f}   "
        f"type only {report.type_rate:.4f}   "
        f"mentions per sentence {report.mentions_per_sentence:.3f}",
        f"records with a country on some gold side: {report.checked_sides}"
        + (f" (countries from {report.labels})" if report.labels else ""),
    ]
    return "\n".join(lines)


# --- floors -----------------------------------------------------------------------------------

HIGHER_IS_WORSE = {"mentions_per_sentence"}


def floors_key(report: Report) -> str:
    if isinstance(report, NewsReport):
        return f"news-{report.split}:{Path(report.path).name}"
    if isinstance(report, EventReport):
        labels = f"@{report.labels.replace(' (', ':').rstrip(')')}" if report.labels else ""
        return f"events:{Path(report.path).name}{labels}"
    return f"relations:{Path(report.path).name}"


def check_floors(
    report: RelationReport | EventReport | NewsReport,
    floors_path: str | Path,
    *,
    allow_lower: bool = False,
) -> list[str]:
    """Failures of `report` against the pinned floors (empty when it passes).

    A floor for `mentions_per_sentence` is a ceiling. A gold file whose sha256 differs from
    the pinned one fails (the figures are not comparable). With `allow_lower=True` nothing
    fails: the floors of this file are rewritten to the report's figures.
    """
    path = Path(floors_path)
    floors = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    key = floors_key(report)
    entry = floors.get(key)
    if entry is None:
        return [] if allow_lower else [f"{key}: no floors pinned in {path}"]
    failures = []
    if entry.get("sha256") and entry["sha256"] != report.sha256:
        failures.append(f"{key}: gold file changed (sha256 {report.sha256[:12]}…)")
    for metric, floor in entry.get("floors", {}).items():
        value = report.metrics.get(metric)
        if value is None:
            failures.append(f"{key}: no metric {metric}")
        elif metric in HIGHER_IS_WORSE and value > floor + 1e-9:
            failures.append(f"{key}: {metric} {value:.4f} above the ceiling {floor:.4f}")
        elif metric not in HIGHER_IS_WORSE and value < floor - 1e-9:
            failures.append(f"{key}: {metric} {value:.4f} below the floor {floor:.4f}")
    if failures and allow_lower:
        pin_floors(report, path, margin=0.0)
        return []
    return failures


def pin_floors(
    report: RelationReport | EventReport | NewsReport,
    floors_path: str | Path,
    *,
    margin: float = 0.01,
) -> dict:
    """Write the report's figures (less `margin`) as the floors of its gold file."""
    path = Path(floors_path)
    floors = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    pinned = {}
    for metric, value in report.metrics.items():
        bound = value + margin if metric in HIGHER_IS_WORSE else value - margin
        pinned[metric] = round(max(bound, 0.0), 4)
    floors[floors_key(report)] = {"sha256": report.sha256, "floors": pinned}
    path.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return floors
