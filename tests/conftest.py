import pytest
from django.core.management import call_command

from tests.factories import EditorFactory


@pytest.fixture
def seed(db):
    """The seed facts from fixtures/spinning_out.json."""
    call_command("loaddata", "spinning_out", verbosity=0)


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
