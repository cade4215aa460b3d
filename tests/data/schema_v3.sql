-- The schema dateline wrote as version 3 (git: src/dateline/store/schema.py before issue 21),
-- kept to test the migrations.
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
    minhash BLOB NOT NULL
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
    record TEXT NOT NULL
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
    origin TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (origin, stage)
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
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actor_observations (
    article_id TEXT NOT NULL,
    seen TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    role TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    kb_id TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, name, country, role)
);
CREATE INDEX IF NOT EXISTS actor_observations_name ON actor_observations(name);
CREATE INDEX IF NOT EXISTS actor_observations_role
    ON actor_observations(country, role, seen);
CREATE TABLE IF NOT EXISTS office_tables (
    source TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    coverage_end TEXT NOT NULL,
    spells INTEGER NOT NULL,
    imported TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS office_spells (
    source TEXT NOT NULL REFERENCES office_tables(source),
    country TEXT NOT NULL,
    catalog TEXT NOT NULL,
    main INTEGER NOT NULL,
    position TEXT NOT NULL,
    role TEXT NOT NULL,
    person TEXT NOT NULL,
    person_id TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS office_spells_role ON office_spells(country, role);
CREATE INDEX IF NOT EXISTS office_spells_person ON office_spells(person);
INSERT INTO meta VALUES ('schema', '3');
