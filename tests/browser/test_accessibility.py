"""No public page has a serious or critical axe-core violation, at phone or desktop width."""

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.pages import public_paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUN_AXE = "async () => await axe.run(document, {resultTypes: ['violations']})"


def test_no_serious_accessibility_violations(live_server, site_world, new_page, axe_js):
    found = []
    for width in WIDTHS:
        page = new_page(width)
        for name, path in public_paths(site_world).items():
            page.goto(live_server.url + path)
            page.evaluate(axe_js)
            results = page.evaluate(RUN_AXE)
            found += [
                f"{name} at {width}px: {v['id']} ({v['impact']}): {v['help']} "
                f"[{', '.join(n['target'][0] for n in v['nodes'][:3])}]"
                for v in results["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    assert found == []
