"""Keeping the embedded database's query plans good as it grows."""

from __future__ import annotations

from typing import Any

from django.db import connection


def refresh_planner_statistics(**_: Any) -> str:
    """SQLite has no autovacuum: without ANALYZE its planner guesses, and a search by phone
    walks every order of the scope newest-first instead of looking the phone up (issue 8).
    PostgreSQL's autovacuum analyses by itself; nothing to do there."""
    if connection.vendor != "sqlite":
        return "skipped"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "analyzed"


def statistics_after_migrate(
    *, plan: list[Any] | None = None, using: str = "default", **_: Any
) -> None:
    """A migration that adds an index leaves SQLite with statistics for the old indexes only,
    and its planner then prefers the new one blindly: the network's first page went from 15 ms
    to 1.2 s at 100,000 orders (a sort of the whole scope) until the nightly ANALYZE. Tables
    without rows get no statistics, so a fresh database is not misled either."""
    if plan and connection.alias == using:
        refresh_planner_statistics()
