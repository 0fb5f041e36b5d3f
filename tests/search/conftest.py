"""The search engines every contract test runs on (tests/search/test_contract.py,
test_search_contract_table.py)."""

import os
import uuid

import pytest
from django.db import connection

from search import database, elastic
from search.models import SearchEntry


@pytest.fixture
def fresh_elasticsearch(settings):
    """Elasticsearch (noida-db, started by `make test`) under an alias name of its own with nothing
    made yet, as a fresh install finds it; every index of that name is removed afterwards."""
    assert os.environ.get("SEARCH_TEST_URL"), "make test starts noida-db and sets SEARCH_TEST_URL"
    settings.SEARCH_URL = os.environ["SEARCH_TEST_URL"]
    settings.SEARCH_INDEX = name = f"test-{uuid.uuid4().hex[:10]}"
    es = elastic.client()
    yield es
    for index in es.indices.get_alias(index=f"{name}*"):  # versioned ones and a stray one
        es.indices.delete(index=index)


@pytest.fixture(params=["database", "portable", "elasticsearch"])
def engine(request, settings, monkeypatch):
    """The Elasticsearch backend; the database backend in the variant of the test database
    (PostgreSQL full text under `make test`, SQLite FTS5 in its second run); the portable LIKE
    variant that other databases get."""
    if request.param == "portable":
        monkeypatch.setitem(database._variants, str(connection.settings_dict["NAME"]), "portable")
        settings.SEARCH_URL = ""
        yield "database"
        return
    if request.param == "elasticsearch":
        request.getfixturevalue("fresh_elasticsearch")
        elastic.rebuild(SearchEntry.objects.all())
        yield request.param
    else:
        settings.SEARCH_URL = ""
        yield request.param
