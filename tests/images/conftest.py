import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every picture test stores its files in a directory of its own, served by Django."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    return settings.MEDIA_ROOT
