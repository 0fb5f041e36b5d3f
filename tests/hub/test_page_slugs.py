"""Page addresses made in the admin keep their Vietnamese words (issue #18; the browser side is
tests/browser/test_admin_slug.py)."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.factories import news_index_of
from home.models import NewsPage
from hub.models import Centre
from hub.text import slug_formatters, vietnamese_slug

pytestmark = pytest.mark.django_db


def _post_news(client, index, title: str, slug: str):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-12-03",
            "kind": "tin",
            "summary": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    return client.post(f"/admin/pages/add/home/newspage/{index.pk}/", data)


@pytest.fixture
def lam_ha_news(client):
    centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
    client.force_login(get_user_model().objects.get(username="lamha.bientap"))
    return news_index_of(centre.site.root_page)


def test_an_empty_slug_becomes_the_titles_vietnamese_slug(client, lam_ha_news):
    response = _post_news(client, lam_ha_news, "Đo huyết áp đúng cách – bài có video", "")
    assert response.status_code == 302
    page = NewsPage.objects.child_of(lam_ha_news).get(title="Đo huyết áp đúng cách – bài có video")
    assert page.slug == "do-huyet-ap-dung-cach-bai-co-video"
    assert page.url_path.endswith("/tin-tuc/do-huyet-ap-dung-cach-bai-co-video/")


def test_a_slug_in_use_is_explained_in_vietnamese_and_nothing_is_created(client, lam_ha_news):
    first = _post_news(client, lam_ha_news, "Lớp dưỡng sinh buổi sáng", "")
    assert first.status_code == 302
    before = NewsPage.objects.count()
    again = _post_news(client, lam_ha_news, "Lớp dưỡng sinh buổi sáng", "")
    assert again.status_code == 200
    assert NewsPage.objects.count() == before
    html = again.content.decode()
    existing = NewsPage.objects.child_of(lam_ha_news).get(slug="lop-duong-sinh-buoi-sang")
    assert (
        "Địa chỉ “lop-duong-sinh-buoi-sang” đã thuộc về trang “Lớp dưỡng sinh buổi sáng” trong "
        f'cùng mục. Hãy đổi tiêu đề hoặc đường dẫn, hoặc <a href="/admin/pages/{existing.pk}/edit/">'
        "mở trang đó</a> nếu đó là bản nháp bạn bỏ dở."
    ) in html
    assert "already in use" not in html
    assert 'value="Lớp dưỡng sinh buổi sáng"' in html  # what the editor typed is kept


def test_the_edit_form_carries_the_folding_rules_to_the_browser(client, lam_ha_news):
    html = client.get(f"/admin/pages/add/home/newspage/{lam_ha_news.pk}/").content.decode()
    formatters = json.loads(
        html.split('data-w-slug-formatters-value="')[1].split('"')[0].replace("&quot;", '"')
    )
    assert len(formatters) == len(slug_formatters()) == 10
    assert formatters[1] == [["[Đđ]", "gu"], "d"]


def test_every_vietnamese_letter_folds_to_the_same_letter_in_both_rules():
    """The browser's rules (regex per letter) and the server's (Unicode decomposition) agree."""
    import re

    rules = [(re.compile(pattern), base) for pattern, base in slug_formatters()]

    def browser_fold(text: str) -> str:
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text.lower()

    letters = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    for letter in letters + letters.upper():
        assert browser_fold(letter) == vietnamese_slug(letter), letter
    for title in ["Đo huyết áp – bài 2", "  Hoà thuận, thuỷ lợi! ", "Ho\u0300a (nhạc) 100%"]:
        assert browser_fold(title) == vietnamese_slug(title), title
