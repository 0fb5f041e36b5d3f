"""What Zalo and Facebook show for a pasted link to news and library items: title, summary, picture."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.models import NewsPage
from library.models import LibraryItemPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _head(client, page, centre) -> str:
    html = client.get(page.relative_url(centre.site), **host_of(centre)).content.decode()
    return html.split("</head>", 1)[0]


def test_a_news_page_shares_its_title_summary_and_picture(client, centre_a):
    news = NewsPage.objects.live().descendant_of(centre_a.site.root_page).first()
    news.summary = "Khai giảng lớp tin học cho người cao tuổi."
    news.image = get_image_model().objects.create(
        title="Lớp tin học", file=get_test_image_file(), collection=centre_a.collection
    )
    news.save_revision().publish()
    head = _head(client, news, centre_a)
    assert f'<meta property="og:title" content="{news.title}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta name="description" content="Khai giảng lớp tin học cho người cao tuổi.">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert '<meta property="og:image" content="http://lam-ha.localhost/media/images/' in head


def test_a_library_item_shares_its_title_and_summary(client, centre_a):
    item = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    head = _head(client, item, centre_a)
    assert f'<meta property="og:title" content="{item.title}">' in head
    assert '<meta property="og:type" content="book">' in head
    assert (
        f'<meta property="og:url" content="http://lam-ha.localhost{item.relative_url(centre_a.site)}">'
        in head
    )
    assert '<meta name="DC.title"' in head  # Dublin Core stays
