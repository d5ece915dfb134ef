import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("conversations", "0003_boundary_guard"),  # created the notification settings' table
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Taken over from conversations with its rows: only Django's idea of the model moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NotificationSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email_allowed",
                            models.BooleanField(
                                default=False,
                                verbose_name="Email me when someone writes while I am away",
                            ),
                        ),
                        (
                            "quiet_hours_on",
                            models.BooleanField(default=True, verbose_name="Keep quiet hours"),
                        ),
                        (
                            "quiet_from",
                            models.TimeField(
                                default=datetime.time(21, 0), verbose_name="Quiet from"
                            ),
                        ),
                        (
                            "quiet_until",
                            models.TimeField(
                                default=datetime.time(8, 0), verbose_name="Quiet until"
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notification_settings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "conversations_notificationsettings"},
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="HeldEmail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("send_after", models.DateTimeField()),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("failed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("failed_at__isnull", True), ("sent_at__isnull", True)),
                        fields=["send_after"],
                        name="held_email_waiting",
                    )
                ],
            },
        ),
    ]
