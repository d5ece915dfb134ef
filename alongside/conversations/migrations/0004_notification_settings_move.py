from django.db import migrations


class Migration(migrations.Migration):
    """NotificationSettings now belongs to the notifications app; its table and rows stay as they are."""

    dependencies = [
        ("conversations", "0003_boundary_guard"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NotificationSettings")],
            database_operations=[],
        ),
    ]
