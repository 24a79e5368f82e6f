"""The user types of the services, selectors and permission predicates.

The project keeps Django's own user model (``AUTH_USER_MODEL`` is not set), so the
acting user is ``django.contrib.auth.models.User``. Should the model ever change, this
is the one place to follow it.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

#: Whoever a service acts for and records as having acted: a signed-in account (every
#: view that writes requires login; commands and the demo pass an account of their own).
Actor: TypeAlias = User

#: Whoever a permission predicate or a read is asked about, which includes an anonymous
#: visitor: ``rules`` and the templates ask the predicates before anyone has signed in.
Viewer: TypeAlias = User | AnonymousUser
