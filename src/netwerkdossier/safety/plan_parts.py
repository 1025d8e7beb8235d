"""The parts of a safety plan its reader may see, each read through the access module.

Deciding on the plan opens the page; which dangers, agreements, network rows, scores and
versions it shows is decided per part (visible()), as decide() decides one part. Every
part but an agreement is about the whole household, as the plan is (the catalogue), so
a reader who reads by consent (GGZ) reads them with the plan; an agreement is about its
one member and follows that member's consent.
"""

from netwerkdossier.access.api import READ, visible


def _read(ctx, plan, queryset) -> list:
    return list(visible(ctx, READ, queryset, household_id=plan.household_id))


def readable_parts(ctx, plan) -> dict:
    """dangers, agreements, network, scalings: the rows of `plan` ctx may read."""
    return {
        "dangers": _read(ctx, plan, plan.dangers.select_related("created_by")),
        "agreements": _read(ctx, plan, plan.agreements.select_related("member", "replaces")
                            .prefetch_related("history__changed_by")),
        "network": _read(ctx, plan, plan.network.all()),
        "scalings": _read(ctx, plan, plan.scalings.select_related("scorer_person",
                                                                  "scorer_user")),
    }


def readable_versions(ctx, plan) -> list:
    return _read(ctx, plan, plan.versions.select_related("created_by"))
