"""Playwright against Debian's chromium and pytest-django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body (building the cast) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every page of every browser test runs under the Content-Security-Policy: a script,
    # style or form target it blocks is an error of the test (see web/security_headers.py).
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not blocked, f"blocked by the Content-Security-Policy: {blocked}"


@pytest.fixture
def live_cast(transactional_db, live_server):
    from netwerkdossier.synthetic.personas import build_cast

    return build_cast()


@pytest.fixture
def log_in(page, live_server, live_cast):
    def as_user(username: str, purpose: str = "Hulpverlening"):
        """Log in; a professional with several possible purposes then states `purpose`
        (the label of the choice) on the question that follows."""
        return sign_in_page(page, live_server.url, username, purpose)

    return as_user


def sign_in_page(page, base_url: str, username: str, purpose: str = "Hulpverlening"):
    """Sign a professional in on `page` (password, app code, purpose)."""
    from netwerkdossier.synthetic.personas import DEMO_PASSWORD

    page.goto(f"{base_url}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/inloggen/code**")
    enter_app_code(page, username)
    page.wait_for_url(lambda url: "/inloggen" not in url)
    if page.url.startswith(f"{base_url}/doel"):
        choose_purpose(page, purpose)
    page.wait_for_url(start_page(base_url))
    return page


def start_page(base_url: str):
    """The page a professional lands on: the worklist, or the figures for a policy maker
    (who has no cases)."""
    import re

    return re.compile(rf"^{re.escape(base_url)}/(monitoring(/[a-z]+)?)?$")


def enter_app_code(page, username: str, label: str = "Code") -> None:
    """Type the current code of the persona's authenticator app (demo key)."""
    from netwerkdossier.accounts.models import User
    from netwerkdossier.synthetic.sign_in import next_app_code

    page.get_by_label(label, exact=True).fill(next_app_code(User.objects.get(username=username)))
    if label == "Code":
        page.get_by_role("button", name="Verder").click()


def follow(locator) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded.

    Playwright's click returns before the navigation it starts; an axe run right after
    it would check the old page, or break when the document is replaced under it."""
    with locator.page.expect_navigation():
        locator.click()


def choose_purpose(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Doel vastleggen").click()


def desk(browser):
    """A desktop browser context of its own (a second person at another desk) and its
    page; the caller closes the context."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context, context.new_page()


def shot(page, name: str) -> None:
    """Keep a full-page screenshot to look at, when ND_SHOTS names a folder."""
    folder = os.environ.get("ND_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)
