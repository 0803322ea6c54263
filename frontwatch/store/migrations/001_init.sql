-- frontwatch store, version 1. Plain SQL that DuckDB and PostgreSQL both accept.
-- Timestamps are naive UTC. Place and evidence rows hang off events; events off articles.

CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    title       TEXT,
    outlet      TEXT,
    url         TEXT,
    published   TIMESTAMP,
    text        TEXT NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);

-- One row per distinct place: keyed by GeoNames id where known, else by
-- name/country/admin1/coordinates (see Store.place_id).
CREATE TABLE places (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    latitude    FLOAT8,
    longitude   FLOAT8,
    geonameid   BIGINT,
    feature     TEXT,
    population  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles (id),
    seq             INTEGER NOT NULL,             -- order within the article, most important first
    event_date      DATE,
    time_precision  INTEGER NOT NULL CHECK (time_precision IN (1, 2, 3)),
    event_type      TEXT NOT NULL,
    sub_event_type  TEXT NOT NULL,
    actor1          TEXT,
    inter1          TEXT,
    actor1_surface  TEXT,
    actor2          TEXT,
    inter2          TEXT,
    actor2_surface  TEXT,
    place_id        TEXT REFERENCES places (id),
    location        TEXT,
    admin1          TEXT,
    country         TEXT,
    latitude        FLOAT8 CHECK (latitude BETWEEN -90 AND 90),
    longitude       FLOAT8 CHECK (longitude BETWEEN -180 AND 180),
    geo_precision   INTEGER CHECK (geo_precision IN (1, 2, 3)),
    fatalities      INTEGER NOT NULL CHECK (fatalities >= 0),
    fatalities_high INTEGER CHECK (fatalities_high >= 0),
    displaced       BIGINT CHECK (displaced >= 0),
    source          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('current', 'background')),
    confidence      FLOAT8 NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    extra           TEXT                          -- Event.extra as JSON
);

CREATE TABLE evidence (
    event_id TEXT NOT NULL REFERENCES events (id),
    seq      INTEGER NOT NULL,                    -- 0: Event.evidence
    text     TEXT NOT NULL,
    "start"  INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    PRIMARY KEY (event_id, seq)
);
