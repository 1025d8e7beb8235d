"""The monitoring dashboards (access/dashboards.py decides who sees which, and which
areas). Figures only: no household, no name, no case, no link into the dossier; the CSV
and XLSX downloads hold exactly the suppressed figures of the page. Every read, of the
page or a download, is logged under the purpose "management"."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from netwerkdossier.access import dashboards
from netwerkdossier.access.api import context_for_request, event
from netwerkdossier.web import exports

from . import dashboard, periods, refresh
from .suppression import MIN_CELL

KINDS = {"H": gettext_lazy("Halfjaar"), "K": gettext_lazy("Kwartaal")}


@require_GET
@login_required
def home(request):
    ctx = context_for_request(request)
    name = dashboards.dashboard_for(ctx)
    if name is None:
        raise dashboards.refused(ctx, "monitoring", "no_monitoring_role",
                                 _("Monitoring is er voor teammanagers en beleidsmedewerkers."))
    return redirect("monitoring:dashboard", name=name)


def _period(request, today) -> tuple[periods.Period, list]:
    """(the last period shown, Dutch messages about unusable input). A half year or a
    quarter from the list; nothing chosen: the current half year."""
    asked = request.GET.get("periode")
    if not asked:
        return periods.containing(today, "H"), []
    found = periods.parse(asked)
    if found is None or found not in dashboard.period_options(found.kind, today):
        return periods.containing(today, "H"), [
            _("Kies een halfjaar of kwartaal uit de lijst. U ziet nu het huidige halfjaar.")]
    return found, []


@require_GET
@login_required
def dashboard_page(request, name):
    ctx = dashboards.dashboard_context(context_for_request(request), name)
    choice = dashboards.choose(ctx, name, request.GET.get("gebied"))
    today = timezone.localdate()
    last, problems = _period(request, today)
    if getattr(settings, "MONITORING_REFRESH_ON_READ", True) and refresh.is_stale():
        refresh.refresh()
    built = dashboard.build(choice, last)
    fmt = exports.export_format(request)
    # What was shown, as fixed tokens: no text someone typed reaches the log.
    event(ctx, dashboards.EVENT, "R", object_type=dashboards.OBJECT_TYPE,
          object_ids=[name, choice.token, last.key, fmt or "pagina"],
          rule=f"monitoring_{name}")
    if fmt:
        return exports.export_response(
            fmt, f"monitoring-{name}-{last.key}",
            [_("Groep"), _("Indicator"), _("Gebied"), _("Periode"), _("Waarde"), _("Eenheid")],
            dashboard.export_rows(built), title=_("Monitoring"))
    state = refresh.state()
    return render(request, "monitoring/dashboard.html", {
        "nav": "monitoring", "name": name, "title": dashboards.TITLES[name],
        "built": built, "choice": choice, "choices": dashboards.choices(ctx, name),
        "last": last, "period_groups": [(label, dashboard.period_options(kind, today))
                                        for kind, label in KINDS.items()],
        "problems": problems,
        "min_cell": MIN_CELL, "refreshed_at": state.refreshed_at,
        "query": request.GET.urlencode()})
