from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delprojekt", "0014_kalendertoken_hasha_befintliga"),
    ]

    operations = [
        migrations.AlterField(
            model_name="kalendertoken",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.RemoveField(
            model_name="kalendertoken",
            name="token",
        ),
    ]
