"""The page where policy makers pick a pilot region (or, for the programme team, all
pilot regions together) and a half year, read the progress report and download it as
PDF (access/reports.py decides who may, and which). Figures and questionnaire answers
only, suppressed as on the dashboards; every read and download is logged under the
purpose "management"; a region outside the scope is a logged 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netwerkdossier.access import reports
from netwerkdossier.access.api import context_for_request, event

from . import periods, refresh, report, report_pdf
from .suppression import MIN_CELL


def _half_year(request, today) -> tuple[periods.Period, list]:
    asked = request.GET.get("periode")
    if not asked:
        return report.default_half_year(today), []
    found = periods.parse(asked)
    if found is None or found not in report.half_years(today):
        return report.default_half_year(today), [
            _("Kies een halfjaar uit de lijst. U ziet nu het vorige halfjaar.")]
    return found, []


@require_GET
@login_required
def report_page(request):
    ctx = reports.report_context(context_for_request(request))
    scope = reports.report_scope(ctx, request.GET.get("regio"))
    today = timezone.localdate()
    period, problems = _half_year(request, today)
    if getattr(settings, "MONITORING_REFRESH_ON_READ", True) and refresh.is_stale():
        refresh.refresh()
    built = report.build(scope, period)
    pdf = request.GET.get("formaat") == "pdf"
    # What was read, as fixed tokens: no text someone typed reaches the log.
    event(ctx, reports.REPORT_EVENT, "R", object_type=reports.OBJECT_TYPE,
          object_ids=["rapportage", scope.token, period.key, "pdf" if pdf else "pagina"],
          rule="progress_report")
    if pdf:
        response = HttpResponse(report_pdf.render(built), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="voortgangsrapportage-{scope.token}-{period.key}.pdf"')
        return response
    return render(request, "monitoring/report.html", {
        "nav": "monitoring", "built": built, "scope": scope,
        "scopes": reports.report_scopes(ctx), "half_years": report.half_years(today),
        "problems": problems, "min_cell": MIN_CELL, "titles": report.section_titles(),
        "query": f"regio={scope.token}&periode={period.key}"})
