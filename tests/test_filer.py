"""Files stored inside a transaction stay only if it commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from delprojekt.models import Bilaga
from delprojekt.services.filer import fil_store

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def stored_files(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_the_file_is_there_at_once_and_stays_after_commit(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        name = fil_store(fil=Bilaga().fil, name="a.pdf", content=ContentFile(b"%PDF-"))
        assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == b"%PDF-"
    assert [p.name for p in stored_files(settings)] == [Path(name).name]


def test_a_rolled_back_block_leaves_no_file(settings):
    with pytest.raises(Boom), transaction.atomic():
        fil_store(fil=Bilaga().fil, name="a.pdf", content=ContentFile(b"%PDF-"))
        raise Boom
    assert stored_files(settings) == []


def test_rolling_back_the_enclosing_block_removes_a_file_of_a_finished_inner_block(settings):
    with pytest.raises(Boom), transaction.atomic():
        with transaction.atomic():
            fil_store(fil=Bilaga().fil, name="a.pdf", content=ContentFile(b"%PDF-"))
        assert len(stored_files(settings)) == 1
        raise Boom
    assert stored_files(settings) == []


def test_a_rolled_back_inner_block_keeps_the_files_of_the_outer_one(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = fil_store(fil=Bilaga().fil, name="a.pdf", content=ContentFile(b"a"))
        with pytest.raises(Boom), transaction.atomic():
            fil_store(fil=Bilaga().fil, name="b.pdf", content=ContentFile(b"b"))
            raise Boom
    assert [p.name for p in stored_files(settings)] == [Path(kept).name]
