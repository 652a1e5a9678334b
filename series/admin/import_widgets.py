"""How a file's cells name related records and yes/no values, both ways.

Editors write networks, genres and people by name, as the admin shows them; a slug is
still accepted, so older files import too. Exports write names (a slug only for a person
who shares a name), so an exported file imports back unchanged.
"""

from django.db.models import Count, Q
from import_export import widgets


def listed(names, limit=12):
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


class NamedRecords:
    """Finds a model's records by slug or (case-insensitive) name, once per value in an
    import; a value that names none, or several, raises ValueError saying what to write."""

    def __init__(self, model):
        self.model = model
        self.found = {}
        self.shared_names = None

    @property
    def kind(self):
        return self.model._meta.verbose_name

    def get(self, text):
        if text not in self.found:
            try:
                self.found[text] = self.find(text)
            except ValueError as error:
                self.found[text] = error
        if isinstance(self.found[text], ValueError):
            raise self.found[text]
        return self.found[text]

    def find(self, text):
        matches = list(self.model.objects.filter(Q(slug=text) | Q(name__iexact=text))[:10])
        by_slug = [record for record in matches if record.slug == text]
        if by_slug:
            return by_slug[0]
        if len(matches) == 1:
            return matches[0]
        if matches:
            slugs = listed(record.slug for record in matches)
            raise ValueError(
                f"{len(matches)} {self.model._meta.verbose_name_plural} are named “{text}”: "
                f"write the slug of the one you mean ({slugs})."
            )
        raise ValueError(f"No {self.kind} is named “{text}”. {self.fix()}")

    def fix(self):
        return (
            f"Check the spelling, or add the {self.kind} in the admin first "
            "(a slug is accepted too)."
        )

    def label(self, record):
        """The record's name, or its slug when another record has the same name."""
        if self.shared_names is None:
            self.shared_names = (
                set()
                if self.model._meta.get_field("name").unique
                else set(
                    self.model.objects.values("name")
                    .annotate(same=Count("pk"))
                    .filter(same__gt=1)
                    .values_list("name", flat=True)
                )
            )
        return record.slug if record.name in self.shared_names else record.name


class NameWidget(widgets.ForeignKeyWidget):
    """A network or a person, named by name or slug."""

    def __init__(self, model):
        super().__init__(model, field="slug")
        self.records = NamedRecords(model)

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        return self.records.get(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return self.records.label(value) if value is not None else ""


class ClosedListRecords(NamedRecords):
    """Records from a short list the editors keep (genres): an unknown one lists them."""

    def fix(self):
        names = self.model.objects.order_by("name").values_list("name", flat=True)
        return f"Use one of: {listed(names)}; or add the {self.kind} in the admin first."


class NamesWidget(widgets.ManyToManyWidget):
    """Genres as names separated by "|" ("Comedy|Romance"); any unknown name is an error
    for the row, never dropped."""

    def __init__(self, model):
        super().__init__(model, field="slug", separator="|")
        self.records = ClosedListRecords(model)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator)]
        found, problems = [], []
        for name in filter(None, names):
            try:
                found.append(self.records.get(name))
            except ValueError as error:
                problems.append(str(error))
        if problems:
            raise ValueError(" ".join(problems))
        return list(dict.fromkeys(found))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # A row's records (a preview) in the order the stored ones are read: by name.
        records = sorted(value, key=lambda r: r.name) if isinstance(value, list) else value.all()
        return self.separator.join(self.records.label(record) for record in records)


class YesNoWidget(widgets.BooleanWidget):
    """ "yes" or "no" (1/0 and true/false, as older exports wrote, are read too)."""

    YES = {"yes", "y", "1", "true"}
    NO = {"no", "n", "0", "false"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"Write “yes” or “no”, not “{value or ''}”.")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"
