"""Open Referral HSDS 3.0 (issue 21): every resource gets its own HSDS service id, a place to keep the
HSDS service as imported, and an import job keeps what it could not use."""

import uuid

from django.db import migrations, models


def give_each_resource_its_own_uuid(apps, schema_editor):
    Resource = apps.get_model("resources", "Resource")
    for resource in Resource.objects.only("pk").iterator():
        Resource.objects.filter(pk=resource.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_hand_offs_count_discharges"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="notes",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="resource",
            name="hsds",
            field=models.JSONField(blank=True, default=dict),
        ),
        # Null first, so that existing rows do not all share the one default computed for the column.
        migrations.AddField(
            model_name="resource",
            name="uuid",
            field=models.UUIDField(null=True),
        ),
        migrations.RunPython(give_each_resource_its_own_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resource",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4),
        ),
        migrations.AddConstraint(
            model_name="resource",
            constraint=models.UniqueConstraint(
                fields=("program", "uuid"), name="resource_uuid_once_per_program"
            ),
        ),
    ]
