"""Admin form pieces: dates typed as a source writes them, and the one-form decision.

A fuzzy date is two columns (`premiere_date`, `premiere_precision`); editors see
one text field for both. What they type is parsed by `FuzzyDate.parse`; on an error
the form comes back with the text exactly as typed and a message saying how to
write it.
"""

from django import forms
from django.contrib.admin.widgets import AdminRadioSelect, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from series.fuzzy import INPUT_FORMATS, FuzzyDate, FuzzyDateAttribute, Precision, UnreadableDate
from series.models import Announcement, Person
from series.status import decision_label

FUZZY_HELP = f"Year-month-day, or as precisely as the source gives it: {INPUT_FORMATS}."


def fuzzy_date_fields(model):
    """{date column: (attribute name, precision column)} for the model's fuzzy dates."""
    return {
        attribute.date_field: (name, attribute.precision_field)
        for name, attribute in vars(model).items()
        if isinstance(attribute, FuzzyDateAttribute)
    }


def precision_fields(model):
    """The precision columns an admin form leaves out: the date field fills them."""
    return [precision for _, precision in fuzzy_date_fields(model).values()]


class FuzzyDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"size": 16, "maxlength": 40, "autocomplete": "off", **(attrs or {})})


class FuzzyDateField(forms.CharField):
    """One text field for a date and its precision; cleans to a `FuzzyDate` or None."""

    widget = FuzzyDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", FUZZY_HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return FuzzyDate.parse(super().to_python(value))
        except UnreadableDate as error:
            raise ValidationError(str(error), code=error.code) from None

    def prepare_value(self, value):
        return value.as_input() if isinstance(value, FuzzyDate) else value


class FuzzyDatesForm(forms.ModelForm):
    """Shows each of the model's fuzzy dates as one `FuzzyDateField`.

    The admin leaves the precision columns out of its forms (`precision_fields`);
    this form fills them from what was typed, before the model is validated.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fuzzy_dates = {}
        for date_field, (name, precision) in fuzzy_date_fields(self._meta.model).items():
            if date_field not in self.fields:
                continue
            self.fuzzy_dates[date_field] = precision
            model_field = self._meta.model._meta.get_field(date_field)
            self.fields[date_field] = FuzzyDateField(
                label=self.fields[date_field].label,
                required=not model_field.blank,
                disabled=self.fields[date_field].disabled,
            )
            if date_field not in self.initial or self.instance.pk is not None:
                self.initial[date_field] = getattr(self.instance, name)
            self.fields.pop(precision, None)

    def _post_clean(self):
        for date_field, precision in self.fuzzy_dates.items():
            if date_field in self.cleaned_data:
                value = self.cleaned_data[date_field]
                self.cleaned_data[date_field] = value.start if value else None
                setattr(self.instance, precision, value.precision if value else Precision.DAY)
        super()._post_clean()


FUTURE_ON_PURPOSE = "This date is in the future on purpose"


class FutureDateConfirmation(forms.Form):
    """An announcement dated after today is refused unless the editor ticks a box.

    A future date is nearly always a mistyped year, and it would make that decision read
    as newer than every real one; a source that does date its news ahead is still
    recorded, once the editor says so. "After today" as the fact check reads it
    (`series.consistency`): the period typed starts after today.
    """

    future_on_purpose = forms.BooleanField(
        label=FUTURE_ON_PURPOSE,
        required=False,
        help_text="Tick only if the source really dates this announcement after today.",
    )

    def clean(self):
        cleaned_data = super().clean()
        announced = cleaned_data.get("announced_date")
        today = timezone.localdate()
        if (
            announced
            and announced.start > today
            and self.typed_date()
            and not cleaned_data.get("future_on_purpose")
        ):
            self.add_error(
                "announced_date",
                ValidationError(
                    "Announced: %(date)s is after today (%(today)s). Correct the date, or "
                    "tick “%(box)s” and save again.",
                    code="future_date",
                    params={
                        "date": announced,
                        "today": today.isoformat(),
                        "box": FUTURE_ON_PURPOSE,
                    },
                ),
            )
        return cleaned_data

    def typed_date(self):
        """Whether the date is typed now: a new announcement, or its date changed. One
        already stored (an import, a confirmed one) does not block editing its season."""
        instance = getattr(self, "instance", None)
        return instance is None or instance._state.adding or "announced_date" in self.changed_data


class RecordDecisionForm(FutureDateConfirmation, FuzzyDatesForm):
    """Decision, date, source and summary: everything a sourced decision needs, one save."""

    class Meta:
        model = Announcement
        fields = ["decision", "announced_date", "source_name", "source_url", "summary"]
        widgets = {
            "decision": AdminRadioSelect(attrs={"class": "inline"}),
            "source_url": forms.URLInput(attrs={"class": "vURLField"}),
            "summary": forms.TextInput(attrs={"class": "vTextField"}),
        }
        labels = {"announced_date": "Announced"}

    def __init__(self, *args, season, **kwargs):
        kwargs.setdefault("instance", Announcement(season=season))
        super().__init__(*args, **kwargs)
        # Radio buttons: one click each, and no empty "---------" choice to pick by mistake.
        self.fields["decision"].choices = [
            (value, decision_label(value, season.number))
            for value, _ in self.fields["decision"].choices
            if value
        ]
        self.fields["source_name"].widget.attrs["class"] = "vTextField"

    def _get_validation_exclusions(self):
        # The season is set by the page, not typed; check "already recorded" against it.
        return super()._get_validation_exclusions() - {"season"}


# People and cast: a new person typed into the person box --------------------------------

NEW_PERSON_PREFIX = "new:"


def unique_person_slug(name):
    """A slug for a new person: the name's, numbered if another person already has it."""
    base = slugify(name)[:190] or "person"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class PersonOrNewNameWidget(AutocompleteSelect):
    """The admin's person search, which also offers to create the name typed
    (static/js/person-autocomplete.js sends it back as "new:<name>")."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Not "admin-autocomplete": that class is Django's script's, and ours sets it up.
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "person-or-new")
        attrs["data-new-prefix"] = NEW_PERSON_PREFIX
        return attrs

    def optgroups(self, name, value, attr=None):
        """A typed new name shown again (a form with errors) as the option it was."""
        new_names = [str(v) for v in value if str(v).startswith(NEW_PERSON_PREFIX)]
        existing = [v for v in value if str(v) not in new_names]
        groups = super().optgroups(name, existing, attr)
        for new_name in new_names:
            label = f"{new_name.removeprefix(NEW_PERSON_PREFIX)} (new person)"
            option = self.create_option(name, new_name, label, True, len(groups))
            groups.append((None, [option], len(groups)))
        return groups

    @property
    def media(self):
        # Named after jquery.init.js (which follows select2), so merged media keep the order.
        ours = forms.Media(js=["admin/js/jquery.init.js", "js/person-autocomplete.js"])
        return super().media + ours


class PersonOrNewNameField(forms.ModelChoiceField):
    """A person's id, or "new:<name>" for a person to create: cleans to the person,
    unsaved if new (`NewPersonForm` saves it with the credit)."""

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(NEW_PERSON_PREFIX):
            name = " ".join(value.removeprefix(NEW_PERSON_PREFIX).split())
            person = Person(name=name)
            try:
                person.clean_fields(exclude=["slug"])
            except ValidationError as error:
                raise ValidationError(
                    "A new person needs a name of 1 to 200 characters.", code="invalid_new_name"
                ) from error
            return person
        return super().to_python(value)

    def validate(self, value):
        # An unsaved new person is not among the choices; an existing one must be.
        if value is None or value.pk is not None:
            super().validate(value)


class NewPersonForm(forms.ModelForm):
    """A credit form whose person may be new: the person is created when the credit
    is saved, in the same transaction (the admin save's batch), never for a form
    that failed."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self.new_person() is not None:
            # Nothing can duplicate a person not yet saved (nor be queried by it).
            exclusions = exclusions | {"person"}
        return exclusions

    def new_person(self):
        person = getattr(self, "cleaned_data", {}).get("person")
        return person if person is not None and person.pk is None else None

    def save(self, commit=True):
        person = self.new_person()
        if person is not None:
            person.slug = unique_person_slug(person.name)
            person.save()
            self.instance.person = person  # sets person_id, now that it exists
        return super().save(commit)
