"""The file cache production uses without Redis still culls, only less often."""

from pagecache.filecache import CULL_EVERY, FileBasedCache


def test_the_directory_stays_near_max_entries(tmp_path):
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    for n in range(2000):
        cache.set(f"key-{n}", n)
    files = list(tmp_path.glob("*.djcache"))
    assert len(files) <= 50 + CULL_EVERY
    assert cache.get("key-1999") == 1999
