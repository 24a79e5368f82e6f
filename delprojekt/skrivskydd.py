"""The database's own guard on what is signed or frozen (PostgreSQL).

Migrations ``delprojekt/0011_signed_records_immutable`` and
``uppfoljning/0005_handed_in_report_immutable`` install row triggers, all named
``sfbv_skrivskydd_*``, that refuse an UPDATE or DELETE of the event log, decisions, a
signed protocol and frozen versions with an ``IntegrityError``, whoever sends it. The
services refuse first, with a message; the triggers catch what goes around them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

TRIGGER_PREFIX = "sfbv_skrivskydd_"


def _triggers() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND starts_with(t.tgname, %s) "
            "AND pg_table_is_visible(c.oid) ORDER BY 1, 2",
            [TRIGGER_PREFIX],
        )
        return list(cursor.fetchall())


def _switch(triggers: list[tuple[str, str]], action: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while foreign-key checks deferred to the commit are pending
        # on the table: run them now, then defer again (Django's are INITIALLY DEFERRED).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} {action} TRIGGER {quote(trigger)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def suspended() -> Iterator[None]:
    """Let the block rewrite protected rows, in one transaction with it.

    Only for the demo, which dates the past of the records it has just created. Turning
    a trigger off is ``ALTER TABLE``: only the tables' owner may, it holds an exclusive
    lock on the table until the transaction ends, and it is undone with the transaction,
    so no other session ever writes while the guard is off. If the block fails, the
    rollback turns the triggers back on. Elsewhere than on PostgreSQL there is nothing
    to turn off.
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        triggers = _triggers()
        _switch(triggers, "DISABLE")
        yield
        _switch(triggers, "ENABLE")
