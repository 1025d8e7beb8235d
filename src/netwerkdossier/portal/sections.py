"""Slots on the portal's home page for parts of the dossier other apps own.

Safety plan: the safety app (netwerkdossier.safety) may provide
``netwerkdossier.safety.portal.family_view(ctx, household) -> dict | None``, returning
what a family member may see of the current safety plan (title, agreements) after its
own access check and access-log record. Until it does, the portal shows that the plan
is discussed with the family by the team.

Legal measures (maatregelen): a future legal app may provide
``netwerkdossier.legal.portal.family_measures(ctx, household, persons) -> list[dict]``
(each with title, person, starts_on, ends_on, decided_by, source). The page already has
the section and shows "none recorded" until then.
"""

import importlib


def _hook(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def safety_plan(ctx, household) -> dict | None:
    hook = _hook("netwerkdossier.safety.portal", "family_view")
    return hook(ctx, household) if hook else None


def safety_plan_available() -> bool:
    return _hook("netwerkdossier.safety.portal", "family_view") is not None


def measures(ctx, household, persons) -> list | None:
    """None when no app records measures yet; a (possibly empty) list otherwise."""
    hook = _hook("netwerkdossier.legal.portal", "family_measures")
    return hook(ctx, household, persons) if hook else None
