"""The editors' workbench: the admin site, the one-form decision, publishing, seasons fast.

`WorkbenchAdminSite` is the project's admin site (see `series.apps.WorkbenchAdminConfig`):
the index carries the "Needs attention" counts, and the site adds the worklist and
the recent changes pages. The mixins add the per-model pages to the model admins
in `series.admin`, so that file only names them.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from history import recent_changes
from series import consistency
from series.models import Season

from . import cancellation, worklist
from .article_admin import ReadArticleSite
from .base import safe_next
from .conflicts import RecordDecisionSinceOpenedForm
from .people import LabelledAutocompleteView
from .undo import UndoSite

WORKLIST_PAGE_SIZE = 50
WORKLIST_PREVIEW = 10


class WorkbenchAdminSite(ReadArticleSite, UndoSite, admin.AdminSite):
    site_header = "showtracker editors"
    site_title = "showtracker editors"
    index_title = "Facts to keep"

    def get_urls(self):
        return [
            path("needs-attention/", self.admin_view(self.worklist_view), name="worklist"),
            path(
                "needs-attention/run-check-facts/",
                self.admin_view(self.run_check_facts_view),
                name="worklist-run-check-facts",
            ),
            path(
                "recent-changes/", self.admin_view(self.recent_changes_view), name="recent-changes"
            ),
            path(
                "recent-changes/<str:model_name>/<int:history_id>/",
                self.admin_view(self.change_diff_view),
                name="recent-change",
            ),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        """Django's, with options labelled by their admin where it says how (people)."""
        return LabelledAutocompleteView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {})}
        if can_see_worklist(request):
            extra_context["attention"] = attention_summary()
        extra_context["can_see_recent_changes"] = bool(recent_changes.visible_models(request))
        return super().index(request, extra_context)

    def worklist_view(self, request):
        if not can_see_worklist(request):
            raise PermissionDenied
        today = timezone.localdate()
        kind = worklist.KINDS_BY_SLUG.get(request.GET.get("kind", ""))
        narrow = worklist.NarrowForm(request.GET)
        network, title = narrow.narrowing()
        counts = worklist.narrowed_counts(today, network, title)
        # Every fix comes back here, to this kind, page and filter (`next`).
        back = request.get_full_path()
        sections = []
        for each in [kind] if kind else worklist.KINDS:
            cases = each.listed(today, network, title)
            if kind:
                # The first COUNT_CAP cases in the kind's own order, in pages.
                page = Paginator(cases[: worklist.COUNT_CAP], WORKLIST_PAGE_SIZE).get_page(
                    request.GET.get("page")
                )
                objects = list(page)
            else:
                page = None
                objects = cases[:WORKLIST_PREVIEW]
            count = counts[each.slug]
            sections.append(
                {
                    "kind": each,
                    "rows": [each.row(obj).returning_to(back) for obj in objects],
                    "count": count,
                    "count_label": worklist.count_label(count),
                    "capped": worklist.reached_cap(count),
                    "page": page,
                }
            )
        stored = consistency.latest_findings()
        narrowing = {"network": network.pk if network else "", "title": title}
        context = {
            **self.each_context(request),
            "title": "Needs attention",
            "sections": sections,
            "single": kind,
            "cap": f"{worklist.COUNT_CAP:,}",
            "narrow": narrow,
            "narrowed": bool(network or title),
            # The filters, carried by the kind and page links.
            "narrow_query": urlencode({k: v for k, v in narrowing.items() if v}),
            "check_facts": stored,
            "check_facts_rows": (
                worklist.finding_rows(
                    stored["findings"][:WORKLIST_PAGE_SIZE], back=f"{back}#check-facts"
                )
                if stored
                else []
            ),
            "today": today,
        }
        return TemplateResponse(request, "admin/series/worklist.html", context)

    def run_check_facts_view(self, request):
        if request.method != "POST" or not can_see_worklist(request):
            raise PermissionDenied
        findings = consistency.find_inconsistencies(timezone.localdate())
        consistency.keep_findings(findings)
        total = consistency.total(findings)
        self.message_user(
            request,
            f"check_facts found {total} inconsistenc{'y' if total == 1 else 'ies'}.",
            messages.WARNING if total else messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:worklist") + "#check-facts")

    def message_user(self, request, message, level):
        messages.add_message(request, level, message)

    def recent_changes_view(self, request):
        models = recent_changes.visible_models(request)
        if not models:
            raise PermissionDenied
        form = recent_changes.RecentChangesFilter(request.GET or None, models=models)
        entries, older = recent_changes.latest(form, models)
        context = {
            **self.each_context(request),
            "title": "Recent changes",
            "form": form,
            "entries": entries,
            "older": older,
        }
        return TemplateResponse(request, "admin/series/recent_changes.html", context)

    def change_diff_view(self, request, model_name, history_id):
        models = recent_changes.visible_models(request)
        model = models.get(model_name)
        if model is None:
            raise Http404
        record = get_object_or_404(
            model.history.select_related("history_user"), history_id=history_id
        )
        context = {
            **self.each_context(request),
            "title": f"Change to {record.instance._meta.verbose_name}: {record.instance}",
            "entry": recent_changes.Entry.of(record, model),
            "changes": recent_changes.differences(record),
        }
        return TemplateResponse(request, "admin/series/change_diff.html", context)


def can_see_worklist(request):
    return request.user.has_perm("series.view_season") and request.user.has_perm(
        "series.view_announcement"
    )


def attention_summary():
    """The worklist's counts for the admin index: one COUNT per kind, plus check_facts."""
    counts = worklist.counts()
    stored = consistency.latest_findings()
    total = sum(min(count, worklist.COUNT_CAP) for count in counts.values())
    total += len(stored["findings"]) if stored else 0
    capped = any(worklist.reached_cap(count) for count in counts.values())
    return {
        "kinds": [
            (kind, counts[kind.slug], worklist.count_label(counts[kind.slug]))
            for kind in worklist.KINDS
        ],
        "check_facts": len(stored["findings"]) if stored else None,
        "total": total,
        "total_label": worklist.count_label(total, more=capped),
    }


def record_decision_link(season):
    """A link to the one-form decision for a saved season ("" for an unsaved inline row)."""
    if season.pk is None:
        return ""
    url = reverse("admin:series_season_record_decision", args=[season.pk])
    return format_html('<a href="{}">Record a decision</a>', url)


class SeasonWorkbench:
    """Season admin additions: the one-form decision, a link per row, the next number."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decision/",
                self.admin_site.admin_view(self.record_decision_view),
                name="{}_{}_record_decision".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        """The decision link next to the decision column (last if there is none)."""
        columns = list(super().get_list_display(request))
        shown = [name for name in ("current_decision", "decision") if name in columns]
        at = columns.index(shown[0]) + 1 if shown else len(columns)
        return [*columns[:at], "decision_link", *columns[at:]]

    @admin.display(description="")
    def decision_link(self, season):
        return record_decision_link(season)

    def get_changeform_initial_data(self, request):
        """A season added for a show starts with that show's next number."""
        initial = super().get_changeform_initial_data(request)
        show = initial.get("show")
        if show and "number" not in initial and str(show).isdigit():
            initial["number"] = self.model.objects.filter(show_id=show).next_number()
        return initial

    def response_post_save_add(self, request, obj):
        """A season added on the way back somewhere (the worklist's "Add season N") goes
        on to its decision first: the case stays open until the decision is recorded."""
        back = safe_next(request, None)
        if back:
            return HttpResponseRedirect(worklist.returning(worklist.decision_url(obj.pk), back))
        return super().response_post_save_add(request, obj)

    def record_decision_view(self, request, object_id):
        season = self.get_object(request, unquote(object_id))
        if season is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.has_perm("series.add_announcement"):
            raise PermissionDenied
        change_url = reverse("admin:series_season_change", args=[season.pk])
        form = RecordDecisionSinceOpenedForm(
            request.POST or None, season=season, initial=cancellation.decision_initial(request)
        )
        if request.method == "POST" and form.is_valid():
            announcement = form.save()
            self.log_addition(request, announcement, [{"added": {}}])
            season.refresh_from_db()
            self.message_user(
                request,
                f"Recorded {announcement.decision_label().lower()} from "
                f"{announcement.source_name} ({announcement.announced}). {season}: "
                f"{season.decision_label(timezone.localdate())}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(safe_next(request, change_url))
        context = {
            **self.admin_site.each_context(request),
            "title": "Record a decision",
            "subtitle": str(season),
            "season": season,
            "current_decision": season.decision_label(timezone.localdate()),
            "form": form,
            "adminform": helpers.AdminForm(
                form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
            ),
            "errors": helpers.AdminErrorList(form, []),
            "announcements": season.announcements.order_by("-announced_date", "-pk"),
            "opts": self.opts,
            "change_url": change_url,
            "next": safe_next(request, ""),
            "cancellation_fix": cancellation.fix_for(form, season, safe_next(request, "")),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/series/season/record_decision.html", context)


class ShowWorkbench:
    """Show admin additions: publish and unpublish, from the list and from the preview."""

    actions = ["publish", "unpublish"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="{}_{}_publish".format(*info),
            ),
            *super().get_urls(),
        ]

    def set_published(self, request, shows, published):
        """Save each show (history, version and cache follow the save); return how many."""
        changed = 0
        for show in shows:
            if show.is_published != published:
                show.is_published = published
                show.save(update_fields=["is_published", "version", "updated_at"])
                self.log_change(request, show, [{"changed": {"fields": ["Published"]}}])
                changed += 1
        return changed

    @admin.action(description="Publish the selected shows", permissions=["change"])
    def publish(self, request, queryset):
        count = self.set_published(request, queryset, True)
        self.message_user(request, f"Published {count} show{'s' * (count != 1)}.")

    @admin.action(description="Unpublish the selected shows", permissions=["change"])
    def unpublish(self, request, queryset):
        count = self.set_published(request, queryset, False)
        self.message_user(request, f"Unpublished {count} show{'s' * (count != 1)}.")

    def publish_view(self, request, object_id):
        show = self.get_object(request, unquote(object_id))
        if show is None:
            raise Http404
        if not self.has_change_permission(request, show):
            raise PermissionDenied
        published = request.POST.get("published", "1") == "1"
        self.set_published(request, [show], published)
        state = "published" if published else "a draft again"
        self.message_user(request, f"{show} is {state}.", messages.SUCCESS)
        return HttpResponseRedirect(safe_next(request, show.get_absolute_url()))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The show's next season number: "Add season N" on a saved show, and the number
        a season row added on the form starts with (read by js/season-numbers.js)."""
        saved = obj is not None and obj.pk is not None
        number = (obj.seasons.all() if saved else Season.objects.none()).next_number()
        next_season = {"number": number}
        if saved:
            add_url = reverse("admin:series_season_add")
            next_season["url"] = f"{add_url}?show={obj.pk}&number={number}"
        context["next_season"] = next_season
        return super().render_change_form(request, context, add, change, form_url, obj)
