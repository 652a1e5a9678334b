"""Django's file cache, without a directory listing on every write.

`FileBasedCache._cull()` lists (globs) the whole cache directory on every `set()` to
count its entries. With thousands of entries that is ~15 ms per write, and a save that
bumps a dozen page-cache tags spent ~350 ms of CPU in it (measured with cProfile on the
2,000-show bench catalogue). This backend counts only on every CULL_EVERY-th write
of each process, so the directory overshoots `max_entries` by at most that many
writes per process.
Remove it if Django's backend stops listing on every write.
"""

import itertools

from django.core.cache.backends import filebased

CULL_EVERY = 100


class FileBasedCache(filebased.FileBasedCache):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()
