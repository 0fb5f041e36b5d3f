"""A centre's staff cannot reach another centre's pages, images or documents; hub staff can."""

import pytest
import wagtail_factories
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.factories import news_index_of, publish_news
from home.models import NewsPage

pytestmark = pytest.mark.django_db

# Wagtail's permission_denied: back to the admin home, where this error message is shown.
DENIED = "Rất tiếc, bạn không có quyền truy cập khu vực này."


@pytest.fixture
def network(centre_a, centre_b):
    news_a = publish_news(news_index_of(centre_a.site.root_page), 1, title="Tin Lam Hạ riêng")[0]
    news_b = publish_news(news_index_of(centre_b.site.root_page), 1, title="Tin Phù Vân riêng")[0]
    image_a = wagtail_factories.ImageFactory(
        title="Ảnh riêng Lam Hạ", collection=centre_a.collection
    )
    image_b = wagtail_factories.ImageFactory(
        title="Ảnh riêng Phù Vân", collection=centre_b.collection
    )
    doc_a = wagtail_factories.DocumentFactory(
        title="Tài liệu riêng Lam Hạ", collection=centre_a.collection
    )
    doc_b = wagtail_factories.DocumentFactory(
        title="Tài liệu riêng Phù Vân", collection=centre_b.collection
    )
    return {"a": (news_a, image_a, doc_a), "b": (news_b, image_b, doc_b)}


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def _assert_denied(client, response, target):
    """Refused with Wagtail's permission_denied: a redirect to the admin home and its message."""
    assert (response.status_code, response["Location"]) == (302, "/admin/"), target
    assert DENIED in client.get("/admin/").content.decode(), target


def _state(news, image, doc):
    news.refresh_from_db()
    return (
        news.live,
        news.title,
        news.has_unpublished_changes,
        news.get_parent().pk,
        news.revisions.count(),
        get_image_model().objects.filter(pk=image.pk).values_list("title", flat=True).first(),
        get_document_model().objects.filter(pk=doc.pk).values_list("title", flat=True).first(),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{page}/edit/",
        "/admin/pages/{page}/edit/preview/",
        "/admin/pages/{page}/delete/",
        "/admin/pages/{page}/unpublish/",
        "/admin/pages/{page}/move/",
        "/admin/pages/{page}/copy/",
        "/admin/pages/{page}/history/",
        "/admin/pages/add/home/newspage/{parent}/",
        "/admin/images/{image}/",
        "/admin/images/{image}/delete/",
        "/admin/documents/edit/{doc}/",
        "/admin/documents/delete/{doc}/",
    ],
)
def test_editor_is_refused_every_admin_url_of_another_centre(client, editor_a, network, url):
    news_b, image_b, doc_b = network["b"]
    client.force_login(editor_a)
    target = url.format(
        page=news_b.pk, parent=news_b.get_parent().pk, image=image_b.pk, doc=doc_b.pk
    )
    before = _state(news_b, image_b, doc_b)
    _assert_denied(client, client.get(target), target)
    assert _state(news_b, image_b, doc_b) == before


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{page}/edit/",
        "/admin/pages/{page}/history/",
        "/admin/pages/add/home/newspage/{parent}/",
        "/admin/images/{image}/",
        "/admin/documents/edit/{doc}/",
    ],
)
def test_editor_can_open_the_same_urls_of_their_own_centre(client, editor_a, network, url):
    news_a, image_a, doc_a = network["a"]
    client.force_login(editor_a)
    target = url.format(
        page=news_a.pk, parent=news_a.get_parent().pk, image=image_a.pk, doc=doc_a.pk
    )
    assert client.get(target).status_code == 200, target


def test_posts_against_another_centre_change_nothing(client, editor_a, network):
    news_b, image_b, doc_b = network["b"]
    own_index = network["a"][0].get_parent()
    client.force_login(editor_a)
    before = _state(news_b, image_b, doc_b)
    pages, images, documents = (
        NewsPage.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )
    for target, data in [
        (f"/admin/pages/{news_b.pk}/delete/", {}),
        (f"/admin/pages/{news_b.pk}/unpublish/", {}),
        (f"/admin/pages/{news_b.pk}/edit/", {"title": "Bị sửa", "slug": news_b.slug}),
        (f"/admin/pages/{news_b.pk}/move/{own_index.pk}/confirm/", {}),  # into A's news
        (f"/admin/images/{image_b.pk}/delete/", {}),
        (f"/admin/images/{image_b.pk}/", {"title": "Bị sửa"}),
        (f"/admin/documents/delete/{doc_b.pk}/", {}),
        (f"/admin/documents/edit/{doc_b.pk}/", {"title": "Bị sửa"}),
    ]:
        _assert_denied(client, client.post(target, data), target)
    assert _state(news_b, image_b, doc_b) == before
    news_b.refresh_from_db()
    assert news_b.live and news_b.title == "Tin Phù Vân riêng"
    assert (
        NewsPage.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    ) == (pages, images, documents)
    assert get_image_model().objects.filter(pk=image_b.pk).exists()
    assert get_document_model().objects.filter(pk=doc_b.pk).exists()


@pytest.mark.parametrize(
    ("url", "own", "other"),
    [
        ("/admin/choose-page/search/?q=riêng", "Tin Lam Hạ riêng", "Tin Phù Vân riêng"),
        ("/admin/pages/search/?q=riêng", "Tin Lam Hạ riêng", "Tin Phù Vân riêng"),
        ("/admin/images/chooser/?q=riêng", "Ảnh riêng Lam Hạ", "Ảnh riêng Phù Vân"),
        ("/admin/images/?q=riêng", "Ảnh riêng Lam Hạ", "Ảnh riêng Phù Vân"),
        ("/admin/documents/chooser/?q=riêng", "Tài liệu riêng Lam Hạ", "Tài liệu riêng Phù Vân"),
        ("/admin/documents/?q=riêng", "Tài liệu riêng Lam Hạ", "Tài liệu riêng Phù Vân"),
    ],
)
def test_choosers_listings_and_search_show_only_their_own_centre(
    client, editor_a, superuser, network, url, own, other
):
    client.force_login(editor_a)
    content = _text(client.get(url))
    assert own in content
    assert other not in content
    client.force_login(superuser)
    content = _text(client.get(url))
    assert own in content and other in content


def test_page_chooser_browse_at_root_lists_only_own_centre(
    client, editor_a, centre_a, centre_b, network
):
    client.force_login(editor_a)
    chooser = client.get("/admin/choose-page/1/")
    assert chooser.status_code == 200
    content = _text(chooser)
    assert centre_a.site.root_page.title in content
    assert centre_b.title not in content
    assert centre_b.site.root_page.title not in content
    response = client.get("/admin/pages/1/")
    assert response.status_code == 200
    explorer = response.content.decode()
    # (the site filter may name every centre — the network is public — but no page of B is listed)
    assert f'href="/admin/pages/{centre_b.site.root_page_id}/"' not in explorer
    assert f'href="/admin/pages/{centre_a.site.root_page_id}/"' in explorer


def test_contributor_edits_but_cannot_publish_and_submits_to_the_centre_workflow(
    contributor_a, editor_a, centre_a
):
    news = publish_news(news_index_of(centre_a.site.root_page), 1)[0]
    perms = news.permissions_for_user(contributor_a)
    assert perms.can_edit() and not perms.can_publish()
    assert news.permissions_for_user(editor_a).can_publish()
    assert news.get_workflow().name == f"Duyệt bài – {centre_a.title}"


def test_contributor_submission_waits_for_an_editor(client, contributor_a, centre_a):
    index = news_index_of(centre_a.site.root_page)
    client.force_login(contributor_a)
    response = client.post(
        f"/admin/pages/add/home/newspage/{index.pk}/",
        {
            "title": "Lớp học mới",
            "slug": "lop-hoc-moi",
            "date": "2026-11-25",
            "kind": "tin",
            "summary": "",
            "body-count": "0",
            "action-submit": "Gửi duyệt",
        },
    )
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{index.pk}/")
    page = NewsPage.objects.get(slug="lop-hoc-moi")
    assert page.get_parent().pk == index.pk
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
