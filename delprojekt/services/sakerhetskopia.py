"""Backups of the database and the media folder, and the check that a restore is complete.

A backup is a directory holding ``database.dump`` (``pg_dump --format=custom``),
``media.tar.gz`` (the whole media folder), ``antal.json`` (the row count of every table,
taken in the same snapshot as the dump) and ``SHA256SUMS`` (the manifest, in the format
``sha256sum --check`` reads). A restore is complete when every table holds as many rows
as ``antal.json`` says and every file the database refers to is in the media folder,
the frozen PDFs with exactly the SHA-256 recorded next to them.

Which files count as frozen is read from the models, not listed here: a model with a
file field ``f`` and a field ``f_sha256`` (or, for its only file field, ``sha256``)
records the hash of that file. Every app is covered without this module importing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.tar.gz"
ANTAL = "antal.json"
MANIFEST = "SHA256SUMS"


class BackupError(Exception):
    """A backup could not be made; nothing usable was written."""


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (also those no model declares, e.g. migrations)."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in tables:
            # Names from the database's own catalogue, quoted.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def compare_counts(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    """The differences between two sets of row counts, one line each; empty when equal."""
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            problems.append(f"tabellen {table} saknas ({expected[table]} rader väntades)")
        elif table not in expected:
            problems.append(f"tabellen {table} finns inte i säkerhetskopian")
        elif expected[table] != actual[table]:
            problems.append(f"{table}: {actual[table]} rader, {expected[table]} väntades")
    return problems


def _hash_field(model: type[models.Model], file_field: models.FileField) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    if f"{file_field.name}_sha256" in names:
        return f"{file_field.name}_sha256"
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    if "sha256" in names and file_fields == [file_field]:
        return "sha256"
    return None


@dataclass(frozen=True)
class StoredFile:
    """A file a row refers to, with the SHA-256 recorded for it if it is frozen."""

    label: str
    name: str
    sha256: str | None


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField, str | None]]:
    """Every file field of the installed models, with the field recording its SHA-256 if
    the file is frozen. History models are left out: a history row may name a file that
    was later replaced, which is no loss."""
    for model in apps.get_models():
        # simple-history's models carry ``instance_type``.
        if model._meta.proxy or hasattr(model, "instance_type"):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                yield model, f, _hash_field(model, f)


def stored_files() -> Iterator[StoredFile]:
    """Every file a row refers to, with its recorded SHA-256 where there is one."""
    for model, f, hash_field in file_fields():
        values = ["pk", f.attname] + ([hash_field] if hash_field else [])
        rows = model._default_manager.exclude(**{f.attname: ""}).values_list(*values)
        for row in rows.order_by("pk"):
            yield StoredFile(
                label=f"{model._meta.label} {row[0]} {f.name}",
                name=row[1],
                sha256=(row[2] or None) if hash_field else None,
            )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class FileCheck:
    files: int = 0
    frozen: int = 0
    problems: list[str] = field(default_factory=list)


def check_files(media_root: Path) -> FileCheck:
    """Every referred file is in ``media_root``; every frozen one has its recorded SHA-256."""
    result = FileCheck()
    for stored in stored_files():
        result.files += 1
        path = media_root / stored.name
        if not path.is_file():
            result.problems.append(f"{stored.label}: filen {stored.name} saknas")
            continue
        if stored.sha256 is None:
            continue
        result.frozen += 1
        actual = file_sha256(path)
        if actual != stored.sha256:
            result.problems.append(
                f"{stored.label}: {stored.name} har SHA-256 {actual}, "
                f"{stored.sha256} är registrerad"
            )
    return result


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for var, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if s.get(key):
            env[var] = str(s[key])
    return env


def backup_write(*, target: Path, media_root: Path) -> dict[str, Any]:
    """Write a backup into the empty or new directory ``target``; returns its figures.

    The row counts and the dump come from one snapshot (the dump runs with the snapshot
    this transaction exports), so the counts hold for the dump even while people work.
    The media folder is archived after the dump: a file is written before the row that
    refers to it is committed, so every file the dump refers to is already there.
    """
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} är inte tom.")
    if connection.vendor != "postgresql":
        raise BackupError("Säkerhetskopiering kräver PostgreSQL (DATABASE_URL).")
    target.mkdir(parents=True, exist_ok=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts()
        # Fixed arguments; pg_dump from PATH like psql and pg_restore in bin/sfbv-restore.
        done = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target / DUMP}",
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump misslyckades: {done.stderr.strip()}")
    (target / ANTAL).write_text(
        json.dumps(
            {"skapad": timezone.now().isoformat(), "tabeller": counts}, indent=1, sort_keys=True
        )
        + "\n"
    )
    files = 0
    with tarfile.open(target / MEDIA, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    lines = [f"{file_sha256(target / name)}  {name}\n" for name in (DUMP, MEDIA, ANTAL)]
    (target / MANIFEST).write_text("".join(lines))
    return {"tabeller": len(counts), "rader": sum(counts.values()), "mediafiler": files}


def read_counts(path: Path) -> dict[str, int]:
    data = json.loads(path.read_text())
    return {str(k): int(v) for k, v in data["tabeller"].items()}
