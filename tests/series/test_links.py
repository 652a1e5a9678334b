"""`series.links.reverse` answers exactly what `django.urls.reverse` does, memoized."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.urls import path as url_path

from series import links


def test_the_same_urls_as_reverse():
    assert links.reverse("series:home") == reverse("series:home")
    assert links.reverse("series:show-detail", slug="spinning-out") == reverse(
        "series:show-detail", kwargs={"slug": "spinning-out"}
    )
    assert links.reverse("series:season-detail", slug="spinning-out", number=2) == reverse(
        "series:season-detail", kwargs={"slug": "spinning-out", "number": 2}
    )


def test_the_script_prefix_is_part_of_the_answer():
    bare = links.reverse("series:show-list")
    set_script_prefix("/mounted/")
    try:
        assert links.reverse("series:show-list") == "/mounted" + bare
    finally:
        clear_script_prefix()
    assert links.reverse("series:show-list") == bare


urlpatterns = [url_path("elsewhere/", lambda request: None, name="show-list")]


def test_a_new_urlconf_forgets_the_memo():
    before = links.reverse("series:show-list")
    with override_settings(ROOT_URLCONF="tests.series.test_links"):
        with pytest.raises(NoReverseMatch):
            links.reverse("series:show-list")
        assert links.reverse("show-list") == "/elsewhere/"
    assert links.reverse("series:show-list") == before
