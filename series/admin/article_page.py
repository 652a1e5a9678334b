"""The preview of "Read an article": one form per fact the reader found, each with the
sentence it came from, bound to what the editor posted (or, on the first reading, to
the reading itself, so the first preview is checked and planned as a posted one is)."""

from series.models import Network

from .article_drafts import people_named
from .article_forms import SEASON_FORMS, CastForm, CrewForm, ScoreForm, ShowForm
from .people import person_label, with_best_known_credit

MADE = ("premiere", "finale", "episodes")


def found_nothing(reading):
    return not (
        reading["show"]
        or reading["seasons"]
        or reading["cast"]
        or reading["crew"]
        or reading["scores"]
    )


def cast_season(reading):
    """The season a cast list goes on: the latest the article says was made (it aired:
    dates or episodes, no decision to come), else the first season it names, else 1.
    The seed's cast is on its season 1, the one that aired."""
    made = [
        season["number"]
        for season in reading["seasons"]
        if set(season) & set(MADE) and "decision" not in season
    ]
    if made:
        return max(made)
    return min((season["number"] for season in reading["seasons"]), default=1)


def reading_as_data(reading):
    """The reading as the preview's form posts it, every fact kept."""
    show = reading["show"] or {}
    network = Network.objects.filter(name__iexact=show.get("network", "")).first()
    data = {"show-title": show.get("title", ""), "show-network": network.pk if network else ""}
    for index, season in enumerate(reading["seasons"]):
        for key in SEASON_FORMS:
            if key in season:
                prefix = f"season-{index}-{key}"
                data[f"{prefix}-include"] = "on"
                data[f"{prefix}-value"] = season[key]
                if key == "decision":
                    data[f"{prefix}-date"] = season.get("decided", "")
    default_season = cast_season(reading)
    for index, credit in enumerate(reading["cast"]):
        prefix = f"cast-{index}"
        data |= {
            f"{prefix}-include": "on",
            f"{prefix}-person": credit["person"],
            f"{prefix}-character": credit["character"],
            f"{prefix}-season": default_season,
        }
    for index, credit in enumerate(reading["crew"]):
        prefix = f"crew-{index}"
        data |= {f"{prefix}-include": "on", f"{prefix}-person": credit["person"]}
        data[f"{prefix}-job"] = credit["job"]
    for index, score in enumerate(reading["scores"]):
        prefix = f"score-{index}"
        data[f"{prefix}-include"] = "on"
        for key, name in [("season", "season"), ("aggregator", "aggregator"), ("score", "score")]:
            data[f"{prefix}-{name}"] = score[key]
        data[f"{prefix}-average"] = score.get("average", "")
        data[f"{prefix}-count"] = score.get("count", "")
    return data


class ArticlePage:
    """Every fact's form, bound to `data` (a posted preview) or to the reading."""

    def __init__(self, reading, data=None):
        self.reading = reading
        data = data if data is not None else reading_as_data(reading)
        show = reading["show"] or {}
        self.show_form = ShowForm(
            data,
            prefix="show",
            evidence=show.get("evidence_by_fact", {}),
            read_network=show.get("network", ""),
        )
        self.season_forms = []  # (season number, [(key, form)])
        for index, season in enumerate(reading["seasons"]):
            sentences = season["evidence_by_fact"]
            forms = []
            for key, form_class in SEASON_FORMS.items():
                if key not in season:
                    continue
                evidence = sentences[key]
                if key == "decision" and sentences.get("decided", evidence) != evidence:
                    evidence = f"{evidence} {sentences['decided']}"
                forms.append(
                    (key, form_class(data, prefix=f"season-{index}-{key}", evidence=evidence))
                )
            self.season_forms.append((season["number"], forms))
        names = [data.get(f"cast-{i}-person", "") for i in range(len(reading["cast"]))]
        names += [data.get(f"crew-{i}-person", "") for i in range(len(reading["crew"]))]
        self.namesakes = people_named(names, prepare=with_best_known_credit)
        self.cast_forms = [
            self.person_form(CastForm, data, f"cast-{index}", credit)
            for index, credit in enumerate(reading["cast"])
        ]
        self.crew_forms = [
            self.person_form(CrewForm, data, f"crew-{index}", credit)
            for index, credit in enumerate(reading["crew"])
        ]
        self.score_forms = [
            ScoreForm(data, prefix=f"score-{index}", evidence=score["evidence"])
            for index, score in enumerate(reading["scores"])
        ]

    def person_form(self, form_class, data, prefix, credit):
        name = " ".join(str(data.get(f"{prefix}-person", "")).split()).casefold()
        people = self.namesakes.get(name, [])
        return form_class(
            data,
            prefix=prefix,
            evidence=credit["evidence"],
            namesakes=[(person, person_label(person)) for person in people],
            preferred=people[0] if len(people) == 1 else None,
        )

    def fact_forms(self):
        for _, forms in self.season_forms:
            for _, form in forms:
                yield form
        yield from self.cast_forms
        yield from self.crew_forms
        yield from self.score_forms

    @property
    def prefixes(self):
        return {form.prefix for form in self.fact_forms()}

    def is_valid(self):
        # Every form validated (no short cut), so each shows its own errors.
        results = [self.show_form.is_valid()] + [form.is_valid() for form in self.fact_forms()]
        return all(results)

    def kept(self, forms):
        return [form for form in forms if form.kept]

    def kept_season_forms(self):
        for number, forms in self.season_forms:
            for key, form in forms:
                if form.kept:
                    yield number, key, form

    def add_errors(self, errors):
        """Errors of a write that was undone, beside the facts they are about; the rest
        (a season the facts needed, say) for the top of the page."""
        forms = {form.prefix: form for form in self.fact_forms()}
        forms["show"] = self.show_form
        elsewhere = []
        for row, messages in errors.items():
            form = forms.get(row)
            for message in messages:
                if form is not None:
                    form.add_error(None, message)
                else:
                    elsewhere.append(message)
        return elsewhere

    def counts(self):
        """How many facts of each kind were read, for the preview's heading."""
        seasons = sum(len(forms) for _, forms in self.season_forms)
        return {
            "show": 1,
            "season facts": seasons,
            "cast": len(self.cast_forms),
            "crew": len(self.crew_forms),
            "scores": len(self.score_forms),
        }
