-- frontwatch store, version 3: the views kept up to date at write time (store/views.py).
-- Every row here can be recomputed from articles and events: `frontwatch views rebuild`.

-- Control claims, per article: what its territory events and its text say about who holds a place.
CREATE TABLE view_control_claims (
    article_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,                 -- order within the article
    place_key   TEXT NOT NULL,                    -- views.control.place_key
    name_key    TEXT NOT NULL,                    -- key1 of the place's name: the unit of recomputation
    ord         TEXT NOT NULL,                    -- the claim's rank in the whole store (sorted in Python)
    claim       TEXT NOT NULL,                    -- ControlClaim as JSON
    PRIMARY KEY (article_id, seq)
);

-- Control timelines: per place, who holds it from valid_from until the day before valid_to (null: open).
CREATE TABLE view_control (
    place_key   TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    k1          TEXT NOT NULL,                    -- key1 / key2 of the place's name, for `control --place`
    k2          TEXT NOT NULL,
    place       TEXT NOT NULL,
    latitude    FLOAT8,
    longitude   FLOAT8,
    country     TEXT,
    admin1      TEXT,
    geonameid   BIGINT,
    located     BOOLEAN NOT NULL,
    controller  TEXT NOT NULL,
    inter       TEXT NOT NULL,
    since       DATE,
    event_ids   TEXT NOT NULL,                    -- JSON list: the events behind this interval
    evidence    TEXT NOT NULL,                    -- JSON list of sentences
    PRIMARY KEY (place_key, valid_from)
);

-- Fusion: each event's fused event and block (the connected group of linked events it belongs to).
CREATE TABLE view_fusion (
    event_id    TEXT PRIMARY KEY,
    fused_id    TEXT NOT NULL,
    block_id    TEXT NOT NULL
);

CREATE TABLE view_fused (
    id          TEXT PRIMARY KEY,
    block_id    TEXT NOT NULL,
    event_date  DATE,
    payload     TEXT NOT NULL                     -- FusedEvent as JSON, claims included
);

-- 'stale' when the views were added to a store that already held articles: readers then compute
-- the views from the events, until `frontwatch views rebuild` fills the tables.
CREATE TABLE view_state (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);

INSERT INTO view_state (name, value) SELECT 'views', 'stale' WHERE EXISTS (SELECT 1 FROM articles);
