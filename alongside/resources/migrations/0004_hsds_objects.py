"""HSDS organizations, locations, taxonomies and terms an import keeps without a service (issue 21)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_alter_consent_scope"),
        ("resources", "0003_hsds_ids"),
    ]

    operations = [
        migrations.CreateModel(
            name="HsdsObject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("organization", "organization"),
                            ("location", "location"),
                            ("taxonomy", "taxonomy"),
                            ("taxonomy_term", "taxonomy term"),
                        ],
                        max_length=16,
                    ),
                ),
                ("uuid", models.UUIDField()),
                ("document", models.JSONField(default=dict)),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.program",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("program", "kind", "uuid"), name="hsds_object_once_per_program"
                    )
                ],
            },
        ),
    ]
