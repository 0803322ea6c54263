-- Secondary indexes for the filters of Store.events(). PostgreSQL only: DuckDB
-- scans with zone maps, and its ART indexes would only slow ingest down.
CREATE INDEX events_article_idx ON events (article_id);
CREATE INDEX events_date_idx ON events (event_date);
CREATE INDEX events_type_idx ON events (event_type, sub_event_type);
CREATE INDEX events_lonlat_idx ON events (longitude, latitude);
