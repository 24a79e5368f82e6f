"""Indexes for the search (``delprojekt.sok``), on PostgreSQL only.

One GIN index per searchable kind on its Swedish tsvector, built from the same field
lists and weights as ``delprojekt.sok.VEKTORER`` (copied here, as a migration must not
change when the code does; tests/test_sok.py checks on PostgreSQL that each search uses
its index), trigram indexes for references, titles and names, and a plain index for the
"§ n/yyyy" of a decision. None of them is part of the models' state: on SQLite this
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


def vektor(falt):
    out = None
    for namn, vikt in falt:
        del_ = SearchVector(namn, config="swedish", weight=vikt)
        out = del_ if out is None else out + del_
    return out


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
    """Run SQL on PostgreSQL only."""

    reversible = True

    def __init__(self, sql, reverse_sql):
        self.sql = sql
        self.reverse_sql = reverse_sql

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.reverse_sql)

    def describe(self):
        return "SQL on PostgreSQL only"


def trigram_upper(tabell, falt, namn):
    """What ``icontains`` compares on PostgreSQL is UPPER(field::text)."""
    return PostgresSQL(
        f'CREATE INDEX "{namn}" ON "{tabell}" USING gin ((UPPER("{falt}"::text)) gin_trgm_ops)',
        f'DROP INDEX IF EXISTS "{namn}"',
    )


class Migration(migrations.Migration):

    dependencies = [
        ("delprojekt", "0016_utskick"),
    ]

    operations = [
        TrigramExtension(),
        *[
            PostgresIndex(model, GinIndex(vektor(falt), name=f"sok_fts_{model[:16]}"))
            for model, falt in VEKTORER.items()
        ],
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
