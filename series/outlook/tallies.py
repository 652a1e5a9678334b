"""The outlook's counts kept in the database (`OutlookTally`), so no request counts.

`refresh_tallies` re-derives the tallies of some networks from their shows' recorded
decisions, then the all-network rows from the networks' rows. `series.derive` calls it
at the end of each batch that changed a decision's inputs (for the networks touched),
and when the calendar answers a question. `stored_record` reads a network's tallies
back as the `Record` the model takes, in one query.

Both models are kept, the plain one and the one with critic-score bands: the
backtest chooses between them (`choice`), not this module.
"""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, Sum

from series.models import OutlookTally, Show

from .model import Record, Tally
from .records import recorded_questions

EVERY_GROUP, EVERY_BAND = OutlookTally.EVERY_GROUP, OutlookTally.EVERY_BAND


def tally_rows(questions):
    """{(network, group, band): (renewed, decided, delays)} for the networks' rows:
    each group without and with its bands, and each network's every-group row with its
    sorted delays. Pure; the same counts as `Record.of(questions)`."""
    rows = {}
    plain, banded = Record.of(questions), Record.of(questions, by_score=True)
    for record in (plain, banded):
        for (network, group, *band), tally in record.cells.items():
            key = (network, group, band[0] if band else EVERY_BAND)
            rows[key] = (tally.renewed, tally.decided, [])
    totals = defaultdict(Tally)
    for (network, _group, band), (renewed, decided, _) in rows.items():
        if band == EVERY_BAND:
            totals[network].renewed += renewed
            totals[network].decided += decided
    for network, total in totals.items():
        rows[(network, EVERY_GROUP, EVERY_BAND)] = (
            total.renewed,
            total.decided,
            plain.delays.get(network, []),
        )
    return rows


def refresh_tallies(network_ids, today, using=DEFAULT_DB_ALIAS):
    """Re-derive the tallies of `network_ids` as of `today`, then the all-network rows.

    Seven queries whatever the number of networks: three reads of the networks' shows'
    seasons, announcements and scores, a delete and an insert, a sum, and the
    all-network rows' delete and insert.
    """
    network_ids = set(network_ids) - {None}
    if not network_ids:
        return
    shows = Show.objects.using(using).filter(network_id__in=network_ids)
    rows = tally_rows(recorded_questions(today, shows=shows, using=using))
    tallies = OutlookTally.objects.using(using)
    _replace(
        tallies.filter(network_id__in=network_ids),
        [_tally(key, value) for key, value in rows.items()],
        using,
    )
    over_networks = (
        tallies.filter(network__isnull=False)
        .exclude(group=EVERY_GROUP)
        .order_by()
        .values_list("group", "band")
        .annotate(renewed_sum=Sum("renewed"), decided_sum=Sum("decided"))
    )
    wide = {(None, g, band): (r, d, []) for g, band, r, d in over_networks}
    overall = [value for (_, _, band), value in wide.items() if band == EVERY_BAND]
    if overall:
        wide[(None, EVERY_GROUP, EVERY_BAND)] = (
            sum(r for r, _, _ in overall),
            sum(d for _, d, _ in overall),
            [],
        )
    _replace(tallies.filter(network__isnull=True), [_tally(k, v) for k, v in wide.items()], using)


def refresh_all_tallies(today, using=DEFAULT_DB_ALIAS):
    """Every network's tallies afresh (after bulk writes), dropping those of networks
    that no longer have a decision on record."""
    OutlookTally.objects.using(using).all()._raw_delete(using)
    networks = Show.objects.using(using).order_by().values_list("network_id", flat=True)
    refresh_tallies(set(networks.distinct()), today, using)


def _tally(key, value):
    network, group, band = key
    renewed, decided, delays = value
    return OutlookTally(
        network_id=network, group=group, band=band, renewed=renewed, decided=decided, delays=delays
    )


def _replace(rows, new, using):
    # Raw: a tally is not a fact, so its rows send no signals a batch would note.
    rows._raw_delete(using)
    OutlookTally.objects.using(using).bulk_create(new)


def stored_record(network_id, by_score=False, using=DEFAULT_DB_ALIAS):
    """The `Record` a question on `network_id` needs (its network's cells and delays,
    every group's and the overall tallies), from the stored tallies in one query."""
    record = Record(by_score=by_score)
    rows = OutlookTally.objects.using(using).filter(
        Q(network_id=network_id) | Q(network__isnull=True)
    )
    for network, group, band, renewed, decided, delays in rows.order_by().values_list(
        "network_id", "group", "band", "renewed", "decided", "delays"
    ):
        _place(record, network, group, band, Tally(renewed, decided), delays)
    return record


def every_record(by_score=False, using=DEFAULT_DB_ALIAS):
    """The `Record` of every network at once (a listing of many networks' questions),
    from the stored tallies in one query."""
    record = Record(by_score=by_score)
    rows = OutlookTally.objects.using(using).order_by()
    for network, group, band, renewed, decided, delays in rows.values_list(
        "network_id", "group", "band", "renewed", "decided", "delays"
    ):
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
