import hashlib

from django.db import migrations


def hasha_befintliga(apps, schema_editor):
    # Existing feed addresses keep working: the token in them hashes to the stored value.
    Kalendertoken = apps.get_model("delprojekt", "Kalendertoken")
    for kt in Kalendertoken.objects.filter(token_hash__isnull=True).only("pk", "token"):
        kt.token_hash = hashlib.sha256(kt.token.encode()).hexdigest()
        kt.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("delprojekt", "0013_kalendertoken_token_hash"),
    ]

    operations = [
        migrations.RunPython(hasha_befintliga, migrations.RunPython.noop),
    ]
