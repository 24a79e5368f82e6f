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

# url name, args (project key), method -> expected status per persona
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
        {"*": (403,), "kansli": DONE, "ledamot_b": (404,), "utomstaende": (404,)},
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
    (
        "uppfoljning:omgangar",
        "a",
        "post",
        # Nothing to record before the follow-up phase, for anyone.
        {"*": (403,), "ledamot_b": (404,), "utomstaende": (404,)},
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


def _cases():
    for name, project, method, expected in MATRIX:
        for persona in PERSONAS:
            yield pytest.param(
                name, project, method, persona, expected, id=f"{method}-{name}-{project}-{persona}"
            )


@pytest.mark.parametrize(("name", "project", "method", "persona", "expected"), list(_cases()))
def test_permission_matrix(
    client, personas, project_a, project_b, name, project, method, persona, expected
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
        args.extend(extra.split("/") if extra else [])
        url = reverse(f"delprojekt:{url_name}", args=args)
    data = {"status": "forslag"} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    if user is None:
        # Anonymous users are sent to the login page for everything.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(LOGIN))
        return
    allowed = expected.get(persona, expected["*"])
    assert response.status_code in allowed, (
        f"{persona} {method.upper()} {url}: {response.status_code}, väntade {allowed}"
    )
