"""Purge the shared HTTP caches in front (Varnish with xkey) by tag, after a change commits.

Off unless CACHE_PURGE_URLS lists the caches' addresses. Each committed change hands its
tags to one background thread per process, which merges whatever is waiting into one
`PURGE` request per cache (header `xkey-purge: show-12 season-40 ...`, answered by
deploy/varnish/default.vcl), retries a failed one a few times with a growing pause, and
logs what it could not purge. A background thread, not a short timeout in the request:
the editor's save returns without waiting for any network at all, however slow or
unreachable a cache is, and a burst of saves becomes one request. Each purge is sent
again CACHE_PURGE_REPEAT seconds later, for a page a cache fetched while the change
was committing. A purge still refused after its attempts is logged, and its tags are
kept in the database and sent again later (pagecache/outbox.py); until one gets
through, what it costs is bounded by the page's shared max-age (PAGE_CACHE_SHARED_MAX_AGE).
"""

import atexit
import logging
import queue
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"


# Varnish refuses request headers longer than 8 KB (http_req_hdr_len): purge in parts.
MAX_HEADER = 4000


def chunks(tags):
    part, size = [], 0
    for tag in tags:
        if part and size + len(tag) + 1 > MAX_HEADER:
            yield part
            part, size = [], 0
        part.append(tag)
        size += len(tag) + 1
    if part:
        yield part


class Purger:
    """One daemon thread sending queued tags to every configured cache."""

    def __init__(self):
        self.queue = queue.Queue()
        self.lock = threading.Lock()
        self.thread = None
        self.pending = 0  # batches accepted and not yet sent (or given up)
        self.idle = threading.Condition(self.lock)
        # Tags some cache never took, until the outbox keeps them in the database (the
        # request threads write them there: this thread never touches the database).
        self.undelivered = set()

    def send(self, tags):
        urls = settings.CACHE_PURGE_URLS
        if not urls or not tags:
            return
        with self.lock:
            self.pending += 1
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="cache-purge", daemon=True)
                self.thread.start()
        self.queue.put((tuple(urls), frozenset(tags), True))

    def run(self):
        while True:
            batches = [self.queue.get()]
            while True:  # merge everything already waiting into one request per cache
                try:
                    batches.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            by_url = {}
            for urls, tags, _first in batches:
                for url in urls:
                    by_url.setdefault(url, set()).update(tags)
            for url, tags in by_url.items():
                for chunk in chunks(sorted(tags)):
                    if not self.purge(url, chunk):
                        with self.lock:
                            self.undelivered.update(chunk)
            again = [(urls, tags, False) for urls, tags, first in batches if first]
            if not settings.CACHE_PURGE_REPEAT:
                again = []
            with self.lock:
                self.pending += len(again) - len(batches)
                self.idle.notify_all()
            if again:
                # Once more a moment later: a page the cache fetched while the change
                # committed may have reached it just after the first purge.
                timer = threading.Timer(settings.CACHE_PURGE_REPEAT, self.repeat, (again,))
                timer.daemon = True
                timer.start()

    def repeat(self, batches):
        for batch in batches:
            self.queue.put(batch)

    def purge(self, url, tags):
        header = " ".join(tags)
        attempts = settings.CACHE_PURGE_ATTEMPTS
        for attempt in range(1, attempts + 1):
            request = urllib.request.Request(url, method="PURGE", headers={PURGE_HEADER: header})
            try:
                with urllib.request.urlopen(request, timeout=settings.CACHE_PURGE_TIMEOUT):
                    return True
            except (urllib.error.URLError, OSError) as error:
                if attempt == attempts:
                    logger.error(
                        "Could not purge %s from %s after %d attempts: %s; those pages may "
                        "stay in that cache for up to %d s.",
                        header,
                        url,
                        attempts,
                        error,
                        settings.PAGE_CACHE_SHARED_MAX_AGE,
                    )
                    return False
                time.sleep(0.1 * 2**attempt)
        return False

    def take_undelivered(self):
        """The tags no cache took since the last call (each given out once)."""
        with self.lock:
            tags, self.undelivered = self.undelivered, set()
        return tags

    def wait(self, timeout=10):
        """Block until every accepted purge was sent, repeated, or given up."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.idle.wait(left)
        return True


purger = Purger()
send = purger.send
wait = purger.wait
# A worker recycled by gunicorn gets a moment to send what its last saves queued.
atexit.register(lambda: purger.wait(timeout=2))
