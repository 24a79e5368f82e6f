from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delprojekt", "0012_referensprefix_bara_versaler_och_siffror"),
    ]

    operations = [
        migrations.AddField(
            model_name="kalendertoken",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
    ]
