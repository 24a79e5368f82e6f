"""The kansli's pages for personal data: the register of persons, a person's register
extract (JSON, PDF) and the anonymisation (docs/personuppgifter.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from delprojekt.forms.personuppgifter import AnonymiseraForm, PersonSokForm
from delprojekt.models import Anonymisering, Person
from delprojekt.pdf import pdf_response
from delprojekt.services import personuppgifter
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.views.helpers import form_errors_from


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(personuppgifter.PERM):
        raise PermissionDenied


def _person(pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("region", "user"), pk=pk)


@login_required
@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = PersonSokForm(request.GET or None)
    personer = Person.objects.select_related("region", "user").order_by("namn", "pk")
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if q:
        personer = personer.filter(
            Q(namn__icontains=q)
            | Q(epost__icontains=q)
            | Q(organisation__icontains=q)
            | Q(user__username__icontains=q)
        )
    page = Paginator(personer, settings.SFBV_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "delprojekt/personuppgifter/lista.html",
        {"form": form, "page": page, "q": q, "querystring": f"q={q}" if q else ""},
    )


@login_required
@require_GET
def detalj(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    person = _person(pk)
    return render(
        request,
        "delprojekt/personuppgifter/detalj.html",
        {
            "person": person,
            "oversikt": personuppgifter.person_oversikt(person),
            "anonymisering": Anonymisering.objects.filter(person=person).first(),
        },
    )


def _utdrag(request: HttpRequest, person: Person) -> dict:
    try:
        return personuppgifter.registerutdrag(person, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc


@login_required
@require_GET
def utdrag_json(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    utdrag = _utdrag(request, _person(pk))
    response = HttpResponse(
        personuppgifter.registerutdrag_json(utdrag), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-person-{pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def utdrag_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    utdrag = _utdrag(request, _person(pk))
    response = pdf_response(
        personuppgifter.registerutdrag_pdf(utdrag),
        f"registerutdrag-person-{pk}",
        attachment=True,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def anonymisera(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    person = _person(pk)
    if person.anonymiserad is not None:
        messages.info(request, _("Personen är redan anonymiserad."))
        return redirect("personuppgifter:detalj", pk=person.pk)
    form = AnonymiseraForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            personuppgifter.person_anonymisera(
                person=person, user=request.user, skal=form.cleaned_data["skal"]
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except Invalid as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _("Personen är anonymiserad och heter nu »%(namn)s«.")
                % {"namn": personuppgifter.pseudonym(person.pk)},
            )
            return redirect("personuppgifter:detalj", pk=person.pk)
    return render(
        request,
        "delprojekt/personuppgifter/anonymisera.html",
        {
            "person": person,
            "form": form,
            "oversikt": personuppgifter.person_oversikt(person),
            "pseudonym": personuppgifter.pseudonym(person.pk),
        },
        status=400 if form.errors else 200,
    )
