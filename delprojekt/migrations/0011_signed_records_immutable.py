"""What is signed or frozen cannot be changed in the database either (PostgreSQL only).

Row triggers refuse an UPDATE or DELETE of the event log, a decision and its
recommendations, a signed protocol (the meeting, its items and its attendance), a
recorded correction and the frozen versions of the uppdrag and the slutrapport – from
the application, the admin, a shell or raw SQL alike. They allow exactly what the
application itself does to such rows later:

- a deleted user: Django carries out ``on_delete=SET_NULL`` as an UPDATE that clears the
  reference (``anvandare_id``, ``registrerat_av_id``, …);
- a decision gets its § number once, when the meeting's protocol is finalised
  (``paragraf`` from empty to a value);
- a meeting is signed by its chair and its justerare one after the other: the row is
  locked only once both have signed, so the second signature itself passes.

An UPDATE that changes nothing passes too. INSERT is not guarded: a new row changes no
record, and a restore or ``loaddata`` writes a signed meeting before its items and
attendance. TRUNCATE (the test suite's flush) is not a row operation and is unaffected.

Every trigger is named ``sfbv_skrivskydd_*`` (``delprojekt.skrivskydd`` finds them by
that prefix), and every refusal comes from ``sfbv_skrivskydd_vagra``.
"""

from django.db import migrations

INSTALL = [
    # The one refusal. SQLSTATE 23000 (integrity_constraint_violation): the data itself
    # refuses the change, as with a foreign key or a unique constraint, so Django raises
    # IntegrityError. Not 42501 (insufficient_privilege): the role may write the table,
    # only not this row; and not a class-40 code, which callers may retry.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_vagra(tabell text, handling text)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            ERRCODE = 'integrity_constraint_violation',
            MESSAGE = handling || ' nekas: raden i ' || tabell || ' är skrivskyddad.',
            DETAIL = 'Händelseloggen, beslut, justerade protokoll och frysta versioner '
                || 'ändras aldrig.',
            HINT = 'Registrera en korrigering eller ett nytt beslut i stället.';
    END $$
    """,
    # Whether a row changed in anything but references cleared to NULL in ``nollbara``.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_andrad(gammal jsonb, ny jsonb, nollbara text[])
    RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE
        kolumn text;
    BEGIN
        FOREACH kolumn IN ARRAY coalesce(nollbara, '{}') LOOP
            IF ny -> kolumn = 'null'::jsonb THEN
                gammal := gammal - kolumn;
                ny := ny - kolumn;
            END IF;
        END LOOP;
        RETURN gammal IS DISTINCT FROM ny;
    END $$
    """,
    # Rows that never change once written. Arguments: the user references that Django
    # may clear when a user is deleted.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_rad() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF sfbv_skrivskydd_andrad(to_jsonb(OLD), to_jsonb(NEW), TG_ARGV) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NEW;
    END $$
    """,
    # A decision: written once, and given its § when the protocol is finalised.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_beslut() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF NEW.paragraf IS DISTINCT FROM OLD.paragraf
                AND (OLD.paragraf <> '' OR NEW.paragraf = '') THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF sfbv_skrivskydd_andrad(
                to_jsonb(OLD) - 'paragraf', to_jsonb(NEW) - 'paragraf',
                ARRAY['registrerat_av_id']) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NEW;
    END $$
    """,
    # Whether a meeting's protocol is signed by both. FOR SHARE waits for a signature
    # being written by another transaction and then sees it, so an item cannot slip
    # through while the protocol is being signed.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_justerat(mote_id bigint)
    RETURNS boolean LANGUAGE plpgsql AS $$
    DECLARE
        justerat boolean;
    BEGIN
        SELECT s.ordforande_justerat IS NOT NULL AND s.justerare_justerat IS NOT NULL
            INTO justerat
            FROM delprojekt_sammantrade s
            WHERE s.id = mote_id
            FOR SHARE;
        RETURN coalesce(justerat, false);
    END $$
    """,
    # The meeting: locked once both had signed before this statement.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_sammantrade() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.ordforande_justerat IS NOT NULL AND OLD.justerare_justerat IS NOT NULL THEN
            IF TG_OP = 'DELETE' THEN
                PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
            END IF;
            IF sfbv_skrivskydd_andrad(
                    to_jsonb(OLD), to_jsonb(NEW),
                    ARRAY['ordforande_justerat_av_id', 'justerare_justerat_av_id',
                          'registrerat_av_id']) THEN
                PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END $$
    """,
    # An agenda item, i.e. a paragraph, of a signed protocol.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_punkt() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF sfbv_skrivskydd_justerat(OLD.sammantrade_id) THEN
            IF TG_OP = 'DELETE' THEN
                PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
            END IF;
            IF sfbv_skrivskydd_andrad(
                    to_jsonb(OLD), to_jsonb(NEW), ARRAY['omedelbart_justerad_av_id']) THEN
                PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF NEW.sammantrade_id <> OLD.sammantrade_id
                AND sfbv_skrivskydd_justerat(NEW.sammantrade_id) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NEW;
    END $$
    """,
    # The attendance of a signed protocol.
    """
    CREATE OR REPLACE FUNCTION sfbv_skrivskydd_narvaro() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF sfbv_skrivskydd_justerat(OLD.sammantrade_id) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF sfbv_skrivskydd_justerat(NEW.sammantrade_id) THEN
            PERFORM sfbv_skrivskydd_vagra(TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NEW;
    END $$
    """,
]

TRIGGERS = [
    ("delprojekt_handelse", "sfbv_skrivskydd_handelse", "sfbv_skrivskydd_rad('anvandare_id')"),
    ("delprojekt_beslut", "sfbv_skrivskydd_beslut", "sfbv_skrivskydd_beslut()"),
    ("delprojekt_rekommendation", "sfbv_skrivskydd_rekommendation", "sfbv_skrivskydd_rad()"),
    ("delprojekt_sammantrade", "sfbv_skrivskydd_sammantrade", "sfbv_skrivskydd_sammantrade()"),
    ("delprojekt_dagordningspunkt", "sfbv_skrivskydd_dagordningspunkt", "sfbv_skrivskydd_punkt()"),
    (
        "delprojekt_sammantrade_narvarande",
        "sfbv_skrivskydd_narvaro",
        "sfbv_skrivskydd_narvaro()",
    ),
    (
        "delprojekt_protokollkorrigering",
        "sfbv_skrivskydd_protokollkorrigering",
        "sfbv_skrivskydd_rad('registrerad_av_id')",
    ),
    (
        "delprojekt_uppdragsversion",
        "sfbv_skrivskydd_uppdragsversion",
        "sfbv_skrivskydd_rad('skapad_av_id')",
    ),
    ("delprojekt_rapportversion", "sfbv_skrivskydd_rapportversion", "sfbv_skrivskydd_rad()"),
]

FUNCTIONS = [
    "sfbv_skrivskydd_narvaro()",
    "sfbv_skrivskydd_punkt()",
    "sfbv_skrivskydd_sammantrade()",
    "sfbv_skrivskydd_justerat(bigint)",
    "sfbv_skrivskydd_beslut()",
    "sfbv_skrivskydd_rad()",
    "sfbv_skrivskydd_andrad(jsonb, jsonb, text[])",
    "sfbv_skrivskydd_vagra(text, text)",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INSTALL:
        schema_editor.execute(statement, params=None)
    for table, trigger, function in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}",
            params=None,
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, trigger, _function in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}", params=None)
    for function in FUNCTIONS:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("delprojekt", "0010_beslut_utanfor_sammantrade"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
