"""A frozen verksamhetsberättelse cannot be changed in the database either (PostgreSQL only).

Once the PDF is stored (``last`` set), an UPDATE may only change the publication
(``publicerad``, ``publicerad_av_id``) or clear a deleted user's reference; a DELETE is
refused. The refusal and the change test are those of
``delprojekt/0011_signed_records_immutable``.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION sfbv_skrivskydd_verksamhetsberattelse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.last IS NOT NULL THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF sfbv_skrivskydd_andrad(
            to_jsonb(OLD) - 'publicerad' - 'publicerad_av_id',
            to_jsonb(NEW) - 'publicerad' - 'publicerad_av_id',
            ARRAY['andrad_av_id', 'godkand_av_id', 'last_av_id']
        ) THEN
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
CREATE TRIGGER sfbv_skrivskydd_verksamhetsberattelse
BEFORE UPDATE OR DELETE ON verksamhet_verksamhetsberattelse
FOR EACH ROW EXECUTE FUNCTION sfbv_skrivskydd_verksamhetsberattelse()
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
        "DROP TRIGGER IF EXISTS sfbv_skrivskydd_verksamhetsberattelse "
        "ON verksamhet_verksamhetsberattelse",
        params=None,
    )
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS sfbv_skrivskydd_verksamhetsberattelse()", params=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("verksamhet", "0001_verksamhet"),
        # The shared refusal and change test.
        ("delprojekt", "0011_signed_records_immutable"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
