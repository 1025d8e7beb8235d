"""Daan's confidence in the demo: a note of Lotte about Daan (14), "vertrouwelijk voor
gezinslid" Daan, which Tamara (team manager of the local team) read. Daan sees on *Wie
keek er?* that she read it; his mother Sanne, who acts for him, sees neither the note
nor that read (decision 0059). All names and texts are invented."""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.access.api import READ, context_for, decide, record
from netwerkdossier.dossier.services import add_entry


def build(cast):
    lotte = context_for(cast.users["lotte"])
    note = add_entry(lotte, cast.household, kind="conversation", case=cast.case,
                     text="Daan vertelt in vertrouwen dat hij 's avonds vaak bij een vriend "
                          "slaapt als het thuis onrustig is. Hij wil niet dat zijn ouders "
                          "dit lezen.",
                     occurred_at=timezone.now() - timedelta(days=2), subjects=[cast.daan],
                     confidentiality=10, legal_basis="jeugdwet_taak",
                     confidential_for_member=cast.daan)
    tamara = context_for(cast.users["tamara"], purpose="hulpverlening")
    decision = decide(tamara, READ, note)
    if not decision.allowed:  # the demo shows only a read that the rules allow
        raise RuntimeError(f"Tamara may not read the demo note: {decision.rule}")
    record(tamara, "entry.read", [note], decision=decision)
    return note
