"""A reference series row for every prefix and year that has projects.

The portfolio's and the statistics' year choices are read from the series (a row per
prefix and year) instead of a DISTINCT over every project. Every registration creates
its year's row; this fills in any year whose projects came some other way (imports,
older data), with the highest number taken as the last one handed out.
"""

from django.db import migrations
from django.db.models import Max


def fyll(apps, schema_editor):
    Delprojekt = apps.get_model("delprojekt", "Delprojekt")
    Referensserie = apps.get_model("delprojekt", "Referensserie")
    finns = set(Referensserie.objects.values_list("prefix", "ar"))
    Referensserie.objects.bulk_create(
        [
            Referensserie(prefix=rad["prefix"], ar=rad["ar"], senaste=rad["hogsta"])
            for rad in Delprojekt.objects.order_by()
            .values("prefix", "ar")
            .annotate(hogsta=Max("lopnummer"))
            if (rad["prefix"], rad["ar"]) not in finns
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delprojekt", "0018_portfoljens_sortering"),
    ]

    operations = [migrations.RunPython(fyll, migrations.RunPython.noop)]
