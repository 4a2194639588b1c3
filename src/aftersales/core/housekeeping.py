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
