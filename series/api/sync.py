"""Where an announcements sync may resume without missing a change: the answer's cursor.

A change is stamped when it is saved (an announcement's `updated_at`, a history row's
`history_date`, both from the app server's clock) and becomes visible when its
transaction commits, which may be much later. A client that resumed from the newest
stamp it saw would skip a change saved earlier in a transaction still open, as soon as
a later one committed first. So an answer's cursor is a moment no uncommitted change
can be stamped before (`settled_before`): whatever the client has not received yet
carries a stamp at or after it, and the next sync from there brings it. Changes between
the cursor and the answer come again; clients replace what they hold by id.

How that moment is known depends on the database:

- PostgreSQL: writers run concurrently. The oldest transaction that has written
  (`pg_stat_activity.backend_xid`) started at `xact_start`; it cannot have stamped a
  change before it started, and a transaction that has not written yet will stamp its
  changes later than now. A transaction the app's role may not inspect (another role's,
  without `pg_read_all_stats`) counts as started when the server did.
- SQLite: one writer at a time, and the project's `IMMEDIATE` transactions take the
  write lock before anything is stamped; so an uncommitted change is stamped after the
  newest committed one.
- Any other database: now. Changes committed more than `MARGIN` after they were
  stamped may be skipped there.

On PostgreSQL too the cursor goes no further than the newest committed change: while
nothing changes, the cursor, and with it the whole answer and its ETag, stays the same,
so a client polling with If-None-Match gets a 304.

`MARGIN` is taken off every cursor: it covers the moment between stamping a change and
its first write to the database, and clock drift between the app servers and the
database server (keep them on NTP).
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from series.models import Announcement, Show

# Re-sends the changes of the last five seconds once more; misses nothing stamped
# up to five seconds before its transaction first wrote.
MARGIN = datetime.timedelta(seconds=5)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# now(), not statement_timestamp(): in a transaction PostgreSQL keeps the picture of
# pg_stat_activity it took first, never earlier than the transaction's start, so a
# writer missing from it began after now() and stamps its changes after it.
OLDEST_WRITER = """
    SELECT LEAST(now(), MIN(COALESCE(xact_start, pg_postmaster_start_time())))
    FROM pg_stat_activity
    WHERE backend_xid IS NOT NULL
      AND pid <> pg_backend_pid()
      AND datname = current_database()
"""


def settled_before(connection):
    """The moment before which every change on `connection`'s database is committed (or
    rolled back), less `MARGIN`. Read it before the rows it is the cursor of."""
    newest = _newest_stamp_sql(connection)
    if connection.vendor == "postgresql":
        # LEAST skips a NULL: with nothing committed yet, the open writers decide.
        moment = _read_moment(connection, f"SELECT LEAST(({newest}), ({OLDEST_WRITER}))")
    elif connection.vendor == "sqlite":
        moment = min(_read_moment(connection, newest) or EPOCH, timezone.now())
    else:
        moment = timezone.now()
    return moment - MARGIN


def _read_moment(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        value = cursor.fetchone()[0]
    if isinstance(value, str):  # SQLite's text, in UTC
        value = parse_datetime(value).replace(tzinfo=datetime.UTC)
    return value


def _newest_stamp_sql(connection):
    """The newest stamp among the sync's sources (announcements changed, deleted, shows
    unpublished), each read from the end of its index."""
    quote = connection.ops.quote_name
    sources = [
        (Announcement, "updated_at"),
        (Announcement.history.model, "history_date"),
        (Show.history.model, "history_date"),
    ]
    newest = " UNION ALL ".join(
        f"SELECT MAX({quote(column)}) AS stamp FROM {quote(model._meta.db_table)}"
        for model, column in sources
    )
    return f"SELECT MAX(stamp) FROM ({newest}) AS stamps"
