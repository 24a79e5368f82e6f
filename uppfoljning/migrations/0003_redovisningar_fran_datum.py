"""Move the three presentation dates of a round into Redovisning records and set its state."""

from django.db import migrations

ORGAN = {
    "redovisad_samarbetsgrupp": "samarbetsgrupp",
    "redovisad_ledningsgrupp": "ledningsgrupp",
    "redovisad_namnd": "namnd",
}


def forward(apps, schema_editor):
    Omgang = apps.get_model("uppfoljning", "Uppfoljningsomgang")
    Redovisning = apps.get_model("uppfoljning", "Redovisning")
    for omgang in Omgang.objects.all():
        presented = 0
        for field, organ in ORGAN.items():
            datum = getattr(omgang, field)
            if datum:
                Redovisning.objects.create(omgang=omgang, organ_typ=organ, datum=datum)
                presented += 1
        status = "redovisad" if presented == 3 else "inlamnad" if presented else "planerad"
        Omgang.objects.filter(pk=omgang.pk).update(status=status)


def backward(apps, schema_editor):
    Omgang = apps.get_model("uppfoljning", "Uppfoljningsomgang")
    Redovisning = apps.get_model("uppfoljning", "Redovisning")
    for r in Redovisning.objects.all():
        field = next(f for f, organ in ORGAN.items() if organ == r.organ_typ)
        Omgang.objects.filter(pk=r.omgang_id).update(**{field: r.datum})


class Migration(migrations.Migration):
    dependencies = [("uppfoljning", "0002_omgang_lifecycle_and_records")]

    operations = [migrations.RunPython(forward, backward)]
