"""Objects of the safety app for the outsider walk (see __init__.py)."""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.cases import lifecycle
from netwerkdossier.cases.models import Case, FollowUpCheck, PhaseTransition


def objects(cast, ctx_of) -> dict:
    from netwerkdossier.safety import services

    ctx = ctx_of("lotte")
    today = timezone.localdate()
    services.add_danger(ctx, cast.case, worried_by="School", statement="Noor is bang.",
                        safety_goal="Noor voelt zich veilig.")
    agreement = services.add_agreement(ctx, cast.case, member_id=cast.mother.pk,
                                       action="Moeder belt oma", owner="Sanne",
                                       due_on=today + timedelta(days=7))
    plan = agreement.plan
    case = lifecycle.record_report(ctx, cast.household, kind="hulpvraag", title="Hulpvraag",
                                   concerns="Moeder vraagt hulp.", urgency="normaal",
                                   reported_on=today, subjects=[cast.mother])
    check = FollowUpCheck.objects.create(case=cast.case, months=3, due_on=today)
    return {
        "safety_plan": plan.pk, "plan_version": plan.versions.first().pk,
        "agreement": agreement.pk, "follow_up_check": check.pk,
        "phase_transition": PhaseTransition.objects.get(case=case).pk,
        "new_case": Case.objects.get(pk=case.pk).pk,
    }
