"""Files stored inside a transaction: a rollback leaves nothing behind.

Django offers ``transaction.on_commit`` but no on-rollback hook. ``fil_store`` writes
the file at once, under its final name (so the row saved in the same transaction
points at a file that exists, and the name storage chose is the one recorded), and
registers a keeper with ``on_commit``. Django drops the callbacks of a transaction or
savepoint it rolls back (``rollback``, ``savepoint_rollback``, ``close``); the keeper
carries a ``weakref.finalize`` that deletes the file when it is dropped without having
been called. A commit calls it and that detaches the deletion. Nested ``atomic``
blocks work as Django's own callbacks do: rolling back any enclosing block removes
the file, committing the outermost keeps it.

Outside any transaction ``on_commit`` runs the keeper immediately, and the file stays.
"""

from __future__ import annotations

import logging
import weakref

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


def _delete_uncommitted(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Kunde inte ta bort filen %s efter återställd transaktion", name)


class _KeepOnCommit:
    def __init__(self, storage: Storage, name: str) -> None:
        self._finalizer = weakref.finalize(self, _delete_uncommitted, storage, name)

    def __call__(self) -> None:
        self._finalizer.detach()


def fil_store(*, fil: FieldFile, name: str, content: File, using: str | None = None) -> str:
    """Save ``content`` to the file field ``fil`` (without saving its model) and return
    the stored name; the file goes away again if the transaction is rolled back.

    The caller saves the row in the same transaction.
    """
    fil.save(name, content, save=False)
    stored = fil.name
    assert stored is not None
    transaction.on_commit(_KeepOnCommit(fil.storage, stored), using=using)
    return stored
