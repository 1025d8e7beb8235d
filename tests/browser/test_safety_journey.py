"""The phased safety journey end to end, with time frozen: report, triage within its
deadline, a safety plan with agreements, phase 1, phase 2 (blocked first, with the
reason on the page, then allowed), phase 3, closure, and three months later the
follow-up check on the casusregisseur's worklist. axe runs on every safety page."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import follow
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


class Clock:
    """Freezes django.utils.timezone.now/localdate (the live server runs in a thread of
    this process, so it sees the same frozen time)."""

    def __init__(self, monkeypatch, start):
        self.current = start
        monkeypatch.setattr(timezone, "now", lambda: self.current)
        real_localdate = timezone.localdate

        def localdate(value=None, timezone=None):
            return real_localdate(value or self.current, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    def set(self, moment):
        self.current = moment


def _record(cast, to_phase="", route=False):
    """The complete decision record a route or any phase decision (one person's, a
    four-eyes proposal, the closure) rests on (decision 0051; its own browser test is
    test_decision_record.py)."""
    from netwerkdossier.access.api import context_for
    from netwerkdossier.cases.models import Case
    from netwerkdossier.synthetic import decision_records

    case = Case.objects.get(title="Zorgen over Noor")
    ctx = context_for(cast.users["lotte"])
    if route:
        decision_records.for_route(ctx, case)
    else:
        decision_records.for_phase(ctx, case, to_phase)


def _decide(page, to_label, rationale, family="ja"):
    page.get_by_label("Naar fase").select_option(label=to_label)
    page.get_by_label("Motivering van het besluit").fill(rationale)
    page.get_by_label("Is het gezin het eens met dit besluit?").select_option(family)
    page.get_by_role("button", name="Fasebesluit opslaan").click()


def _confirm_as(cast, username):
    """The second pair of eyes (decision 0036), confirmed through the service: the
    browser flow of confirming has its own test (test_four_eyes.py), without frozen
    time."""
    from netwerkdossier.access.api import context_for
    from netwerkdossier.cases import proposals
    from netwerkdossier.cases.models import PhaseProposal

    proposal = PhaseProposal.objects.get(status="open")
    proposals.confirm(context_for(cast.users[username]), proposal)


def _scores(page, cast, score):
    for person in (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke):
        page.get_by_label(f"Score van {person.full_name}").fill(str(score))
    page.get_by_label("Uw eigen score").fill(str(score))
    page.get_by_role("button", name="Scores opslaan").click()


def test_safety_journey(page, log_in, live_server, live_cast, monkeypatch, settings):
    cast = live_cast
    # The journey spans months of frozen time; one session lasts through it.
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600
    start = timezone.now().replace(microsecond=0)
    clock = Clock(monkeypatch, start)
    today = timezone.localdate(start)  # the app counts days in local time
    from netwerkdossier.cases import lifecycle

    due = lifecycle.triage_deadline(today)
    log_in("lotte")
    base = live_server.url

    # 1. Report (melding) on the household opens a case with its triage deadline.
    page.goto(f"{base}/huishoudens/{cast.household.pk}")
    page.get_by_role("link", name="Melding of hulpvraag vastleggen").click()
    page.wait_for_url(f"{base}/huishoudens/{cast.household.pk}/melding")
    assert_accessible(page, "melding")
    page.get_by_role("button", name="Traject starten").click()
    expect(page.locator("#foutenoverzicht")).to_contain_text("Er is niets opgeslagen")
    assert_accessible(page, "melding met fouten")
    page.get_by_label("Korte omschrijving van het traject").fill("Zorgen over Noor")
    page.get_by_label("Noor Jansen").check()
    page.get_by_label("Zorgen").fill("Noor vertelt op school over harde ruzies thuis.")
    page.get_by_label("Naam van de melder").fill("Meester Kees")
    page.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zorgen over Noor")
    expect(page.locator("#fase")).to_contain_text("Melding of hulpvraag")
    expect(page.get_by_text(due.strftime("%d-%m-%Y"))).to_be_visible()
    case_url = page.url
    assert_accessible(page, "traject")

    # 2. Triage within the deadline (two working days later), then the route.
    _record(cast, "veiligheidsbeoordeling")
    _decide(page, "Veiligheidsbeoordeling", "Start van de veiligheidsbeoordeling.", "niet_gevraagd")
    clock.set(start + timedelta(days=1))
    page.get_by_label("Uitkomst van de veiligheidsbeoordeling").select_option(
        label="Structureel onveilig")
    page.get_by_label("Motivering", exact=True).fill("Herhaalde ruzies met geweld, kinderen bang.")
    page.get_by_role("button", name="Veiligheidsbeoordeling opslaan").click()
    expect(page.locator("dl")).to_contain_text(": Structureel onveilig")
    _record(cast, "routebepaling")
    _record(cast, route=True)
    _decide(page, "Routebepaling", "Triage afgerond, nu de route kiezen.", "niet_gevraagd")
    page.get_by_label("Route", exact=True).select_option(
        label="Regionaal veiligheidsteam: gezamenlijk optrekken")
    page.get_by_label("Motivering", exact=True).fill("Samen met het RVT als vast duo.")
    page.get_by_role("button", name="Route opslaan").click()
    expect(page.locator("dl")).to_contain_text("gezamenlijk optrekken")

    # 3. Safety plan with a danger statement, a goal, an agreement and the network.
    follow(page.get_by_role("link", name="Veiligheidsplan").first)
    assert_accessible(page, "veiligheidsplan leeg")
    page.get_by_label("Wie maakt zich zorgen?").fill("School en wijkteam")
    page.get_by_label("Gevarenverklaring", exact=True).fill(
        "Noor is bang als ouders ruziën; zonder verandering blijft zij onveilig.")
    page.get_by_label("Veiligheidsdoel", exact=True).fill(
        "Bij ruzie gaat Noor naar oma en belt moeder.")
    page.get_by_role("button", name="Gevarenverklaring opslaan").click()
    page.get_by_label("Voor welk gezinslid?").select_option(label="Sanne Jansen")
    page.get_by_label("Wat gebeurt er?").fill("Moeder belt oma als de ruzie oploopt")
    page.get_by_label("Wie doet het?").fill("Sanne Jansen")
    page.get_by_label("Uiterlijk op").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Afspraak opslaan").click()
    page.get_by_label("Naam", exact=True).fill("Oma Jansen")
    page.get_by_label("Wie is dit voor het gezin?").fill("oma, opvang voor Noor")
    page.get_by_role("button", name="Netwerklid opslaan").click()
    expect(page.get_by_text("Oma Jansen")).to_be_visible()
    assert_accessible(page, "veiligheidsplan")

    # 4. Phase 1.
    page.goto(case_url)
    _record(cast, "directe_veiligheid")
    _decide(page, "Fase 1: directe veiligheid", "Plan staat, route gekozen, gezin akkoord.")
    expect(page.locator("#fase")).to_contain_text("Fase 1: directe veiligheid")

    # 5. Phase 2 is blocked first: the reason is on the page, nothing is saved.
    clock.set(start + timedelta(days=10))
    _decide(page, "Fase 2: duurzame veiligheid", "Het geweld is gestopt volgens iedereen.")
    summary = page.locator("#foutenoverzicht")
    expect(summary).to_contain_text("Er is niets opgeslagen")
    expect(summary).to_contain_text("Niet alle afspraken zijn nagekomen")
    expect(summary).to_contain_text("Moeder belt oma als de ruzie oploopt")
    expect(summary).to_contain_text("niet voor ieder gezinslid minstens 6")
    expect(summary).to_contain_text("28 dagen zonder incident")
    expect(summary).to_contain_text("kan pas worden genomen met een besluitverslag")
    expect(page.locator("#fase")).to_contain_text("Fase 1: directe veiligheid")
    assert_accessible(page, "fasebesluit geblokkeerd")

    # ... fixed: the agreement was kept, everyone scores safety at 7.
    page.get_by_role("link", name="Veiligheidsplan").first.click()
    page.get_by_label("Nieuwe status").select_option("nagekomen")
    page.get_by_label("Toelichting").fill("Oma bevestigt dat het werkt")
    page.get_by_role("button", name="Status opslaan").click()
    _scores(page, cast, 7)
    expect(page.get_by_role("table", name="Scores per datum")).to_be_visible()
    assert_accessible(page, "veiligheidsplan met schaalvragen")
    # Four weeks after the report, without a new incident (rules/phases.toml). The route
    # brought the RVT in: Ruben joins as vast duo (the team page has its own tests).
    clock.set(start + timedelta(days=30))
    from netwerkdossier.cases.models import Case, TeamAssignment

    ruben = cast.users["ruben"]
    TeamAssignment.objects.create(case=Case.objects.get(title="Zorgen over Noor"), user=ruben,
                                  role="vast_duo", valid_from=today,
                                  organisation=ruben.memberships.first().organisation)
    _record(cast, "duurzame_veiligheid")  # a four-eyes proposal rests on its record too
    page.goto(case_url)
    _decide(page, "Fase 2: duurzame veiligheid", "Het geweld is gestopt volgens iedereen.")
    # Leaving direct safety takes four eyes: a proposal, confirmed by the RVT's duo member.
    expect(page.get_by_text("Uw voorstel is vastgelegd")).to_be_visible()
    expect(page.locator("#fase")).to_contain_text("Fase 1: directe veiligheid")
    assert_accessible(page, "fasebesluit wacht op bevestiging")
    _confirm_as(cast, "ruben")
    page.goto(case_url)
    expect(page.locator("#fase")).to_contain_text("Fase 2: duurzame veiligheid")

    # 6. Phase 3, then closure (after new scores of 9).
    clock.set(start + timedelta(days=60))
    _record(cast, "herstel")
    _decide(page, "Fase 3: herstel", "Risicofactoren behandeld, nu herstel.")
    expect(page.locator("#fase")).to_contain_text("Fase 3: herstel")
    clock.set(start + timedelta(days=120))
    page.get_by_role("link", name="Veiligheidsplan").first.click()
    _scores(page, cast, 9)
    page.goto(case_url)
    _record(cast, "afgesloten")
    _decide(page, "Afgesloten", "Veilig genoeg om af te sluiten, gezin is het eens.")
    # Structurally unsafe at the start: closing takes four eyes too.
    expect(page.get_by_text("Uw voorstel is vastgelegd")).to_be_visible()
    _confirm_as(cast, "ruben")
    page.goto(case_url)
    expect(page.locator("#fase")).to_contain_text("Afgesloten")
    closed = timezone.localdate(start + timedelta(days=120))
    page.goto(f"{case_url}/veiligheidsplan/versies")
    expect(page.get_by_role("table")).to_contain_text("Lotte Visser")
    assert_accessible(page, "geschiedenis veiligheidsplan")

    # 7. Not on the worklist before the follow-up is due; there at closure + 3 months.
    page.goto(f"{base}/")
    expect(page.get_by_text("Nacontrole na 3 maanden")).to_have_count(0)
    from netwerkdossier.cases.calendar import add_months

    clock.set(timezone.make_aware(datetime.combine(add_months(closed, 3), time(9, 0))))
    page.goto(f"{base}/")
    row = page.get_by_role("row", name="Gezin Jansen").filter(has_text="Zorgen over Noor")
    expect(row).to_contain_text("Nacontrole na 3 maanden")
    expect(row).to_contain_text("Afgesloten")
    assert_accessible(page, "werkvoorraad met nacontrole")
