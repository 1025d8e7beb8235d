"""A request for a measure in the demo's Gezin Jansen (issue 14 point 6), drafted through
the services as a Raad investigator would, so the demo personas can walk it:

- Rianne (Raad voor de Kinderbescherming, purpose "advies aan de rechter") drafts a
  request for an OTS for Noor (9) at the kinderrechter, with three facts: the report
  (reported, source: the report in the timeline - the reporter is not named), the
  tijdelijk huisverbod on Mark (observed, source: the measure) and an interpretation
  without a source - flagged, so the review cannot approve it and the request cannot go
  out until it has one;
- Sanne's view of the first fact, heard by Rianne (she disagrees, in her words), and
  Noor's view "not heard yet", with the reason;
- the independent review asked of Ruben (regional safety team: another organisation),
  pending. Ruben sees the flagged fact and can send the draft back; Rianne then adds the
  source and asks again. The family reads nothing until Rianne shares the draft.

Needs the partners (Rianne) and the measures of the demo (the huisverbod); builds nothing
without them. All names, courts and texts are invented.
"""

from netwerkdossier.access.api import context_for
from netwerkdossier.accounts.models import User
from netwerkdossier.decisions import requests, services
from netwerkdossier.decisions.models import FamilyView


def build(cast, measures: dict | None = None) -> dict:
    rianne = User.objects.filter(username="rianne").first()
    if rianne is None:
        return {}
    raad = context_for(rianne, purpose="advies_rechter")
    request = requests.draft(
        raad, cast.household, person_id=cast.noor.pk, measure_key="ots",
        court="Rechtbank Noord-Holland, kinderrechter (synthetisch)",
        grounds="De Raad verzoekt de kinderrechter Noor Jansen onder toezicht te stellen "
                "van de gecertificeerde instelling voor de duur van een jaar. Noor groeit "
                "op in een situatie met herhaald huiselijk geweld. De hulp in het vrijwillig "
                "kader heeft de veiligheid van Noor niet duurzaam hersteld.")
    decision = request.decision
    services.add_fact(raad, decision, services.FactIn(
        text="Noor vertelde op school dat er thuis ruzie is en dat zij bang is.",
        basis="gemeld", reported_by="een professional, via de melding",
        source_entry_id=cast.entries["report"].pk))
    huisverbod = (measures or {}).get("huisverbod")
    if huisverbod is not None:
        services.add_fact(raad, decision, services.FactIn(
            text="De burgemeester heeft vader een tijdelijk huisverbod opgelegd.",
            basis="waargenomen", source_measure_id=huisverbod.pk))
    services.add_fact(raad, decision, services.FactIn(
        text="Moeder kan de afspraken uit het veiligheidsplan niet alleen nakomen.",
        basis="interpretatie"))
    first = decision.facts.order_by("number").first()
    services.record_view(raad, decision, person_id=cast.mother.pk, answer="oneens",
                         fact=first, words="Er was één keer ruzie. Noor is niet bang voor "
                                           "mij, alleen als haar vader er is.")
    services.record_view(raad, decision, person_id=cast.noor.pk,
                         answer=FamilyView.Answer.NIET_GEHOORD, fact=first,
                         words="Noor is nog niet gesproken; een gesprek op school is "
                               "gepland.")
    ruben = cast.users["ruben"]
    review = requests.ask_review(raad, request, ruben.pk)
    return {"request": request, "review": review}
