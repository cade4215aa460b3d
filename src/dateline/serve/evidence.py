"""The evidence behind one event: each mention's sentence with the characters that gave its
actors, trigger, date and place marked, so a reader sees exactly what the record rests on."""

from __future__ import annotations

# The parts of a mention record that carry a span in the article's text.
ROLES = ("source", "target", "trigger", "date", "place")


def sentence_offset(mention: dict, span: list[int] | None, text: str) -> tuple[int, int] | None:
    """Where an article-level `span` (covering `text`) falls inside the mention's sentence, or
    None when it lies outside it (a date stated in another sentence of the same event)."""
    sentence = mention.get("sentence") or ""
    start_of_sentence = (mention.get("sentence_span") or [0, 0])[0]
    if span and len(span) == 2:
        start, end = span[0] - start_of_sentence, span[1] - start_of_sentence
        if 0 <= start < end <= len(sentence) and sentence[start:end] == text:
            return start, end
    # Offsets that do not line up with the sentence (normalized whitespace): the text itself
    if span and text and span[0] >= start_of_sentence and text in sentence:
        found = sentence.index(text)
        return found, found + len(text)
    return None


def actor_label(actor: dict) -> str:
    codes = " ".join(c for c in (actor.get("country"), actor.get("sector")) if c)
    name = actor.get("name") or actor.get("text") or ""
    return f"{name} ({codes})" if codes else name


def highlights(mention: dict) -> list[dict]:
    """Spans in the mention's sentence, in reading order: `start`, `end` (character offsets
    into `sentence`), `role` (source, target, trigger, date, place), `text`, `label` (what the
    span was resolved to) and `reason` (why)."""
    found: list[dict] = []

    def add(role: str, span: list[int] | None, text: str, label: str, reason: str) -> None:
        where = sentence_offset(mention, span, text)
        if where:
            found.append(
                {
                    "start": where[0],
                    "end": where[1],
                    "role": role,
                    "text": text,
                    "label": label,
                    "reason": reason,
                }
            )

    for role in ("source", "target"):
        for actor in mention.get(role) or []:
            add(
                role,
                actor.get("span"),
                actor.get("text") or "",
                actor_label(actor),
                actor.get("reason") or "",
            )
    add(
        "trigger",
        mention.get("trigger_span"),
        mention.get("trigger") or "",
        mention.get("event_type") or "",
        mention.get("coder") or "",
    )
    when = mention.get("date") or {}
    if when:
        span = when.get("start"), when.get("end")
        label = span[0] if span[0] == span[1] else f"{span[0]} – {span[1]}"
        add("date", when.get("span"), when.get("text") or "", label or "", when.get("reason") or "")
    place = mention.get("location") or {}
    if place:
        label = ", ".join(p for p in (place.get("name"), place.get("country")) if p)
        add("place", place.get("span"), place.get("text") or "", label, place.get("reason") or "")
    return without_overlaps(found)


def without_overlaps(spans: list[dict]) -> list[dict]:
    """Spans sorted by start; of two that overlap the first (then longer) one is kept, so the
    sentence can be cut into plain and marked pieces."""
    kept: list[dict] = []
    for span in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if kept and span["start"] < kept[-1]["end"]:
            continue
        kept.append(span)
    return kept


def mention_evidence(mention_id: str, mention: dict, article: dict | None) -> dict:
    """One mention as the event page shows it: the sentence, its marked spans, how it was
    coded, and the article it comes from."""
    return {
        "mention_id": mention_id,
        "article_id": mention.get("article_id"),
        "section": mention.get("section"),
        "sentence": mention.get("sentence") or "",
        "highlights": highlights(mention),
        "event_type": mention.get("event_type"),
        "negated": bool(mention.get("negated")),
        "modality": mention.get("modality"),
        "confidence": mention.get("confidence"),
        "date_defaulted": bool(mention.get("date_defaulted")),
        "location_defaulted": bool(mention.get("location_defaulted")),
        "article": article,
    }
