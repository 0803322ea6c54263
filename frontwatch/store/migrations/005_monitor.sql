-- frontwatch store, version 3: what `watch` remembers of its feeds, and the alerts it raised.

-- One row per feed: conditional-request validators and the backoff's count of failures.
CREATE TABLE watch_feeds (
    feed          TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    last_ok       TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL
);

-- Every feed entry handled (guid, else link, else a hash), so none is fetched or coded twice.
CREATE TABLE watch_items (
    feed       TEXT NOT NULL,
    item       TEXT NOT NULL,
    article_id TEXT,
    seen_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (feed, item)
);

-- Alerts raised by rules; the id names the condition, so one is never raised twice.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    rule         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    area         TEXT,
    body         TEXT NOT NULL,                -- Alert.to_json() as JSON
    raised_at    TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP                     -- webhook delivery; null while pending (or no webhook)
);
