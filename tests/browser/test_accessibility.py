"""No public page has any axe-core violation, at phone or desktop width."""

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.pages import public_paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUN_AXE = "async () => await axe.run(document, {resultTypes: ['violations']})"
# Swagger UI's own widget (ninja ships it) nests buttons and has low-contrast labels we
# don't control; our frame around it (header, heading, link home) is checked like any page.
RUN_AXE_WITHOUT_SWAGGER = (
    "async () => await axe.run({exclude: [['#swagger-ui']]}, {resultTypes: ['violations']})"
)


@pytest.mark.parametrize(
    ("scheme", "widths"), [("light", WIDTHS), ("dark", (390,))], ids=["light", "dark"]
)
def test_no_accessibility_violations(
    live_server, site_world, new_page, axe_js, scheme, widths, screenshot_dir
):
    """Light at both widths; dark mode (prefers-color-scheme) on a phone, charts included."""
    found = []
    for width in widths:
        page = new_page(width, color_scheme=scheme)
        for name, path in public_paths(site_world).items():
            page.goto(live_server.url + path)
            page.evaluate(axe_js)
            results = page.evaluate(RUN_AXE_WITHOUT_SWAGGER if name == "api-docs" else RUN_AXE)
            if scheme == "dark" and name in ("season-1", "scorecard"):
                page.screenshot(path=screenshot_dir / f"{name}-dark-{width}.png", full_page=True)
            found += [
                f"{name} at {width}px ({scheme}): {v['id']} ({v['impact']}): {v['help']} "
                f"[{', '.join(n['target'][0] for n in v['nodes'][:3])}]"
                for v in results["violations"]
            ]
    assert found == [], "\n".join(found)
