"""Full-text search indexes, one per database, kept in step by the database itself.

PostgreSQL: a stored, generated tsvector column over `search_text` with a GIN index. SQLite: an FTS5
table with external content (`forums_post`), kept in step by triggers. Both are outside Django's model:
a later migration that rebuilds `forums_post` on SQLite must recreate the triggers (see docs/forums.md).
"""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE forums_post ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED",
    "CREATE INDEX forums_post_search ON forums_post USING gin (search_vector)",
]
POSTGRESQL_UNDO = [
    "DROP INDEX IF EXISTS forums_post_search",
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_vector",
]

SQLITE = [
    "CREATE VIRTUAL TABLE forums_post_fts USING fts5(search_text, content='forums_post', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER forums_post_fts_insert AFTER INSERT ON forums_post BEGIN "
    "INSERT INTO forums_post_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER forums_post_fts_delete AFTER DELETE ON forums_post BEGIN "
    "INSERT INTO forums_post_fts(forums_post_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER forums_post_fts_update AFTER UPDATE OF search_text ON forums_post BEGIN "
    "INSERT INTO forums_post_fts(forums_post_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO forums_post_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO forums_post_fts(forums_post_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS forums_post_fts_insert",
    "DROP TRIGGER IF EXISTS forums_post_fts_delete",
    "DROP TRIGGER IF EXISTS forums_post_fts_update",
    "DROP TABLE IF EXISTS forums_post_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
