"""Undo in the editors' site: the deleted records (restore) and revert from a record.

`UndoSite` adds the "Deleted records" page to the admin site; `UndoAdmin` adds each
record's "Revert…" page and the links to both. The rules live in `history.restore`
and `history.revert`; these are only their pages.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from history import restore, revert
from history.recent_changes import editor_name
from history.words import described, when
from series.concurrency import StaleEdit

from .base import safe_next

BIN_KINDS = {model._meta.model_name: model for model in restore.BIN_MODELS}


def family(model):
    """The model and every kind of row under it, parents first."""
    kinds = [model]
    for kind in kinds:
        kinds += [child for child, _ in restore.CHILDREN.get(kind, [])]
    return kinds


def can_restore(user, model):
    """Restoring adds the record again, and the rows deleted with it."""
    return all(user.has_perm(f"series.add_{kind._meta.model_name}") for kind in family(model))


def can_revert(user, model):
    """Reverting changes the record, and adds, changes and deletes the rows under it."""
    return user.has_perm(f"series.change_{model._meta.model_name}") and all(
        user.has_perm(f"series.{action}_{kind._meta.model_name}")
        for kind in family(model)[1:]
        for action in ("add", "change", "delete")
    )


def listed(entries):
    """The bin's entries as its pages show them, each with its Restore button's URL."""
    return [
        {
            "kind": entry.model._meta.verbose_name,
            "words": described(entry.row),
            "parent": entry.parent,
            "blocked": entry.blocked,
            "when": when(entry.row.history_date),
            "who": editor_name(entry.row.history_user),
            "with_it": entry.with_it(),
            "url": reverse(
                "admin:restore-record", args=[entry.model._meta.model_name, entry.row.id]
            ),
        }
        for entry in entries
    ]


def deleted_here(user, model, limit=10, **where):
    """A list's or a form's own deleted rows of `model`, if `user` may restore them."""
    if not can_restore(user, model):
        return []
    return listed(restore.deleted_records(kind=model, limit=limit, **where))


def restorable_kinds(user):
    return {name: model for name, model in BIN_KINDS.items() if can_restore(user, model)}


class UndoSite:
    """The admin site's "Deleted records" page and its Restore button."""

    def get_urls(self):
        return [
            path(
                "deleted-records/",
                self.admin_view(self.deleted_records_view),
                name="deleted-records",
            ),
            path(
                "deleted-records/<str:model_name>/<int:pk>/restore/",
                self.admin_view(require_POST(self.restore_view)),
                name="restore-record",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {})}
        extra_context["can_restore"] = bool(restorable_kinds(request.user))
        return super().index(request, extra_context)

    def deleted_records_view(self, request):
        kinds = restorable_kinds(request.user)
        if not kinds:
            raise PermissionDenied
        kind = kinds.get(request.GET.get("kind", ""))
        entries = [
            entry
            for entry in restore.deleted_records(kind=kind)
            if entry.model._meta.model_name in kinds
        ]
        context = {
            **self.each_context(request),
            "title": "Deleted records",
            "entries": listed(entries),
            "kinds": [(name, model._meta.verbose_name_plural) for name, model in kinds.items()],
            "kind": kind._meta.model_name if kind else "",
        }
        return TemplateResponse(request, "admin/series/deleted_records.html", context)

    def restore_view(self, request, model_name, pk):
        model = restorable_kinds(request.user).get(model_name)
        if model is None:
            raise PermissionDenied
        row = restore.latest_deletion(model, pk)
        # A Restore button below a list or a form comes back to it.
        back = safe_next(request, reverse("admin:deleted-records"))
        if row is None:
            messages.error(request, "That record is not among the deleted records any more.")
            return HttpResponseRedirect(back)
        entry = restore.Deleted(row)
        restore.attach_cascades([entry])
        try:
            record = restore.restore(entry)
        except (restore.CannotRestore, StaleEdit) as error:
            what = restore.describe_for_message(entry)
            messages.error(request, f"{what} was not restored. {error}")
            return HttpResponseRedirect(back)
        with_it = entry.with_it()
        change_url = reverse(f"admin:series_{model_name}_change", args=[record.pk])
        messages.success(
            request,
            f"Restored {restore.describe_for_message(entry)}"
            + (f" with {with_it}" if with_it else "")
            + ".",
        )
        return HttpResponseRedirect(safe_next(request, change_url))


class UndoAdmin:
    """A record's "Revert…" page, and the links to it and to the deleted records."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {})}
        if can_revert(request.user, self.model):
            extra_context["revert_url"] = self.own_url("revert", object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {})}
        if self.model in restore.BIN_MODELS and can_restore(request.user, self.model):
            extra_context["deleted_records_url"] = (
                reverse("admin:deleted-records") + "?" + urlencode({"kind": self.opts.model_name})
            )
        return super().changelist_view(request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version on the History page leads to the one undo: the Revert… page for a
        record (it goes back with its rows, as one save), the deleted records for one
        deleted since. Without either permission the version shows read-only."""
        record = self.get_object(request, unquote(object_id))
        if record is not None and can_revert(request.user, self.model):
            return HttpResponseRedirect(self.own_url("revert", record.pk))
        if record is None and can_restore(request.user, self.model):
            kind = urlencode({"kind": self.opts.model_name})
            return HttpResponseRedirect(reverse("admin:deleted-records") + "?" + kind)
        if request.method == "POST":  # simple-history's revert of this row alone
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True  # reverting is the Revert… page's

    def own_url(self, name, object_id):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[object_id])

    def revert_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not (
            self.has_change_permission(request, record) and can_revert(request.user, self.model)
        ):
            raise PermissionDenied
        family = revert.Family(self.model, record.pk)
        versions = family.versions()
        url = self.own_url("revert", record.pk)
        if request.method == "POST":
            chosen = next((v for v in versions if v.token == request.POST.get("to")), None)
            if chosen is None:
                messages.error(request, "That version is no longer listed; pick one below.")
                return HttpResponseRedirect(url)
            reason = f"Reverted to the version of {chosen.when}"
            try:
                revert.revert(family, chosen, request.POST.get("seen", ""), reason)
            except (restore.CannotRestore, StaleEdit) as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(url)
            messages.success(
                request, f"{str(record).capitalize()} is back as it was on {chosen.when}."
            )
            return HttpResponseRedirect(self.own_url("change", record.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert {record}",
            "subtitle": None,
            "opts": self.opts,
            "original": record,
            "versions": versions,
            "seen": versions[0].token if versions else "",
            "change_url": self.own_url("change", record.pk),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/series/revert.html", context)
