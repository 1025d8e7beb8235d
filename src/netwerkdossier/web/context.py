from netwerkdossier.access.api import context_for_request
from netwerkdossier.access.context import CHOOSABLE_PURPOSES
from netwerkdossier.access.dashboards import MONITORING_ONLY
from netwerkdossier.access.purposes import possible_purposes

from .purpose import PurposeForm
from .second_factor import is_verified, needs_second_factor


def current_membership(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    if needs_second_factor(request.user) and not is_verified(request):
        # Between password and code: no menu, no purpose, only signing out.
        return {"signing_in": True}
    ctx = context_for_request(request)
    context = {"access_ctx": ctx, "current_membership": ctx.membership,
               # Policy makers see figures, never a dossier: no worklist, search or
               # registration in their menu (access/dashboards.py).
               "monitoring_only": monitoring_only(ctx)}
    possible = possible_purposes(ctx.membership)
    if possible:
        # The header says the purpose of this session's work ("Doel: ...").
        context["purpose_shown"] = True
        context["purpose_label"] = CHOOSABLE_PURPOSES.get(ctx.purpose, "")
        if len(possible) > 1:
            # Unbound and without initial: no purpose is ever preselected.
            context["purpose_form"] = PurposeForm(purposes=possible, auto_id="kop-%s")
    return context


def monitoring_only(ctx) -> bool:
    return ctx.membership is not None and ctx.membership.role in MONITORING_ONLY
