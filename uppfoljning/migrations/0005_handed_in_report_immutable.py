"""A handed-in follow-up report cannot be changed in the database either (PostgreSQL only).

The report is written while its round is planned or under way. Handing it in freezes
its PDF and checksum in the same transaction that moves the round to *inlämnad*, the
report row first; from then on an UPDATE or DELETE is refused, except the reference to a
deleted user that Django clears (``andrad_av_id``). A report sent back for completion
puts the round under way again, and the report may change until it is handed in anew.

The refusal and the change test are those of ``delprojekt/0011_signed_records_immutable``.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION sfbv_skrivskydd_uppfoljningsrapport() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    omgangsstatus text;
BEGIN
    -- FOR SHARE: a hand-in under way in another transaction is waited for, then seen.
    SELECT o.status INTO omgangsstatus
        FROM uppfoljning_uppfoljningsomgang o
        WHERE o.id = OLD.omgang_id
        FOR SHARE;
    IF omgangsstatus IS NOT NULL AND omgangsstatus NOT IN ('planerad', 'pagar') THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF sfbv_skrivskydd_andrad(to_jsonb(OLD), to_jsonb(NEW), ARRAY['andrad_av_id']) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
"""

TRIGGER = """
CREATE TRIGGER sfbv_skrivskydd_uppfoljningsrapport
BEFORE UPDATE OR DELETE ON uppfoljning_uppfoljningsrapport
FOR EACH ROW EXECUTE FUNCTION sfbv_skrivskydd_uppfoljningsrapport()
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(INSTALL, params=None)
    schema_editor.execute(TRIGGER, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS sfbv_skrivskydd_uppfoljningsrapport "
        "ON uppfoljning_uppfoljningsrapport",
        params=None,
    )
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS sfbv_skrivskydd_uppfoljningsrapport()", params=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("uppfoljning", "0004_ta_bort_redovisningsdatum"),
        # The shared refusal and change test.
        ("delprojekt", "0011_signed_records_immutable"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
