"""The outlook's counts kept in the database, so no request counts.

Two derived tables: `OutlookQuestion`, one row per answered question, and `OutlookTally`,
their sums by network, season group and critic-score band (with and without bands), a
network's sorted delays, and the same sums over all networks.

`recount_shows` replaces the question rows of the shows a batch of changes touched
(read from those shows' facts only), then sums their networks' rows again in SQL; so
a save that changes a decision costs the same few queries on a network of ten shows or
of ten thousand. `series.derive` calls it at the end of each batch that changed a
decision's inputs, and when the calendar answers a question. `recount_everything`
starts afresh, for writers that bypass the models. `stored_record` reads a network's
tallies back as the `Record` the model takes, in one query.

Both models are kept, the plain one and the one with critic-score bands: the latest
backtest run chooses between them (`runs.model_to_show`), and the reads here return the
one it chose.
"""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Q, Sum

from series.models import OutlookQuestion, OutlookTally, Season, Show

from .model import Record, Tally
from .records import recorded_questions
from .runs import shown_by_score_in_sql

EVERY_GROUP, EVERY_BAND = OutlookTally.EVERY_GROUP, OutlookTally.EVERY_BAND
BATCH_SIZE = 2000


def question_rows(questions):
    """The answered questions as `OutlookQuestion` rows (pure): what `Record.of`
    counts, one row each."""
    rows = []
    for question in questions:
        counted = question.counted(by_score=True)
        if counted is None:
            continue
        (group, band), renewed, delay = counted
        rows.append(
            OutlookQuestion(
                show_id=question.show,
                network_id=question.network,
                group=group,
                band=band,
                renewed=renewed,
                delay=delay,
            )
        )
    return rows


def recount_shows(show_ids, network_ids, today, using=DEFAULT_DB_ALIAS):
    """Replace the question rows of `show_ids` as of `today`, then sum the tallies of
    `network_ids` again: the networks those shows are on, and any they left or were
    deleted from.

    Nine queries however large the networks: three reads of the shows' seasons,
    announcements and scores, the rows' delete and insert, then `sum_networks`' four.
    """
    show_ids = set(show_ids) - {None}
    if show_ids:
        shows = Show.objects.using(using).filter(pk__in=show_ids)
        rows = question_rows(recorded_questions(today, shows=shows, using=using))
        OutlookQuestion.objects.using(using).filter(show_id__in=show_ids)._raw_delete(using)
        OutlookQuestion.objects.using(using).bulk_create(rows, batch_size=BATCH_SIZE)
    sum_networks(network_ids, using)


def recount_everything(today, using=DEFAULT_DB_ALIAS):
    """Every question row and tally afresh (after bulk writes)."""
    OutlookQuestion.objects.using(using).all()._raw_delete(using)
    rows = question_rows(recorded_questions(today, using=using))
    OutlookQuestion.objects.using(using).bulk_create(rows, batch_size=BATCH_SIZE)
    OutlookTally.objects.using(using).all()._raw_delete(using)
    sum_networks({row.network_id for row in rows}, using)


def never_counted(using=DEFAULT_DB_ALIAS):
    """Whether the database holds seasons but no question rows: recorded before the
    rows existed (a migrated database), or loaded around the models."""
    questions = OutlookQuestion.objects.using(using)
    return not questions.exists() and Season.objects.using(using).exists()


def sum_networks(network_ids, using=DEFAULT_DB_ALIAS):
    """Sum the question rows of `network_ids` into their tallies, and the all-network
    tallies from those and the other networks' stored tallies: four queries."""
    network_ids = set(network_ids) - {None}
    if not network_ids:
        return
    questions = OutlookQuestion.objects.using(using).filter(network_id__in=network_ids)
    # One row per distinct (cell, outcome, delay): fewer than the questions, and the
    # delays come with them.
    counted = (
        questions.order_by()
        .values_list("network_id", "group", "band", "renewed", "delay")
        .annotate(questions=Count("pk"))
    )
    sums = defaultdict(Tally)  # (network, group, band) -> Tally; network None: all of them
    delays = defaultdict(list)
    for network, group, band, renewed, delay, count in counted:
        for key in (
            (network, group, band),
            (network, group, EVERY_BAND),
            (network, EVERY_GROUP, EVERY_BAND),
            (None, group, band),
            (None, group, EVERY_BAND),
            (None, EVERY_GROUP, EVERY_BAND),
        ):
            _add(sums[key], count if renewed else 0, count)
        if delay is not None:
            delays[network] += [delay] * count
    tallies = OutlookTally.objects.using(using)
    others = (
        tallies.filter(network__isnull=False)
        .exclude(network_id__in=network_ids)
        .exclude(group=EVERY_GROUP)
        .order_by()
        .values_list("group", "band")
        .annotate(renewed_sum=Sum("renewed"), decided_sum=Sum("decided"))
    )
    for group, band, renewed, decided in others:
        _add(sums[(None, group, band)], renewed, decided)
        if band == EVERY_BAND:
            _add(sums[(None, EVERY_GROUP, EVERY_BAND)], renewed, decided)
    new = [
        OutlookTally(
            network_id=network,
            group=group,
            band=band,
            renewed=tally.renewed,
            decided=tally.decided,
            delays=sorted(delays[network]) if network and group == EVERY_GROUP else [],
        )
        for (network, group, band), tally in sums.items()
    ]
    # Raw: a tally is not a fact, so its rows send no signals a batch would note.
    tallies.filter(Q(network_id__in=network_ids) | Q(network__isnull=True))._raw_delete(using)
    tallies.bulk_create(new)


def _add(tally, renewed, decided):
    tally.renewed += renewed
    tally.decided += decided


def stored_record(network_id, by_score=None, using=DEFAULT_DB_ALIAS):
    """The `Record` a question on `network_id` needs (its network's cells and delays,
    every group's and the overall tallies), from the stored tallies in one query; of
    the model the site shows unless `by_score` says which."""
    rows = OutlookTally.objects.using(using).filter(
        Q(network_id=network_id) | Q(network__isnull=True)
    )
    return _record(rows, by_score, using)


def every_record(by_score=None, using=DEFAULT_DB_ALIAS):
    """The `Record` of every network at once (a listing of many networks' questions),
    from the stored tallies in one query; of the model the site shows unless `by_score`
    says which."""
    return _record(OutlookTally.objects.using(using), by_score, using)


def _record(rows, by_score, using):
    rows = list(
        rows.order_by()
        .annotate(shown_by_score=shown_by_score_in_sql())  # read in the same query
        .values_list(
            "network_id", "group", "band", "renewed", "decided", "delays", "shown_by_score"
        )
    )
    if by_score is None:
        by_score = rows[0][-1] if rows else False
    record = Record(by_score=by_score)
    for network, group, band, renewed, decided, delays, _shown in rows:
        _place(record, network, group, band, Tally(renewed, decided), delays)
    return record


def _place(record, network, group, band, tally, delays):
    by_score = record.by_score
    if group == EVERY_GROUP:
        if network is None:
            record.overall = tally
        else:
            record.delays[network] = delays
    elif (band != EVERY_BAND) == by_score:
        key = (group, band) if by_score else (group,)
        if network is None:
            record.groups[key] = tally
        else:
            record.cells[(network, *key)] = tally
