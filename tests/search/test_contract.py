"""One contract for both search backends: the database index and Elasticsearch (noida-db, started
by `make test`, speaking the Elasticsearch 8 REST API)."""

import re

import pytest

from search import backend, elastic

pytestmark = pytest.mark.django_db


def titles(outcome):
    return [h.entry.title for h in outcome.hits]


def test_folded_query_finds_vietnamese_titles(engine):
    outcome = backend.search("tu sach cong dong")
    assert outcome.engine == engine
    assert "Tủ sách cộng đồng: hướng dẫn tổ chức" in titles(outcome)[:3]


def test_typos(engine):
    assert any("Tuyên truyền" in t for t in titles(backend.search("tuyen truyn")))


def test_exact_diacritics_first(engine):
    assert titles(backend.search("đường"))[0] == "Luật Giao thông đường bộ hỏi – đáp"


def test_facets_and_highlights(engine):
    outcome = backend.search("tu sach")
    kinds = outcome.facets["kind"]
    assert kinds.get("thu-vien", 0) >= 1 and kinds.get("du-thi", 0) == 8
    assert any("<mark>" in h.snippet for h in outcome.hits)
    only = backend.search("tu sach", {"kind": "du-thi"})
    assert {h.entry.kind for h in only.hits} == {"du-thi"}


@pytest.mark.parametrize("query", ["title:(a OR", "a" * 200, '"', "*"])
def test_odd_queries(engine, query):
    outcome = backend.search(query)
    assert outcome.engine == engine and outcome.notice == ""
    assert outcome.total == len(outcome.hits)


def test_long_query_is_cut_and_still_answers(engine, client):
    response = client.get("/tim-kiem/", {"q": "tủ sách cộng đồng " * 60})
    assert response.status_code == 200
    html = response.content.decode()
    assert "200 ký tự" in html and "Tủ sách cộng đồng" in html


def test_pagination(engine, client):
    query = "trung tam"
    total = backend.search(query).total
    assert total > 10  # more than one page of matches on the demo network
    pages = [client.get("/tim-kiem/", {"q": query, "page": n}) for n in (1, 2)]
    html = [p.content.decode() for p in pages]
    assert all(p.status_code == 200 for p in pages)
    assert html[0].count('<li class="card">') == 10 and "page=2" in html[0]
    links = [set(re.findall(r'card__title"><a href="([^"]+)"', h)) for h in html]
    assert links[1] and not links[0] & links[1]  # page 2 continues, nothing repeated
    assert client.get("/tim-kiem/", {"q": query, "page": "x9"}).status_code == 200


def test_suggestions(engine):
    suggestions = backend.suggestions("tu sa")
    assert suggestions and all(s.lower().startswith("tủ sách") for s in suggestions)


def test_engine_down_falls_back_to_the_database_with_a_notice(settings, client):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_TIMEOUT = 1
    response = client.get("/tim-kiem/", {"q": "tu sach cong dong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Máy tìm kiếm đang bận" in html and "Tủ sách cộng đồng" in html


def test_a_failed_engine_rests_so_visitors_do_not_each_wait(settings, client, monkeypatch):
    from django.core.cache import cache

    settings.SEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_TIMEOUT = 1
    calls = []
    real = elastic.search
    monkeypatch.setattr(elastic, "search", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        html = client.get("/tim-kiem/", {"q": "tuyen truyen"}).content.decode()
        assert "Máy tìm kiếm đang bận" in html and "Tuyên truyền" in html
    assert len(calls) == 1  # the next two went straight to the database
    cache.delete(backend.ENGINE_DOWN_KEY)  # after ENGINE_RETRY_SECONDS the engine is tried again
    client.get("/tim-kiem/", {"q": "tuyen truyen"})
    assert len(calls) == 2


def test_deleting_a_page_removes_it_from_the_engine_too(
    engine, centre_a, django_capture_on_commit_callbacks
):
    from lessons.factories import publish_lesson
    from tests.lessons.conftest import lessons_of

    with django_capture_on_commit_callbacks(execute=True):
        lesson = publish_lesson(lessons_of(centre_a), title="Bài giảng về ong mật")
    assert "Bài giảng về ong mật" in titles(backend.search("ong mat"))
    lesson.delete()
    assert "Bài giảng về ong mật" not in titles(backend.search("ong mat"))


HOSTILE = "<svg onload=alert(1)> <img src=x onerror=alert(2)> \ue000<script>alert(3)</script>"


def test_hostile_titles_and_summaries_are_escaped_in_snippets_and_on_the_page(
    engine, centre_a, client, django_capture_on_commit_callbacks
):
    """Stored XSS through a highlighted snippet (an approved learner summary): escaped on every
    engine, whatever markup the title or summary holds; only <mark> is ever added."""
    from lessons.factories import publish_lesson
    from tests.conftest import host_of
    from tests.lessons.conftest import lessons_of

    with django_capture_on_commit_callbacks(execute=True):
        publish_lesson(
            lessons_of(centre_a),
            title=f"Nuôi ong mật {HOSTILE}",
            summary=f"Cách nuôi ong mật tại nhà {HOSTILE} cho người mới",
        )
    outcome = backend.search("nuoi ong mat")
    assert outcome.engine == engine
    hit = next(h for h in outcome.hits if h.entry.title.startswith("Nuôi ong mật"))
    assert "<mark>" in hit.snippet
    assert "&lt;svg onload=alert(1)&gt;" in hit.snippet
    assert re.findall(r"<(/?\w+)", hit.snippet) == ["mark", "/mark"] * hit.snippet.count("<mark>")
    page = client.get("/tim-kiem/", {"q": "nuoi ong mat"}, **host_of(centre_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;svg onload=alert(1)&gt;" in html
    for raw in ("<svg onload", "<img src=x", "<script>alert(3)"):
        assert raw not in html
