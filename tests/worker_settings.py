"""Settings for a worker that is killed right after the SMTP server accepted a mail."""

from showtracker.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.follows.worker.KillAfterSendBackend"
