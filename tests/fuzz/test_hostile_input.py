"""Hostile input to every form: random and malicious values posted to every URL of the project.

Every named URL the permission matrix walks is a target, with the address its matrix row
builds. The form's fields are read from the page that holds it (the URL itself, or the
nearest page above it that has a form posting there) and from the view's own source (the
forms it builds and the ``request.POST`` keys it reads). Hypothesis then posts, as the
kansli, a reader, an outsider and an anonymous visitor, values such as NUL bytes, 100 000
characters, markup and SQL, personnummer, dates out of range, huge and negative numbers,
lists for single fields, unknown choices, the ids of other objects, missing fields, files
with misleading names, and bodies that are not valid form encoding at all.

Each post must answer below 500. A refusal — 403, 404, 405, 400, the login page, a
redirect with an error message, or a form shown again with its errors — must leave the
database, the mail outbox and the uploaded files as they were; and where the permission
matrix says a persona is refused, every post as that persona must be refused. A view that
does not take POST gets one post per persona, which must answer 405.

``SFBV_FUZZ_EXAMPLES`` sets the number of examples per form and persona (default 3);
``SFBV_FUZZ_SHRINK=1`` lets Hypothesis shrink a failure to its smallest example.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib import messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.urls import resolve, reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.test_permission_matrix import (  # noqa: F401
    LOGIN,
    TABLES,
    _full_name,
    followup,
    meeting,
    personas,
    processtod,
    project_url_names,
    records,
    verksamhet,
)

EXAMPLES = int(os.environ.get("SFBV_FUZZ_EXAMPLES", "3"))
# Shrinking a failure to its smallest example can take minutes; ask for it when debugging.
SHRINK = bool(os.environ.get("SFBV_FUZZ_SHRINK"))
PHASES = tuple(p for p in Phase if SHRINK or p is not Phase.shrink)
FUZZED = ("kansli", "lasare", "utomstaende", "anonym")
# 401: the API and its schema refuse a request without a token or a session.
REFUSALS = {401, 403, 404, 405}
MISSING = object()
# Tables that change on any request, refused or not: sessions (log-in, idle timeout) and
# the log-in throttle's records.
VOLATILE = ("django_session", "axes_")

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE delprojekt_delprojekt; --",
    "%",
    "\\",
    "19121212-1212",
    "191212121212",
    "121212+1212",
    "-1",
    "0",
    "-0",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "Infinity",
    "-inf",
    "0.1",
    "1,5",
    "1 000",
    "١٢٣",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "2026-01-01T25:61:00",
    "9999-12-31T23:59:59",
    "24:00",
    "../../../etc/passwd",
    "{{ request }}",
    "{% debug %}",
    "\u202egnp.exe",
    "\ufeff",
    "\r\n\r\n",
    "null",
    "None",
    "true",
    "[]",
    "x" * 100_000,
    "å" * 100_001,
]

UPLOAD_NAMES = [
    "x.pdf",
    "x.xlsx",
    "x.png",
    "x.docx",
    "x.csv",
    "x.pdf.exe",
    "../../x.pdf",
    "x" * 300 + ".pdf",
    "rapport <script>.pdf",
    ".pdf",
    "noll\x00.pdf",
]
MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]


@dataclass
class Field:
    name: str
    kind: str = "text"
    value: str | None = None
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str | None
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The forms of a page: their action, method and fields with values and choices."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None

    def _field(self, name: str | None, kind: str, value: str | None = None) -> Field | None:
        if not self.forms or not name or name == "csrfmiddlewaretoken":
            return None
        fields = self.forms[-1].fields
        existing = fields.setdefault(name, Field(name, kind, value))
        if value is not None and value not in existing.options:
            existing.options.append(value)
        return existing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action"), (a.get("method") or "get").lower()))
        elif tag == "input":
            self._field(a.get("name"), (a.get("type") or "text").lower(), a.get("value") or "")
        elif tag in ("textarea", "button"):
            self._field(a.get("name"), tag, a.get("value"))
        elif tag == "select":
            self._select = self._field(a.get("name"), "select")
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            if value is not None and value not in self._select.options:
                self._select.options.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


# --- The targets: every (URL name, address) the permission matrix builds ------------------


@dataclass(frozen=True)
class Target:
    full: str
    table: str
    name: str
    args: Any
    expected: tuple  # ((method, {persona: statuses}), ...)

    @property
    def id(self) -> str:
        args = self.args if isinstance(self.args, str) else "/".join(map(str, self.args or ()))
        return f"{self.name}-{args}" if args else self.name


def targets() -> list[Target]:
    found: dict[tuple, dict[str, dict]] = {}
    for table, rows in TABLES.items():
        for name, args, method, expected, *_data in rows:
            key = (
                _full_name(table, name),
                table,
                name,
                tuple(args) if isinstance(args, list) else args,
            )
            found.setdefault(key, {}).setdefault(method, expected)
    return [
        Target(full, table, name, args, tuple(sorted(methods.items())))
        for (full, table, name, args), methods in found.items()
    ]


TARGETS = targets()


def test_every_project_url_is_a_fuzz_target():
    """A new URL (and so a new form) is fuzzed as soon as the permission matrix has its row."""
    missing = sorted(set(project_url_names()) - {t.full for t in TARGETS})
    assert not missing, f"URLs the hostile-input suite cannot address: {missing}"


def _address(target: Target, projects: dict[str, Any], objects: dict[str, dict]) -> str:
    """The target's address, built as its permission-matrix row builds it.

    ``objects`` holds the records of the matrix's fixtures by table.
    """
    project_a = projects["a"]
    if target.table == "MATRIX":
        args: list[Any] = []
        if target.args:
            args.append(projects[target.args].referens)
        if target.name.startswith("uppfoljning:"):
            return reverse(target.name, args=args)
        url_name, _, extra = target.name.partition(":")
        args.extend(
            objects["MATRIX"][part[1:]].pk if part.startswith("@") else part
            for part in (extra.split("/") if extra else [])
        )
        return reverse(f"delprojekt:{url_name}", args=args)
    named = objects[target.table]
    return reverse(
        target.name,
        args=[
            getattr(named[a[1:]], "pk", named[a[1:]])
            if isinstance(a, str) and a.startswith("@")
            else project_a.referens
            if a == "#a"
            else a
            for a in target.args
        ],
    )


def _refused_for(target: Target, persona: str) -> bool:
    """Whether the matrix says ``persona`` is refused (its POST row, else its GET row)."""
    expected = dict(target.expected)
    row = expected.get("post") or expected.get("get")
    if persona == "anonym":
        return "anonym" not in row or set(row["anonym"]) <= REFUSALS
    return set(row.get(persona, row["*"])) <= REFUSALS


# --- What a form takes ------------------------------------------------------------------

POST_KEY = re.compile(
    r"""request\.POST(?:\.get(?:list)?\(\s*|\[\s*)["'](\w+)["']|["'](\w+)["']\s+in\s+request\.POST"""
)
FORM_CLASS = re.compile(r"\b([A-Z]\w*(?:Form|FormSet|Formset))\b")


def _fields_from_source(view) -> dict[str, Field]:
    """The POST keys a view reads and the fields of the forms it names."""
    func = inspect.unwrap(view)
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return {}
    names = {a or b for a, b in POST_KEY.findall(source)}
    module = inspect.getmodule(func)
    for cls_name in FORM_CLASS.findall(source):
        cls = getattr(module, cls_name, None)
        if isinstance(cls, type) and issubclass(cls, BaseForm):
            names.update(cls.base_fields)
    return {name: Field(name) for name in sorted(names)}


def _forms_for(client, url: str) -> list[Form]:
    """The forms that post to ``url``, on its own page or the nearest page above it."""
    path = urlsplit(url).path
    pages = [path]
    parts = path.rstrip("/").split("/")
    pages.extend("/".join(parts[:i]) + "/" for i in range(len(parts) - 1, 1, -1))
    for page in pages[:5]:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser()
        parser.feed(response.content.decode())
        forms = [
            form
            for form in parser.forms
            if form.method == "post" and urlsplit(urljoin(page, form.action or page)).path == path
        ]
        if forms:
            return forms
    return []


# --- Strategies ---------------------------------------------------------------------------


def hostile_text(ids: list[int]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats().map(repr),
        st.sampled_from(ids).map(str),
        st.dates().map(str),
    )


def uploads() -> st.SearchStrategy[SimpleUploadedFile]:
    return st.builds(
        lambda name, magic, body, kind: SimpleUploadedFile(name, magic + body, kind),
        st.sampled_from(UPLOAD_NAMES),
        st.sampled_from(MAGIC),
        st.binary(max_size=512),
        st.sampled_from(["application/pdf", "image/png", "application/octet-stream", "text/x"]),
    )


def field_value(f: Field, ids: list[int]) -> st.SearchStrategy[Any]:
    text = hostile_text(ids)
    if f.kind == "file":
        return st.one_of(st.just(MISSING), uploads(), text)
    choices: list[st.SearchStrategy[Any]] = [
        st.just(MISSING),
        text,
        st.lists(text, min_size=2, max_size=3),
    ]
    if f.value is not None:
        choices.append(st.just(f.value))
    if f.options:
        choices.append(st.sampled_from(f.options))
    return st.one_of(choices)


def post_data(draw, forms: list[Form], source: dict[str, Field], ids: list[int]) -> dict[str, Any]:
    fields = dict(source)
    if forms:
        fields.update(draw(st.sampled_from(forms)).fields)
    extra = draw(
        st.lists(st.sampled_from(["pk", "id", "status", "user", "delprojekt"]), max_size=2)
    )
    fields.update({name: Field(name) for name in extra})
    data = {name: draw(field_value(f, ids)) for name, f in fields.items()}
    return {name: value for name, value in data.items() if value is not MISSING}


# --- The state a refusal must leave untouched -----------------------------------------------


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def table_state(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        rows = sorted(map(repr, cursor.fetchall()))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def outside_state(media: Path) -> tuple[int, list[str]]:
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*")) if media.exists() else []
    return len(mail.outbox), files


class WriteWatch:
    """Keeps the content of every table a request writes to, as it was before the first write.

    Reading every table before each post would cost more than the post; most refusals
    never write, and those that do are compared table by table with where they started.
    """

    def __init__(self) -> None:
        self.before: dict[str, str] = {}
        self._busy = False

    def __call__(self, execute, sql, params, many, context):
        match = None if self._busy else WRITE.match(sql)
        table = match.group(1) if match else None
        if table and table not in self.before and not table.startswith(VOLATILE):
            self._busy = True
            try:
                self.before[table] = table_state(table)
            finally:
                self._busy = False
        return execute(sql, params, many, context)

    def changed(self) -> list[str]:
        return sorted(t for t, state in self.before.items() if table_state(t) != state)


def has_form_errors(response) -> bool:
    """Whether the page shows a posted form (or formset) again with its errors."""
    forms = [
        value
        for context in response.context or []
        for values in getattr(context, "dicts", [context])
        for value in (values.values() if isinstance(values, dict) else [])
        if isinstance(value, (BaseForm, BaseFormSet)) and value.is_bound
    ]
    return any(
        form.errors or (isinstance(form, BaseFormSet) and form.non_form_errors()) for form in forms
    )


def told_an_error(response) -> bool:
    """Whether the view turned the post down with an error message (and a redirect)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


def is_refusal(response) -> bool:
    if response.status_code in (*REFUSALS, 400):
        return True
    if response.status_code == 302:
        login = urlsplit(response["Location"]).path == reverse(LOGIN)
        return login or told_an_error(response)
    return response.status_code == 200 and has_form_errors(response)


def send(client, url: str, mode: str, data: dict[str, Any], raw: bytes):
    if mode == "multipart":
        return client.post(url, data)
    if mode == "urlencoded":
        plain = {k: v for k, v in data.items() if not isinstance(v, SimpleUploadedFile)}
        return client.post(
            url, urlencode(plain, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    content_type = {
        "raw-form": "application/x-www-form-urlencoded",
        "raw-multipart": "multipart/form-data; boundary=xyz",
        "raw-json": "application/json",
    }[mode]
    return client.generic("POST", url, raw, content_type=content_type)


@dataclass
class Tally:
    posts: int = 0
    errors: int = 0
    refused: int = 0


# --- The test -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_hostile_posts(
    client,
    personas,  # noqa: F811
    project_a,
    project_b,
    records,  # noqa: F811
    meeting,  # noqa: F811
    followup,  # noqa: F811
    record_property,
    request,
    target,
):
    objects = {"MATRIX": records, "MEETING_MATRIX": meeting, "FOLLOWUP_MATRIX": followup}
    # The other tables' records are made only for their own targets.
    for table, fixture in {
        "PROCESSTOD_MATRIX": "processtod",
        "VERKSAMHET_MATRIX": "verksamhet",
    }.items():
        if target.table == table:
            objects[table] = request.getfixturevalue(fixture)
    url = _address(target, {"a": project_a, "b": project_b}, objects)
    media = Path(settings.MEDIA_ROOT)
    ids = sorted(
        {0, -1, 999_999, 2**31, project_a.pk, project_b.pk}
        | {getattr(o, "pk", 0) or 0 for o in (*records.values(), *followup.values())}
        | {getattr(o, "pk", 0) or 0 for o in meeting.values()}
        | {u.pk for u in personas.values() if u is not None}
    )

    client.force_login(personas["kansli"])
    takes_post = client.post(url).status_code != 405
    forms = _forms_for(client, url) if takes_post else []
    source = _fields_from_source(resolve(urlsplit(url).path).func) if takes_post else {}
    tally = Tally()

    def run(persona: str) -> None:
        user = personas[persona]
        refused_by_matrix = not takes_post or _refused_for(target, persona)

        @hsettings(
            max_examples=EXAMPLES if takes_post else 1,
            deadline=None,
            database=None,
            phases=PHASES,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=st.data())
        def post_hostile(data):
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            mode = data.draw(
                st.sampled_from(
                    ["multipart"] * 6 + ["urlencoded", "raw-form", "raw-multipart", "raw-json"]
                ),
                label="mode",
            )
            values = post_data(data.draw, forms, source, ids) if mode[:3] != "raw" else {}
            raw = data.draw(st.binary(max_size=256), label="raw") if mode[:3] == "raw" else b""
            before = outside_state(media)
            watch = WriteWatch()
            tally.posts += 1
            try:
                with connection.execute_wrapper(watch):
                    response = send(client, url, mode, values, raw)
            except Exception:
                tally.errors += 1
                raise
            if response.status_code >= 500:
                tally.errors += 1
            assert response.status_code < 500, f"{persona} POST {url}: {response.status_code}"
            refused = is_refusal(response)
            tally.refused += refused
            if refused_by_matrix:
                assert refused, (
                    f"{persona} POST {url} was not refused: {response.status_code} "
                    f"{response.get('Location', '')}"
                )
                if not takes_post:
                    assert response.status_code == 405 or persona == "anonym"
            if refused:
                assert outside_state(media) == before, f"{persona} POST {url}: mail or files"
                changed = watch.changed()
                assert not changed, (
                    f"{persona} POST {url} refused ({response.status_code}) but changed {changed}"
                )

        post_hostile()

    for persona in FUZZED:
        run(persona)

    record_property("fuzz_posts", tally.posts)
    record_property("fuzz_5xx", tally.errors)
    record_property("fuzz_refused", tally.refused)
    record_property("fuzz_form", target.full if takes_post else "")
    assert tally.errors == 0


# --- What the suite found ---------------------------------------------------------------------


def test_an_id_beyond_the_database_integers_is_an_unknown_choice(client, kansli, project_a):
    """SQLite raised OverflowError for a chosen region id above 2**63 (a 500)."""
    client.force_login(kansli)
    url = reverse("delprojekt:edit", args=[project_a.referens])
    data = {
        "titel": "Ny titel",
        "ursprung": project_a.ursprung,
        "version": project_a.version,
        "regioner": [str(2**63)],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["regioner"]
    project_a.refresh_from_db()
    assert project_a.titel == "Ryggkirurgi"
