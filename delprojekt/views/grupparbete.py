"""The working group's own records: minnesanteckningar, vägval, förankring, delrapporter,
stöd och kommunikation, resurser, bilagor and comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt.dates import add_months
from delprojekt.forms import grupparbete as grupparbete_forms
from delprojekt.forms.grupparbete import (
    AnteckningsrattForm,
    BilagaForm,
    DelrapportForm,
    DelrapportSkickaForm,
    KommentarForm,
    KommunikationsaktivitetForm,
    KostnadsuppskattningForm,
    MinnesanteckningForm,
    ResursinsatsForm,
    SamfinansieringForm,
    StodbegaranForm,
    StodSvarForm,
    VagvalFormSet,
)
from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Bilaga,
    Delprojekt,
    Delrapport,
    Kommentar,
    Kommunikationsaktivitet,
    Minnesanteckning,
    Resursinsats,
    Samfinansiering,
    Status,
    Stodbegaran,
)
from delprojekt.selectors import (
    FORANKRING_MANADER,
    FORANKRING_STATES,
    delprojekt_vagval,
    forankring_saknas,
)
from delprojekt.services import grupparbete as svc
from delprojekt.services.bilagor import (
    bilaga_add,
    bilaga_delete,
    may_edit_post,
    resolve_post,
)
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.grupparbete_typer import POSTTYPER, Posttyp
from delprojekt.services.kommentarer import kommentar_add
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user, local_next

#: The form of each record type served by the generic record page (``post_sida``).
FORMULAR: dict[str, type] = {
    t.slug: getattr(grupparbete_forms, t.formular) for t in POSTTYPER.values() if t.formular
}


def _bilagor() -> Prefetch:
    return Prefetch("bilagor", queryset=Bilaga.objects.select_related("uppladdad_av"))


def _with_bilagor(dp: Delprojekt, *querysets: Any) -> list[list[Any]]:
    """The records of several lists, each with ``bilagor_lista``, in one query for the files."""
    lists = [list(qs) for qs in querysets]
    models = {type(o) for rows in lists for o in rows}
    cts = ContentType.objects.get_for_models(*models) if models else {}
    found: dict[tuple[int, int], list[Bilaga]] = {}
    if cts:
        for b in Bilaga.objects.filter(
            delprojekt=dp, content_type__in=list(cts.values())
        ).select_related("uppladdad_av"):
            found.setdefault((b.content_type_id, b.object_id), []).append(b)
    for rows in lists:
        for o in rows:
            o.bilagor_lista = found.get((cts[type(o)].pk, o.pk), [])
    return lists


def _warn(request: HttpRequest, *texts: str) -> None:
    for text in texts:
        warning = warning_for(text or "")
        if warning:
            messages.warning(request, warning)
            return


def _can(request: HttpRequest, perm: str, dp: Delprojekt) -> bool:
    return request.user.has_perm(f"delprojekt.{perm}", dp)


def _comments_for(post: Any) -> list[Kommentar]:
    return list(
        Kommentar.objects.filter(
            content_type=ContentType.objects.get_for_model(post), object_id=post.pk
        ).select_related("skriven_av")
    )


def _attach(request: HttpRequest, dp: Delprojekt, post: Any) -> dict[str, Any]:
    """Context for the bilagor and comments includes of one record."""
    ct = ContentType.objects.get_for_model(post)
    return {
        "ct_id": ct.pk,
        "may_upload": may_edit_post(request.user, dp, post),
        "bilaga_form": BilagaForm(),
        "kommentar_form": KommentarForm(),
    }


# --- Minnesanteckningar ------------------------------------------------------------------


@login_required
@require_GET
def anteckningar(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    notes = (
        Minnesanteckning.objects.filter(delprojekt=dp)
        .annotate(antal_vagval=Count("vagval", distinct=True))
        .select_related("registrerad_av")
        .order_by("-datum", "-pk")
    )
    return render(
        request,
        POSTTYPER["anteckning"].mall,
        {
            "dp": dp,
            "notes": notes,
            "may_write": _can(request, "write_minnesanteckning", dp),
            "ratt_form": AnteckningsrattForm(
                initial={"medlemmar_skriver_anteckningar": dp.medlemmar_skriver_anteckningar}
            )
            if _can(request, "set_anteckningsratt", dp)
            else None,
        },
    )


@login_required
@require_POST
def anteckningsratt(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.set_anteckningsratt")
    form = AnteckningsrattForm(request.POST)
    form.is_valid()
    value = bool(form.cleaned_data.get("medlemmar_skriver_anteckningar"))
    try:
        changed = svc.anteckningsratt_set(delprojekt=dp, user=request.user, value=value)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    if changed:
        messages.success(
            request,
            _("Alla i arbetsgruppen får nu skriva minnesanteckningar.")
            if value
            else _("Nu skriver bara ordförande och processledare minnesanteckningar."),
        )
    else:
        messages.info(request, _("Inget var ändrat."))
    return redirect("delprojekt:anteckningar", dp.referens)


@login_required
@require_http_methods(["GET", "POST"])
def anteckning_form(request: HttpRequest, referens: str, pk: int | None = None) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    note = get_object_or_404(Minnesanteckning, pk=pk, delprojekt=dp) if pk else None
    if note is not None:
        note.delprojekt = dp
    allowed = (
        svc.may_edit_minnesanteckning(request.user, note)
        if note
        else _can(request, "write_minnesanteckning", dp)
    )
    if not allowed:
        raise PermissionDenied
    initial_vagval = (
        [{"val": v.val, "motivering": v.motivering} for v in note.vagval.all()] if note else []
    )
    data = request.POST if request.method == "POST" else None
    form = MinnesanteckningForm(
        data,
        instance=note,
        delprojekt=dp,
        initial=None if note else {"datum": timezone.localdate()},
    )
    formset = VagvalFormSet(data, initial=initial_vagval, prefix="vagval")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            saved = svc.minnesanteckning_save(
                delprojekt=dp,
                user=request.user,
                data=form.cleaned_data,
                vagval=rows,
                instance=note,
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            _warn(
                request,
                saved.dagordning,
                saved.anteckningar,
                saved.mjuka_resultat,
                *[r.get("val", "") + " " + r.get("motivering", "") for r in rows],
            )
            messages.success(request, _("Minnesanteckningarna är sparade."))
            return redirect("delprojekt:anteckning", dp.referens, saved.pk)
    return render(
        request,
        "delprojekt/grupparbete/anteckning_form.html",
        {"dp": dp, "note": note, "form": form, "formset": formset},
    )


@login_required
@require_GET
def anteckning(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    note = get_object_or_404(
        Minnesanteckning.objects.select_related("registrerad_av").prefetch_related(
            Prefetch(
                "deltagare",
                queryset=Arbetsgruppsmedlemskap.objects.select_related("person", "region").order_by(
                    "roll", "person__namn"
                ),
            ),
            "vagval",
            _bilagor(),
        ),
        pk=pk,
        delprojekt=dp,
    )
    note.delprojekt = dp  # the permission checks reuse the roles cached on dp
    return render(
        request,
        "delprojekt/grupparbete/anteckning.html",
        {
            "dp": dp,
            "note": note,
            "may_edit": svc.may_edit_minnesanteckning(request.user, note),
            "may_comment": _can(request, "comment", dp),
            "kommentarer": _comments_for(note),
            **_attach(request, dp, note),
        },
    )


@login_required
@require_GET
def vagval(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    rows = delprojekt_vagval(dp)
    return render(request, "delprojekt/grupparbete/vagval.html", {"dp": dp, "rows": rows})


# --- The generic record page: the list, a form to add one and to edit one ------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_sida(
    request: HttpRequest, referens: str, posttyp: str, pk: int | None = None
) -> HttpResponse:
    """The page of a record type declared without views of its own (``Posttyp.vyer``)."""
    typ = POSTTYPER[posttyp]
    dp = get_delprojekt_for_user(request, referens)
    may = typ.far_andra(request.user, dp, None)
    instance = get_object_or_404(typ.model, pk=pk, delprojekt=dp) if pk else None
    if instance is not None and not typ.far_andra(request.user, dp, instance):
        raise PermissionDenied
    if request.method == "POST" and not may:
        raise PermissionDenied
    form = FORMULAR[typ.slug](request.POST or None, instance=instance) if may else None
    if request.method == "POST" and form.is_valid():
        try:
            obj = typ.spara(
                delprojekt=dp, user=request.user, data=form.cleaned_data, instance=instance
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            texts = (getattr(obj, name, None) for name in form.fields)
            _warn(request, *(text for text in texts if isinstance(text, str)))
            messages.success(request, str(typ.sparad))
            return redirect(f"delprojekt:{typ.sida_namn}", dp.referens)
    rows = (
        typ.model._default_manager.filter(delprojekt=dp)
        .select_related(*typ.relaterade)
        .prefetch_related(_bilagor())
        .order_by(*typ.ordning)
    )
    return render(
        request,
        typ.mall,
        {
            "dp": dp,
            "typ": typ,
            "rows": rows,
            "form": form,
            "instance": instance,
            "may_edit": may,
            "ct_id": ContentType.objects.get_for_model(typ.model).pk,
            "bilaga_form": BilagaForm(),
        },
    )


# --- Förankring: the overview across projects --------------------------------------------


@login_required
@require_GET
def forankring_oversikt(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delprojekt.view_forankring_oversikt"):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "delprojekt/grupparbete/forankring_oversikt.html",
        {
            "rows": forankring_saknas(today).select_related("kontaktperson"),
            "grans": add_months(today, -FORANKRING_MANADER),
            "states": [Status(s).label for s in FORANKRING_STATES],
        },
    )


# --- Delrapporter ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delrapporter(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may = _can(request, "edit_grupparbete", dp)
    if request.method == "POST" and not may:
        raise PermissionDenied
    form = DelrapportForm(request.POST or None, request.FILES or None) if may else None
    if request.method == "POST":
        saved = _save_delrapport(request, dp, form, None)
        if saved is not None:
            return redirect("delprojekt:delrapport", dp.referens, saved.pk)
    rows = (
        Delrapport.objects.filter(delprojekt=dp)
        .annotate(antal_bilagor=Count("bilagor", distinct=True))
        .select_related("registrerad_av")
        .order_by("-registrerad", "-pk")
    )
    return render(
        request,
        POSTTYPER["delrapport"].mall,
        {"dp": dp, "rows": rows, "form": form},
    )


def _save_delrapport(
    request: HttpRequest, dp: Delprojekt, form: DelrapportForm, instance: Delrapport | None
) -> Delrapport | None:
    if not form.is_valid():
        return None
    try:
        obj = svc.delrapport_save(
            delprojekt=dp,
            user=request.user,
            data=form.cleaned_data,
            fil=form.cleaned_data.get("fil"),
            instance=instance,
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        form_errors_from(exc, form)
        return None
    _warn(request, obj.titel, obj.text)
    messages.success(request, _("Delrapporten är sparad."))
    return obj


@login_required
@require_GET
def delrapport(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    rapport = get_object_or_404(
        Delrapport.objects.select_related("registrerad_av", "skickad_av").prefetch_related(
            _bilagor()
        ),
        pk=pk,
        delprojekt=dp,
    )
    may = _can(request, "edit_grupparbete", dp)
    return render(
        request,
        "delprojekt/grupparbete/delrapport.html",
        {
            "dp": dp,
            "r": rapport,
            "may_edit": may,
            "skicka_form": DelrapportSkickaForm() if may and not rapport.skickad else None,
            "may_comment": _can(request, "comment", dp),
            "kommentarer": _comments_for(rapport),
            **_attach(request, dp, rapport),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delrapport_andra(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.edit_grupparbete")
    rapport = get_object_or_404(Delrapport, pk=pk, delprojekt=dp)
    if rapport.skickad:
        messages.error(request, _("Delrapporten är skickad och kan inte ändras längre."))
        return redirect("delprojekt:delrapport", dp.referens, rapport.pk)
    form = DelrapportForm(request.POST or None, request.FILES or None, instance=rapport)
    if request.method == "POST":
        saved = _save_delrapport(request, dp, form, rapport)
        if saved is not None:
            return redirect("delprojekt:delrapport", dp.referens, saved.pk)
    return render(
        request,
        "delprojekt/grupparbete/delrapport_form.html",
        {"dp": dp, "r": rapport, "form": form},
    )


@login_required
@require_POST
def delrapport_skicka(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.edit_grupparbete")
    rapport = get_object_or_404(Delrapport, pk=pk, delprojekt=dp)
    form = DelrapportSkickaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj samarbetsgruppen eller ledningsgruppen."))
    else:
        try:
            sent = svc.delrapport_send(
                delrapport=rapport, user=request.user, till=form.cleaned_data["till"]
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Delrapporten är skickad för kännedom till %(organ)s.")
                % {"organ": sent.get_skickad_till_display().lower()},
            )
    return redirect("delprojekt:delrapport", dp.referens, rapport.pk)


# --- Stöd och kommunikation --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stod(
    request: HttpRequest, referens: str, pk: int | None = None, aktivitet: int | None = None
) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may = _can(request, "edit_grupparbete", dp)
    may_answer = _can(request, "answer_stod", dp)
    begaran = get_object_or_404(Stodbegaran, pk=pk, delprojekt=dp) if pk else None
    akt = (
        get_object_or_404(Kommunikationsaktivitet, pk=aktivitet, delprojekt=dp)
        if aktivitet
        else None
    )
    if (request.method == "POST" or begaran or akt) and not may:
        raise PermissionDenied
    which = request.POST.get("formular") if request.method == "POST" else None
    stod_form = (
        StodbegaranForm(request.POST if which == "stod" else None, instance=begaran, prefix="stod")
        if may
        else None
    )
    komm_form = (
        KommunikationsaktivitetForm(
            request.POST if which == "kommunikation" else None, instance=akt, prefix="komm"
        )
        if may
        else None
    )
    if which == "stod" and stod_form.is_valid():
        try:
            obj = svc.stodbegaran_save(
                delprojekt=dp, user=request.user, data=stod_form.cleaned_data, instance=begaran
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, stod_form)
        else:
            _warn(request, obj.beskrivning)
            messages.success(request, _("Begäran om stöd är sparad."))
            return redirect("delprojekt:stod", dp.referens)
    elif which == "kommunikation" and komm_form.is_valid():
        try:
            obj = svc.kommunikationsaktivitet_save(
                delprojekt=dp, user=request.user, data=komm_form.cleaned_data, instance=akt
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, komm_form)
        else:
            _warn(request, obj.vad, obj.vem)
            messages.success(request, _("Aktiviteten är sparad i kommunikationsplanen."))
            return redirect("delprojekt:stod", dp.referens)
    elif request.method == "POST" and which not in ("stod", "kommunikation"):
        messages.error(request, _("Formuläret kändes inte igen. Försök igen."))
        return redirect("delprojekt:stod", dp.referens)
    begaranden, aktiviteter = _with_bilagor(
        dp,
        Stodbegaran.objects.filter(delprojekt=dp)
        .select_related("registrerad_av")
        .order_by("-registrerad", "-pk"),
        Kommunikationsaktivitet.objects.filter(delprojekt=dp).order_by("nar", "pk"),
    )
    if may_answer:
        for b in begaranden:
            b.svar_form = StodSvarForm(instance=b, prefix=f"svar{b.pk}")
    return render(
        request,
        POSTTYPER["stod"].mall,
        {
            "dp": dp,
            "begaranden": begaranden,
            "aktiviteter": aktiviteter,
            "stod_form": stod_form,
            "komm_form": komm_form,
            "begaran": begaran,
            "akt": akt,
            "may_edit": may,
            "may_answer": may_answer,
            "ct_stod": ContentType.objects.get_for_model(Stodbegaran).pk,
            "ct_komm": ContentType.objects.get_for_model(Kommunikationsaktivitet).pk,
            "bilaga_form": BilagaForm(),
        },
    )


@login_required
@require_POST
def stod_svar(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.answer_stod")
    begaran = get_object_or_404(Stodbegaran, pk=pk, delprojekt=dp)
    form = StodSvarForm(request.POST, instance=Stodbegaran(), prefix=f"svar{begaran.pk}")
    if not form.is_valid():
        messages.error(request, _("Välj en giltig status."))
    else:
        try:
            changed = svc.stodbegaran_answer(
                stodbegaran=begaran, user=request.user, data=form.cleaned_data
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if changed:
                _warn(request, form.cleaned_data.get("svar", ""))
                messages.success(request, _("Svaret är sparat."))
            else:
                messages.info(request, _("Inget var ändrat."))
    return redirect("delprojekt:stod", dp.referens)


# --- Resurser ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resurser(
    request: HttpRequest, referens: str, insats: int | None = None, finansiering: int | None = None
) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may = _can(request, "edit_grupparbete", dp)
    ins = get_object_or_404(Resursinsats, pk=insats, delprojekt=dp) if insats else None
    fin = (
        get_object_or_404(Samfinansiering, pk=finansiering, delprojekt=dp) if finansiering else None
    )
    if (request.method == "POST" or ins or fin) and not may:
        raise PermissionDenied
    which = request.POST.get("formular") if request.method == "POST" else None

    def bound(name: str) -> Any:
        return request.POST if which == name else None

    insats_form = ResursinsatsForm(bound("insats"), instance=ins, prefix="insats") if may else None
    fin_form = (
        SamfinansieringForm(bound("finansiering"), instance=fin, prefix="fin") if may else None
    )
    kostnad_form = (
        KostnadsuppskattningForm(
            bound("kostnad"),
            initial={"kostnadsuppskattning": dp.kostnadsuppskattning},
            prefix="kostnad",
        )
        if may
        else None
    )
    try:
        if which == "insats" and insats_form.is_valid():
            try:
                obj = svc.resursinsats_save(
                    delprojekt=dp, user=request.user, data=insats_form.cleaned_data, instance=ins
                )
            except DomainError as exc:
                if isinstance(exc, NotAllowed):
                    raise
                form_errors_from(exc, insats_form)
            else:
                _warn(request, obj.roll)
                messages.success(request, _("Resursinsatsen är sparad."))
                return redirect("delprojekt:resurser", dp.referens)
        elif which == "finansiering" and fin_form.is_valid():
            try:
                obj, warning = svc.samfinansiering_save(
                    delprojekt=dp, user=request.user, data=fin_form.cleaned_data, instance=fin
                )
            except DomainError as exc:
                if isinstance(exc, NotAllowed):
                    raise
                form_errors_from(exc, fin_form)
            else:
                _warn(request, obj.avser, obj.finansiar, obj.kommentar)
                messages.success(request, _("Samfinansieringen är sparad."))
                if warning:
                    messages.warning(request, warning)
                return redirect("delprojekt:resurser", dp.referens)
        elif which == "kostnad" and kostnad_form.is_valid():
            try:
                text = kostnad_form.cleaned_data["kostnadsuppskattning"]
                changed = svc.kostnadsuppskattning_save(delprojekt=dp, user=request.user, text=text)
            except DomainError as exc:
                if isinstance(exc, NotAllowed):
                    raise
                form_errors_from(exc, kostnad_form)
            else:
                _warn(request, text)
                if changed:
                    messages.success(request, _("Kostnadsuppskattningen är sparad."))
                else:
                    messages.info(request, _("Inget var ändrat."))
                return redirect("delprojekt:resurser", dp.referens)
        elif request.method == "POST" and which not in ("insats", "finansiering", "kostnad"):
            messages.error(request, _("Formuläret kändes inte igen. Försök igen."))
            return redirect("delprojekt:resurser", dp.referens)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    insatser, finansieringar = _with_bilagor(
        dp,
        Resursinsats.objects.filter(delprojekt=dp)
        .select_related("person", "person__region")
        .order_by("fran", "pk"),
        Samfinansiering.objects.filter(delprojekt=dp).order_by("avser", "pk"),
    )
    grupper: dict[str, dict[str, Any]] = {}
    for s in finansieringar:
        g = grupper.setdefault(s.avser.strip().lower(), {"avser": s.avser, "rows": [], "summa": 0})
        g["rows"].append(s)
        g["summa"] += s.andel
    for g in grupper.values():
        g["ok"] = g["summa"] == 100
    return render(
        request,
        POSTTYPER["resursinsats"].mall,
        {
            "dp": dp,
            "insatser": insatser,
            "grupper": list(grupper.values()),
            "insats_form": insats_form,
            "fin_form": fin_form,
            "kostnad_form": kostnad_form,
            "ins": ins,
            "fin": fin,
            "may_edit": may,
            "ct_insats": ContentType.objects.get_for_model(Resursinsats).pk,
            "ct_fin": ContentType.objects.get_for_model(Samfinansiering).pk,
            "bilaga_form": BilagaForm(),
        },
    )


# --- Deleting a record -------------------------------------------------------------------


@login_required
@require_POST
def post_ta_bort(request: HttpRequest, referens: str, typ: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    posttyp: Posttyp | None = POSTTYPER.get(typ)
    if posttyp is None:
        raise Http404
    obj = get_object_or_404(posttyp.model, pk=pk, delprojekt=dp)
    try:
        warning = posttyp.ta_bort(obj, request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        if posttyp.detalj:
            return redirect(f"delprojekt:{posttyp.detalj}", dp.referens, obj.pk)
        return redirect(f"delprojekt:{posttyp.sida_namn}", dp.referens)
    messages.success(request, str(posttyp.borttagen))
    if warning:
        messages.warning(request, warning)
    return redirect(f"delprojekt:{posttyp.sida_namn}", dp.referens)


# --- Kommentarer och bilagor -------------------------------------------------------------


@login_required
@require_POST
def kommentar_ny(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.comment")
    back = local_next(request, dp.get_absolute_url())
    post = resolve_post(dp, request.POST.get("content_type"), request.POST.get("object_id"))
    if post is None:
        messages.error(request, _("Posten att kommentera finns inte i det här delprojektet."))
        return HttpResponseRedirect(back)
    form = KommentarForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en kommentar (högst 5 000 tecken)."))
        return HttpResponseRedirect(back)
    try:
        k = kommentar_add(
            delprojekt=dp, user=request.user, post=post, text=form.cleaned_data["text"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    _warn(request, k.text)
    messages.success(request, _("Kommentaren är sparad."))
    return HttpResponseRedirect(back)


@login_required
@require_POST
def bilaga_ny(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    back = local_next(request, dp.get_absolute_url())
    post = None
    if request.POST.get("content_type") or request.POST.get("object_id"):
        post = resolve_post(dp, request.POST.get("content_type"), request.POST.get("object_id"))
        if post is None:
            messages.error(request, _("Posten att bifoga till finns inte i det här delprojektet."))
            return HttpResponseRedirect(back)
    if not may_edit_post(request.user, dp, post):
        raise PermissionDenied
    form = BilagaForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    try:
        b = bilaga_add(
            delprojekt=dp,
            user=request.user,
            fil=form.cleaned_data["fil"],
            post=post,
            beskrivning=form.cleaned_data.get("beskrivning", ""),
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    _warn(request, b.beskrivning, b.filnamn)
    messages.success(request, _("Bilagan %(namn)s är uppladdad.") % {"namn": b.filnamn})
    return HttpResponseRedirect(back)


@login_required
@require_POST
def bilaga_ta_bort(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    bilaga = get_object_or_404(Bilaga, pk=pk, delprojekt=dp)
    back = local_next(request, dp.get_absolute_url())
    try:
        bilaga_delete(bilaga=bilaga, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    messages.success(request, _("Bilagan %(namn)s är borttagen.") % {"namn": bilaga.filnamn})
    return HttpResponseRedirect(back)


@login_required
@require_GET
def bilaga(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    """The file, only for those who may see the project; never from a public URL."""
    dp = get_delprojekt_for_user(request, referens)
    b = get_object_or_404(Bilaga, pk=pk, delprojekt=dp)
    try:
        handle = b.fil.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=b.mimetyp,
        # Always downloaded: nothing uploaded is shown inside the application's origin.
        as_attachment=True,
        filename=b.filnamn,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
