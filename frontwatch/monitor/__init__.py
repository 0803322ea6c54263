"""The live monitor: `frontwatch watch` polls feeds, ingests what is new and raises alerts.

One job per module, typed values between them:

| module | job |
|---|---|
| `feeds.py` | the feed list (YAML file and arguments) -> `WatchConfig` of `FeedSpec`s |
| `schedule.py` | when each feed is due: its interval, exponential backoff after errors, a polite gap per host |
| `workers.py` | a few daemon threads for the network, so a slow feed never holds the others up |
| `poll.py` | one feed's listing (RSS/Atom, or an HTML page of links) with a conditional GET; its new entries' articles |
| `watch.py` | the loop: schedule, poll, leave out what was handled, ingest, remember, alert; stops on SIGTERM/SIGINT |
| `rules.py`, `alerts.py` | alert rules (YAML) and their evaluation over the store, each alert with its evidence |
| `outputs.py` | where alerts go: JSONL on stdout, a webhook with retries; `atom.py` renders the Atom feed |

State lives in the store (migration 005): feed validators and failure counts, every entry handled,
every alert raised. A restart, even after SIGKILL, fetches and stores nothing twice and loses
nothing: an entry is marked handled only after its article is stored, and an entry whose URL is
already an article is marked without a fetch.
"""
