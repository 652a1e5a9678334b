"""The scorecard's "bubble" view: shows awaiting a decision, ordered by the outlook's odds
or by how late the decision is against the network's own timing.

Three reads whatever the number of shows: the awaiting shows' seasons (with their show
and network), and every stored outlook tally. Every awaiting show is ranked (odds
without their interval, cheap); only the rows shown get the full outlook.
"""

from collections import defaultdict

from django import forms
from django.utils import timezone
from django.views.generic import TemplateView

from series.fuzzy import FuzzyDate
from series.models import Season
from series.outlook import outlook
from series.outlook.model import Question, odds, timing
from series.outlook.tallies import every_record
from series.status import ShowStatus, has_aired

from .scorecard import ShowLinks

ROWS = 50
ORDERS = [("odds", "Lowest odds"), ("late", "Latest decisions")]


class BubbleForm(forms.Form):
    order = forms.ChoiceField(label="Order", choices=ORDERS, required=False)


def awaiting_questions(today):
    """{show: (its open question, title, slug, network name, the next season's number,
    whether that season is on record)} for every published show awaiting a decision: the
    question after its latest aired season."""
    rows = (
        Season.objects.published_by_join()
        .filter(show__status=ShowStatus.AWAITING_DECISION)
        .order_by("show_id", "number")
        .values_list(
            "show_id",
            "show__title",
            "show__slug",
            "show__network_id",
            "show__network__name",
            "number",
            "premiere_date",
            "premiere_precision",
            "finale_date",
            "finale_precision",
        )
    )
    found, numbers = {}, defaultdict(set)
    for show, title, slug, network, name, number, *dates in rows:
        numbers[show].add(number)
        premiere = FuzzyDate(dates[0], dates[1]) if dates[0] else None
        if premiere and has_aired(premiere, today):  # a later aired season replaces it
            finale = FuzzyDate(dates[2], dates[3]) if dates[2] else None
            question = Question(show, network, number, premiere, finale)
            found[show] = (question, title, slug, name, number + 1)
    # The season awaiting a decision links to its own page when it is on record.
    return {show: (*entry, entry[4] in numbers[show]) for show, entry in found.items()}


def bubble(today, order="odds", limit=ROWS):
    """The first `limit` awaiting shows by `order`, each with its outlook."""
    record = every_record()
    if not record.overall.decided:
        return []
    ranked = []
    for question, *named in awaiting_questions(today).values():
        chance = odds(record, question, today, interval=False)
        habit = timing(record, question, today)
        late = habit.later_than if habit and habit.later_than is not None else -1
        since = (habit.since_finale or 0) if habit else 0
        key = (chance.probability, -late) if order == "odds" else (-late, -since)
        ranked.append((key, question.show, question, named))
    ranked.sort(key=lambda entry: entry[:2])
    links = ShowLinks()
    rows = []
    for _, _, question, (title, slug, network, number, recorded) in ranked[:limit]:
        season = number if recorded else None
        link = links.named({"title": title, "slug": slug, "season": season})
        rows.append(
            {
                "title": title,
                "number": number,
                "url": link["url"],
                "network": network,
                "outlook": outlook(record, question, network, today),
            }
        )
    return rows


class BubbleView(TemplateView):
    """Undecided shows ranked by the outlook: estimates from our records, not news."""

    template_name = "series/scorecard_bubble.html"

    def get(self, request, *args, **kwargs):
        self.form = BubbleForm(request.GET)
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.form.is_valid() else 400)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        order = (self.form.cleaned_data.get("order") if self.form.is_valid() else None) or "odds"
        return super().get_context_data(
            form=self.form,
            order=order,
            rows=bubble(today, order) if self.form.is_valid() else [],
            limit=ROWS,
            today=today,
            **kwargs,
        )
