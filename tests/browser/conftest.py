"""Fixtures for the browser and checker tests: Debian's Chromium, Java and the npm checkers.

Without them these tests skip and say how to enable them; with CI set they fail
instead, so a CI run can never pass by skipping. No browser is ever downloaded:
Playwright drives the system's Chromium.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.admin_helpers import editors_group
from tests.factories import EditorFactory, ShowFactory
from tests.images import pictures
from tests.site_data import build_awaiting, build_world

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
HOW_TO_ENABLE = (
    "To enable: `apt-get install -y chromium default-jre-headless npm`, then `npm ci` "
    "in the project root (make test runs it when npm is there)."
)
WIDTHS = (390, 1280)

# Never let Playwright fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def unavailable(what):
    """Skip, saying how to enable the test; under CI, fail instead."""
    message = f"{what} is missing. {HOW_TO_ENABLE}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: browser tests must run, not skip)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A page factory at a given width; every context is closed after the test."""
    contexts = []

    def make(width, color_scheme="light"):
        # bypass_csp lets axe-core be injected whatever Content-Security-Policy the site sends.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=True, color_scheme=color_scheme
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def signed_in_page(browser, live_server, user):
    """A fresh browser context (its own cookies) signed in as `user`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.problems = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            page.problems.append(message.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            page.problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


@pytest.fixture
def editor_page(browser, live_server, transactional_db):
    """A page signed in as a new member of the Editors group, as an editor starts the day."""
    editors_group()
    page = signed_in_page(browser, live_server, EditorFactory())
    yield page
    page.context.close()


@pytest.fixture
def vnu_jar():
    if shutil.which("java") is None:
        unavailable("Java (for the Nu HTML Checker)")
    if not VNU_JAR.exists():
        unavailable(f"The Nu HTML Checker ({VNU_JAR.relative_to(ROOT)})")
    return VNU_JAR


@pytest.fixture
def axe_js():
    if not AXE_JS.exists():
        unavailable(f"axe-core ({AXE_JS.relative_to(ROOT)})")
    return AXE_JS.read_text()


@pytest.fixture
def site_world(settings, tmp_path):
    """The seed facts, a world of shows with every status, a season awaiting a decision
    (with its outlook), and enough shows for two pages;
    posters, photos, logos and score charts on some pages, placeholders on the rest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    call_command("loaddata", "spinning_out", verbosity=0)
    world = build_world("Beta", 3)
    build_awaiting(world.network)
    ShowFactory.create_batch(20)
    pictures.picture_the_seed()
    pictures.poster(world.show)
    pictures.photo(world.person)
    pictures.logo(world.network)
    return world


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots are saved in {SCREENSHOTS}")
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"Browser test screenshots: {SCREENSHOTS}")
