"""A cancellation typed on a season that has aired: the way on to the season it belongs to.

The rule is the announcement's (`Announcement.refuse_misplaced_cancellation`): a
cancellation lives on the season that will not be made. A form that refused one offers
a button that creates the next season if it is missing and opens its decision form
with what was typed, so nothing is typed twice.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from series.models import MISPLACED_CANCELLATION, Season
from series.status import Decision

from .base import safe_next

# What the decision form takes from the refused one, by its own field names.
KEPT_FIELDS = ["announced_date", "future_on_purpose", "source_name", "source_url", "summary"]


@dataclass(frozen=True)
class Fix:
    """The button under a refused cancellation: where it posts and what it carries."""

    url: str
    number: int  # the season the cancellation belongs to
    values: list  # [(field name, value as typed)]


def fix_for(form, season, back=""):
    """The `Fix` for a form whose cancellation was refused on `season` (saved), or None."""
    refused = form.has_error("decision", MISPLACED_CANCELLATION)
    if season is None or season.pk is None or not refused:
        return None
    values = [
        (name, form[name].value())
        for name in KEPT_FIELDS
        if name in form.fields and form[name].value() not in (None, "", False)
    ]
    if back:
        values.append(("next", back))
    url = reverse("admin:series_season_record_cancellation", args=[season.pk])
    return Fix(url, season.number + 1, values)


def first_fix(formsets, season, back=""):
    """The `Fix` for the first refused cancellation among a change form's inline rows."""
    for formset in formsets:
        for form in formset.forms:
            fix = fix_for(form, season, back)
            if fix is not None:
                return fix
    return None


def decision_initial(request):
    """A decision form's starting values carried in its address (from `Fix`)."""
    if request.method != "GET":
        return {}
    names = ["decision", *KEPT_FIELDS]
    return {name: request.GET[name] for name in names if request.GET.get(name)}


class CancellationFixes:
    """Season admin additions: the `Fix` button's view, and the button on the change form."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/record-cancellation/",
                self.admin_site.admin_view(require_POST(self.record_cancellation_view)),
                name="series_season_record_cancellation",
            ),
            *super().get_urls(),
        ]

    def record_cancellation_view(self, request, object_id):
        """Create the season after `object_id` if it is missing (a POST: it writes), then
        open its decision form with the cancellation as typed."""
        aired = self.get_object(request, unquote(object_id))
        if aired is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.has_perm("series.add_announcement"):
            raise PermissionDenied
        number = aired.number + 1
        target = Season.objects.filter(show_id=aired.show_id, number=number).first()
        if target is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            with self.changing(request):
                target = Season.objects.create(show_id=aired.show_id, number=number)
                self.log_addition(request, target, [{"added": {}}])
        query = {"decision": Decision.CANCELLED.value}
        query.update((name, request.POST[name]) for name in KEPT_FIELDS if request.POST.get(name))
        back = safe_next(request, None)
        if back:
            query["next"] = back
        url = reverse("admin:series_season_record_decision", args=[target.pk])
        return HttpResponseRedirect(f"{url}?{urlencode(query)}")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The button, above the form, when an announcement row's cancellation was refused."""
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        context["cancellation_fix"] = first_fix(formsets, obj, safe_next(request, ""))
        return super().render_change_form(request, context, add, change, form_url, obj)
