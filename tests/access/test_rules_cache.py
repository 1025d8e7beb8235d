"""The per-process cache of sharing rules follows agreement changes at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import READ, decide
from netwerkdossier.access.models import SharingAgreement

pytestmark = pytest.mark.django_db


def test_ending_an_agreement_takes_effect_for_the_next_request(cast, ctx_of):
    report = cast.entries["report"]  # RVT's report, shared with the wijkteam by "kernteam"
    lotte_other_org = ctx_of("lotte")
    assert "afspraak:" in decide(lotte_other_org, READ, report).rule
    agreement = SharingAgreement.objects.get(key="waterland-noord-veiligheid")
    agreement.valid_to = timezone.localdate() - timedelta(days=1)
    agreement.save()  # post_save clears the cache
    later = decide(ctx_of("lotte"), READ, report)
    assert not later.allowed


def test_a_new_agreement_version_replaces_the_cached_rules(cast, ctx_of):
    from netwerkdossier import rules
    from netwerkdossier.access.agreements import load_agreements

    report = cast.entries["report"]
    assert decide(ctx_of("lotte"), READ, report).allowed
    data = rules.load("sharing_agreements")
    newer = [dict(a, version=a["version"] + 1, valid_from=timezone.localdate(),
                  rule=[r for r in a.get("rule", []) if r["key"] != "kernteam"])
             for a in data["agreement"] if a["key"] == "waterland-noord-veiligheid"]
    assert load_agreements({"agreement": newer}) == 1
    assert not decide(ctx_of("lotte"), READ, report).allowed


def test_a_changed_organisation_kind_takes_effect_at_once(cast, ctx_of):
    report = cast.entries["report"]  # owned by the RVT, shared with the wijkteam
    assert decide(ctx_of("lotte"), READ, report).allowed
    rvt = report.owner_organisation
    rvt.kind = "politie"  # no agreement shares police notes with the wijkteam
    rvt.save()
    assert not decide(ctx_of("lotte"), READ, report).allowed
