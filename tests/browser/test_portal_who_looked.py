"""'Wie keek er?' on a phone (issue 12, point 5): after a busy week of 500 reads by
professionals of several organisations, one page fits in three screen heights, the
emergency-access filter works without JavaScript tricks, and axe finds nothing."""

import os
from datetime import timedelta
from pathlib import Path

import pytest

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import PHONE, no_horizontal_scroll, portal_log_in
from tests.portal.looked_records import emergency_read_at, local, read_at

pytestmark = pytest.mark.browser

READS = 500


@pytest.fixture
def live_cast(live_cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    return live_cast


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def busy_week(cast) -> int:
    """READS reads of the household by four organisations over six days, in batches of
    ten a few minutes apart; Olga (another wijkteam) under emergency access on one day.
    Returns the number of emergency reads."""
    from netwerkdossier.access.api import context_for

    readers = [context_for(cast.users[u]) for u in ("lotte", "ruben", "gert", "tamara")]
    household = [cast.mother, cast.noor, cast.daan]
    start = local(2026, 11, 23, 8, 30)
    for batch in range(READS // 10 - 1):
        moment = start + timedelta(days=batch % 6, minutes=7 * batch)
        read_at(readers[batch % len(readers)], moment, household, n=10,
                object_type=("entry", "safety_plan", "household")[batch % 3])
    emergency_read_at(context_for(cast.users["olga"]), start + timedelta(days=2, hours=13),
                      household, n=10)
    return 10


def test_who_looked_fits_a_phone_after_500_reads(phone, live_server, live_cast, tmp_path):
    from netwerkdossier.audit.models import AccessLogRecord

    # Set ND_SCREENSHOT_DIR to keep the screenshots for a look (how it reads on a phone).
    shots = Path(os.environ.get("ND_SCREENSHOT_DIR") or tmp_path)

    emergency = busy_week(live_cast)
    assert AccessLogRecord.objects.filter(role__in=["professional", "teammanager"]).count() \
        == READS
    base = live_server.url
    portal_log_in(phone, base, "sanne")
    phone.get_by_role("link", name="Wie keek er?").first.click()
    phone.wait_for_url(f"{base}/portaal/wie-keek")
    height = phone.evaluate("document.documentElement.scrollHeight")
    phone.screenshot(path=shots / "wie-keek-telefoon.png", full_page=True)
    assert height <= 3 * PHONE["height"], f"one page is {height}px on a phone"
    no_horizontal_scroll(phone)
    assert phone.locator(".pt-looked-group").count() > 1
    nav = phone.get_by_role("navigation", name="Bladeren door de dagen")
    assert nav.get_by_role("link", name="Oudere").is_visible()
    assert_accessible(phone, "wie keek er, na 500 keer")

    # The details of a group open with every fact, still without horizontal scrolling.
    phone.locator(".pt-looked-group summary").first.click()
    assert "Verantwoordelijk" in phone.locator(".pt-looked-group").first.inner_text()
    no_horizontal_scroll(phone)

    phone.get_by_label("Alleen noodtoegang").check()
    phone.get_by_role("button", name="Toon").click()
    phone.wait_for_url("**noodtoegang=ja**")
    groups = phone.locator(".pt-looked-group")
    assert groups.count() == 1
    text = groups.first.inner_text()
    assert "Noodtoegang gebruikt" in text and "Olga Smit" in text
    assert f"{emergency} keer" in text
    assert phone.get_by_label("Alleen noodtoegang").is_checked()
    assert_accessible(phone, "wie keek er, alleen noodtoegang")
    phone.screenshot(path=shots / "wie-keek-noodtoegang.png", full_page=True)
