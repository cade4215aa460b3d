"""The Parquet schemas of the lake: staged parts (one input file each) and committed tables.

Committed events carry the flat export columns (`export.FLAT_COLUMNS`, documented in
docs/exports.md) as they are, so a lake's event files read like a Parquet export, plus the
nested record (`record`, JSON, as `dateline export --format jsonl` writes it) and the few
columns the store's filters compare (`q_…`, with the SQLite store's meaning: the first actor
that has a country, every name `|`-joined).
"""

from __future__ import annotations

import pyarrow as pa

from ..export import arrow_schema

OBSERVATION_FIELDS = [
    pa.field("name", pa.string()),
    pa.field("country", pa.string()),
    pa.field("sector", pa.string()),
    pa.field("role", pa.string()),
    pa.field("title", pa.string()),
    pa.field("seen", pa.string()),
    pa.field("article_id", pa.string()),
    pa.field("kind", pa.string()),
    pa.field("kb_id", pa.string()),
    pa.field("mentions", pa.int64()),
    pa.field("reason", pa.string()),
]
ARTICLE_FIELDS = [
    pa.field("id", pa.string()),
    pa.field("published", pa.date32()),
    pa.field("title", pa.string()),
    pa.field("source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("origin", pa.string()),
    pa.field("record_id", pa.string()),
    pa.field("text", pa.string()),
    pa.field("layout", pa.string()),
    pa.field("minhash", pa.binary()),
    pa.field("content_id", pa.string()),
]
QUOTE_FIELDS = [
    pa.field("article_id", pa.string()),
    pa.field("seq", pa.int64()),
    pa.field("speaker", pa.string()),
    pa.field("text", pa.string()),
    pa.field("record", pa.string()),
]
ACTOR_FIELDS = [
    pa.field("article_id", pa.string()),
    pa.field("name", pa.string()),
    pa.field("country", pa.string()),
    pa.field("sector", pa.string()),
    pa.field("kind", pa.string()),
    pa.field("record", pa.string()),
]
PLACE_FIELDS = [
    pa.field("article_id", pa.string()),
    pa.field("name", pa.string()),
    pa.field("geonameid", pa.int64()),
    pa.field("country", pa.string()),
    pa.field("record", pa.string()),
]
SKIPPED_FIELDS = [
    pa.field("origin", pa.string()),
    pa.field("stage", pa.string()),
    pa.field("reason", pa.string()),
    pa.field("record_id", pa.string()),
]

STAGED_SCHEMAS = {
    # `position`: the record's place in its file (articles and skips share one count)
    "articles": pa.schema(
        [
            pa.field("position", pa.int64()),
            *ARTICLE_FIELDS,
            pa.field("extraction", pa.binary()),  # pickled, only for stories with role phrases
        ]
    ),
    "mentions": pa.schema(
        [
            pa.field("mention_id", pa.string()),
            pa.field("article_id", pa.string()),
            pa.field("seq", pa.int64()),
            pa.field("record", pa.string()),
        ]
    ),
    "quotes": pa.schema(QUOTE_FIELDS),
    "actors": pa.schema(ACTOR_FIELDS),
    "places": pa.schema(PLACE_FIELDS),
    "observations": pa.schema(OBSERVATION_FIELDS),
    "skipped": pa.schema([pa.field("position", pa.int64()), *SKIPPED_FIELDS]),
}

TABLE_SCHEMAS = {
    # `ord`: the article's place among all stored articles (the order a local ingest stores)
    "articles": pa.schema(
        [pa.field("ord", pa.int64()), *ARTICLE_FIELDS, pa.field("story_id", pa.string())]
    ),
    "mentions": pa.schema(
        [
            pa.field("mention_id", pa.string()),
            pa.field("article_id", pa.string()),
            pa.field("seq", pa.int64()),
            pa.field("ord", pa.int64()),
            pa.field("story_id", pa.string()),
            pa.field("source", pa.string()),
            pa.field("published", pa.string()),
            pa.field("record", pa.string()),
            pa.field("merge_low", pa.string()),  # first day of its window: merging's order
        ]
    ),
    "quotes": pa.schema(QUOTE_FIELDS),
    "actors": pa.schema(ACTOR_FIELDS),
    "places": pa.schema(PLACE_FIELDS),
    "observations": pa.schema(OBSERVATION_FIELDS),
    "skipped": pa.schema(SKIPPED_FIELDS),
}

QUERY_FIELDS = [
    pa.field("q_source_country", pa.string()),
    pa.field("q_target_country", pa.string()),
    pa.field("q_source_names", pa.string()),
    pa.field("q_target_names", pa.string()),
    pa.field("q_location_name", pa.string()),
    pa.field("q_location_country", pa.string()),
    pa.field("record", pa.string()),
]


def event_schema() -> pa.Schema:
    """Flat export columns, the filter columns and the nested record (event_date is the
    hive partition, in the folder names)."""
    return pa.schema([*arrow_schema(), *QUERY_FIELDS])
