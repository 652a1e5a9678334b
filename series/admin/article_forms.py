"""The forms of "Read an article": the article itself, then one small form per fact read
from it, each with a "Keep" box and the value the editor may correct.

A fact's form is named by its kind and its place in the reading (`cast-3`,
`season-0-premiere`), so the confirmation reads the article again and pairs each posted
form with the fact it shows; a name the reading has no fact for is a tampered form
(`unknown_rows`).
"""

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from series.models import (
    ANNOUNCED_DECISIONS,
    Aggregator,
    CrewJob,
    HttpURLFormField,
    Network,
)

from .forms import FuzzyDateField

TEXT_LIMIT = 100_000  # characters: a long feature is a tenth of it
NEW_PERSON = "new"


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Article text",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80, "spellcheck": "false"}),
        help_text="Paste the whole article, headline first.",
        error_messages={"required": "Paste the article's text: there is nothing to read."},
    )
    url = HttpURLFormField(
        label="Article URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where the article is published: the source URL of its announcements.",
        error_messages={"invalid": "Enter the article's full address, starting with https://."},
    )
    publication = forms.CharField(
        label="Publication",
        max_length=200,
        help_text='Who published it, for example "Variety": the source of its announcements.',
    )

    def clean_publication(self):
        return " ".join(self.cleaned_data["publication"].split())


class FactForm(forms.Form):
    """One proposed fact: kept unless the editor unticks it; its values are needed only
    when it is kept, so an unticked fact with an emptied value is no error."""

    include = forms.BooleanField(label="Keep", required=False, initial=True)
    needed = ()  # the fields a kept fact must have

    def __init__(self, *args, evidence="", **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = evidence

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include"):
            for name in self.needed:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Needed for a fact you keep (or untick it).")
        return cleaned

    @property
    def kept(self):
        return self.is_bound and self.cleaned_data.get("include")


class ShowForm(forms.Form):
    """The show's title and network: a show is matched by both, or created as a draft."""

    title = forms.CharField(label="Title", max_length=200)
    network = forms.ModelChoiceField(
        label="Network",
        queryset=Network.objects.order_by("name"),
        empty_label="Choose the network",
        error_messages={"required": "Choose the show's network."},
    )

    def __init__(self, *args, evidence=None, read_network="", **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = evidence or {}
        self.read_network = read_network


def _date(label):
    return FuzzyDateField(label=label, required=False, help_text="")


class PremiereForm(FactForm):
    value = _date("Premiere")
    needed = ("value",)


class FinaleForm(FactForm):
    value = _date("Finale")
    needed = ("value",)


class EpisodesForm(FactForm):
    value = forms.IntegerField(label="Episodes", required=False, min_value=0, max_value=9999)
    needed = ("value",)


class DecisionForm(FactForm):
    value = forms.ChoiceField(label="Decision", choices=ANNOUNCED_DECISIONS, required=False)
    date = _date("Announced")
    needed = ("value", "date")


SEASON_FORMS = {
    "premiere": PremiereForm,
    "finale": FinaleForm,
    "episodes": EpisodesForm,
    "decision": DecisionForm,
}


def _season_number(label="Season"):
    return forms.IntegerField(
        label=label,
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        widget=forms.NumberInput(attrs={"min": 1, "max": 999, "class": "vSmallIntegerField"}),
    )


class PersonFactForm(FactForm):
    """A credit's person: matched by name to an existing person, or new. With namesakes
    (people of that name) the editor picks one of them or a new person."""

    person = forms.CharField(label="Person", max_length=200, required=False)
    match = forms.ChoiceField(label="Who", required=False)

    def __init__(self, *args, namesakes=(), preferred=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.namesakes = list(namesakes)
        choices = [(str(person.pk), label) for person, label in self.namesakes]
        self.fields["match"].choices = [
            ("", "Choose who this is"),
            *choices,
            (NEW_PERSON, "A new person of this name"),
        ]
        if not self.namesakes:
            self.initial["match"] = NEW_PERSON
        elif preferred is not None:
            self.initial["match"] = str(preferred.pk)
        if self.is_bound and self.data.get(self.add_prefix("match")) not in dict(
            self.fields["match"].choices
        ):
            # The name was corrected since the preview: its namesakes are others now.
            self.data = self.data.copy()
            self.data[self.add_prefix("match")] = self.initial.get("match", "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include") and self.namesakes and not cleaned.get("match"):
            self.add_error(
                "match",
                f"{len(self.namesakes)} people are named {cleaned.get('person')}: choose one, "
                "or a new person.",
            )
        return cleaned

    @property
    def is_new_person(self):
        value = self["match"].value() if self.is_bound else self.initial.get("match")
        return value == NEW_PERSON

    def chosen_person(self):
        """The existing person chosen, or None for a new one."""
        value = self.cleaned_data.get("match")
        for person, _ in self.namesakes:
            if str(person.pk) == value:
                return person
        return None


class CastForm(PersonFactForm):
    character = forms.CharField(label="Character", max_length=200, required=False)
    season = _season_number()
    needed = ("person", "character", "season")


class CrewForm(PersonFactForm):
    job = forms.ChoiceField(label="Job", choices=CrewJob.choices, required=False)
    needed = ("person", "job")


class ScoreForm(FactForm):
    season = _season_number()
    aggregator = forms.ChoiceField(label="Aggregator", choices=Aggregator.choices, required=False)
    score = forms.IntegerField(label="Score", required=False, min_value=0, max_value=100)
    average = forms.DecimalField(
        label="Average", required=False, min_value=0, max_value=10, max_digits=3, decimal_places=1
    )
    count = forms.IntegerField(label="Reviews", required=False, min_value=0, max_value=100000)
    needed = ("season", "aggregator", "score", "count")


ROW_NAME = re.compile(r"^(?P<row>(?:season-\d+-[a-z]+|cast-\d+|crew-\d+|score-\d+))-[a-z_]+$")
ANY_ROW = re.compile(r"^(?P<row>(?:season|cast|crew|score)-\d+(?:-[a-z]+)?)-")


def unknown_rows(data, known):
    """The fact forms `data` posts that are not among `known` (their prefixes): a form
    tampered with, or an article changed between the preview and the confirmation."""
    unknown = set()
    for name in data:
        if not ANY_ROW.match(name):
            continue
        match = ROW_NAME.match(name)
        row = match["row"] if match else name.rsplit("-", 1)[0]
        if row not in known:
            unknown.add(row)
    return sorted(unknown)
