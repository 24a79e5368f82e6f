from django.db import migrations


def fill_prefix(apps, schema_editor):
    # A reference is "<prefix>-<year>-<number>"; the prefix itself may hold a hyphen.
    for name in ("Delprojekt", "HistoricalDelprojekt"):
        model = apps.get_model("delprojekt", name)
        rows = list(model.objects.filter(prefix__isnull=True).only("pk", "referens"))
        for row in rows:
            row.prefix = row.referens.rsplit("-", 2)[0]
        model.objects.bulk_update(rows, ["prefix"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("delprojekt", "0007_delprojekt_prefix"),
    ]

    operations = [
        migrations.RunPython(fill_prefix, migrations.RunPython.noop),
    ]
