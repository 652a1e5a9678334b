"""`reverse()` once per URL and process.

A `reverse()` costs ~30 µs of Python (measured on this project's URLconf), and a
page asks for 20 to 40 of them: its header and footer links, breadcrumbs and one or
two per listed row. The answer depends only on the URLconf, the script prefix and the
arguments (no pattern is translated, so the language is not one of them), so it is
memoized on exactly those; a change of
`ROOT_URLCONF` (tests' `override_settings`) drops the memo.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


@lru_cache(maxsize=16384)
def _reverse(viewname, urlconf, prefix, kwargs):
    return django_reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def reverse(viewname, **kwargs):
    """`django.urls.reverse(viewname, kwargs=kwargs)`, memoized per process."""
    return _reverse(viewname, get_urlconf(), get_script_prefix(), tuple(kwargs.items()))


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
