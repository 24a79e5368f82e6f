"""Side-by-side comparison of two texts, word by word, for chapters of the mall.

The result is escaped HTML: what was removed is wrapped in ``<del>`` in the old
text, what was added in ``<ins>`` in the new one. Each mark starts with a
visually hidden "borttaget:" / "tillagt:" so a screen reader says what it is,
and the stylesheet strikes through and underlines them, so no one depends on
colour to see a change.

Lines are compared first and words only inside changed lines, so long chapters
stay fast.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
#: Changed blocks longer than this (in words, spaces and signs) are not compared word by word.
MAX_WORD_TOKENS = 4000


@dataclass(frozen=True)
class Jamforelse:
    """Two texts marked up against each other."""

    fore: SafeString
    efter: SafeString
    borttaget: int
    tillagt: int

    @property
    def andrad(self) -> bool:
        return bool(self.borttaget or self.tillagt)


def _mark(tag: str, text: str) -> str:
    if not text:
        return ""
    label = _("borttaget:") if tag == "del" else _("tillagt:")
    return (
        f'<{tag} class="diff__{tag}"><span class="visually-hidden">{escape(label)} </span>'
        f"{escape(text)}</{tag}>"
    )


def _words(old: str, new: str, out_old: list[str], out_new: list[str]) -> tuple[int, int]:
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    if len(a) > MAX_WORD_TOKENS or len(b) > MAX_WORD_TOKENS:
        # Word matching is quadratic at worst; a block this large is shown as replaced.
        out_old.append(_mark("del", old))
        out_new.append(_mark("ins", new))
        return 1, 1
    removed = added = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = "".join(a[i1:i2])
        new_part = "".join(b[j1:j2])
        if op == "equal":
            out_old.append(escape(old_part))
            out_new.append(escape(new_part))
            continue
        if old_part:
            out_old.append(_mark("del", old_part))
            removed += 1
        if new_part:
            out_new.append(_mark("ins", new_part))
            added += 1
    return removed, added


def jamfor(old: str | None, new: str | None) -> Jamforelse:
    """Compare ``old`` with ``new``; the HTML of both sides is safe to show as it is."""
    old = (old or "").replace("\r\n", "\n")
    new = (new or "").replace("\r\n", "\n")
    # A last line without a newline would otherwise differ from the same line with one.
    old = old if not old or old.endswith("\n") else old + "\n"
    new = new if not new or new.endswith("\n") else new + "\n"
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    out_old: list[str] = []
    out_new: list[str] = []
    removed = added = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = "".join(a[i1:i2])
        new_part = "".join(b[j1:j2])
        if op == "equal":
            out_old.append(escape(old_part))
            out_new.append(escape(new_part))
        elif op == "replace":
            r, n = _words(old_part, new_part, out_old, out_new)
            removed += r
            added += n
        elif op == "delete":
            out_old.append(_mark("del", old_part))
            removed += 1
        else:
            out_new.append(_mark("ins", new_part))
            added += 1
    return Jamforelse(
        fore=mark_safe("".join(out_old)),  # noqa: S308 - every piece is escaped above
        efter=mark_safe("".join(out_new)),  # noqa: S308
        borttaget=removed,
        tillagt=added,
    )
