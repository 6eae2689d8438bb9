"""The DuckDB schema, as ordered, named migrations.

`open_db()` (store/db.py) applies every migration not yet recorded in `_migrations`. To change the
schema, append a new function to MIGRATIONS; never edit one that has shipped.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb


def m001_documents(con: duckdb.DuckDBPyConnection) -> None:
    # One row per version of an article. doc_id is stable across versions (URL hash, or text hash
    # without URL); content_hash tells versions apart.
    con.execute(
        """
        CREATE TABLE documents (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            path VARCHAR,
            url VARCHAR,
            title VARCHAR,
            published DATE,
            published_basis VARCHAR,
            window_earliest DATE,
            window_latest DATE,
            window_basis VARCHAR,
            source VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            ingested_at TIMESTAMP DEFAULT current_timestamp,
            PRIMARY KEY (doc_id, version)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE removed_lines (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            detail VARCHAR
        )
        """
    )


def m002_events(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            published DATE,
            sentence_index INTEGER NOT NULL,
            sentence VARCHAR NOT NULL,
            sentence_start INTEGER NOT NULL,
            source VARCHAR,
            source_text VARCHAR,
            source_start INTEGER,
            source_end INTEGER,
            source_name VARCHAR,
            source_country VARCHAR,
            source_role VARCHAR,
            source_resolved_from VARCHAR,
            target VARCHAR,
            target_text VARCHAR,
            target_start INTEGER,
            target_end INTEGER,
            target_name VARCHAR,
            target_country VARCHAR,
            target_role VARCHAR,
            target_resolved_from VARCHAR,
            cameo VARCHAR NOT NULL,
            cameo_root VARCHAR NOT NULL,
            quad_class TINYINT NOT NULL,
            goldstein DOUBLE NOT NULL,
            plover VARCHAR,
            verb_text VARCHAR,
            verb_start INTEGER,
            verb_end INTEGER,
            negated BOOLEAN NOT NULL,
            mode VARCHAR NOT NULL,
            pattern VARCHAR,
            agreements VARCHAR[]
        )
        """
    )


def m010_pledges_threads_clusters(con: duckdb.DuckDBPyConnection) -> None:
    # Pledges (Pledge + Amount flattened), proposal/answer links, and event clusters
    # (one real-world event reported by many articles). Owned by the pledges engineer.
    con.execute(
        """
        CREATE TABLE pledges (
            pledge_id VARCHAR PRIMARY KEY,
            event_id VARCHAR NOT NULL,
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            actor VARCHAR NOT NULL,
            actor_text VARCHAR,
            kind VARCHAR NOT NULL,
            what VARCHAR,
            sentence VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            addressee VARCHAR,
            amount_text VARCHAR,
            amount_value DOUBLE,
            amount_currency VARCHAR,
            amount_unit VARCHAR,
            amount_qualifier VARCHAR,
            amount_usd DOUBLE,
            amount_usd_rate_year INTEGER,
            deadline DATE,
            deadline_text VARCHAR,
            deadline_precision VARCHAR,
            deadline_rejected VARCHAR,
            topics VARCHAR[],
            condition VARCHAR,
            condition_sentence VARCHAR,
            status VARCHAR NOT NULL,
            url VARCHAR,
            published DATE
        )
        """
    )
    con.execute(
        """
        CREATE TABLE thread_links (
            proposal_event_id VARCHAR NOT NULL,
            answer_event_id VARCHAR,
            status VARCHAR NOT NULL,
            shared_terms VARCHAR[]
        )
        """
    )
    con.execute(
        """
        CREATE TABLE event_clusters (
            event_id VARCHAR PRIMARY KEY,
            cluster_id VARCHAR NOT NULL,
            similarity DOUBLE
        )
        """
    )
    # Events of the latest version of each document, with the day they are dated at and their outlet
    # (documents.source, else the URL's host): what dyads, clusters and exports read.
    con.execute(
        """
        CREATE VIEW current_events AS
        SELECT e.*,
               coalesce(e.published, d.published, d.window_earliest) AS event_day,
               coalesce(nullif(d.source, ''),
                        nullif(regexp_extract(d.url, '^[A-Za-z]+://(?:www[.])?([^/:?#]+)', 1), ''),
                        e.doc_id) AS outlet,
               d.url AS url
        FROM events e
        JOIN documents d ON d.doc_id = e.doc_id AND d.version = e.version
        JOIN (SELECT doc_id, max(version) AS v FROM documents GROUP BY doc_id) l
          ON l.doc_id = e.doc_id AND l.v = e.version
        """
    )
    # NumMentions / NumSources / NumArticles per cluster, always current (a view, not a cache).
    con.execute(f"CREATE VIEW cluster_stats AS {CLUSTER_STATS_SQL}")


def m020_agreements_proposed(con: duckdb.DuckDBPyConnection) -> None:
    # The agreement register (synced from data/agreements/register.csv) and organisations proposed
    # in articles ("an Asian version of NATO"). Owned by the real-world engineer
    # (analyse/agreements.py).
    con.execute(
        """
        CREATE TABLE agreements (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            aliases VARCHAR[],
            kind VARCHAR NOT NULL,
            parties VARCHAR[],
            signed DATE,
            in_force DATE,
            status VARCHAR,
            source VARCHAR
        )
        """
    )
    con.execute(
        """
        CREATE TABLE proposed_organisations (
            name VARCHAR NOT NULL,
            modelled_on VARCHAR,
            proposer VARCHAR,
            proposer_text VARCHAR,
            event_id VARCHAR,
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER,
            sentence VARCHAR NOT NULL,
            phrase VARCHAR,
            first_seen DATE
        )
        """
    )


def m030_watch_rounds(con: duckdb.DuckDBPyConnection) -> None:
    # The watcher's rounds (store/rounds.py): one row per pass over its sources.
    con.execute(
        """
        CREATE TABLE watch_rounds (
            round_id BIGINT PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            sources INTEGER,
            items_seen INTEGER,
            items_new INTEGER,
            documents_stored INTEGER,
            events_added INTEGER,
            errors INTEGER,
            error_lines VARCHAR[]
        )
        """
    )


def m031_watch_state(con: duckdb.DuckDBPyConnection) -> None:
    # What the watcher remembers between runs (store/watch_state.py): per feed its validators
    # (ETag, Last-Modified) and failure count, the feed items and the folder files already taken,
    # so a restart neither refetches what the server says is unchanged nor re-reads a file.
    con.execute(
        """
        CREATE TABLE watch_feeds (
            url VARCHAR PRIMARY KEY,
            etag VARCHAR,
            last_modified VARCHAR,
            failures INTEGER NOT NULL DEFAULT 0,
            next_round BIGINT NOT NULL DEFAULT 0,
            last_error VARCHAR,
            last_ok TIMESTAMP
        )
        """
    )
    con.execute(
        """
        CREATE TABLE watch_items (
            feed_url VARCHAR NOT NULL,
            item_key VARCHAR NOT NULL,
            round_id BIGINT,
            PRIMARY KEY (feed_url, item_key)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE watch_files (
            path VARCHAR NOT NULL,
            size BIGINT NOT NULL,
            mtime_ns BIGINT NOT NULL,
            round_id BIGINT,
            PRIMARY KEY (path, size, mtime_ns)
        )
        """
    )


# What a pledge row written before m040 counts as: a commitment `dyadwatch pledges` lists
COMMITMENT_OF_OLD_ROWS = ("kind IN ('pledge', 'intent', 'plan', 'agreement') "
                          "AND (amount_value IS NOT NULL OR deadline IS NOT NULL)")


def m040_pledge_mentions(con: duckdb.DuckDBPyConnection) -> None:
    # One pledge per commitment (pledges/extract.py): the story's other sentences restating it, and
    # whether it is a commitment `dyadwatch pledges` lists (amount or deadline; not a proposal/appeal).
    # Rows written before this migration read as not restated and are re-judged from their kind.
    con.execute("ALTER TABLE pledges ADD COLUMN mentions VARCHAR[]")
    con.execute("ALTER TABLE pledges ADD COLUMN mention_indices INTEGER[]")
    con.execute("ALTER TABLE pledges ADD COLUMN commitment BOOLEAN")
    con.execute(f"UPDATE pledges SET commitment = {COMMITMENT_OF_OLD_ROWS}")


def m050_thread_answers(con: duckdb.DuckDBPyConnection) -> None:
    # Answers read from the stories' sentences (analyse/threads.py): an answer whose proposal no story
    # reports opens a thread of its own (no proposal event), with who proposed, who answered, and the
    # answer's sentence as evidence.
    con.execute("ALTER TABLE thread_links ALTER COLUMN proposal_event_id DROP NOT NULL")
    con.execute("ALTER TABLE thread_links ADD COLUMN proposer VARCHAR")
    con.execute("ALTER TABLE thread_links ADD COLUMN responder VARCHAR")
    con.execute("ALTER TABLE thread_links ADD COLUMN answer_doc_id VARCHAR")
    con.execute("ALTER TABLE thread_links ADD COLUMN answer_sentence VARCHAR")


# NumMentions / NumSources / NumArticles per cluster over the current events (made by m010, and again
# by m060 over the new column list)
CLUSTER_STATS_SQL = """
    SELECT c.cluster_id,
           count(*) AS num_mentions,
           count(DISTINCT ce.outlet) AS num_sources,
           count(DISTINCT ce.doc_id) AS num_articles,
           min(ce.event_day) AS first_day,
           max(ce.event_day) AS last_day
    FROM event_clusters c JOIN current_events ce ON ce.event_id = c.event_id
    GROUP BY c.cluster_id
"""
CURRENT_EVENTS_SQL = """
        SELECT e.*,
               coalesce(e.published, d.published, d.window_earliest) AS event_day,
               coalesce(nullif(d.source, ''),
                        nullif(regexp_extract(d.url, '^[A-Za-z]+://(?:www[.])?([^/:?#]+)', 1), ''),
                        e.doc_id) AS outlet,
               d.url AS url
        FROM events e
        JOIN documents d ON d.doc_id = e.doc_id AND d.version = e.version
        JOIN (SELECT doc_id, max(version) AS v FROM documents GROUP BY doc_id) l
          ON l.doc_id = e.doc_id AND l.v = e.version
"""


def m060_event_evidence_headlines(con: duckdb.DuckDBPyConnection) -> None:
    # Every event explains itself: where its target came from (`Event.target_origin`) and the learned
    # scorer's probability for a model event (`score`). Headline events (`headline`: the sentence is the
    # article's title) are stored but left out of counts, series, cards and exports unless asked for:
    # `current_events` (what every reader reads) now leaves them out and
    # `current_events_with_headlines` has them (store/event_query.py `events_view`). Rows written before
    # read as not headlines, with no origin and no score (NULL).
    con.execute("ALTER TABLE events ADD COLUMN target_origin VARCHAR")
    con.execute("ALTER TABLE events ADD COLUMN score DOUBLE")
    con.execute("ALTER TABLE events ADD COLUMN headline BOOLEAN")
    # the views were bound to the old column list: made again over the new one
    con.execute("DROP VIEW IF EXISTS cluster_stats")
    con.execute("DROP VIEW IF EXISTS current_events")
    con.execute(f"CREATE VIEW current_events_with_headlines AS {CURRENT_EVENTS_SQL}")
    con.execute("CREATE VIEW current_events AS SELECT * FROM current_events_with_headlines "
                "WHERE NOT coalesce(headline, false)")
    con.execute(f"CREATE VIEW cluster_stats AS {CLUSTER_STATS_SQL}")


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    m001_documents,
    m002_events,
    m010_pledges_threads_clusters,
    m020_agreements_proposed,
    m030_watch_rounds,
    m031_watch_state,
    m040_pledge_mentions,
    m050_thread_answers,
    m060_event_evidence_headlines,
]
