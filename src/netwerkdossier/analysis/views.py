"""Pages of the integral analysis and the structured instruments of a household."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    decide,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.cases.models import Case
from netwerkdossier.households.models import Household
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import instruments as engine
from .forms import (
    AnalysisForm,
    DisagreementFormSet,
    HypothesisFormSet,
    InstrumentForm,
    ItemFormSet,
    ResponseForm,
)
from .models import AnalysisVersion, InstrumentResult
from .presentation import persons_by_id, present
from .services import (
    administer,
    current_version,
    latest_responses,
    member_persons,
    readable_results,
    respond,
    save_version,
    sees_sensitive,
)


def fetch_work(ctx, pk, *, action=READ, event_code="analysis.read", attempted="R"):
    """The household, if ctx may do `action` on its analysis work (versions, results).

    The household is fetched first (an outsider gets the logged 404), then the rule for
    household work decides: a case-table seat or a family member reads the household
    but not the team's analysis.
    """
    try:
        household, _ = fetch(ctx, Household.objects.select_related("owner_organisation"), pk,
                             action=READ, event_code=event_code)
        decision = decide(ctx, action, AnalysisVersion(household=household))
        if not decision.allowed:
            raise AccessRefused(ctx, event_code, "household", pk, decision)
    except AccessRefused as exc:
        exc.action = attempted  # the NEN 7513 action of the refused attempt
        raise
    return household, decision


def _may_write(ctx, household) -> bool:
    return decide(ctx, UPDATE, AnalysisVersion(household=household)).allowed


def _results(ctx, household, shown_sensitive):
    return list(readable_results(ctx, household.pk, shown_sensitive))


def _open_cases(ctx, household):
    return list(visible(ctx, READ, Case.objects.filter(household=household,
                                                       closed_on__isnull=True))
                .order_by("opened_on"))


@require_GET
@login_required
def analysis_page(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_work(ctx, pk)
    version = current_version(household.pk, ctx)
    members = member_persons(household.pk)
    sensitive = sees_sensitive(ctx, household.pk, version)
    shown = present(version.content, persons_by_id(members), sensitive) if version else None
    responses = latest_responses(version.responses.select_related("person", "recorded_by")
                                 ) if version else []
    results = _results(ctx, household, sensitive)
    referenced = [r for r in results if shown and str(r.pk) in shown.instrument_results]
    with together(ctx):
        if version:
            record(ctx, "analysis.read", [version], decision=decision,
                   subjects=shown.person_ids | {r.person_id for r in responses})
        record(ctx, "instrument.result.list", results, decision=decision)
    return render(request, "analysis/analysis.html", {
        "household": household, "decision": decision, "version": version, "shown": shown,
        "responses": responses, "results": results, "referenced": referenced,
        "may_write": _may_write(ctx, household), "sees_sensitive": sensitive,
    })


def _initial_rows(version):
    content = version.content if version else {}
    items = [{"n": i["n"], "domain": i["domain"], "person": i.get("person") or "",
              "kind": i["kind"], "text": i["text"]} for i in content.get("items", [])]
    hypotheses = [{"n": h["n"], "text": h["text"],
                   "factors": ", ".join(str(n) for n in h["factors"]),
                   "worries": ", ".join(str(n) for n in h["worries"])}
                  for h in content.get("hypotheses", [])]
    return items, hypotheses, list(content.get("disagreements", []))


def _filled(formset):
    return [f for f in formset.forms if f.is_valid() and not f.is_blank()]


def _apply_row_errors(exc, rows: dict, form) -> None:
    """Service errors "items.3" go onto the third filled item row, and so on."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    rest = {}
    for key, errors in exc.error_dict.items():
        prefix, _, index = key.partition(".")
        if prefix in rows and index.isdigit() and int(index) <= len(rows[prefix]):
            row = rows[prefix][int(index) - 1]
            field = "about" if prefix == "disagreements" else "text"
            for error in errors:
                row.add_error(field, error)
        else:
            rest[key] = errors
    if rest:
        apply_errors(form, ValidationError(rest))


@require_http_methods(["GET", "POST"])
@login_required
def analysis_edit(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_work(ctx, pk, action=UPDATE, event_code="analysis.update",
                                     attempted="C" if request.method == "POST" else "R")
    version = current_version(household.pk, ctx)
    members = member_persons(household.pk)
    sensitive = sees_sensitive(ctx, household.pk, version)
    results = _results(ctx, household, sensitive)
    cases = _open_cases(ctx, household)
    result_choices = [(str(r.pk), f"{r.instrument_title} — {r.person.full_name}, "
                                  f"{r.administered_on:%d-%m-%Y}") for r in results]
    data = request.POST if request.method == "POST" else None
    items, hypotheses, disagreements = _initial_rows(version)
    if not sensitive:  # the writer does not see these; the service carries them over
        shown = present(version.content, {}, False) if version else None
        kept = {i["n"] for i in shown.items} if shown else set()
        items = [i for i in items if i["n"] in kept]
        kept_h = {h["n"] for h in shown.hypotheses} if shown else set()
        hypotheses = [h for h in hypotheses if h["n"] in kept_h]
    item_set = ItemFormSet(data, prefix="punt", initial=items,
                           form_kwargs={"members": members})
    hypothesis_set = HypothesisFormSet(data, prefix="hypothese", initial=hypotheses)
    disagreement_set = DisagreementFormSet(data, prefix="verschil", initial=disagreements,
                                           form_kwargs={"members": members})
    content = version.content if version else {}
    form = AnalysisForm(data, results=result_choices, cases=cases, initial={
        "based_on": version.number if version else None,
        "family_view": content.get("family_view", ""),
        "instrument_results": content.get("instrument_results", []),
        "case": str(version.case_id) if version and version.case_id else (
            str(cases[0].pk) if len(cases) == 1 else ""),
    })
    if request.method == "POST":
        valid = all([form.is_valid(), item_set.is_valid(), hypothesis_set.is_valid(),
                     disagreement_set.is_valid()])
        if valid:
            rows = {"items": _filled(item_set), "hypotheses": _filled(hypothesis_set),
                    "disagreements": _filled(disagreement_set)}
            case = next((c for c in cases if str(c.pk) == form.cleaned_data["case"]), None)
            try:
                saved = save_version(
                    ctx, household, based_on=form.cleaned_data["based_on"],
                    items=[f.value() for f in rows["items"]],
                    hypotheses=[f.value() for f in rows["hypotheses"]],
                    family_view=form.cleaned_data["family_view"],
                    disagreements=[f.value() for f in rows["disagreements"]],
                    instrument_results=form.cleaned_data["instrument_results"],
                    note=form.cleaned_data["note"], case=case, rule=decision.rule)
            except ValidationError as exc:
                _apply_row_errors(exc, rows, form)
            else:
                return redirect("analysis:version", pk=saved.pk)
    else:  # the form names every member, also former ones (the choice of person)
        record(ctx, "analysis.read", [version], decision=decision, subjects=members)
    row_forms = [*item_set.forms, *hypothesis_set.forms, *disagreement_set.forms]
    return render(request, "analysis/analysis_form.html", {
        "household": household, "version": version, "form": form, "item_set": item_set,
        "hypothesis_set": hypothesis_set, "disagreement_set": disagreement_set,
        "errors": error_summary(form, *row_forms), "sees_sensitive": sensitive,
        "hidden": version and not sensitive and present(version.content, {}, False),
    })


@require_GET
@login_required
def analysis_history(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_work(ctx, pk)
    versions = list(visible(ctx, READ, AnalysisVersion.objects.all(), household_id=household.pk)
                    .select_related("created_by", "owner_organisation")
                    .prefetch_related("responses__person").order_by("-number"))
    for v in versions:
        v.latest = latest_responses(v.responses.all())
    record(ctx, "analysis.history.read", versions, decision=decision,
           subjects={r.person_id for v in versions for r in v.latest})
    return render(request, "analysis/history.html", {
        "household": household, "versions": versions, "decision": decision,
    })


@require_http_methods(["GET", "POST"])
@login_required
def version_detail(request, pk):
    ctx = context_for_request(request)
    action = UPDATE if request.method == "POST" else READ
    event = "analysis.response.create" if action == UPDATE else "analysis.version.read"
    try:
        version, decision = fetch(ctx, AnalysisVersion.objects.select_related(
            "household", "created_by", "owner_organisation", "case"), pk, action=action,
            event_code=event)
    except AccessRefused as exc:
        exc.action = "C" if request.method == "POST" else "R"
        raise
    household = version.household
    members = member_persons(household.pk)
    form = ResponseForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        person = next(p for p in members if str(p.pk) == form.cleaned_data["person"])
        try:
            respond(ctx, version, person, form.cleaned_data["agrees"] == "ja",
                    form.cleaned_data["text"], rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("analysis:version", args=[version.pk]) + "#reacties")
    sensitive = sees_sensitive(ctx, household.pk, version)
    shown = present(version.content, persons_by_id(members), sensitive)
    responses = list(version.responses.select_related("person", "recorded_by")
                     .order_by("recorded_at"))
    newest = current_version(household.pk, ctx)
    results = [r for r in _results(ctx, household, sensitive)
               if str(r.pk) in shown.instrument_results]
    if request.method == "GET":
        record(ctx, "analysis.version.read", [version], decision=decision,
               subjects=shown.person_ids | {r.person_id for r in responses})
    return render(request, "analysis/version.html", {
        "household": household, "version": version, "shown": shown, "decision": decision,
        "responses": responses, "latest": latest_responses(responses),
        "is_current": newest is not None and newest.pk == version.pk, "newest": newest,
        "form": form, "errors": error_summary(form), "results": results,
        "may_write": _may_write(ctx, household),
    })


@require_GET
@login_required
def instrument_list(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_work(ctx, pk, event_code="instrument.result.list")
    results = _results(ctx, household, sees_sensitive(ctx, household.pk))
    record(ctx, "instrument.result.list", results, decision=decision)
    return render(request, "analysis/instruments.html", {
        "household": household, "instruments": list(engine.instruments().values()),
        "results": results, "may_write": _may_write(ctx, household),
    })


@require_http_methods(["GET", "POST"])
@login_required
def instrument_administer(request, pk, key):
    ctx = context_for_request(request)
    household, decision = fetch_work(ctx, pk, action=UPDATE,
                                     event_code="instrument.result.create",
                                     attempted="C" if request.method == "POST" else "R")
    instrument = engine.get(key)
    if instrument is None:
        raise Http404("unknown instrument")
    members = member_persons(household.pk)
    form = InstrumentForm(request.POST or None, instrument=instrument, members=members)
    if request.method == "POST" and form.is_valid():
        person = next(p for p in members if str(p.pk) == form.cleaned_data["person"])
        try:
            result = administer(ctx, household, instrument, person, form.answers(),
                                form.cleaned_data["administered_on"], rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc, aliases=form.aliases())
        else:
            return redirect("analysis:result", pk=result.pk)
    elif request.method == "POST":
        # Show the engine's messages for the answers too, not only the form's own.
        try:
            engine.clean_answers(instrument, {
                i.key: form.data.get(f"q_{i.key}") for i in instrument.items
                if form.data.get(f"q_{i.key}") not in (None, "")})
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                name = f"q_{key}"
                if name in form.fields and name not in form.errors:
                    for message in messages:
                        form.add_error(name, message)
    else:  # the form names every member, also former ones (the choice of person)
        record(ctx, "household.read", [household], decision=decision, subjects=members)
    return render(request, "analysis/administer.html", {
        "household": household, "instrument": instrument, "form": form,
        "errors": error_summary(form),
    })


@require_GET
@login_required
def instrument_result(request, pk):
    ctx = context_for_request(request)
    result, decision = fetch(ctx, InstrumentResult.objects.select_related(
        "household", "person", "recorded_by", "owner_organisation"), pk, action=READ,
        event_code="instrument.result.read")
    if result.health_data and not sees_sensitive(ctx, result.household_id):
        raise AccessRefused(ctx, "instrument.result.read", "instrument_result", pk,
                            Decision(False, "health_team_only", ""))
    instrument = engine.parse(result.definition, result.instrument_key)
    answers = [{"text": item.text, "answer": item.label_of(result.answers.get(item.key)),
                "reverse": item.reverse} for item in instrument.items]
    record(ctx, "instrument.result.read", [result], decision=decision)
    return render(request, "analysis/result.html", {
        "household": result.household, "result": result, "instrument": instrument,
        "answers": answers, "decision": decision,
    })

