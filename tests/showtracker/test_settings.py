"""Settings come from the environment: safe in development, strict in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.com")
    assert result.returncode == 0, result.stderr


def test_development_needs_no_environment():
    assert run_check().returncode == 0


def cache_backend(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CACHE_URL"}}
    env.update(environment)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "showtracker.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_workers_share_the_page_cache_without_redis():
    """Per-process memory would let one gunicorn worker miss another's invalidation."""
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 60}
    assert cache_backend(**production).endswith("FileBasedCache")
    assert cache_backend(**production, CACHE_URL="redis://127.0.0.1:6379/1").endswith("RedisCache")
    assert cache_backend().endswith("LocMemCache")
