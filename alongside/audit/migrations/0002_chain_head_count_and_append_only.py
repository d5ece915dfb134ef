"""The chain head counts its entries (so a log missing its newest entries, or all, is found), and on
PostgreSQL the log is append-only in the database itself: a trigger refuses to update or delete an entry,
and the head may only move forward by one entry, onto the newest one. SQLite: the count only.

TRUNCATE is left alone: `flush` (tests, `demo --reset`) uses it, and it needs the table's owner; run the
server as a role that does not own the tables (docs/consent-and-audit.md) and it cannot truncate either.
"""

from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_accesslog_append_only BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

CREATE OR REPLACE FUNCTION audit_chainhead_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR NEW.entries <> OLD.entries + 1
        OR NEW.latest_hash IS DISTINCT FROM
            (SELECT entry_hash FROM audit_accesslog ORDER BY id DESC LIMIT 1)
    THEN
        RAISE EXCEPTION 'the access log head only moves forward onto the newest entry: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead;
DROP FUNCTION IF EXISTS audit_chainhead_forward_only();
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def count_entries(apps, schema_editor):
    AccessLog, ChainHead = apps.get_model("audit", "AccessLog"), apps.get_model("audit", "ChainHead")
    ChainHead.objects.filter(pk=1).update(entries=AccessLog.objects.count())


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses % itself

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="chainhead",
            name="entries",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(count_entries, migrations.RunPython.noop),
        migrations.RunPython(_on_postgresql(APPEND_ONLY), _on_postgresql(DROP_APPEND_ONLY)),
    ]
