"""The SQLite schema of the embedded store and the migrations that bring older files up to it.

`SCHEMA` creates the current tables (every statement is idempotent); a database written by an
older dateline is upgraded by the `MIGRATIONS` after its version, in one transaction, the first
time it is opened for writing. Read-only opens never change a file: an older one is refused
with a hint to upgrade it.

To add a column (the usual change) is one line. Add the column at the end of its table in
`SCHEMA`, then append a step with the next version number, e.g.

    (5, "ALTER TABLE mentions ADD COLUMN low_confidence INTEGER NOT NULL DEFAULT 0"),

`SCHEMA_VERSION` follows from the list. Statements that name their columns (every `INSERT` in
`sqlite.py` does) keep working on old and new files alike. A new table needs no step: `SCHEMA`
creates it. Changing a key or a column's type needs the rebuild a SQLite `ALTER TABLE` cannot
do (create, copy, drop, rename), as step 4 does for `skipped`.
"""

# Marks a file as a dateline database (`PRAGMA application_id`, the bytes "DLNE").
APPLICATION_ID = 0x444C4E45
# The oldest schema the migrations below can upgrade; older files must be ingested again.
OLDEST_MIGRATABLE = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    published TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    origin TEXT NOT NULL,
    text TEXT NOT NULL,
    layout TEXT NOT NULL,
    story_id TEXT NOT NULL,
    minhash BLOB NOT NULL,
    record_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS mentions (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    negated INTEGER NOT NULL,
    modality TEXT NOT NULL,
    section TEXT NOT NULL,
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    source_names TEXT NOT NULL,
    target_names TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    location TEXT,
    sentence TEXT NOT NULL,
    record TEXT NOT NULL,
    low_confidence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mentions_type ON mentions(event_type);
CREATE INDEX IF NOT EXISTS mentions_date ON mentions(date_start);
CREATE INDEX IF NOT EXISTS mentions_dyad ON mentions(source_country, target_country);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE IF NOT EXISTS actors (
    article_id TEXT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    kind TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, name, country)
);
CREATE TABLE IF NOT EXISTS places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS skipped (
    origin TEXT NOT NULL PRIMARY KEY,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    record_id TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences USING fts5(
    sentence, mention_id UNINDEXED, article_id UNINDEXED
);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    negated INTEGER NOT NULL,
    modality TEXT NOT NULL,
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    source_names TEXT NOT NULL,
    target_names TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    month TEXT NOT NULL,
    location_name TEXT NOT NULL,
    location_country TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, date_start);
CREATE INDEX IF NOT EXISTS events_source_months ON events(
    source_country, month, quad_class, goldstein, negated, modality, target_country);
CREATE INDEX IF NOT EXISTS events_target_months ON events(
    target_country, month, quad_class, goldstein, negated, modality, source_country);
CREATE INDEX IF NOT EXISTS events_date ON events(date_start);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type, date_start);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id TEXT NOT NULL,
    mention_id TEXT NOT NULL PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS merge_rows (
    mention_id TEXT PRIMARY KEY,
    component TEXT NOT NULL,
    row TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS merge_rows_component ON merge_rows(component);
CREATE TABLE IF NOT EXISTS merge_keys (
    key TEXT NOT NULL,
    low TEXT NOT NULL,
    high TEXT NOT NULL,
    mention_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS merge_keys_window ON merge_keys(key, high);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# (version it upgrades to, one SQL statement), applied in order after the file's version.
MIGRATIONS: list[tuple[int, str]] = [
    (4, "ALTER TABLE articles ADD COLUMN record_id TEXT NOT NULL DEFAULT ''"),
    # skipped: one row per record (it was one per record and stage, so a record skipped at two
    # stages in two runs counted twice)
    (
        4,
        "CREATE TABLE skipped_4 (origin TEXT NOT NULL PRIMARY KEY, stage TEXT NOT NULL, "
        "reason TEXT NOT NULL, record_id TEXT NOT NULL)",
    ),
    (4, "INSERT OR REPLACE INTO skipped_4 SELECT origin, stage, reason, record_id FROM skipped"),
    (4, "DROP TABLE skipped"),
    (4, "ALTER TABLE skipped_4 RENAME TO skipped"),
    # events are merged again by the rules of this version (merge.MERGE_VERSION)
    (4, "DELETE FROM meta WHERE key = 'merge'"),
    # mentions the confidence model does not trust: stored, never merged into events
    (5, "ALTER TABLE mentions ADD COLUMN low_confidence INTEGER NOT NULL DEFAULT 0"),
]
SCHEMA_VERSION = max(version for version, _ in MIGRATIONS)
