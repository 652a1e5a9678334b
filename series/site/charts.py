"""A season's critic scores over time, drawn as a small SVG on the server.

No script and no chart library: the page carries the points as SVG shapes whose
colours come from the stylesheet (so dark mode restyles them), and the same
numbers in a table beside the chart for anyone who cannot see it.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 12, 30
MARKERS = {"rotten_tomatoes": "circle", "metacritic": "square"}


@dataclass
class Line:
    key: str
    label: str
    marker: str
    points: list = field(default_factory=list)  # [{"x", "y", "score", "when"}]

    @property
    def polyline(self):
        return " ".join(f"{p['x']},{p['y']}" for p in self.points)


@dataclass
class Chart:
    width: int
    height: int
    lines: list
    gridlines: list  # [{"y", "label"}]
    ticks: list  # [{"x", "label", "anchor"}]
    summary: str
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - 8


def score_history(scores):
    """The chart for `scores` (ordered by aggregator, then date), or None under two dated points.

    Undated snapshots cannot be placed in time: they stay in the table only.
    """
    dated = [score for score in scores if score.retrieved_date]
    if len(dated) < 2:
        return None
    first = min(score.retrieved_date for score in dated)
    last = max(score.retrieved_date for score in dated)
    span = (last - first).days
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x(day):
        if span == 0:
            return LEFT + plot_width // 2
        return round(LEFT + (day - first).days / span * plot_width, 1)

    def y(score):
        return round(TOP + (100 - score) / 100 * plot_height, 1)

    lines = {}
    for score in dated:
        line = lines.setdefault(
            score.aggregator,
            Line(
                key=score.aggregator,
                label=score.get_aggregator_display(),
                marker=MARKERS.get(score.aggregator, "circle"),
            ),
        )
        px, py = x(score.retrieved_date), y(score.score)
        line.points.append(
            {
                "x": px,
                "y": py,
                "left": round(px - 4.5, 1),
                "top": round(py - 4.5, 1),
                "score": score.display_score,
                "when": str(score.retrieved),
            }
        )
    ticks = [{"x": x(first), "label": str(dated_label(first, dated)), "anchor": "start"}]
    if span:
        ticks.append({"x": x(last), "label": str(dated_label(last, dated)), "anchor": "end"})
    summary = "; ".join(
        f"{line.label}: {line.points[0]['score']} ({line.points[0]['when']}) to "
        f"{line.points[-1]['score']} ({line.points[-1]['when']})"
        for line in lines.values()
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        lines=list(lines.values()),
        gridlines=[{"y": y(value), "label": value} for value in (0, 25, 50, 75, 100)],
        ticks=ticks,
        summary=summary,
    )


def dated_label(day, scores):
    """How the snapshot on `day` is dated, at its own precision ("March 2020")."""
    return next(score.retrieved for score in scores if score.retrieved_date == day)
