"""A realistic safety plan and lifecycle history for the demo's Jansen case (synthetic).

Called by `netwerkdossier demo` right after the persona cast is built. The plan goes
through the services (so it has versions and access-log records); the earlier phase
decisions are written as history rows, as if they had been taken in the past weeks.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.cases import lifecycle
from netwerkdossier.cases.models import Case, PhaseTransition
from netwerkdossier.decisions import services as decision_services
from netwerkdossier.safety import services
from netwerkdossier.synthetic import decision_records

HISTORY = [
    # (days after opening, from, to, who, role, rationale, family)
    (0, "", "melding", "ruben", "vast_duo", "Melding van school over Noor.", "niet_gevraagd"),
    (1, "melding", "veiligheidsbeoordeling", "ruben", "vast_duo",
     "Start veiligheidsbeoordeling na melding school.", "niet_gevraagd"),
    (4, "veiligheidsbeoordeling", "routebepaling", "ruben", "vast_duo",
     "Triage: structureel onveilig, herhaalde ruzies met geweld.", "niet_gevraagd"),
    (6, "routebepaling", "directe_veiligheid", "lotte", "casusregisseur",
     "RVT en wijkteam trekken samen op; veiligheidsplan met moeder en oma gemaakt.", "ja"),
]


@transaction.atomic
def build(cast) -> None:
    case = cast.case
    lotte, ruben = context_for(cast.users["lotte"]), context_for(cast.users["ruben"])
    today = timezone.localdate()
    opened = case.opened_on
    Case.objects.filter(pk=case.pk).update(
        reported_on=opened, urgency="hoog", triage_due=lifecycle.triage_deadline(opened),
        triage_on=opened + timedelta(days=4), triage_outcome="structureel_onveilig",
        route="rvt_gezamenlijk", phase_since=opened + timedelta(days=6))
    case.refresh_from_db()
    lifecycle.refresh_deadline(case)  # the case's own deadline, from the history above
    for days, old, new, who, role, why, family in HISTORY:
        PhaseTransition.objects.create(
            case=case, from_phase=old, to_phase=new, decided_by=cast.users[who],
            decided_role=role, rationale=why, family_agrees=family,
            decided_at=timezone.now() - timedelta(days=(today - opened).days - days))
    # The route and the move to direct safety rest on their decision records (decision
    # 0051), taken on the day they were decided.
    decided = opened + timedelta(days=6)
    route = decision_records.for_route(
        lotte, case, fact="Triage: structureel onveilig, herhaalde ruzies met geweld.")
    decision_services.take(lotte, route, today=decided)
    phase = decision_records.for_phase(
        lotte, case, "directe_veiligheid",
        fact="Moeder en oma hebben samen met het wijkteam een veiligheidsplan gemaakt.")
    decision_services.take(lotte, phase, today=decided)
    danger = services.add_danger(
        lotte, case, worried_by="School, wijkteam en RVT",
        statement="Noor (9) en Daan (14) zien en horen harde ruzies tussen moeder en vader, "
                  "met duwen en slaan. Als dat zo doorgaat, raken zij beschadigd en durft "
                  "Noor niet meer naar huis.",
        safety_goal="Iedereen in het netwerk ziet dat ruzies zonder geweld worden opgelost "
                    "en dat Noor en Daan weten wie zij kunnen bellen.",
        family_view="Moeder herkent de zorgen; vader vindt dat het meevalt.")
    # The same in words for the family (the portal shows only these), and the plan for
    # the children in words and pictures (issue 13, point 6).
    services.set_family_words(
        lotte, danger,
        family_statement="Thuis is er vaak harde ruzie. Soms wordt er geduwd en geslagen. "
                         "Noor en Daan zien en horen dat. Daar worden ze bang en verdrietig "
                         "van.",
        family_goal="Ruzies gaan zonder geweld. Noor en Daan weten wie ze kunnen bellen als "
                    "het thuis niet goed gaat.")
    services.add_danger(
        ruben, case, worried_by="RVT",
        statement="Moeder is door eigen klachten niet altijd emotioneel beschikbaar; "
                  "Daan neemt zorgtaken over (parentificatie).",
        safety_goal="Daan heeft tijd voor school en vrienden; volwassenen zorgen voor Noor.")
    services.set_child_version(
        lotte, case,
        worries="Papa en mama maakten vaak ruzie. Soms deden ze elkaar pijn. Dan werd je "
                "bang. Dat is niet jouw schuld.",
        safe_plan="Als er ruzie is, ga je naar oma Jansen. Zij woont twee straten verder. "
                  "Je mag altijd oma of mama bellen. Elke woensdag komt Lotte praten.",
        helpers="Oma Jansen, buurvrouw Fatma, juf Marieke op school, Lotte en Ruben.",
        chosen_pictograms=["huis", "mensen", "telefoon", "praten"])
    services.add_network_member(lotte, case, name="Oma Jansen", role="oma, opvang voor Noor",
                                contact="woont twee straten verder")
    services.add_network_member(lotte, case, name="Buurvrouw Fatma",
                                role="buurvrouw, belt bij geschreeuw")
    kept = services.add_agreement(lotte, case, member_id=cast.noor.pk,
                                  action="Noor gaat bij ruzie naar oma en belt moeder",
                                  owner="Oma Jansen", due_on=today + timedelta(days=3))
    services.set_agreement_status(lotte, kept, status="nagekomen",
                                  note="Oma bevestigt: twee keer gebeurd, werkte goed")
    missed = services.add_agreement(ruben, case, member_id=cast.father.pk,
                                    action="Vader komt alleen op afspraak langs",
                                    owner="Mark de Boer", due_on=today + timedelta(days=1))
    services.set_agreement_status(ruben, missed, status="niet_nagekomen",
                                  note="Vader stond onaangekondigd voor de deur")
    services.add_agreement(ruben, case, member_id=cast.father.pk,
                           action="Vader belt eerst Lotte voordat hij langskomt",
                           owner="Mark de Boer", due_on=today + timedelta(days=14),
                           replaces_id=missed.pk)
    # A condition where the reporter (Noor's teacher) has a role: the demo's feedback
    # to the reporter (cases/reporter_feedback.py) is due for Ruben on the case page.
    services.add_agreement(ruben, case, member_id=cast.noor.pk,
                           action="School meldt het dezelfde dag aan Lotte als Noor afwezig is",
                           owner="Leerkracht van Noor", due_on=today + timedelta(days=28))
    services.add_agreement(lotte, case, member_id=cast.mother.pk,
                           action="Moeder start bij de GGZ en houdt de afspraken",
                           owner="Sanne Jansen", due_on=today + timedelta(days=21))
    for weeks_ago, scores in ((6, (3, 2, 3, 4, 5)), (3, (5, 4, 5, 5, 6)), (0, (6, 5, 7, 6, 6))):
        people = (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke)
        services.add_scalings(lotte, case, scored_on=today - timedelta(weeks=weeks_ago),
                              person_scores={p.pk: s for p, s in zip(people, scores,
                                                                     strict=True)},
                              own_score=scores[0] - 1)
    services.record_check(lotte, case, next_check_on=today + timedelta(days=4))
