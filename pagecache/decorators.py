"""What a page shows, declared where its view is defined: the page cache tags it from that.

- `@cache_tags(records=True)`: a page about a few records and everything about them (a
  season page, a show's feed, the API's person). It carries the tags of the records it
  loaded while it rendered, so an edit elsewhere keeps it cached.
- `@cache_tags(static=True)`: a page that shows no facts (robots.txt, the API's schema).
  Only `all` drops it.
- Any other page is a listing (`listings`, and `search` for `?q=`): every change that can
  alter a list drops it. Undeclared views count as listings, so a page added later is
  safe before anyone declares it.

Broad tags a page carries besides those are named as arguments: `@cache_tags(PEOPLE)` for
a list of people. A view that learns only while it runs that its page shows more (a
season page with an outlook counts every network's decisions) adds them with `add_tags`.

The declaration is noted on the request when the view runs, so it holds whatever wraps
the view (a class's `dispatch` through `method_decorator`, a django-ninja operation
through `ninja.decorators.decorate_view`, the API's docs through `docs_decorator`).
"""

from dataclasses import dataclass, replace
from functools import wraps

_ATTRIBUTE = "page_cache_declaration"


@dataclass(frozen=True)
class Declaration:
    """How a view's page is tagged (see the module's docstring)."""

    records: bool = False
    static: bool = False
    tags: frozenset = frozenset()


LISTING = Declaration()


def cache_tags(*tags, records=False, static=False):
    """Declare how the page the decorated view renders is tagged in the page cache."""
    if records and static:
        raise TypeError("A page is tagged by its records or is static, not both.")
    declaration = Declaration(records=records, static=static, tags=frozenset(tags))

    def decorator(view):
        @wraps(view)
        def declared_view(request, *args, **kwargs):
            setattr(request, _ATTRIBUTE, declaration)
            return view(request, *args, **kwargs)

        return declared_view

    return decorator


def declaration(request):
    """What the view that answered `request` declared; a listing if it declared nothing."""
    return getattr(request, _ATTRIBUTE, LISTING)


def add_tags(request, *tags):
    """Broad tags the page answering `request` carries beyond what its view declared,
    because of what it turned out to show."""
    declared = declaration(request)
    setattr(request, _ATTRIBUTE, replace(declared, tags=declared.tags | frozenset(tags)))
