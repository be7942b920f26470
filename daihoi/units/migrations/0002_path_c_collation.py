"""Give Unit.path C collation on PostgreSQL.

Materialized paths must compare byte by byte: C collation keeps them ordered whatever the
database's default, and lets the btree index serve `path LIKE 'prefix%'` (subtree) queries.
SQLite already compares text bytewise.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE units_unit ALTER COLUMN path TYPE varchar(255) COLLATE "C"'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE units_unit ALTER COLUMN path TYPE varchar(255)')


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
