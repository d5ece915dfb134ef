from django.db import migrations, models

KINDS = [
    ("opened", "Opened"),
    ("signal", "Another worrying message"),
    ("alerted", "Alerted"),
    ("acknowledged", "Acknowledged"),
    ("escalated", "Sent to the backup on call"),
    ("note", "Note"),
    ("seen", "Seen by the peer supporter"),
    ("follow_up", "Follow-up agreed"),
    ("reminded", "Reminded of the check-in agreed"),
    ("resolved", "Resolved"),
]


class Migration(migrations.Migration):
    dependencies = [("safety", "0003_escalation_follow_up")]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="alert",
            name="reason",
            field=models.CharField(choices=KINDS, max_length=16),
        ),
        migrations.AlterField(
            model_name="escalationevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=16),
        ),
    ]
