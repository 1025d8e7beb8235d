"""Legal measures in the demo's Gezin Jansen (issue 14), registered through the service
as a professional would, so every demo persona that should see a measure sees one:

- an OTS for Daan (14) with a machtiging uithuisplaatsing, civil, recorded by the RVT
  (Ruben) and carried out by the GI: the team reads them under the agreements; Daan and
  his mother (gezag, Daan under 16) read them in the portal, his father (no gezag) and
  Lieke do not;
- a tijdelijk huisverbod of the burgemeester on Mark, the father, imposed eight days
  ago: it ends in two days, within the reminder lead time (three days), without a
  decided extension - the red worklist signal; Mark reads it in the portal;
- in the demo only (extension_requested()), an OTS for Lieke (17) nearly a year old,
  whose extension the GI asked the court for five days ago: the worklist asks to record
  the court's decision instead of the red signal, and Lieke reads the status;
- with the police officer of the demo team (Piet, partners_demo), a gedragsaanwijzing of
  the officier van justitie on Mark with a contact ban naming Sanne and an area ban:
  criminal data, read by the police and by Mark himself, never by Sanne or the children.

All names, case numbers and places are invented.
"""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.accounts.models import User
from netwerkdossier.measures import services
from netwerkdossier.measures.services import ConditionIn, StatusIn
from netwerkdossier.synthetic import decision_records


def build(cast) -> dict:
    today = timezone.localdate()
    ruben = context_for(cast.users["ruben"], purpose="hulpverlening")
    gi = cast.skeleton.regional["gi"].pk
    home = cast.household
    started = today - timedelta(days=200)
    made = {"ots": services.register(
        ruben, home, person_id=cast.daan.pk, measure_key="ots",
        authority_kind="Kinderrechter", authority_name="Rechtbank Noord-Holland (synthetisch)",
        case_number="C/15/300001 / JE RK 00-101", requester="Raad voor de Kinderbescherming",
        requested_on=started - timedelta(days=21), carried_out_by_id=gi,
        first=StatusIn(status="toegewezen", status_on=started, starts_on=started,
                       source_reference="Beschikking kinderrechter C/15/300001 "
                                        "(synthetisch)"))}
    # A placement rests on a complete decision record about the child (decision 0051).
    decision_records.for_placement(
        ruben, home, cast.daan.pk,
        fact="Daan is na herhaald geweld thuis niet veilig; de kinderrechter gaf een OTS.")
    made["uithuisplaatsing"] = services.register(
        ruben, home, person_id=cast.daan.pk, measure_key="machtiging_uithuisplaatsing",
        authority_kind="Kinderrechter", authority_name="Rechtbank Noord-Holland (synthetisch)",
        case_number="C/15/300002 / JE RK 00-102", requester="Gecertificeerde instelling",
        requested_on=started - timedelta(days=21), carried_out_by_id=gi,
        first=StatusIn(status="toegewezen", status_on=started, starts_on=started,
                       source_reference="Beschikking kinderrechter C/15/300002 "
                                        "(synthetisch)"))
    imposed = today - timedelta(days=8)
    made["huisverbod"] = services.register(
        ruben, home, person_id=cast.father.pk, measure_key="tijdelijk_huisverbod",
        authority_kind="Burgemeester", authority_name="Burgemeester van Noorderveld "
                                                      "(synthetisch)",
        case_number="THV-0001", carried_out_by_id=cast.skeleton.regional["politie"].pk,
        first=StatusIn(status="toegewezen", status_on=imposed, starts_on=imposed,
                       source_reference="Beschikking huisverbod THV-0001 (synthetisch)"),
        conditions=[ConditionIn(kind="contactverbod", person_id=cast.mother.pk)])
    piet = User.objects.filter(username="piet").first()
    if piet is not None:
        police = context_for(piet, purpose="veiligheidsbeoordeling")
        given = today - timedelta(days=30)
        made["gedragsaanwijzing"] = services.register(
            police, home, person_id=cast.father.pk, measure_key="gedragsaanwijzing",
            authority_kind="Officier van justitie",
            authority_name="Arrondissementsparket Noord-Holland (synthetisch)",
            case_number="PARKET-00-000001",
            first=StatusIn(status="toegewezen", status_on=given, starts_on=given,
                           source_reference="Gedragsaanwijzing OvJ PARKET-00-000001 "
                                            "(synthetisch)"),
            conditions=[ConditionIn(kind="contactverbod", person_id=cast.mother.pk),
                        ConditionIn(kind="gebiedsverbod",
                                    area="Lindelaan en de straten eromheen, Noorderveld")])
    return made


def contact_arrangement(cast):
    """The family court's contact arrangement between Lieke (17) and her father, from
    before the huisverbod. The huisverbod bars that contact, so the demo's household
    page, the team's worklist and the legal overview show the conflict (measures/
    coherence.py). Only the demo adds it; the tests build it where they need it."""
    ruben = context_for(cast.users["ruben"], purpose="hulpverlening")
    arranged = timezone.localdate() - timedelta(days=400)
    return services.register(
        ruben, cast.household, person_id=cast.lieke.pk, measure_key="omgangsregeling",
        authority_kind="Familierechter",
        authority_name="Rechtbank Noord-Holland (synthetisch)",
        case_number="C/15/300003 / FA RK 00-103",
        first=StatusIn(status="toegewezen", status_on=arranged, starts_on=arranged,
                       source_reference="Beschikking omgangsregeling C/15/300003 "
                                        "(synthetisch)"),
        conditions=[ConditionIn(kind="omgang", person_id=cast.father.pk)])


def extension_requested(cast):
    """Lieke's OTS, granted 330 days ago (it ends in 35 days, within the eight-week
    reminder), with its extension asked five days ago ("verlenging aangevraagd"). Only
    the demo adds it; tests/measures/test_extension_request.py builds its own."""
    ruben = context_for(cast.users["ruben"], purpose="hulpverlening")
    today = timezone.localdate()
    started = today - timedelta(days=330)
    ots = services.register(
        ruben, cast.household, person_id=cast.lieke.pk, measure_key="ots",
        authority_kind="Kinderrechter", authority_name="Rechtbank Noord-Holland (synthetisch)",
        case_number="C/15/300004 / JE RK 00-104", requester="Raad voor de Kinderbescherming",
        requested_on=started - timedelta(days=21),
        carried_out_by_id=cast.skeleton.regional["gi"].pk,
        first=StatusIn(status="toegewezen", status_on=started, starts_on=started,
                       source_reference="Beschikking kinderrechter C/15/300004 "
                                        "(synthetisch)"))
    services.change_status(ruben, ots, StatusIn(
        status="verlenging_aangevraagd", status_on=today - timedelta(days=5),
        source_reference="Verzoekschrift verlenging OTS C/15/300004 (synthetisch)"))
    ots.refresh_from_db()
    return ots
