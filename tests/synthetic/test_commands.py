"""The seed and demo management commands."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, Person
from netwerkdossier.synthetic import partners_demo, personas


@pytest.mark.django_db
def test_seed_prints_a_summary():
    out = StringIO()
    call_command("seed", "--households", "6", "--seed", "4", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "huishoudens" in text and "tijdlijnitems" in text
    assert Household.objects.count() == 6
    with pytest.raises(CommandError):
        call_command("seed", "--households", "6", "--seed", "4", "--no-progress",
                     stdout=StringIO())


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_logins():
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    def run():
        out = StringIO()
        call_command("demo", "--no-serve", "--households", "5", "--no-progress", "--port",
                     "8123", stdout=out)
        return out.getvalue()

    text = run()
    counts = (User.objects.count(), Household.objects.count(), Person.objects.count(),
              Entry.objects.count())
    # The cast's household, an old one past its retention period, and five generated.
    assert Household.objects.count() == 7
    assert "Demo-inloggegevens" in text and "http://127.0.0.1:8123/" in text
    for username, *_rest, description in (*personas.PROFESSIONALS,
                                           *partners_demo.PARTNERS):
        assert username in text and description in text
        # Each professional's authenticator key is printed, and it is the key of the
        # app set up for them (web/second_factor.py).
        secret = personas.professional_totp_secret(username)
        assert f"sleutel: {secret}" in text
        assert TOTPDevice.objects.get(user__username=username, confirmed=True).bin_key == \
            b32decode(secret)
    # Police and the Raad work in the demo family's team (issue 10).
    assert {a.organisation.kind for a in TeamAssignment.objects.filter(
        user__username__in=["piet", "rianne"])} == {"politie", "rvdk"}
    assert personas.DEMO_PASSWORD in text
    assert User.objects.get(username="lotte").check_password(personas.DEMO_PASSWORD)
    # The family can log in to the portal: logins with their TOTP secret are printed.
    assert "http://127.0.0.1:8123/portaal/inloggen" in text
    for username, _attr, secret in personas.FAMILY_LOGINS:
        assert User.objects.get(username=username).kind == User.Kind.GEZINSLID
        assert secret in text
    # The demo case carries the issue-4 work: a safety plan, team history and analysis.
    from netwerkdossier.analysis.models import AnalysisVersion
    from netwerkdossier.collaboration.models import TeamChange
    from netwerkdossier.safety.models import SafetyPlan

    assert SafetyPlan.objects.exists() and TeamChange.objects.exists()
    assert AnalysisVersion.objects.exists()
    # The destruction process has something to show Priya (issue 12).
    from netwerkdossier.portal.models import CorrectionRequest
    from netwerkdossier.retention.due import due_parts

    wijkteam = User.objects.get(username="priya").memberships.get().organisation
    assert [p.household_name for p in due_parts(wijkteam)] == ["Gezin Verleden (synthetisch)"]
    assert CorrectionRequest.objects.get().status == "proposed"
    # A measure whose extension is asked: the worklist asks for the court's decision.
    from netwerkdossier.measures.models import Measure

    assert list(Measure.objects.filter(status="verlenging_aangevraagd").values_list(
        "person__given_names", "measure_key")) == [("Lieke", "ots")]
    from netwerkdossier.access.person_reach import differing_households

    assert differing_households() == []
    # The pilots' questionnaire for two years in two pilot regions, and CBS figures
    # (issue 15, points 5 and 6); the policy makers' logins are printed too.
    from netwerkdossier.monitoring.models import ContextFigure, QuestionnaireAnswer
    from netwerkdossier.synthetic import monitoring_demo

    assert QuestionnaireAnswer.objects.values("region", "year").distinct().count() == 4
    assert ContextFigure.objects.count() == 10
    for username, *_rest, description in monitoring_demo.POLICY_MAKERS:
        assert username in text and description in text
    answers = QuestionnaireAnswer.objects.count()

    run()
    assert QuestionnaireAnswer.objects.count() == answers
    assert counts == (User.objects.count(), Household.objects.count(), Person.objects.count(),
                      Entry.objects.count())
