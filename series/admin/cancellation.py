"""A cancellation typed on a season that has aired: the way on to the season it belongs to.

The rule is the announcement's (`Announcement.refuse_misplaced_cancellation`): a
cancellation lives on the season that will not be made. A form that refused one offers
a button that creates the next season if it is missing and opens its decision form
with what was typed, so nothing is typed twice.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from series.models import MISPLACED_CANCELLATION, Season
from series.status import Decision, cancellation_misplaced

from .base import safe_next

# What the decision form takes from the refused one, by its own field names.
KEPT_FIELDS = ["announced_date", "future_on_purpose", "source_name", "source_url", "summary"]


@dataclass(frozen=True)
class Fix:
    """The button under a refused cancellation: where it posts and what it carries."""

    url: str
    number: int  # the season the cancellation belongs to
    values: list  # [(field name, value as typed)]
    moving: bool = False  # stored cancellations to move, not a refused form's values


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


def move_for(season, back=""):
    """The `Fix` that moves a saved season's stored cancellations to the next season, if
    the season has aired and reads as cancelled (the worklist's "Cancelled after airing")."""
    if season is None or season.pk is None:
        return None
    today = timezone.localdate()
    if not cancellation_misplaced(season.decision, season.premiere, today):
        return None
    values = [("move", "1"), *([("next", back)] if back else [])]
    url = reverse("admin:series_season_record_cancellation", args=[season.pk])
    return Fix(url, season.number + 1, values, moving=True)


def move_cancellations(aired, target):
    """Move `aired`'s cancellations to `target`; one `target` already holds is dropped.
    Each is saved or deleted through the model, so history and derived decisions follow."""
    moved = 0
    for announcement in aired.announcements.filter(decision=Decision.CANCELLED):
        same = target.announcements.filter(
            decision=announcement.decision,
            source_name=announcement.source_name,
            announced_date=announcement.announced_date,
        )
        if same.exists():
            announcement.delete()
        else:
            announcement.season = target
            announcement.save()
        moved += 1
    return moved


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
        moving = bool(request.POST.get("move"))
        needed = ["series.change_announcement", "series.delete_announcement"] if moving else []
        if not request.user.has_perms(["series.add_announcement", *needed]):
            raise PermissionDenied
        number = aired.number + 1
        target = Season.objects.filter(show_id=aired.show_id, number=number).first()
        if target is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            with self.changing(request):
                target = Season.objects.create(show_id=aired.show_id, number=number)
                self.log_addition(request, target, [{"added": {}}])
        if moving:
            return self.moved(request, aired, target)
        query = {"decision": Decision.CANCELLED.value}
        query.update((name, request.POST[name]) for name in KEPT_FIELDS if request.POST.get(name))
        back = safe_next(request, None)
        if back:
            query["next"] = back
        url = reverse("admin:series_season_record_decision", args=[target.pk])
        return HttpResponseRedirect(f"{url}?{urlencode(query)}")

    def moved(self, request, aired, target):
        with self.changing(request):
            count = move_cancellations(aired, target)
        self.message_user(
            request,
            f"Moved {count} cancellation{'s' * (count != 1)} from season {aired.number} to "
            f"season {target.number}.",
            messages.SUCCESS,
        )
        change_url = reverse("admin:series_season_change", args=[target.pk])
        return HttpResponseRedirect(safe_next(request, change_url))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The button, above the form, when an announcement row's cancellation was refused
        or the season as stored has aired and reads as cancelled."""
        back = safe_next(request, "")
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        context["cancellation_fix"] = first_fix(formsets, obj, back) or move_for(obj, back)
        return super().render_change_form(request, context, add, change, form_url, obj)
