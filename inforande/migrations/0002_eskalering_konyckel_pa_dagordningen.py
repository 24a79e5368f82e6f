"""Agenda items put up from the queue of escalated problems before the agenda kept the
queue item's key: their key is read from the heading the queue gave them
("… införandeproblem i … (nr 12)")."""

import re

from django.db import migrations

NR = re.compile(r"\(nr (\d+)\)$")


def fill(apps, schema_editor):
    Dagordningspunkt = apps.get_model("delprojekt", "Dagordningspunkt")
    Eskalering = apps.get_model("inforande", "Eskalering")
    befintliga = set(Eskalering.objects.values_list("pk", flat=True))
    punkter = Dagordningspunkt.objects.filter(
        konyckel="", delprojekt__isnull=True, rubrik__contains="införandeproblem"
    )
    for p in punkter:
        m = NR.search(p.rubrik)
        if m and int(m.group(1)) in befintliga:
            p.konyckel = f"eskalering:{m.group(1)}"
            p.save(update_fields=["konyckel"])


class Migration(migrations.Migration):
    dependencies = [
        ("inforande", "0001_genomforandeplan_eskalering_sjukvardsregion"),
        ("delprojekt", "0027_dagordningspunkt_konyckel"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
