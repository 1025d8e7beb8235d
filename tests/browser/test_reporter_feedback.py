"""Issue 13 point 7 in a real browser: Ruben (RVT, who received the school's report) sees
on the case page that feedback to the reporter is due, composes it item by item (nothing
preselected; a Dutch refusal when empty) and sends it in the application; the teacher
reads only that feedback; the next moment goes out as a printable letter. axe on every
page touched."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import desk, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser


def _teacher(cast):
    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership, Organisation
    from netwerkdossier.synthetic.personas import DEMO_PASSWORD, give_demo_app

    school = Organisation.objects.create(name="Basisschool De Vlinder", kind="school",
                                         region=cast.household.region)
    user = User.objects.create(username="marieke", first_name="Marieke", last_name="Dekker")
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.create(user=user, organisation=school, discipline="leerkracht",
                              valid_from=timezone.localdate() - timedelta(days=100))
    give_demo_app(user)
    return user


def test_feedback_to_the_reporter(browser, live_server, live_cast):
    from netwerkdossier.synthetic import safety_demo

    safety_demo.build(live_cast)  # triage and route done: both moments are due
    _teacher(live_cast)
    base = live_server.url
    case_url = f"{base}/trajecten/{live_cast.case.pk}"

    context, ruben = desk(browser)
    professional_log_in(ruben, base, "ruben")
    ruben.goto(case_url)
    section = ruben.locator("section", has=ruben.get_by_role(
        "heading", name="Terugkoppeling aan de melder"))
    expect(section).to_contain_text("Marieke Dekker")
    expect(section.get_by_text("te doen")).to_have_count(2)
    assert_accessible(ruben, "traject met terugkoppeling te doen")
    shot(ruben, "ruben-traject-terugkoppeling-te-doen")

    section.get_by_role("link", name="Terugkoppeling na de veiligheidsbeoordeling "
                                      "opstellen").click()
    expect(ruben.get_by_role("heading", level=1)).to_contain_text("Terugkoppeling aan de "
                                                                  "melder")
    assert ruben.locator("input:checked").count() == 0  # nothing preselected
    assert_accessible(ruben, "terugkoppeling opstellen")
    shot(ruben, "ruben-terugkoppeling-opstellen")
    ruben.get_by_role("button", name="Terugkoppeling vastleggen").click()
    expect(ruben.get_by_text("Geef aan of er een vervolg is ingezet.").first).to_be_visible()
    assert_accessible(ruben, "terugkoppeling met fouten")
    shot(ruben, "ruben-terugkoppeling-fouten")

    ruben.get_by_role("group", name="Is er een vervolg ingezet?").get_by_label("Ja").check()
    ruben.get_by_label("Regionaal Veiligheidsteam Waterland-Noord").check()
    ruben.get_by_label("Wijkteam Noorderveld").check()
    ruben.get_by_role("group", name="Heeft de melder een rol in de veiligheidsvoorwaarden?") \
        .get_by_label("Ja").check()
    ruben.get_by_label("School meldt het dezelfde dag aan Lotte", exact=False).check()
    ruben.get_by_label("In Netwerkdossier, aan Marieke Dekker", exact=False).check()
    ruben.get_by_role("button", name="Terugkoppeling vastleggen").click()
    expect(ruben.get_by_text("de melder krijgt een melding in Netwerkdossier")).to_be_visible()
    expect(section.get_by_text("te doen")).to_have_count(1)

    # The second moment goes out as a letter.
    section.get_by_role("link", name="Terugkoppeling na het onderzoek opstellen").click()
    ruben.get_by_role("group", name="Is er een vervolg ingezet?").get_by_label("Ja").check()
    ruben.get_by_label("Wijkteam Noorderveld").check()
    ruben.get_by_role("group", name="Heeft de melder een rol in de veiligheidsvoorwaarden?") \
        .get_by_label("Nee").check()
    ruben.get_by_label("Per brief", exact=False).check()
    ruben.get_by_role("button", name="Terugkoppeling vastleggen").click()
    expect(ruben.get_by_role("heading", level=1)).to_have_text("Terugkoppeling op uw melding")
    expect(ruben.get_by_text("Beste Marieke Dekker,")).to_be_visible()
    assert_accessible(ruben, "brief aan de melder")
    shot(ruben, "ruben-brief-aan-de-melder")
    ruben.emulate_media(media="print")
    shot(ruben, "ruben-brief-afgedrukt")
    ruben.emulate_media(media="screen")
    ruben.goto(case_url)
    expect(section.get_by_text("te doen")).to_have_count(0)
    context.close()

    # The teacher reads her feedback, and nothing of the family's file.
    context, teacher = desk(browser)
    professional_log_in(teacher, base, "marieke")
    teacher.goto(f"{base}/meldingen")
    assert_accessible(teacher, "meldingen van de melder")
    teacher.get_by_role("link", name="Bekijken").first.click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Terugkoppeling op uw melding")
    expect(teacher.get_by_text("School meldt het dezelfde dag aan Lotte",
                               exact=False)).to_be_visible()
    for hidden in ("Moeder start bij de GGZ", "Vader belt eerst Lotte", "Lindelaan"):
        expect(teacher.get_by_text(hidden, exact=False)).to_have_count(0)
    assert_accessible(teacher, "terugkoppeling voor de melder")
    shot(teacher, "melder-leest-terugkoppeling")
    response = teacher.goto(case_url)
    assert response.status == 404
    context.close()
