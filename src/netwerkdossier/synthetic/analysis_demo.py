"""Demo content for the integral analysis: two versions for the Jansen family, two
instrument results and the family's responses. All text is invented.

Called as ``build(cast)`` after the persona cast exists (see personas.build_cast).
"""

from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.analysis import instruments as engine
from netwerkdossier.analysis.services import administer, respond, save_version


def _items(cast) -> list[dict]:
    noor, daan, lieke, mother, father = (str(p.pk) for p in (
        cast.noor, cast.daan, cast.lieke, cast.mother, cast.father))
    return [
        {"domain": "veiligheid", "person": noor, "kind": "zorg",
         "text": "Noor verstopt zich op haar kamer als haar ouders ruzie maken."},
        {"domain": "veiligheid", "person": lieke, "kind": "zorg",
         "text": "Lieke komt tussenbeide bij ruzies en voelt zich verantwoordelijk."},
        {"domain": "financien", "person": mother, "kind": "risico",
         "text": "Oplopende schulden sinds vader het huis verliet; veel spanning over geld."},
        {"domain": "opvoeding", "person": mother, "kind": "gaat_goed",
         "text": "Moeder houdt vaste bedtijden en eetmomenten aan, ook in drukke weken."},
        {"domain": "sociaal_netwerk", "person": None, "kind": "beschermend",
         "text": "Oma woont twee straten verder; de kinderen kunnen altijd bij haar terecht."},
        {"domain": "werk_school", "person": daan, "kind": "gaat_goed",
         "text": "Daan gaat graag naar school en zit op voetbal."},
        {"domain": "psychische_gezondheid", "person": mother, "kind": "risico",
         "text": "Moeder is sinds de scheiding vaak somber en slaapt slecht."},
        {"domain": "justitie", "person": father, "kind": "risico",
         "text": "Vader heeft een contactverbod gehad na een incident vorig jaar."},
    ]


def build(cast) -> dict:
    lotte = context_for(cast.users["lotte"])
    ruben = context_for(cast.users["ruben"])
    today = timezone.localdate()
    balance = administer(lotte, cast.household, engine.get("draagkracht_draaglast"),
                         cast.mother, {"geldzorgen": 4, "spanning": 4, "zorg_kinderen": 3,
                                       "steun": 4, "aankunnen": 3, "machteloos": 4},
                         today, rule="team")
    scan = administer(ruben, cast.household, engine.get("veiligheidsscan"), cast.noor,
                      {"geweld_volwassenen": 1, "kind_geraakt": 0, "kind_bang": 1,
                       "vertrouwde_volwassene": 1, "afspraken": 1, "cijfer_kind": 6},
                      today, rule="team")
    first = save_version(
        lotte, cast.household, based_on=None, items=_items(cast)[:6],
        hypotheses=[{"text": "De geldzorgen geven spanning tussen de volwassenen; die "
                             "spanning loopt uit op ruzies waar Noor en Lieke bang van worden.",
                     "factors": [3], "worries": [1, 2]}],
        # The shared view only: every member at home reads it in the portal. What one
        # member says alone goes into a disagreement row with that member's name.
        family_view="Het gezin: 'Het is zwaar, maar we hebben elkaar.'",
        note="Eerste gesprek met moeder en Lieke.", rule="team")
    items = [*first.content["items"], *_items(cast)[6:]]
    second = save_version(
        ruben, cast.household, based_on=first.number, items=items,
        hypotheses=[*first.content["hypotheses"],
                    {"text": "Somberheid van moeder maakt het moeilijk om rust te bewaren; "
                             "de steun van oma beschermt de kinderen.",
                     "factors": [5, 7], "worries": [1]}],
        family_view=first.content["family_view"],
        disagreements=[{"about": "Of Lieke mag blijven tussenbeide komen",
                        "family": "Lieke vindt dat ze Noor moet beschermen.",
                        "professionals": "Een volwassene moet dat doen, niet Lieke.",
                        "person": str(cast.lieke.pk)}],
        instrument_results=[str(balance.pk), str(scan.pk)],
        note="Aangevuld na het gesprek met het vaste duo.", rule="team")
    respond(lotte, second, cast.mother, True, "Ja, zo is het.", rule="team")
    respond(lotte, second, cast.lieke, False,
            "Ik kom tussenbeide omdat niemand anders het doet. Dat staat er niet goed in.",
            rule="team")
    return {"versions": [first, second], "results": [balance, scan]}
