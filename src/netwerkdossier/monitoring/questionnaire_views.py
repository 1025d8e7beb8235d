"""The pilots' questionnaire: the comparison of the pilot regions' answers over the
years, and the form to answer it for one region and year (access/reports.py decides
who may). Answers are about a region, never a family; every read and every save is
logged under the purpose "management"; a refused step is a logged 404."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access import reports
from netwerkdossier.access.api import context_for_request, event
from netwerkdossier.organisations.models import Region

from . import principles, questionnaire
from .models import QuestionnaireAnswer

SHOWN_YEARS = 3
FIRST_YEAR = 2020


def shown_years(today) -> list[int]:
    return list(range(today.year - SHOWN_YEARS + 1, today.year + 1))


@require_http_methods(["GET"])
@login_required
def compare_page(request):
    ctx = reports.questionnaire_context(context_for_request(request))
    today = timezone.localdate()
    years = shown_years(today)
    regions = list(Region.objects.filter(is_pilot=True).order_by("name"))
    event(ctx, reports.QUESTIONNAIRE_EVENT, "R", object_type=reports.OBJECT_TYPE,
          object_ids=["vragenlijst", f"{years[0]}-{years[-1]}"], rule="questionnaire_compare")
    return render(request, "monitoring/questionnaire_compare.html", {
        "nav": "monitoring", "years": years, "regions": regions,
        "sections": questionnaire.compare(regions, years),
        "answerable": reports.answerable_regions(ctx)})


def _year(ctx, year: str, today) -> int:
    """The year in the address (a slug, so an unusable one is the logged 404 too)."""
    year = int(year) if year.isdigit() and len(year) == 4 else 0
    if not FIRST_YEAR <= year <= today.year:
        raise reports.refused(ctx, reports.QUESTIONNAIRE_EVENT, str(year), "year_unknown",
                              _("Voor dit jaar kunt u de vragenlijst niet invullen."))
    return year


@require_http_methods(["GET", "POST"])
@login_required
def answer_page(request, code, year):
    ctx = reports.questionnaire_context(context_for_request(request), asked=code)
    region = reports.answerable_region(ctx, code)
    year = _year(ctx, year, timezone.localdate())
    asked = questionnaire.questions()
    stored = {a.question: a for a in QuestionnaireAnswer.objects.filter(region=region,
                                                                       year=year)}
    values = {q.key: _stored_text(q, stored.get(q.key)) for q in asked}
    errors = []
    if request.method == "POST":
        values = {q.key: request.POST.get(q.key, "").strip() for q in asked}
        read = {}
        for q in asked:
            try:
                read[q.key] = q.read(values[q.key])
            except ValueError as exc:
                errors.append({"id": f"vraag-{q.key}", "key": q.key, "message": _(
                    "%(question)s %(problem)s") % {"question": q.text, "problem": exc}})
        if not errors:
            with transaction.atomic():
                _save(region, year, read)
                event(ctx, reports.QUESTIONNAIRE_EVENT, "W", object_type=reports.OBJECT_TYPE,
                      object_ids=["vragenlijst", region.code, str(year)],
                      rule="questionnaire_answer")
            return redirect(f"{request.path}?opgeslagen=1")
    else:
        event(ctx, reports.QUESTIONNAIRE_EVENT, "R", object_type=reports.OBJECT_TYPE,
              object_ids=["vragenlijst", region.code, str(year)], rule="questionnaire_answer")
    problems = {e["key"]: e["message"] for e in errors}
    return render(request, "monitoring/questionnaire_answer.html", {
        "nav": "monitoring", "region": region, "year": year, "errors": errors,
        "saved": request.GET.get("opgeslagen") == "1" and not errors,
        "sections": [(principles.title(key), [{"q": q, "value": values[q.key],
                                               "error": problems.get(q.key)} for q in qs])
                     for key, qs in questionnaire.by_principle() if qs]},
        status=400 if errors else 200)


def _stored_text(question, answer) -> str:
    if answer is None:
        return ""
    return answer.choice if question.type == questionnaire.CHOICE else str(answer.number)


def _save(region, year, read: dict) -> None:
    now = timezone.now()
    for key, (number, choice) in read.items():
        if number is None and not choice:
            QuestionnaireAnswer.objects.filter(region=region, year=year, question=key).delete()
            continue
        QuestionnaireAnswer.objects.update_or_create(
            region=region, year=year, question=key,
            defaults={"number": number, "choice": choice, "updated_at": now})


