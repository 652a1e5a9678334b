"""Forms for the public pages other than the show list (see `series.filters`)."""

from django import forms


class ScorecardForm(forms.Form):
    """The scorecard's year: shows with a premiere or an announced decision that year."""

    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1900,
        max_value=2100,
        help_text="Shows with a season premiere or a decision announced that year.",
        # Text, not type=number: a rejected value like "abc" is shown back as typed.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
