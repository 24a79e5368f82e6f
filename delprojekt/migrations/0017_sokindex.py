"""Indexes for the search (``delprojekt.sok``), on PostgreSQL only.

Each searchable table gets a stored, generated column ``sok_tsv``: the Swedish tsvector
of the fields and weights in ``delprojekt.sok.VEKTORER`` (copied here, as a migration
must not change when the code does), with a GIN index. A stored vector, rather than an
index on the expression, lets a common word be ranked without parsing every matching
text again (bench/sok.py: seconds against milliseconds at 5,000 projects). The column is
not a model field; ``delprojekt.sok.Sokkolumn`` reads it. Decisions, meetings and
agenda items get an index on the expression instead: the signed-records triggers of
migration 0011 compare their rows whole, and a generated column is not yet computed
when those BEFORE triggers see the new row. Also trigram indexes for
references, titles and names, and a plain index for the "§ n/yyyy" of a decision. None of them is part of the models' state: on SQLite this
migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

VEKTORER = {
    "delprojekt": [
        ("referens", "A"),
        ("titel", "A"),
        ("syfte", "B"),
        ("mal", "B"),
        ("underlag", "C"),
    ],
    "kapitel": [("text", "B")],
    "minnesanteckning": [("dagordning", "B"), ("anteckningar", "B"), ("mjuka_resultat", "B")],
    "vagval": [("val", "A"), ("motivering", "B")],
    "beslut": [("paragraf", "A"), ("beslutstext", "B"), ("sammantrade", "C")],
    "sammantrade": [("plats", "B")],
    "dagordningspunkt": [("rubrik", "A"), ("beslutsforslag", "B"), ("beslutstext", "B")],
    "atgardsforslag": [
        ("titel", "A"),
        ("beskrivning", "B"),
        ("genomforbarhet", "C"),
        ("undantrangning", "C"),
        ("kostnad", "C"),
    ],
    "person": [("namn", "A"), ("titel", "B"), ("profession", "B"), ("organisation", "B")],
}


def tsvector_sql(falt):
    """The stored column's expression: the fields' Swedish tsvectors, weighted."""
    return " || ".join(
        f"setweight(to_tsvector('swedish'::regconfig, COALESCE(\"{namn}\"::text, '')), '{vikt}')"
        for namn, vikt in falt
    )


def vektor(falt):
    out = None
    for namn, vikt in falt:
        del_ = SearchVector(namn, config="swedish", weight=vikt)
        out = del_ if out is None else out + del_
    return out


#: Tables whose rows the signed-records triggers (migration 0011) compare whole: a
#: generated column would differ between OLD and NEW there, so these get an index on
#: the expression instead of a stored column.
SKRIVSKYDDADE = {"beslut", "sammantrade", "dagordningspunkt"}


def sokindex(model, falt):
    if model in SKRIVSKYDDADE:
        return PostgresIndex(model, GinIndex(vektor(falt), name=f"sok_fts_{model[:16]}"))
    return sokkolumn(model, falt)


def sokkolumn(model, falt):
    """A generated, stored tsvector column ``sok_tsv`` and its GIN index."""
    tabell = f"delprojekt_{model}"
    return PostgresSQL(
        [
            f'ALTER TABLE "{tabell}" ADD COLUMN "sok_tsv" tsvector '
            f"GENERATED ALWAYS AS ({tsvector_sql(falt)}) STORED",
            f'CREATE INDEX "sok_fts_{model[:16]}" ON "{tabell}" USING gin ("sok_tsv")',
        ],
        [f'ALTER TABLE "{tabell}" DROP COLUMN "sok_tsv"'],
    )


class PostgresIndex(migrations.operations.base.Operation):
    """Add an index on PostgreSQL; elsewhere, and in the models' state, nothing."""

    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(
                from_state.apps.get_model(app_label, self.model_name), self.index
            )

    def describe(self):
        return f"Index {self.index.name} on {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.index.name


class PostgresSQL(migrations.operations.base.Operation):
    """Run SQL statements on PostgreSQL only."""

    reversible = True

    def __init__(self, sql, reverse_sql):
        self.sql = sql
        self.reverse_sql = reverse_sql

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for sql in self.sql:
                schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for sql in self.reverse_sql:
                schema_editor.execute(sql)

    def describe(self):
        return "SQL on PostgreSQL only"


class TrigramPaPostgres(TrigramExtension):
    """``pg_trgm`` on PostgreSQL. Django's extension operation skips other databases going
    forwards but not backwards, where it asks SQLite for ``pg_extension``."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_upper(tabell, falt, namn):
    """What ``icontains`` compares on PostgreSQL is UPPER(field::text)."""
    return PostgresSQL(
        [f'CREATE INDEX "{namn}" ON "{tabell}" USING gin ((UPPER("{falt}"::text)) gin_trgm_ops)'],
        [f'DROP INDEX IF EXISTS "{namn}"'],
    )


class Migration(migrations.Migration):

    dependencies = [
        ("delprojekt", "0016_utskick"),
    ]

    operations = [
        TrigramPaPostgres(),
        *[sokindex(model, falt) for model, falt in VEKTORER.items()],
        trigram_upper("delprojekt_delprojekt", "referens", "sok_trgm_referens"),
        PostgresIndex(
            "delprojekt",
            GinIndex(fields=["titel"], opclasses=["gin_trgm_ops"], name="sok_trgm_titel"),
        ),
        PostgresIndex(
            "person", GinIndex(fields=["namn"], opclasses=["gin_trgm_ops"], name="sok_trgm_namn")
        ),
        trigram_upper("delprojekt_person", "namn", "sok_trgm_namn_upper"),
        PostgresIndex("beslut", models.Index(fields=["paragraf"], name="sok_beslut_paragraf")),
    ]
