"""Issue #24: with SEARCH_URL set, a fresh install works in any order. The first write or read makes
the versioned index (the project's analyzers) and the alias; rebuild_search_index works after it,
and replaces a plain index that older versions left at the alias name (noida-db, started by
`make test`, speaking the Elasticsearch 8 REST API)."""

import io
import re

import pytest
from django.core.management import call_command
from elasticsearch import Elasticsearch

from lessons.factories import publish_lesson
from search import backend
from search.models import SearchEntry
from tests.lessons.conftest import lessons_of

pytestmark = pytest.mark.django_db

TITLE = "Nuôi ong lấy mật ở vùng đồi"


def indices_of(es, name) -> list[str]:
    """Every index of this alias name: the versioned ones and a plain one at the name itself."""
    return sorted(es.indices.get_alias(index=f"{name}*"))


def behind_alias(es, name) -> list[str]:
    return sorted(es.indices.get_alias(name=name)) if es.indices.exists_alias(name=name) else []


def assert_versioned_with_vietnamese_mapping(es, name, index) -> None:
    assert re.fullmatch(rf"{re.escape(name)}-\d+", index)
    analysis = es.indices.get_settings(index=index)[index]["settings"]["index"]["analysis"]
    assert analysis["analyzer"]["vi_folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    assert analysis["analyzer"]["vi_exact"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase"],
    }
    fields = es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    for text in ("title", "summary"):
        assert fields[text]["analyzer"] == "vi_folded"
        assert fields[text]["fields"]["exact"]["analyzer"] == "vi_exact"
    assert fields["body"]["analyzer"] == "vi_folded"
    assert fields["suggest"]["type"] == "completion"
    assert fields["kind"]["type"] == fields["centre"]["type"] == "keyword"


def publish(centre, title, capture):
    with capture(execute=True):  # the indexing task runs at once in tests
        return publish_lesson(lessons_of(centre), title=title)


def rebuild_search_index() -> str:
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    return out.getvalue()


def first_titles(query, n=3):
    outcome = backend.search(query)
    assert outcome.engine == "elasticsearch" and outcome.notice == ""
    return [hit.entry.title for hit in outcome.hits][:n]


def test_first_publish_makes_the_alias_then_rebuild_works(
    fresh_elasticsearch, settings, centre_a, django_capture_on_commit_callbacks
):
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    assert indices_of(es, name) == []
    lesson = publish(centre_a, TITLE, django_capture_on_commit_callbacks)

    [first] = behind_alias(es, name)
    assert indices_of(es, name) == [first]
    assert_versioned_with_vietnamese_mapping(es, name, first)
    assert es.get(index=name, id=lesson.pk)["_index"] == first
    assert first_titles("nuoi ong lay mat", 1) == [TITLE]  # folded: the analyzers are in use

    assert "Đã đưa" in rebuild_search_index()
    [rebuilt] = behind_alias(es, name)
    assert rebuilt != first
    assert indices_of(es, name) == [rebuilt]  # the first one deleted in the swap
    assert_versioned_with_vietnamese_mapping(es, name, rebuilt)
    assert es.count(index=name)["count"] == SearchEntry.objects.count() > 100  # the demo network
    assert first_titles("nuoi ong lay mat", 1) == [TITLE]
    assert "Tủ sách cộng đồng: hướng dẫn tổ chức" in first_titles("tu sach cong dong")


def test_rebuild_replaces_a_plain_index_left_at_the_alias_name(
    fresh_elasticsearch, settings, centre_a, django_capture_on_commit_callbacks
):
    """An install from before issue #24: the first publish auto-created a plain index (default
    mapping) at the alias name, and the rebuild failed ("invalid alias name")."""
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    es.index(index=name, id=999_999_999, document={"title": "Trang cũ"}, refresh=True)
    assert not es.indices.exists_alias(name=name)

    lesson = publish(centre_a, TITLE, django_capture_on_commit_callbacks)
    # left alone until the rebuild (searches go on working): written there, nothing made beside it
    assert indices_of(es, name) == [name]
    assert es.get(index=name, id=lesson.pk)["_index"] == name

    assert "Đã đưa" in rebuild_search_index()
    [rebuilt] = behind_alias(es, name)
    assert indices_of(es, name) == [rebuilt]  # the plain index is gone; its name is the alias
    assert_versioned_with_vietnamese_mapping(es, name, rebuilt)
    assert not es.exists(index=name, id=999_999_999)
    assert first_titles("nuoi ong lay mat", 1) == [TITLE]

    later = publish(centre_a, "Trồng nấm rơm trong nhà", django_capture_on_commit_callbacks)
    assert es.get(index=name, id=later.pk)["_index"] == rebuilt
    assert first_titles("trong nam rom", 1) == ["Trồng nấm rơm trong nhà"]


def test_two_publishes_before_any_rebuild_make_one_index_checked_once(
    fresh_elasticsearch, settings, centre_a, django_capture_on_commit_callbacks, monkeypatch
):
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    requests = []
    real = Elasticsearch.perform_request

    def counted(client, method, path, **kwargs):
        requests.append(f"{method} {path}")
        return real(client, method, path, **kwargs)

    monkeypatch.setattr(Elasticsearch, "perform_request", counted)
    first = publish(centre_a, TITLE, django_capture_on_commit_callbacks)
    assert requests == [
        f"HEAD /_alias/{name}",
        f"HEAD /{name}",
        f"PUT /{name}-0",  # the index, its mapping and the alias in one request
        f"PUT /{name}/_doc/{first.pk}",
    ]
    requests.clear()
    second = publish(centre_a, "Trồng nấm rơm trong nhà", django_capture_on_commit_callbacks)
    assert requests == [f"PUT /{name}/_doc/{second.pk}"]  # no check: the alias is known
    monkeypatch.undo()

    [index] = behind_alias(es, name)
    assert indices_of(es, name) == [index]
    assert {es.get(index=name, id=page.pk)["_index"] for page in (first, second)} == {index}


def test_a_search_first_makes_the_alias_and_answers_from_the_engine(fresh_elasticsearch, settings):
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    outcome = backend.search("tu sach")
    assert (outcome.engine, outcome.notice, outcome.total) == ("elasticsearch", "", 0)
    [index] = behind_alias(es, name)
    assert_versioned_with_vietnamese_mapping(es, name, index)
    assert backend.suggestions("tu sa") == []  # the database's would not be empty: the engine's


def test_an_alias_deleted_by_hand_is_made_again_not_a_plain_index(
    fresh_elasticsearch, settings, centre_a, django_capture_on_commit_callbacks
):
    """Writes carry require_alias: after the indices are deleted behind the process's back, a
    write fails instead of auto-creating a plain index, and the alias is made again."""
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    publish(centre_a, TITLE, django_capture_on_commit_callbacks)
    for index in indices_of(es, name):
        es.indices.delete(index=index)
    lesson = publish(centre_a, "Trồng nấm rơm trong nhà", django_capture_on_commit_callbacks)
    [index] = behind_alias(es, name)
    assert_versioned_with_vietnamese_mapping(es, name, index)
    assert es.get(index=name, id=lesson.pk)["_index"] == index


def test_deleting_a_page_deletes_its_engine_document(
    fresh_elasticsearch, settings, centre_a, django_capture_on_commit_callbacks
):
    es, name = fresh_elasticsearch, settings.SEARCH_INDEX
    lesson = publish(centre_a, TITLE, django_capture_on_commit_callbacks)
    assert es.exists(index=name, id=lesson.pk)
    lesson.delete()
    assert not es.exists(index=name, id=lesson.pk)
