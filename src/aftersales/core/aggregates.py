"""Aggregates both databases answer the same way."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField


class TextList(Aggregate):
    """The values of a to-many relation as one comma-separated text, in the row's own query
    (a user's roles with the token, a technician's skills with the profile) instead of a
    second query over the same rows. Cast non-text values to text on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


def split_list(text: str | None) -> list[str]:
    return [v for v in (text or "").split(",") if v]
