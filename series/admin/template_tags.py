"""Editors' links on public pages: "Edit" (and "Record a decision" on a season) for staff."""

from django import template
from django.urls import reverse

from series.models import Network, Person, Season, Show

register = template.Library()

# The public page's object, by the context name its view uses, and what to call it.
EDITABLE = [("season", Season), ("show", Show), ("person", Person), ("network", Network)]
LIST_PAGES = {
    "show-list": ("admin:series_show_changelist", "Edit shows"),
    "scorecard": ("admin:series_show_changelist", "Edit shows"),
    "home": ("admin:index", "Open the admin"),
}


@register.inclusion_tag("includes/staff_tools.html", takes_context=True)
def staff_tools(context):
    """Links from the page a staff member is reading to the admin forms behind it."""
    request = context["request"]
    links = []
    for name, model in EDITABLE:
        obj = context.get(name)
        if isinstance(obj, model) and obj.pk:
            opts = model._meta
            links.append(
                (
                    f"Edit this {opts.verbose_name}",
                    reverse(f"admin:series_{opts.model_name}_change", args=[obj.pk]),
                )
            )
            if model is Season:
                decision = reverse("admin:series_season_record_decision", args=[obj.pk])
                links.append(("Record a decision", f"{decision}?next={request.path}"))
            break
    else:
        match = request.resolver_match
        url_name, label = LIST_PAGES.get(match.url_name if match else "", ("admin:index", "Admin"))
        links.append((label, reverse(url_name)))
    return {"links": links}
