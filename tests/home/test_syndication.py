"""Hub news sent to centres (issue #24): shown on every centre's home and news (or a chosen
set), linking to the original on the hub; a centre can hide one and show it again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from home.factories import UserFactory, news_index_of, publish_news
from home.models import HiddenSyndication
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    if "page_obj" in response.context:
        return [item.title for item in response.context["page_obj"].object_list]
    return [item.title for item in response.context["latest_news"]]


def send(hub_home, title: str, **fields):
    news = publish_news(news_index_of(hub_home), 1, title=title, date=timezone.localdate())[0]
    for name, value in fields.items():
        if name == "to_centres":
            news.to_centres.set(value)
        else:
            setattr(news, name, value)
    news.save_revision().publish()
    return news


def test_news_sent_to_every_centre_shows_on_their_home_and_news(
    client, hub_home, centre_a, centre_b
):
    news = send(hub_home, "Phát động Tuần lễ học tập suốt đời", to_all_centres=True)
    for centre in (centre_a, centre_b):
        home = client.get("/", **host_of(centre))
        assert titles(home)[0] == news.title
        html = home.content.decode()
        assert 'data-testid="from-hub"' in html
        assert f'href="{news.full_url}"' in html  # to the original on the hub
        listing = client.get("/tin-tuc/", **host_of(centre))
        assert titles(listing)[0] == news.title


def test_news_sent_to_chosen_centres_only(client, hub_home, centre_a, centre_b):
    news = send(hub_home, "Tập huấn riêng cho Lam Hạ", to_centres=[centre_a])
    assert news.title in titles(client.get("/tin-tuc/", **host_of(centre_a)))
    assert news.title not in titles(client.get("/tin-tuc/", **host_of(centre_b)))
    plain = send(hub_home, "Tin chỉ của Ban chỉ đạo")
    assert plain.title not in titles(client.get("/tin-tuc/", **host_of(centre_a)))


def test_a_centre_hides_and_shows_again(client, hub_home, centre_a, centre_b, editor_a):
    news = send(hub_home, "Thông báo chung", to_all_centres=True)
    client.force_login(editor_a)
    page = client.get("/admin/tin-lien-thong/")
    assert page.status_code == 200
    assert [item.pk for item in page.context["rows"][0][1]][0] == news.pk
    url = f"/admin/tin-lien-thong/{centre_a.pk}/{news.pk}/"
    assert client.post(url).status_code == 302
    assert HiddenSyndication.objects.filter(centre=centre_a, page=news).count() == 1
    anonymous = client.__class__()
    assert news.title not in titles(anonymous.get("/tin-tuc/", **host_of(centre_a)))
    assert news.title in titles(anonymous.get("/tin-tuc/", **host_of(centre_b)))
    assert news.title in titles(anonymous.get("/tin-tuc/"))  # still on the hub
    client.post(url)
    assert not HiddenSyndication.objects.filter(centre=centre_a).exists()
    assert news.title in titles(anonymous.get("/tin-tuc/", **host_of(centre_a)))


def test_only_a_centres_staff_hide_for_it(client, hub_home, centre_a, centre_b, superuser):
    news = send(hub_home, "Thông báo", to_all_centres=True)
    client.force_login(UserFactory(username="bientap.phuvan3", groups=[centre_b.editors_group]))
    response = client.post(f"/admin/tin-lien-thong/{centre_a.pk}/{news.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not HiddenSyndication.objects.exists()
    client.force_login(superuser)
    assert client.get("/admin/tin-lien-thong/")["Location"] == "/admin/"


def test_a_centre_features_another_centres_lesson_with_attribution(client, centre_a, centre_b):
    from home.models import CentreHomePage
    from lessons.models import LessonPage

    lesson = LessonPage.objects.live().descendant_of(centre_b.site.root_page).first()
    home = CentreHomePage.objects.get(pk=centre_a.site.root_page_id)
    home.body = [
        ("featured", {"heading": "Bài hay từ Phù Vân", "pages": [lesson.page_ptr]}),
        *[(block.block_type, block.value) for block in home.body],
    ]
    home.save_revision().publish()
    html = client.get("/", **host_of(centre_a)).content.decode()
    card = html.split('data-testid="featured-item"', 1)[1].split("</li>", 1)[0]
    assert f'href="{lesson.full_url}"' in card
    assert "Của TTHTCĐ xã Phù Vân" in card
    assert "Bài hay từ Phù Vân" in html
