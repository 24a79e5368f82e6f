"""Every URL with every persona: who gets the page, who gets 403, who must not know (404).

``project_a`` is in state `forslag`; its chair is the ``ordforande`` persona.
``project_b`` has ``ledamot_b`` in its group. Requests are GETs unless marked POST;
a POST that is allowed may answer 200 (form errors) or 302 (done).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

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

# url name, args (project key), method -> expected status per persona.
# Extra arguments after ":" are separated by "/"; "@name" is the pk of a record of
# project A made by the ``records`` fixture.
MATRIX = [
    ("portfolio", None, "get", {"*": OK}),
    ("mine", None, "get", {"*": OK}),
    ("register", None, "get", {"*": OK}),
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
        # The method is refused before anything is looked up, so nothing leaks.
        {"*": (405,)},
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
def records(project_a, kansli):
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
    return {
        "krav": m.Kompetenskrav.objects.create(delprojekt=project_a, benamning="Omvårdnad"),
        "milstolpe": m.Milstolpe.objects.create(delprojekt=project_a, datum=day, benamning="X"),
        "note": m.Minnesanteckning.objects.create(delprojekt=project_a, datum=day),
        "forankring": m.Forankring.objects.create(
            delprojekt=project_a, datum=day, diskuterat="Uppdraget"
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
    }


def _cases():
    for name, project, method, expected in MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name, project, method, persona, expected, id=f"{method}-{name}-{project}-{persona}"
            )


@pytest.mark.parametrize(("name", "project", "method", "persona", "expected"), list(_cases()))
def test_permission_matrix(
    client, personas, project_a, project_b, records, name, project, method, persona, expected
):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
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
    data = {"status": "forslag"} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    response.close()
    if user is None:
        # Anonymous users are sent to the login page for everything.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(LOGIN))
        return
    allowed = expected.get(persona, expected["*"])
    assert response.status_code in allowed, (
        f"{persona} {method.upper()} {url}: {response.status_code}, väntade {allowed}"
    )


# --- Decision queues, meetings and the regions' decisions -------------------------------
# Outside the project URLs: full URL names; "@name" is a pk from the ``meeting`` fixture,
# "#a" the reference of project A.
BODY = {"*": OK, "ordforande": (403,), "ledamot_b": (403,), "utomstaende": (403,)}
MEETING_READ = {"*": OK, "ordforande": (404,), "ledamot_b": (404,), "utomstaende": (404,)}
MEETING_KANSLI = {**MEETING_READ, "*": (403,), "kansli": DONE}

MEETING_MATRIX = [
    ("beslut:oversikt", [], "get", BODY),
    ("beslut:mina", [], "get", {"*": DONE}),
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
]


@pytest.fixture
def meeting(org, kansli, lg_members):
    from django.utils import timezone

    from delprojekt.models import Dagordningspunkt, Person, Sammantrade

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
    return {"meeting": s, "punkt": punkt}


def _meeting_cases():
    for name, args, method, expected in MEETING_MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name, args, method, persona, expected, id=f"{method}-{name}-{persona}"
            )


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), list(_meeting_cases()))
def test_meeting_permission_matrix(
    client, personas, project_a, project_b, meeting, name, args, method, persona, expected
):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    resolved = [
        meeting[a[1:]].pk if a.startswith("@") else project_a.referens if a == "#a" else a
        for a in args
    ]
    url = reverse(name, args=resolved)
    response = getattr(client, method)(url)
    response.close()
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(LOGIN))
        return
    allowed = expected.get(persona, expected["*"])
    assert response.status_code in allowed, (
        f"{persona} {method.upper()} {url}: {response.status_code}, väntade {allowed}"
    )


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
    return {
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
            )


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), list(_followup_cases()))
def test_followup_permission_matrix(
    client, personas, project_a, project_b, followup, name, args, method, persona, expected
):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    resolved = [
        followup[a[1:]].pk
        if isinstance(a, str) and a.startswith("@")
        else project_a.referens
        if a == "#a"
        else a
        for a in args
    ]
    url = reverse(name, args=resolved)
    response = getattr(client, method)(url)
    response.close()
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(LOGIN))
        return
    allowed = expected.get(persona, expected["*"])
    assert response.status_code in allowed, (
        f"{persona} {method.upper()} {url}: {response.status_code}, väntade {allowed}"
    )
