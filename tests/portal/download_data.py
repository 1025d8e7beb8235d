"""A household with something in every section of the data download: the cast's and the
visibility table's entries, safety-plan agreements, the demo analysis, an own statement
and a request, an entry with signs outside Latin-1, and reads by professionals (one
with emergency access) in the access log."""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.dossier.services import add_entry
from netwerkdossier.synthetic import analysis_demo
from tests.portal.expectations import add_test_entries
from tests.portal.looked_records import emergency_read_at, local, read_at

UNICODE_TEXT = "Gesprek met oma Zoë Ćosić en tante Дарья Ωμέγα: kosten € 12 – betaald."
AGREEMENT_DAAN = "Daan belt oma als het thuis onrustig wordt."
AGREEMENT_FATHER = "Vader komt alleen op afspraak langs."
STATEMENT = "Ik was er die dag niet bij; dat klopt niet."
REQUEST = "De datum van het huisbezoek is niet goed."
LOOKED_DAY = local(2026, 3, 2, 14, 5)


def fill(cast, ctx_of) -> dict:
    from netwerkdossier.portal.services import add_statement, request_correction
    from netwerkdossier.safety.services import add_agreement
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)
    lotte = ctx_of("lotte")
    added = add_test_entries(cast, lotte)
    added["unicode"] = add_entry(
        lotte, cast.household, kind="conversation", text=UNICODE_TEXT,
        occurred_at=timezone.now(), subjects=[cast.mother, cast.daan], confidentiality=10,
        legal_basis="jeugdwet_taak", case=cast.case)
    due = timezone.localdate() + timedelta(days=14)
    add_agreement(lotte, cast.case, member_id=cast.daan.pk, action=AGREEMENT_DAAN,
                  owner="Daan", due_on=due)
    add_agreement(lotte, cast.case, member_id=cast.father.pk, action=AGREEMENT_FATHER,
                  owner="Mark", due_on=due)
    analysis_demo.build(cast)
    sanne = context_for(cast.family_users["sanne"], channel="portaal")
    add_statement(sanne, cast.entries["conversation"], STATEMENT)
    request_correction(sanne, cast.entries["conversation"], "correctie", REQUEST)
    family = [cast.mother, cast.father, cast.noor, cast.daan, cast.lieke]
    read_at(lotte, LOOKED_DAY, family, n=3)
    emergency_read_at(ctx_of("olga"), LOOKED_DAY + timedelta(minutes=20), family)
    return added
