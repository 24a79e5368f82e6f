"""Every URL with every persona: who gets the page, who gets 403, who must not know (404).

``project_a`` is in state `forslag`; its chair is the ``ordforande`` persona.
``project_b`` has ``ledamot_b`` in its group. Requests are GETs unless marked POST;
a POST that is allowed may answer 200 (form errors) or 302 (done).

Every named URL of the project must have at least one row, with an expectation for
every persona: ``test_every_project_url_name_has_a_row`` walks the URL resolver and
names what is missing. An anonymous visitor is sent to the login page unless the row
says otherwise with an ``"anonym"`` entry.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests import factories as f

PERSONAS = [
    "anonym",
    "kansli",
    "ledningsgrupp",
    "samarbetsgrupp",
    "ordforande",
    "ledamot_b",
    "lasare",
    "utomstaende",
]

OK = (200,)
DONE = (200, 302)
LOGIN = "login"

HIDDEN = {"ledamot_b": (404,), "utomstaende": (404,)}
READ = {"*": OK, **HIDDEN}
KANSLI_ONLY = {"*": (403,), "kansli": DONE, **HIDDEN}
WRITE_GROUP = {"*": (403,), "kansli": DONE, "ordforande": DONE, **HIDDEN}
SLUTRAPPORT_WRITE = {"*": (403,), "kansli": (302,), "ordforande": (302,), **HIDDEN}

# url name, args (project key), method -> expected status per persona[, POST data].
# Extra arguments after ":" are separated by "/"; "@name" is the pk of a record of
# project A made by the ``records`` fixture. POSTs send ``{"status": "forslag"}`` unless
# the row gives its own data.
MATRIX = [
    ("portfolio", None, "get", {"*": OK}),
    # Everyone gets the portfolio they see on the page (filtered by the same rules).
    ("portfolio_xlsx", None, "get", {"*": OK}),
    ("portfolio_csv", None, "get", {"*": OK}),
    ("mine", None, "get", {"*": OK}),
    # Everyone's own projects, as on the page.
    ("mine_xlsx", None, "get", {"*": OK}),
    ("mine_csv", None, "get", {"*": OK}),
    ("register", None, "get", {"*": OK}),
    # Importing running projects from a file: the kansli only. Without an uploaded file the
    # preview sends the kansli back to the upload page, and so does the import.
    ("import", None, "get", {"*": (403,), "kansli": OK}),
    ("import", None, "post", {"*": (403,), "kansli": (400,)}),
    ("import_forhandsvisning", None, "get", {"*": (403,), "kansli": (302,)}),
    ("import_genomfor", None, "post", {"*": (403,), "kansli": (302,)}),
    ("import_mall_xlsx", None, "get", {"*": (403,), "kansli": OK}),
    ("import_mall_csv", None, "get", {"*": (403,), "kansli": OK}),
    ("import_beskrivning", None, "get", {"*": (403,), "kansli": OK}),
    (
        "detail",
        "a",
        "get",
        {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "detail",
        "b",
        "get",
        {"*": OK, "ordforande": (404,), "utomstaende": (404,)},
    ),
    (
        "edit",
        "a",
        "get",
        {"*": (403,), "kansli": OK, "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "arkivpaket",
        "a",
        "get",
        # Only the kansli; project A is running, so it is told the package is not ready.
        {"*": (403,), "kansli": (409,), "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "transition:bered",
        "a",
        "get",
        {"*": (403,), "kansli": OK, "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "transition:bered",
        "a",
        "post",
        {"*": (403,), "kansli": DONE, "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "positions",
        "a",
        "post",
        # Not awaiting the ledningsgrupp: those who may record are told so (redirect).
        {
            "*": (403,),
            "kansli": DONE,
            "ledningsgrupp": DONE,
            "ledamot_b": (404,),
            "utomstaende": (404,),
        },
    ),
    (
        "positions",
        "a",
        "get",
        # A reopened address leads to the project page, for those who may know the project.
        {"*": (302,), "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    ("dokument:uppdrag", "a", "get", {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)}),
    ("dokument:slutrapport", "b", "get", {"*": OK, "ordforande": (404,), "utomstaende": (404,)}),
    (
        "kapitel:uppdrag/bakgrund",
        "a",
        "get",
        # In `forslag` the uppdrag is not open yet: the kansli is told so (redirect).
        {"*": (403,), "kansli": (302,), "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    (
        "kapitel:slutrapport/analys",
        "a",
        "post",
        {
            "*": (403,),
            "kansli": (302,),
            "ordforande": (302,),
            "ledamot_b": (404,),
            "utomstaende": (404,),
        },
    ),
    ("arbetsgrupp", "a", "get", {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)}),
    (
        "arbetsgrupp",
        "a",
        "post",
        # The chair proposes members; the kansli forms the group.
        {"*": (403,), **WRITE_GROUP},
    ),
    ("atgardsforslag", "a", "get", {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)}),
    (
        "atgardsforslag",
        "a",
        "post",
        {
            "*": (403,),
            "kansli": (302,),
            "ordforande": (302,),
            "ledamot_b": (404,),
            "utomstaende": (404,),
        },
    ),
    ("uppfoljningsplan", "a", "get", {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)}),
    (
        "uppfoljningsplan",
        "a",
        "post",
        {
            "*": (403,),
            "kansli": (302,),
            "ordforande": (302,),
            "ledamot_b": (404,),
            "utomstaende": (404,),
        },
    ),
    ("huvudmannabeslut", "a", "get", {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)}),
    (
        "uppfoljning:omgangar",
        "a",
        "get",
        {"*": OK, "ledamot_b": (404,), "utomstaende": (404,)},
    ),
    # The uppdrag: versions, PDF, competences, tidplan, changes by decision.
    ("kapitel_versioner:uppdrag/bakgrund", "a", "get", READ),
    ("uppdrag_pdf", "a", "get", READ),
    ("uppdrag_versioner", "a", "get", READ),
    ("kompetenskrav", "a", "get", {"*": (403,), "kansli": OK, **HIDDEN}),
    # Before the uppdrag phase the kansli is told it is not open yet (redirect).
    ("kompetenskrav", "a", "post", {"*": (403,), "kansli": (302,), **HIDDEN}),
    ("kompetenskrav_edit:@krav", "a", "get", {"*": (403,), "kansli": DONE, **HIDDEN}),
    ("kompetenskrav_remove:@krav", "a", "post", KANSLI_ONLY),
    ("kompetenskrav_flytta:@krav", "a", "post", KANSLI_ONLY),
    ("milstolpar", "a", "get", {"*": (403,), "kansli": OK, **HIDDEN}),
    ("milstolpar", "a", "post", {"*": (403,), "kansli": (302,), **HIDDEN}),
    ("milstolpe_edit:@milstolpe", "a", "get", {"*": (403,), "kansli": DONE, **HIDDEN}),
    ("milstolpe_remove:@milstolpe", "a", "post", KANSLI_ONLY),
    ("uppdrag_andring", "a", "get", KANSLI_ONLY),
    ("uppdrag_andring", "a", "post", KANSLI_ONLY),
    ("uppdrag_las", "a", "post", KANSLI_ONLY),
    # The working group: appointment, roster, exports.
    ("arbetsgrupp_utse", "a", "get", KANSLI_ONLY),
    ("arbetsgrupp_utse", "a", "post", KANSLI_ONLY),
    ("arbetsgrupp_patientrepresentant", "a", "post", KANSLI_ONLY),
    ("arbetsgrupp_kompetens_skal:@krav", "a", "post", KANSLI_ONLY),
    ("arbetsgrupp_lista", "a", "get", READ),
    ("arbetsgrupp_lista_pdf", "a", "get", READ),
    ("arbetsgrupp_lista_pdf", "b", "get", {"*": OK, "ordforande": (404,), "utomstaende": (404,)}),
    ("arbetsgrupp_csv", "a", "get", KANSLI_ONLY),
    # The group's own records.
    ("anteckningar", "a", "get", READ),
    ("anteckning_ny", "a", "get", WRITE_GROUP),
    ("anteckning_ny", "a", "post", WRITE_GROUP),
    # Members of project B may not write notes until the chair allows it.
    (
        "anteckning_ny",
        "b",
        "get",
        {"*": (403,), "kansli": OK, "ordforande": (404,), "utomstaende": (404,)},
    ),
    ("anteckningsratt", "a", "post", WRITE_GROUP),
    ("anteckning:@note", "a", "get", READ),
    ("anteckning_andra:@note", "a", "get", WRITE_GROUP),
    ("anteckning_andra:@note", "a", "post", WRITE_GROUP),
    ("vagval", "a", "get", READ),
    ("forankring", "a", "get", READ),
    ("forankring", "a", "post", WRITE_GROUP),
    ("forankring_andra:@forankring", "a", "post", WRITE_GROUP),
    ("forankring_oversikt", None, "get", {"*": (403,), "kansli": OK}),
    # The kansli's contacts during beredning: everyone who sees the project reads them,
    # only the kansli logs them.
    ("beredningskontakter", "a", "get", READ),
    ("beredningskontakter", "a", "post", KANSLI_ONLY),
    ("beredningskontakt_andra:@beredningskontakt", "a", "get", KANSLI_ONLY),
    ("beredningskontakt_andra:@beredningskontakt", "a", "post", KANSLI_ONLY),
    ("post_ta_bort:beredningskontakt/@beredningskontakt", "a", "post", KANSLI_ONLY),
    ("delrapporter", "a", "get", READ),
    ("delrapporter", "a", "post", WRITE_GROUP),
    ("delrapport:@rapport", "a", "get", READ),
    ("delrapport_andra:@rapport", "a", "get", WRITE_GROUP),
    ("delrapport_skicka:@rapport", "a", "post", WRITE_GROUP),
    ("stod", "a", "get", READ),
    ("stod", "a", "post", WRITE_GROUP),
    ("stod_andra:@stod", "a", "post", WRITE_GROUP),
    ("stod_svar:@stod", "a", "post", KANSLI_ONLY),
    ("kommunikation_andra:@aktivitet", "a", "post", WRITE_GROUP),
    ("resurser", "a", "get", READ),
    ("resurser", "a", "post", WRITE_GROUP),
    ("resursinsats_andra:@insats", "a", "post", WRITE_GROUP),
    ("samfinansiering_andra:@finansiering", "a", "post", WRITE_GROUP),
    ("post_ta_bort:forankring/@forankring", "a", "post", WRITE_GROUP),
    # Anyone with a role in the project may comment; readers may not.
    ("kommentar_ny", "a", "post", WRITE_GROUP),
    ("bilaga_ny", "a", "post", WRITE_GROUP),
    ("bilaga:@bilaga", "a", "get", READ),
    ("bilaga_ta_bort:@bilaga", "a", "post", WRITE_GROUP),
    # The slutrapport: PDF, writers, review comments, follow-up parameters.
    ("slutrapport_pdf", "a", "get", READ),
    ("slutrapport_pdf", "b", "get", {"*": OK, "ordforande": (404,), "utomstaende": (404,)}),
    ("rapportversion:1", "a", "get", {"*": (404,)}),
    ("slutrapport_huvudansvarig", "a", "post", WRITE_GROUP),
    # The language review: everyone who sees the project reads it; the kansli and the
    # chair assign it (the reviewer, or the kansli, marks it done).
    ("sprakgranskning", "a", "get", READ),
    ("sprakgranskning", "a", "post", WRITE_GROUP),
    ("slutrapport_patientperspektiv", "a", "post", SLUTRAPPORT_WRITE),
    ("kapitel_skribent:analys", "a", "post", WRITE_GROUP),
    ("kapitel_kommentarer:analys", "a", "get", READ),
    # Comments: the kansli, the group (the chair) and the samarbetsgrupp; not readers.
    (
        "kapitel_kommentarer:analys",
        "a",
        "post",
        {**WRITE_GROUP, "samarbetsgrupp": DONE},
    ),
    (
        "uppfoljningsparameter",
        "a",
        "get",
        {"*": (403,), "kansli": DONE, "ordforande": DONE, **HIDDEN},
    ),
    (
        "uppfoljningsparameter",
        "a",
        "post",
        {"*": (403,), "kansli": DONE, "ordforande": DONE, **HIDDEN},
    ),
    (
        "uppfoljningsparameter:@parameter",
        "a",
        "get",
        {"*": (403,), "kansli": DONE, "ordforande": DONE, **HIDDEN},
    ),
    # Outside the slutrapport phase those who may write are told so (redirect).
    ("uppfoljningsparameter_remove:@parameter", "a", "post", SLUTRAPPORT_WRITE),
    ("uppfoljningsparameter_flytta:@parameter", "a", "post", SLUTRAPPORT_WRITE),
    # Those who may write are told it is closed; others get 403.
    (
        "atgardsforslag_edit:@forslag",
        "a",
        "get",
        {"*": (403,), "kansli": DONE, "ordforande": DONE, **HIDDEN},
    ),
    ("atgardsforslag_edit:@forslag", "a", "post", SLUTRAPPORT_WRITE),
    ("atgardsforslag_remove:@forslag", "a", "post", SLUTRAPPORT_WRITE),
    # Members and their status are managed by the kansli (or the contact person).
    ("arbetsgrupp_member:@medlem", "a", "post", KANSLI_ONLY),
    # The region's uploaded protocol extract is part of the project's record.
    ("huvudmannabeslut_utdrag:@huvudmannabeslut", "a", "get", READ),
    # A review comment is resolved by the kansli, the chair, the chapter's writer or the
    # one who wrote it (here the samarbetsgrupp persona); not by other readers.
    (
        "kapitel_kommentar_status:analys/@kommentar",
        "a",
        "post",
        {
            "*": (403,),
            "kansli": (302,),
            "ordforande": (302,),
            "samarbetsgrupp": (302,),
            **HIDDEN,
        },
        {"atgard": "los"},
    ),
]


@pytest.fixture
def personas(kansli, lg_members, samarbetsgrupp_user, ordforande, ledamot_b, reader, outsider):
    return {
        "anonym": None,
        "kansli": kansli,
        "ledningsgrupp": lg_members[0],
        "samarbetsgrupp": samarbetsgrupp_user,
        "ordforande": ordforande,
        "ledamot_b": ledamot_b,
        "lasare": reader,
        "utomstaende": outsider,
    }


@pytest.fixture
def records(project_a, kansli, samarbetsgrupp_user, org):
    """One record of each kind in project A, for the URLs that name one."""
    import datetime
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from pypdf import PdfWriter

    from delprojekt import models as m

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = __import__("io").BytesIO()
    writer.write(buffer)
    bilaga = m.Bilaga(
        delprojekt=project_a, filnamn="underlag.pdf", mimetyp="application/pdf", storlek=10
    )
    bilaga.fil.save("x.pdf", ContentFile(buffer.getvalue()), save=False)
    bilaga.save()
    day = datetime.date(2026, 1, 15)
    person = m.Person.objects.get(user=kansli)
    huvudmannabeslut = m.Huvudmannabeslut(
        delprojekt=project_a,
        region=org.regioner[0],
        niva=m.Huvudmannabeslut.Niva.POLITISK,
        organ_namn="Regionstyrelsen",
        datum=day,
    )
    huvudmannabeslut.protokollsutdrag.save("utdrag.pdf", ContentFile(buffer.getvalue()))
    slutrapport, _created = m.Dokument.objects.get_or_create(
        delprojekt=project_a, typ="slutrapport"
    )
    analys, _created = m.Kapitel.objects.get_or_create(dokument=slutrapport, nyckel="analys")
    return {
        "krav": m.Kompetenskrav.objects.create(delprojekt=project_a, benamning="Omvårdnad"),
        "milstolpe": m.Milstolpe.objects.create(delprojekt=project_a, datum=day, benamning="X"),
        "note": m.Minnesanteckning.objects.create(delprojekt=project_a, datum=day),
        "forankring": m.Forankring.objects.create(
            delprojekt=project_a, datum=day, diskuterat="Uppdraget"
        ),
        "beredningskontakt": m.Beredningskontakt.objects.create(
            delprojekt=project_a, datum=day, person="Kunskapsstöd", fragan="Området"
        ),
        "rapport": m.Delrapport.objects.create(delprojekt=project_a, titel="Del 1", text="Text"),
        "stod": m.Stodbegaran.objects.create(delprojekt=project_a, typ="data", beskrivning="Data"),
        "aktivitet": m.Kommunikationsaktivitet.objects.create(delprojekt=project_a, vad="Nyhet"),
        "insats": m.Resursinsats.objects.create(
            delprojekt=project_a, person=person, roll="Processtöd", andel=Decimal(20), fran=day
        ),
        "finansiering": m.Samfinansiering.objects.create(
            delprojekt=project_a, avser="Processtöd", finansiar="Region Skåne", andel=Decimal(50)
        ),
        "bilaga": bilaga,
        "parameter": m.Uppfoljningsparameter.objects.create(
            delprojekt=project_a, namn="Väntetid", enhet="dagar", kalla="pas"
        ),
        "forslag": m.Atgardsforslag.objects.create(delprojekt=project_a, titel="Vårdprogram"),
        "medlem": f.ArbetsgruppsmedlemskapFactory(
            delprojekt=project_a, person=f.PersonFactory(namn="Maja Medlem")
        ),
        "huvudmannabeslut": huvudmannabeslut,
        "kommentar": m.Granskningskommentar.objects.create(
            kapitel=analys, text="Källa saknas.", skriven_av=samarbetsgrupp_user
        ),
    }


# Answers that look wrong: the row holds the status that is due, and these cases are
# expected to fail until the view is changed. Strictly: once it answers as due, the
# test fails until the entry is removed. (url name as in the row, method, persona)
KNOWN_WRONG: dict[tuple[str, str, str], str] = {}


def _marks(name: str, method: str, persona: str) -> list:
    reason = KNOWN_WRONG.get((name, method, persona))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def assert_answer(client, user, persona, method, url, expected, data=None):
    """Request ``url`` as ``persona`` and check the status against the row's expectation."""
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    response.close()
    if user is None and "anonym" not in expected:
        # Anonymous users are sent to the login page for everything.
        assert response.status_code == 302, f"anonym {method.upper()} {url}"
        assert response["Location"].startswith(reverse(LOGIN))
        return
    allowed = expected.get(persona, expected["*"])
    assert response.status_code in allowed, (
        f"{persona} {method.upper()} {url}: {response.status_code}, väntade {allowed}"
    )


def _cases():
    for name, project, method, expected, *data in MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name,
                project,
                method,
                persona,
                expected,
                data[0] if data else {"status": "forslag"},
                id=f"{method}-{name}-{project}-{persona}",
                marks=_marks(name, method, persona),
            )


@pytest.mark.parametrize(
    ("name", "project", "method", "persona", "expected", "data"), list(_cases())
)
def test_permission_matrix(
    client, personas, project_a, project_b, records, name, project, method, persona, expected, data
):
    args = []
    if project:
        args.append({"a": project_a, "b": project_b}[project].referens)
    if name.startswith("uppfoljning:"):
        url = reverse(name, args=args)
    else:
        url_name, _, extra = name.partition(":")
        args.extend(
            records[part[1:]].pk if part.startswith("@") else part
            for part in (extra.split("/") if extra else [])
        )
        url = reverse(f"delprojekt:{url_name}", args=args)
    assert_answer(
        client,
        personas[persona],
        persona,
        method,
        url,
        expected,
        data if method == "post" else None,
    )


# --- Decision queues, meetings, the regions' decisions, logging in -----------------------
# Outside the project URLs: full URL names; "@name" is a pk from the ``meeting`` fixture,
# "#a" the reference of project A.
BODY = {"*": OK, "ordforande": (403,), "ledamot_b": (403,), "utomstaende": (403,)}
MEETING_READ = {"*": OK, "ordforande": (404,), "ledamot_b": (404,), "utomstaende": (404,)}
MEETING_KANSLI = {**MEETING_READ, "*": (403,), "kansli": DONE}

PUBLIC = {"*": OK, "anonym": OK}
NOT_PUBLIC = {"*": (404,), "anonym": (404,)}

MEETING_MATRIX = [
    ("beslut:oversikt", [], "get", BODY),
    ("beslut:mina", [], "get", {"*": DONE}),
    ("beslut:register_xlsx", [], "get", BODY),
    ("beslut:organ", ["ledningsgrupp"], "get", BODY),
    ("beslut:organ", ["namnd"], "get", BODY),
    # An empty proposal is answered with the form and its error (400).
    ("beslut:beslutsforslag", ["#a"], "post", {"*": (403,), "kansli": (302, 400), **HIDDEN}),
    ("sammantrade:lista", [], "get", BODY),
    ("sammantrade:nytt", [], "get", {"*": (403,), "kansli": OK}),
    ("sammantrade:detalj", ["@meeting"], "get", MEETING_READ),
    ("sammantrade:andra", ["@meeting"], "get", MEETING_KANSLI),
    ("sammantrade:lagg_till", ["@meeting"], "post", MEETING_KANSLI),
    ("sammantrade:fri_punkt", ["@meeting"], "post", MEETING_KANSLI),
    ("sammantrade:kallelse", ["@meeting"], "post", MEETING_KANSLI),
    # The outbox: the kansli's alone.
    ("epost:lista", [], "get", {"*": (403,), "kansli": OK}),
    ("epost:skicka_igen", ["@utskick"], "post", {"*": (403,), "kansli": (302,)}),
    ("epost:skicka_igen_alla", [], "post", {"*": (403,), "kansli": (302,)}),
    # Personal data: the register, the extract and the anonymisation are the kansli's
    # alone. The matrix's POST has no reason and no tick: the form's errors (400).
    ("personuppgifter:lista", [], "get", {"*": (403,), "kansli": OK}),
    ("personuppgifter:detalj", ["@person"], "get", {"*": (403,), "kansli": OK}),
    ("personuppgifter:utdrag_json", ["@person"], "get", {"*": (403,), "kansli": OK}),
    ("personuppgifter:utdrag_pdf", ["@person"], "get", {"*": (403,), "kansli": OK}),
    ("personuppgifter:anonymisera", ["@person"], "get", {"*": (403,), "kansli": OK}),
    ("personuppgifter:anonymisera", ["@person"], "post", {"*": (403,), "kansli": (400,)}),
    ("sammantrade:narvaro", ["@meeting"], "post", MEETING_KANSLI),
    ("sammantrade:fardigstall", ["@meeting"], "post", MEETING_KANSLI),
    ("sammantrade:protokollfor", ["@meeting", "@punkt"], "post", MEETING_KANSLI),
    ("sammantrade:flytta", ["@meeting", "@punkt"], "post", MEETING_KANSLI),
    ("sammantrade:ta_bort", ["@meeting", "@punkt"], "post", MEETING_KANSLI),
    # Only the meeting's chair and justerare sign; the kansli does not.
    ("sammantrade:justera", ["@meeting"], "post", {**MEETING_READ, "*": (403,)}),
    ("sammantrade:omedelbar", ["@meeting", "@punkt"], "post", {**MEETING_READ, "*": (403,)}),
    ("sammantrade:korrigera", ["@meeting"], "post", MEETING_KANSLI),
    ("sammantrade:kallelse_pdf", ["@meeting"], "get", MEETING_READ),
    ("sammantrade:protokoll_pdf", ["@meeting"], "get", MEETING_READ),
    ("sammantrade:kalender", [], "get", {"*": OK}),
    ("sammantrade:kalender_ny", [], "post", {"*": DONE}),
    ("delprojekt:regionbeslut", ["#a"], "get", READ),
    ("delprojekt:regionbeslut_oversikt", [], "get", BODY),
    # A numbered paragraph on project A: those who see the meeting, and those who see the
    # project it decides on (the chair of project A is not in the ledningsgrupp).
    ("sammantrade:utdrag_pdf", ["@paragraf"], "get", READ),
    # The private feed address is the only key: no login, the same answer for everyone.
    ("sammantrade:kalender_feed", ["@token"], "get", {"*": OK, "anonym": OK}),
    # The start page: everyone's own list of what to do.
    ("start", [], "get", {"*": OK}),
    # The search: everyone logged in; the hits are filtered (tests/test_sok.py).
    ("sok", [], "get", {"*": OK}),
    # Logging in and out. A logged-in user asking for the login page is sent on.
    ("login", [], "get", {"*": (302,), "anonym": OK}),
    ("logout", [], "post", {"*": (302,), "anonym": (302,)}),
    # The public part: the same answer for everyone, logged in or not. Project A is not
    # published, so each of its public addresses answers 404 (the published case and
    # withdrawal are in tests/test_oppet.py).
    ("oppet:lista", [], "get", PUBLIC),
    ("oppet:lista", [], "post", {"*": (405,), "anonym": (405,)}),
    ("oppet:delprojekt", ["#a"], "get", NOT_PUBLIC),
    ("oppet:slutrapport", ["#a", "1"], "get", NOT_PUBLIC),
    ("oppet:uppfoljningsrapport", ["#a", "1"], "get", NOT_PUBLIC),
    ("oppet:beslut_oversikt", [], "get", PUBLIC),
    ("oppet:beslut", ["namnd", "2026"], "get", NOT_PUBLIC),
    ("oppet:flode", [], "get", PUBLIC),
    ("oppet:data", [], "get", PUBLIC),
    ("oppet:data_zip", [], "get", PUBLIC),
    ("oppet:data_json", [], "get", PUBLIC),
    ("oppet:tillganglighet", [], "get", PUBLIC),
    ("oppet:rapportera", [], "get", PUBLIC),
    # The matrix's POST has no description: the form and its errors (400).
    ("oppet:rapportera", [], "post", {"*": (400,), "anonym": (400,)}),
    ("oppet:tack", [], "get", PUBLIC),
    # The kansli's publication decision; without a chosen action, the form's error.
    ("publicering:sida", ["#a"], "get", {"*": (403,), "kansli": OK, **HIDDEN}),
    ("publicering:sida", ["#a"], "post", {"*": (403,), "kansli": OK, **HIDDEN}),
    # Personal API tokens: everyone their own. An empty name is answered with the form and
    # its message (400); someone else's token is "not found" (a message, nothing revoked).
    ("api_nycklar:lista", [], "get", {"*": OK}),
    ("api_nycklar:lista", [], "post", {"*": (400,)}),
    ("api_nycklar:aterkalla", ["@api_token"], "post", {"*": (302,)}),
    # The account pages: everyone their own. Password reset is for anyone, logged in or
    # not (an empty address is the form's error; a broken link says so, 200). The code
    # step sends a user without an app on; adding or removing an app without the page's
    # secret or an app is sent back to the page.
    ("konton:oversikt", [], "get", {"*": OK}),
    ("konton:byt_losenord", [], "get", {"*": OK}),
    ("konton:byt_losenord", [], "post", {"*": OK}),
    ("konton:tvasteg", [], "get", {"*": OK}),
    ("konton:tvasteg", [], "post", {"*": (302,)}),
    ("konton:tvasteg_ta_bort", [], "post", {"*": (302,)}),
    ("konton:reservkoder", [], "post", {"*": (302,)}),
    ("konton:verifiera", [], "get", {"*": (302,)}),
    ("konton:verifiera", [], "post", {"*": (302,)}),
    ("konton:losenord_glomt", [], "get", PUBLIC),
    ("konton:losenord_glomt", [], "post", PUBLIC),
    ("konton:losenord_skickat", [], "get", PUBLIC),
    ("konton:losenord_ny", ["MQ", "fel-token"], "get", PUBLIC),
    ("konton:losenord_klart", [], "get", PUBLIC),
    # The user guide: open to everyone, logged in or not (hjalp/views.py says why); a
    # chapter that is not declared is not found.
    ("hjalp:index", [], "get", PUBLIC),
    ("hjalp:kapitel", ["kansli"], "get", PUBLIC),
    ("hjalp:kapitel", ["finns-inte"], "get", {"*": (404,), "anonym": (404,)}),
    ("hjalp:kapitel", ["kansli"], "post", {"*": (405,), "anonym": (405,)}),
    # Notifications: everyone their own. Someone else's notification is not found (404);
    # the settings form sent empty is answered with its messages (400).
    ("notiser:lista", [], "get", {"*": OK}),
    ("notiser:markera_alla_lasta", [], "post", {"*": (302,)}),
    ("notiser:markera_last", ["@notis"], "post", {"*": (404,), "kansli": (302,)}),
    ("notiser:installningar", [], "get", {"*": OK}),
    ("notiser:installningar", [], "post", {"*": (400,)}),
    # The API's schema and documentation: everyone logged in (the schema also with a token).
    ("api:schema", [], "get", {"*": OK, "anonym": (401,)}),
    ("api:docs", [], "get", {"*": OK}),
    # Logging in with the region's account: off unless configured, as in the tests
    # (tests/test_sso.py and tests/browser/test_sso.py switch it on).
    ("sso:inloggning", [], "get", {"*": (404,), "anonym": (404,)}),
    ("sso:callback", [], "get", {"*": (404,), "anonym": (404,)}),
    *[
        # The API itself opens only to a personal token, never to the web session: 401
        # for every persona here. tests/test_api.py walks it with the personas' tokens.
        (f"api:{resource}", args, "get", {"*": (401,), "anonym": (401,)})
        for resource, args in [
            ("delprojekt-list", []),
            ("delprojekt-detail", ["#a"]),
            ("beslut-list", []),
            ("beslut-detail", ["1"]),
            ("sammantrade-list", []),
            ("sammantrade-detail", ["@meeting"]),
            ("rekommendation-list", []),
            ("rekommendation-detail", ["1"]),
            ("huvudmannabeslut-list", []),
            ("huvudmannabeslut-detail", ["1"]),
            ("inforande-list", []),
            ("inforande-detail", ["1"]),
            ("uppfoljningsparameter-list", []),
            ("uppfoljningsparameter-detail", ["1"]),
            ("matvarde-list", []),
            ("matvarde-detail", ["1"]),
        ]
    ],
]


@pytest.fixture
def meeting(org, kansli, lg_members, project_a):
    import datetime

    from django.utils import timezone

    from api.services import api_token_create
    from delprojekt.models import (
        Dagordningspunkt,
        Notis,
        Notistyp,
        Notisval,
        Person,
        Sammantrade,
        Utskick,
    )
    from delprojekt.services.kalender import kalendertoken_issue

    s = Sammantrade.objects.create(
        organ=org.ledningsgrupp,
        start=timezone.now(),
        ordforande=Person.objects.get(user=lg_members[1]),
        justerare=Person.objects.get(user=lg_members[2]),
        sekreterare=Person.objects.get(user=kansli),
    )
    punkt = Dagordningspunkt.objects.create(
        sammantrade=s, ordning=1, typ=Dagordningspunkt.Typ.INFORMATION, rubrik="Information"
    )
    # A paragraph of an earlier, finalised protocol, on project A.
    tidigare = Sammantrade.objects.create(
        organ=org.ledningsgrupp,
        start=timezone.now() - datetime.timedelta(days=30),
        sekreterare=Person.objects.get(user=kansli),
    )
    paragraf = Dagordningspunkt.objects.create(
        sammantrade=tidigare,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik="Start av delprojektet",
        delprojekt=project_a,
        beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
        paragraf_organ=org.ledningsgrupp,
        paragraf_ar=2026,
        paragraf_nummer=1,
    )
    token = kalendertoken_issue(user=lg_members[0])
    # A mail that could not be sent (and is no longer in the queue: sending it again is
    # refused with a message).
    utskick = Utskick.objects.create(
        message_id="<matris@example.test>",
        adress="mottagare@example.test",
        amne="Kallelse",
        status=Utskick.Status.MISSLYCKAD,
        sammantrade=s,
    )
    return {
        "meeting": s,
        "punkt": punkt,
        "paragraf": paragraf,
        "token": token,
        "utskick": utskick,
        "api_token": api_token_create(user=kansli, name="Matris").token,
        "person": f.PersonFactory(namn="Mats Matrisson"),
        "notis": Notis.objects.create(
            person=Person.objects.get(user=kansli),
            typ=Notistyp.BESLUT,
            text="SFBV-2026-0001: Under beredning",
            epost=Notisval.DIREKT,
        ),
    }


def _meeting_cases():
    for name, args, method, expected in MEETING_MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name,
                args,
                method,
                persona,
                expected,
                id=f"{method}-{name}-{persona}",
                marks=_marks(name, method, persona),
            )


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), list(_meeting_cases()))
def test_meeting_permission_matrix(
    client, personas, project_a, project_b, meeting, name, args, method, persona, expected
):
    resolved = [
        getattr(meeting[a[1:]], "pk", meeting[a[1:]])
        if a.startswith("@")
        else project_a.referens
        if a == "#a"
        else a
        for a in args
    ]
    url = reverse(name, args=resolved)
    assert_answer(client, personas[persona], persona, method, url, expected)


# --- The follow-up -------------------------------------------------------------------------
# Project A with a board recommendation, a running round whose report its chair (the
# ``ordforande`` persona) has accepted to write, a parameter with a measured value.
# "#a" is project A's reference, "@name" a pk from the ``followup`` fixture.
FOLLOWUP_WRITE = {"*": (403,), "kansli": (200, 302, 400), "ordforande": (200, 302, 400), **HIDDEN}
FOLLOWUP_KANSLI = {"*": (403,), "kansli": (200, 302, 400), **HIDDEN}
FOLLOWUP_OVERVIEW = {"*": OK, "ordforande": (403,), "ledamot_b": (403,), "utomstaende": (403,)}

FOLLOWUP_MATRIX = [
    ("uppfoljning:oversikt", [], "get", FOLLOWUP_OVERVIEW),
    ("uppfoljning:inforande_oversikt", [], "get", FOLLOWUP_OVERVIEW),
    ("uppfoljning:omgangar", ["#a"], "get", READ),
    ("uppfoljning:omgang", ["#a", 1], "get", READ),
    ("uppfoljning:ansvarig_add", ["#a", 1], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:ansvarig_answer", ["#a", 1, "@ansvarig"], "post", FOLLOWUP_WRITE),
    ("uppfoljning:ansvarig_remove", ["#a", 1, "@ansvarig"], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:omgang_action", ["#a", 1, "paborja"], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:omgang_action", ["#a", 1, "avsluta"], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:redovisning_add", ["#a", 1], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:redovisning_remove", ["#a", 1, "@redovisning"], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:rapport", ["#a", 1], "get", READ),
    ("uppfoljning:rapport", ["#a", 1], "post", FOLLOWUP_WRITE),
    ("uppfoljning:rapport_pdf", ["#a", 1], "get", READ),
    ("uppfoljning:rapport_lamna_in", ["#a", 1], "post", FOLLOWUP_WRITE),
    ("uppfoljning:rapport_inlamnad_pdf", ["#a", 1], "get", {**READ, "*": (404,)}),
    ("uppfoljning:inforande", ["#a"], "get", READ),
    ("uppfoljning:inforande_region", ["#a", "@region"], "get", FOLLOWUP_KANSLI),
    ("uppfoljning:inforande_region", ["#a", "@region"], "post", FOLLOWUP_KANSLI),
    # Implementation plans and raised problems (app inforande): a region's coordinator and
    # the kansli write; whoever sees the project reads; the kansli records the answers.
    ("inforande:plan", ["#a", "@region"], "get", READ),
    ("inforande:plan_pdf", ["#a", "@region", 1], "get", READ),
    ("inforande:plan_andra", ["#a", "@region"], "get", FOLLOWUP_KANSLI),
    ("inforande:plan_andra", ["#a", "@region"], "post", FOLLOWUP_KANSLI),
    ("inforande:plan_faststall", ["#a", "@region"], "post", FOLLOWUP_KANSLI),
    ("inforande:eskalera", ["#a"], "get", FOLLOWUP_KANSLI),
    ("inforande:eskalera", ["#a"], "post", FOLLOWUP_KANSLI),
    ("inforande:sjukvardsregion", ["#a"], "get", FOLLOWUP_KANSLI),
    ("inforande:sjukvardsregion", ["#a"], "post", FOLLOWUP_KANSLI),
    ("inforande:eskalering", ["@eskalering"], "get", READ),
    ("inforande:eskalering", ["@eskalering"], "post", FOLLOWUP_KANSLI),
    ("uppfoljning:parametrar", ["#a"], "get", READ),
    ("uppfoljning:parameter_ny", ["#a"], "get", FOLLOWUP_WRITE),
    ("uppfoljning:parameter_ny", ["#a"], "post", FOLLOWUP_WRITE),
    ("uppfoljning:parameter", ["#a", "@parameter"], "get", READ),
    ("uppfoljning:parameter", ["#a", "@parameter"], "post", FOLLOWUP_WRITE),
    (
        "uppfoljning:matvarde_remove",
        ["#a", "@parameter", "@matvarde"],
        "post",
        FOLLOWUP_WRITE,
    ),
    ("uppfoljning:matvarde_import", ["#a"], "get", FOLLOWUP_WRITE),
    ("uppfoljning:matvarde_import", ["#a"], "post", FOLLOWUP_WRITE),
    ("uppfoljning:matvarde_mall", ["#a"], "get", READ),
    # The statistics count every project: for those who may read every project.
    ("statistik:sida", [], "get", FOLLOWUP_OVERVIEW),
    ("statistik:xlsx", [], "get", FOLLOWUP_OVERVIEW),
    # Without a month the report answers with the page and a message (302).
    ("statistik:manadsrapport", [], "get", {**FOLLOWUP_OVERVIEW, "*": (302,)}),
]


@pytest.fixture
def followup(org, project_a, kansli, ordforande):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from delprojekt import models as m
    from uppfoljning import models as u

    today = timezone.localdate()
    beslut = m.Beslut.objects.create(
        delprojekt=project_a,
        organ=org.namnd,
        datum=today,
        utfall=m.Beslut.Utfall.REKOMMENDATION,
        beslutstext="Nämnden rekommenderar regionerna att införa förslaget.",
    )
    forslag = m.Atgardsforslag.objects.create(delprojekt=project_a, titel="Gemensamt vårdprogram")
    m.Rekommendation.objects.create(beslut=beslut, atgardsforslag=forslag, text="… att införa")
    project_a.regioner.set(org.regioner)
    omgang = u.Uppfoljningsomgang.objects.create(
        delprojekt=project_a, nummer=1, forfallodatum=today + datetime.timedelta(days=100)
    )
    u.Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=u.Omgangsstatus.PAGAR)
    ansvarig = u.Uppfoljningsansvarig.objects.create(
        omgang=omgang,
        person=m.Person.objects.get(user=ordforande),
        svar=u.Uppfoljningsansvarig.Svar.ACCEPTERAD,
    )
    parameter = m.Uppfoljningsparameter.objects.create(
        delprojekt=project_a, namn="Väntetid", enhet="dagar", kalla="pas"
    )
    matvarde = u.Matvarde.objects.create(
        parameter=parameter, region=org.regioner[0], datum=today, varde=Decimal(40)
    )
    redovisning = u.Redovisning.objects.create(
        omgang=omgang, organ_typ="samarbetsgrupp", datum=today
    )
    from inforande import models as inf

    plan = inf.Genomforandeplan.objects.create(
        delprojekt=project_a, region=org.regioner[0], budskap="Budskapet", andring=1
    )
    inf.Planversion.objects.create(plan=plan, nummer=1, innehall=plan.innehall(), andring=1)
    eskalering = inf.Eskalering.objects.create(
        delprojekt=project_a,
        region=org.regioner[0],
        organ=org.samarbetsgrupp,
        syfte=inf.Eskalering.Syfte.BESLUT,
        rubrik="Brist på personal",
        beskrivning="Vi behöver stöd.",
    )
    return {
        "eskalering": eskalering,
        "ansvarig": ansvarig,
        "region": org.regioner[0],
        "parameter": parameter,
        "matvarde": matvarde,
        "redovisning": redovisning,
    }


def _followup_cases():
    for name, args, method, expected in FOLLOWUP_MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name,
                args,
                method,
                persona,
                expected,
                id=f"{method}-{name}-{'-'.join(map(str, args[2:]))}-{persona}",
                marks=_marks(name, method, persona),
            )


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), list(_followup_cases()))
def test_followup_permission_matrix(
    client, personas, project_a, project_b, followup, name, args, method, persona, expected
):
    resolved = [
        followup[a[1:]].pk
        if isinstance(a, str) and a.startswith("@")
        else project_a.referens
        if a == "#a"
        else a
        for a in args
    ]
    url = reverse(name, args=resolved)
    assert_answer(client, personas[persona], persona, method, url, expected)


# --- Processtöd posts and their invoices ---------------------------------------------------
# The kansli edits; the ledningsgrupp reads every post (a regional coordinator, not a persona
# here, reads their region's: tests/test_processtod.py). Others get 403 on the lists and 404
# on a post. "@name" is a pk from the ``processtod`` fixture.
PT_READ = {"*": (403,), "kansli": OK, "ledningsgrupp": OK}
PT_POST = {"*": (404,), "kansli": OK, "ledningsgrupp": OK}
PT_EDIT = {"*": (404,), "kansli": DONE, "ledningsgrupp": (403,)}

PROCESSTOD_MATRIX = [
    ("processtod:lista", [], "get", PT_READ),
    ("processtod:oversikt", [], "get", PT_READ),
    ("processtod:oversikt_xlsx", [], "get", PT_READ),
    ("processtod:ny", [], "get", {"*": (403,), "kansli": OK}),
    # The matrix's POST is empty: the form's errors (400), nothing saved.
    ("processtod:ny", [], "post", {"*": (403,), "kansli": (400,)}),
    ("processtod:tjanst", ["@tjanst"], "get", PT_POST),
    ("processtod:andra", ["@tjanst"], "get", PT_EDIT),
    ("processtod:andra", ["@tjanst"], "post", {**PT_EDIT, "kansli": (400,)}),
    ("processtod:faktura_ny", ["@tjanst"], "get", PT_EDIT),
    ("processtod:faktura_ny", ["@tjanst"], "post", {**PT_EDIT, "kansli": (400,)}),
    ("processtod:faktura_andra", ["@tjanst", "@faktura"], "get", PT_EDIT),
    # Removing asks first (GET), then the POST removes; the post has an invoice and stays.
    ("processtod:faktura_ta_bort", ["@tjanst", "@faktura"], "get", {**PT_EDIT, "kansli": OK}),
    ("processtod:faktura_ta_bort", ["@tjanst", "@faktura"], "post", PT_EDIT),
    ("processtod:ta_bort", ["@tjanst"], "get", {**PT_EDIT, "kansli": OK}),
    ("processtod:ta_bort", ["@tjanst"], "post", PT_EDIT),
]


@pytest.fixture
def processtod(org, kansli):
    import datetime
    from decimal import Decimal

    from processtod.services.tjanster import faktura_save, tjanst_save

    tjanst = tjanst_save(
        user=kansli,
        benamning="Processtöd 1",
        region=org.regioner[0],
        person=None,
        fran=datetime.date(2026, 1, 1),
        till=datetime.date(2026, 12, 31),
        tjanstgoringsgrad=Decimal(100),
        medfinansiering=Decimal(50),
        tid_sjukvardsregion=Decimal(20),
        manadslon=Decimal(50000),
    )
    return {
        "tjanst": tjanst,
        "faktura": faktura_save(user=kansli, tjanst=tjanst, ar=2026, halvar=1),
    }


def _processtod_cases():
    for name, args, method, expected in PROCESSTOD_MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name,
                args,
                method,
                persona,
                expected,
                id=f"{method}-{name}-{persona}",
                marks=_marks(name, method, persona),
            )


@pytest.mark.parametrize(
    ("name", "args", "method", "persona", "expected"), list(_processtod_cases())
)
def test_processtod_permission_matrix(
    client, personas, processtod, name, args, method, persona, expected
):
    resolved = [processtod[a[1:]].pk for a in args]
    url = reverse(name, args=resolved)
    assert_answer(client, personas[persona], persona, method, url, expected)


# --- The bodies' year (verksamhet) ---------------------------------------------------------
# "@organ" is the ledningsgrupp, "@medlemskap" the ``ledningsgrupp`` persona's own
# membership, "@aktivitet" an activity of the ledningsgrupp's plan, "@ar" last year;
# "#a" is project A's reference. Empty POSTs: the form's errors (400) or a message (302).
VERKSAMHET_BODY = {"*": OK, "ordforande": (403,), "ledamot_b": (403,), "utomstaende": (403,)}
VERKSAMHET_MATRIX = [
    ("verksamhet:organ", ["@organ"], "get", VERKSAMHET_BODY),
    # The member themself and the kansli; everyone else 403.
    ("verksamhet:mandat", ["@medlemskap"], "get", {"*": (403,), "kansli": OK, "ledningsgrupp": OK}),
    (
        "verksamhet:mandat",
        ["@medlemskap"],
        "post",
        {"*": (403,), "kansli": (400,), "ledningsgrupp": (400,)},
    ),
    ("verksamhet:plan", ["@organ", "@ar"], "get", VERKSAMHET_BODY),
    ("verksamhet:plan", ["@organ", "@ar"], "post", {"*": (403,), "kansli": (400,)}),
    ("verksamhet:arbetsgrupp_plan", ["#a", "@ar"], "get", READ),
    (
        "verksamhet:arbetsgrupp_plan",
        ["#a", "@ar"],
        "post",
        {"*": (403,), "kansli": (400,), "ordforande": (400,), **HIDDEN},
    ),
    ("verksamhet:arbetsgrupp_berattelse", ["#a", "@ar"], "get", READ),
    (
        "verksamhet:arbetsgrupp_berattelse",
        ["#a", "@ar"],
        "post",
        {"*": (403,), "kansli": (302,), "ordforande": (302,), **HIDDEN},
    ),
    (
        "verksamhet:arbetsgrupp_godkann",
        ["#a", "@ar"],
        "post",
        {"*": (403,), "kansli": (302,), "ordforande": (302,), **HIDDEN},
    ),
    (
        "verksamhet:arbetsgrupp_las",
        ["#a", "@ar"],
        "post",
        {"*": (403,), "kansli": (302,), "ordforande": (302,), **HIDDEN},
    ),
    ("verksamhet:arbetsgrupp_berattelse_pdf", ["#a", "@ar"], "get", READ),
    ("verksamhet:aktivitet", ["@aktivitet"], "get", {"*": (403,), "kansli": OK}),
    ("verksamhet:aktivitet", ["@aktivitet"], "post", {"*": (403,), "kansli": (400,)}),
    ("verksamhet:aktivitet_ta_bort", ["@aktivitet"], "post", {"*": (403,), "kansli": (302,)}),
    ("verksamhet:berattelse", ["@organ", "@ar"], "get", VERKSAMHET_BODY),
    ("verksamhet:berattelse", ["@organ", "@ar"], "post", {"*": (403,), "kansli": (302,)}),
    ("verksamhet:godkann", ["@organ", "@ar"], "post", {"*": (403,), "kansli": (302,)}),
    ("verksamhet:las", ["@organ", "@ar"], "post", {"*": (403,), "kansli": (302,)}),
    ("verksamhet:publicera", ["@organ", "@ar"], "post", {"*": (403,), "kansli": (302,)}),
    ("verksamhet:berattelse_pdf", ["@organ", "@ar"], "get", VERKSAMHET_BODY),
    ("verksamhet:oppet_lista", [], "get", PUBLIC),
    ("verksamhet:oppet_pdf", ["@organ", "@ar"], "get", NOT_PUBLIC),
]


@pytest.fixture
def verksamhet(org, lg_members):
    import datetime

    from django.utils import timezone

    from delprojekt.models import Organmedlemskap, Person
    from verksamhet.models import Aktivitet

    ar = timezone.localdate().year - 1
    return {
        "organ": org.ledningsgrupp,
        "medlemskap": Organmedlemskap.objects.get(
            person=Person.objects.get(user=lg_members[0]), organ=org.ledningsgrupp
        ),
        "aktivitet": Aktivitet.objects.create(
            organ=org.ledningsgrupp, ar=ar, vad="Planering", nar=datetime.date(ar, 3, 1)
        ),
        "ar": ar,
    }


def _verksamhet_cases():
    for name, args, method, expected in VERKSAMHET_MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name,
                args,
                method,
                persona,
                expected,
                id=f"{method}-{name}-{persona}",
                marks=_marks(name, method, persona),
            )


@pytest.mark.parametrize(
    ("name", "args", "method", "persona", "expected"), list(_verksamhet_cases())
)
def test_verksamhet_permission_matrix(
    client, personas, project_a, verksamhet, name, args, method, persona, expected
):
    resolved = [
        getattr(verksamhet[a[1:]], "pk", verksamhet[a[1:]])
        if a.startswith("@")
        else project_a.referens
        if a == "#a"
        else a
        for a in args
    ]
    url = reverse(name, args=resolved)
    assert_answer(client, personas[persona], persona, method, url, expected)


# --- Every project URL has rows for every persona -----------------------------------------
# The walk covers the urlconfs of the project's own packages. It leaves out the admin
# (Django's views behind its own staff check, tested in test_admin.py), unnamed patterns
# (they cannot be reversed; today only the root redirect) and anything a third-party
# urlconf brings in through include() (such as django.contrib.auth.urls or a debug
# toolbar). Views the project mounts itself in its own urls.py count, whoever wrote them:
# ``logout`` is Django's LogoutView, but the address and its behaviour are ours.
PROJECT_PACKAGES = {
    "sfbv",
    "delprojekt",
    "uppfoljning",
    "oppet",
    "processtod",
    "api",
    "konton",
    "sso",
    "hjalp",
    "inforande",
    "verksamhet",
}
SKIPPED_NAMESPACES = {"admin"}


def project_url_names() -> dict[str, str]:
    """Every named URL of the project's own urlconfs: full name -> route."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: tuple[str, ...], route: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                conf = pattern.urlconf_name
                module = conf if isinstance(conf, str) else getattr(conf, "__name__", None)
                if module is not None and module.split(".")[0] not in PROJECT_PACKAGES:
                    continue
                inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route + str(pattern.pattern))
            elif pattern.name:
                found.setdefault(":".join((*namespace, pattern.name)), route + str(pattern.pattern))

    walk(get_resolver().url_patterns, (), "")
    return found


def _full_name(table: str, name: str) -> str:
    if table == "MATRIX" and not name.startswith("uppfoljning:"):
        return "delprojekt:" + name.partition(":")[0]
    return name


TABLES = {
    "MATRIX": MATRIX,
    "MEETING_MATRIX": MEETING_MATRIX,
    "FOLLOWUP_MATRIX": FOLLOWUP_MATRIX,
    "PROCESSTOD_MATRIX": PROCESSTOD_MATRIX,
    "VERKSAMHET_MATRIX": VERKSAMHET_MATRIX,
}


def _rows():
    for table, rows in TABLES.items():
        for name, args, method, expected, *_data in rows:
            yield table, _full_name(table, name), (name, args, method), expected


def _suggestion(name: str, route: str) -> str:
    """The row to add for ``name``, in the form of the table it belongs in."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    namespace, _, short = name.rpartition(":")
    if namespace == "delprojekt":
        extra = "/".join(f"@{p}" for p in params if p != "referens")
        key = f"{short}:{extra}" if extra else short
        project = '"a"' if "referens" in params else "None"
        table, row, fixture = "MATRIX", f'("{key}", {project}, "get", {{"*": ...}})', "records"
    else:
        args = ", ".join(
            '"#a"' if p == "referens" else "1" if p == "nummer" else f'"@{p}"' for p in params
        )
        table, fixture = (
            ("FOLLOWUP_MATRIX", "followup")
            if namespace == "uppfoljning"
            else ("MEETING_MATRIX", "meeting")
        )
        row = f'("{name}", [{args}], "get", {{"*": ...}})'
    lines = [
        f"  {name}  ({route})",
        f"    add to {table}, one row per method the view answers, e.g.",
        f"        {row},",
        f"    with the status each persona should get ({', '.join(PERSONAS[1:])}); "
        '"*" for the rest, "anonym" only if it is not the redirect to the login page',
    ]
    if "@" in row:
        lines.append(f'    "@name" is a record the ``{fixture}`` fixture returns under that name')
    return "\n".join(lines)


def test_every_project_url_name_has_a_row():
    urls = project_url_names()
    covered = {full for _table, full, _row, _expected in _rows()}
    missing = sorted(set(urls) - covered)
    stale = sorted(covered - set(urls))
    message = []
    if missing:
        message.append("URL names without a row in the permission matrix:")
        message.extend(_suggestion(name, urls[name]) for name in missing)
    if stale:
        message.append(f"Rows for URL names that no longer exist: {', '.join(stale)}")
    if message:
        pytest.fail("\n".join(message), pytrace=False)


def test_every_row_has_an_expectation_for_every_persona():
    problems = []
    for table, _full, row, expected in _rows():
        unknown = set(expected) - {"*", *PERSONAS}
        if unknown:
            problems.append(f"{table} {row}: unknown persona {', '.join(sorted(unknown))}")
        if "*" not in expected:
            absent = [p for p in PERSONAS[1:] if p not in expected]
            if absent:
                problems.append(f'{table} {row}: no status for {", ".join(absent)} (or "*")')
    rows = {(name, method) for _t, _f, (name, _args, method), _e in _rows()}
    problems.extend(
        f"KNOWN_WRONG {key}: no such row"
        for key in KNOWN_WRONG
        if key[:2] not in rows or key[2] not in PERSONAS
    )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_walk_finds_the_project_urls_and_leaves_out_the_admin():
    urls = project_url_names()
    assert {"login", "logout", "delprojekt:detail", "uppfoljning:omgang"} <= set(urls)
    assert {"sammantrade:kalender_feed", "beslut:organ"} <= set(urls)
    assert not [name for name in urls if name.startswith("admin:")]
