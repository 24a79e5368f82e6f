"""The check that a restored backup is complete: row counts per table and the frozen PDFs'
SHA-256. Runs on SQLite and PostgreSQL without pg_dump; CI runs the whole backup and
restore on PostgreSQL (.ci/run)."""

import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from delprojekt.models import Delprojekt, Rapportversion
from delprojekt.services.sakerhetskopia import (
    BackupError,
    backup_write,
    check_files,
    compare_counts,
    file_fields,
    table_counts,
)

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


@pytest.fixture
def frozen(project_a) -> Path:
    """A frozen slutrapport version whose file is in the media folder; returns the file."""
    path = Path(settings.MEDIA_ROOT) / "slutrapporter/2026/A-slutrapport-v1.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(PDF)
    Rapportversion.objects.create(
        delprojekt=project_a,
        nummer=1,
        fil="slutrapporter/2026/A-slutrapport-v1.pdf",
        sha256=hashlib.sha256(PDF).hexdigest(),
        sidor=1,
    )
    return path


def test_it_counts_every_table_including_history_and_migrations(project_a):
    counts = table_counts()
    assert counts["delprojekt_delprojekt"] == 1
    assert counts["delprojekt_historicaldelprojekt"] >= 1
    assert counts["django_migrations"] > 0


def test_it_finds_a_missing_row(project_a):
    before = table_counts()
    Delprojekt.history.filter(id=project_a.pk).first().delete()
    problems = compare_counts(before, table_counts())
    assert len(problems) == 1
    assert problems[0].startswith("delprojekt_historicaldelprojekt:")


def test_it_finds_a_missing_table():
    assert compare_counts({"a": 1, "b": 0}, {"a": 1}) == ["tabellen b saknas (0 rader väntades)"]


def test_equal_counts_are_no_problem(project_a):
    assert compare_counts(table_counts(), table_counts()) == []


def test_it_knows_the_frozen_files_of_the_apps():
    frozen = {(m._meta.label, f.name, h) for m, f, h in file_fields() if h}
    assert frozen == {
        ("delprojekt.Rapportversion", "fil", "sha256"),
        ("uppfoljning.Uppfoljningsrapport", "pdf", "pdf_sha256"),
        ("verksamhet.Verksamhetsberattelse", "pdf", "sha256"),
    }
    # Uploaded files are checked for presence only; history rows not at all.
    labels = {m._meta.label for m, _f, _h in file_fields()}
    assert "delprojekt.Bilaga" in labels
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)


def test_an_intact_frozen_pdf_passes(frozen):
    result = check_files(Path(settings.MEDIA_ROOT))
    assert (result.files, result.frozen, result.problems) == (1, 1, [])


def test_it_finds_one_changed_byte_in_a_frozen_pdf(frozen):
    data = bytearray(frozen.read_bytes())
    data[100] ^= 1
    frozen.write_bytes(bytes(data))
    result = check_files(Path(settings.MEDIA_ROOT))
    assert len(result.problems) == 1
    assert "A-slutrapport-v1.pdf har SHA-256" in result.problems[0]


def test_it_finds_a_missing_file(frozen):
    frozen.unlink()
    result = check_files(Path(settings.MEDIA_ROOT))
    assert result.frozen == 0
    assert result.problems == [
        f"delprojekt.Rapportversion {Rapportversion.objects.get().pk} fil: "
        "filen slutrapporter/2026/A-slutrapport-v1.pdf saknas"
    ]


def test_the_command_passes_a_complete_restore(frozen, tmp_path, capsys):
    antal = tmp_path / "antal.json"
    call_command("kontrollera_aterstallning", skriv_antal=str(antal))
    assert json.loads(antal.read_text())["tabeller"]["delprojekt_rapportversion"] == 1
    call_command("kontrollera_aterstallning", antal=str(antal), minst_frysta=1)
    out = capsys.readouterr().out
    assert "Frysta PDF:er (SHA-256):  1" in out
    assert "Avvikelser:               0" in out


def test_the_command_fails_on_a_missing_row(frozen, project_a, tmp_path):
    antal = tmp_path / "antal.json"
    call_command("kontrollera_aterstallning", skriv_antal=str(antal))
    Delprojekt.history.filter(id=project_a.pk).first().delete()
    with pytest.raises(CommandError, match="1 avvikelser"):
        call_command("kontrollera_aterstallning", antal=str(antal))


def test_the_command_fails_when_fewer_pdfs_than_required_were_checked(project_a):
    with pytest.raises(CommandError, match="1 avvikelser"):
        call_command("kontrollera_aterstallning", minst_frysta=1)


@pytest.mark.django_db
def test_a_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "database.dump").write_bytes(b"older")
    with pytest.raises(BackupError, match="inte tom"):
        backup_write(target=tmp_path / "b", media_root=tmp_path / "media")
    assert (tmp_path / "b" / "database.dump").read_bytes() == b"older"


@pytest.mark.django_db
def test_a_backup_needs_postgresql(tmp_path):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("on PostgreSQL the backup runs in CI's backup-and-restore step")
    with pytest.raises(BackupError, match="PostgreSQL"):
        backup_write(target=tmp_path / "b", media_root=tmp_path / "media")
