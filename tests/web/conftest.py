"""Helpers for the web view tests: database counts, access-log records, extra entries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Attachment, Confidentiality, Entry
from netwerkdossier.households.models import Household, Person


@pytest.fixture
def counts():
    """Snapshot of the row counts that a refused write must leave unchanged."""

    def snapshot():
        return {model.__name__: model.objects.count()
                for model in (Household, Person, Entry, Attachment, AccessLogRecord)}

    return snapshot


@pytest.fixture
def last_log():
    def newest(**filters):
        return AccessLogRecord.objects.filter(**filters).order_by("-id").first()

    return newest


@pytest.fixture
def make_entries(cast):
    """Add n network entries by lotte about the given subjects (default: Noor)."""

    def make(n, *, subjects=None, kind="note", days_ago=100):
        user = cast.users["lotte"]
        membership = user.memberships.first()
        start = timezone.now() - timedelta(days=days_ago)
        made = []
        for i in range(n):
            entry = Entry(household=cast.household, case=cast.case, kind=kind,
                          text=f"Extra aantekening {i}", occurred_at=start + timedelta(hours=i),
                          author=user, author_discipline=membership.discipline,
                          owner_organisation=membership.organisation,
                          confidentiality=Confidentiality.NETWERK, legal_basis="jeugdwet_taak")
            entry.root_id = entry.id
            entry.save()
            entry.subjects.set(subjects or [cast.noor])
            made.append(entry)
        return made

    return make
