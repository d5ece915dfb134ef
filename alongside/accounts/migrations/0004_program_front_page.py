from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token_refresh"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="front_page",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
