"""Objects of the portal app for the outsider walk (see __init__.py)."""


def objects(cast, ctx_of) -> dict:
    from django.utils import timezone

    from netwerkdossier.portal.models import CorrectionRequest, OwnStatement
    from netwerkdossier.portal.services import deadline_for
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)

    entry = cast.entries["conversation"]
    sanne = cast.family_users["sanne"]
    now = timezone.now()
    request = CorrectionRequest.objects.create(
        entry=entry, owner_organisation_id=entry.owner_organisation_id, kind="correctie",
        reason="Klopt niet", person=cast.mother, requested_by=sanne, received_at=now,
        deadline=deadline_for(now))
    statement = OwnStatement.objects.create(entry=entry, person=cast.mother,
                                            written_by=sanne, text="Mijn kant")
    return {"correction_request": request.pk, "own_statement": statement.pk}
