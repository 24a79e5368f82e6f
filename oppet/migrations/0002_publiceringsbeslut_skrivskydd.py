"""The publication log cannot be changed in the database either (PostgreSQL only).

A publication decision is written once: an UPDATE or DELETE is refused, except the
reference to a deleted user that Django clears (``beslutat_av_id``; the name stays in
``beslutat_av_namn``). The refusal and the change test are those of
``delprojekt/0011_signed_records_immutable``; the trigger's function is theirs too.
"""

from django.db import migrations

TRIGGER = """
CREATE TRIGGER sfbv_skrivskydd_publiceringsbeslut
BEFORE UPDATE OR DELETE ON oppet_publiceringsbeslut
FOR EACH ROW EXECUTE FUNCTION sfbv_skrivskydd_rad('beslutat_av_id')
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRIGGER, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS sfbv_skrivskydd_publiceringsbeslut ON oppet_publiceringsbeslut",
        params=None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oppet", "0001_publicering"),
        # The shared row guard, refusal and change test.
        ("delprojekt", "0011_signed_records_immutable"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
