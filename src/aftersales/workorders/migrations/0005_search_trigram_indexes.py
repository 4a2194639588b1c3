"""Substring search on customer names and fault texts: pg_trgm GIN indexes, PostgreSQL only.

The list search (workorders/selectors.py) asks `LIKE '%…%'` of these columns; a trigram index
answers that without reading the table. SQLite has no such index: the migration does nothing
there and the search reads the newest orders first. The indexes live outside the models'
state (no GinIndex in Meta) so that SQLite never sees them; the customers table's index is
created here because the work-order search is what needs it.
"""

from django.db import migrations

INDEXES = [
    ("wo_fault_trgm", "workorders_workorder", "fault_description"),
    ("customer_name_trgm", "customers_customer", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
        ("workorders", "0004_duplicates_and_idempotency"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
