"""Objects of the analysis app for the outsider walk (see __init__.py)."""

from django.utils import timezone


def objects(cast, ctx_of) -> dict:
    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer, respond, save_version

    lotte = ctx_of("lotte")
    result = administer(lotte, cast.household, engine.get("veiligheidsscan"), cast.daan,
                        {"geweld_volwassenen": 0, "kind_geraakt": 0, "kind_bang": 0,
                         "vertrouwde_volwassene": 1, "afspraken": 2}, timezone.localdate())
    version = save_version(lotte, cast.household, based_on=None, items=[
        {"domain": "veiligheid", "person": str(cast.noor.pk), "kind": "zorg",
         "text": "Noor is bang bij ruzie."}], hypotheses=[],
        instrument_results=[str(result.pk)])
    response = respond(lotte, version, cast.mother, True)
    return {"analysis_version": version.pk, "instrument_result": result.pk,
            "analysis_response": response.pk}
