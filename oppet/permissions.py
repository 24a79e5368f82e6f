"""Who may decide what is public: the kansli (and an administrator), nobody else.

The public pages need no rule: they show what is published to everyone, and a project
that is not published answers 404 there, whoever asks.
"""

from __future__ import annotations

import rules

from delprojekt.permissions import is_kansli

rules.add_perm("oppet.publicera", is_kansli)
rules.add_perm("oppet.view_publicering", is_kansli)
