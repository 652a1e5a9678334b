"""Settings for a worker that is killed while a mail is on its way to the SMTP server."""

from showtracker.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.follows.worker.KillBeforeSendBackend"
