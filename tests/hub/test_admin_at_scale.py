"""The admin with thousands of centres (issue #24): every screen that listed one option, checkbox
or row per centre now searches (the centre chooser, hub/choosers.py) or pages. Each screen is
measured at N and 2N extra centres, copied in bulk: same status, same number of queries, the same
HTML size (give or take the digits of the counts), and no option per centre."""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection, Page, Site

from bench.scale import bulk_children, tree_step
from home.models import NewsPage
from hub.caching.invalidation import content_changed
from hub.centre_widgets import LONG_LIST
from hub.models import Centre
from learners.models import Learner
from recognition.models import Organisation

pytestmark = pytest.mark.django_db

# extra centres at the first measure, the second has 2N (both above LONG_LIST);
# 1650: the national network (3,308 centres with the demo's 8), about 8 s; ADMIN_SCALE_N to change
N = int(os.environ.get("ADMIN_SCALE_N", "1650"))
CHOOSER = "/admin/trung-tam/chon/"


def add_centres(template: Centre, count: int) -> None:
    """`count` more centres named "Xã Quốc Gia k": a copy of the template's home page each (the
    bench's bulk page copy, bench/scale.py), a Site, a collection and two staff groups, written
    in bulk; no sections, permissions or workflow (the admin screens measured do not need them)."""
    start = Centre.all_centres.count()
    root = Page.get_first_root_node()
    home = template.site.root_page.specific
    numbers = range(start + 1, start + count + 1)

    def vary(i, page):
        page.title = f"TTHTCĐ xã Quốc Gia {numbers[i]}"
        page.slug = f"xa-quoc-gia-{numbers[i]}"

    home_ids = bulk_children(root, home, count, vary)
    sites = Site.objects.bulk_create(
        Site(hostname=f"xa-quoc-gia-{n}.localhost", port=80, root_page_id=pk, site_name="")
        for n, pk in zip(numbers, home_ids, strict=True)
    )
    collection_root = Collection.get_first_root_node()
    first = int(collection_root.get_last_child().path[-4:], 36) + 1
    collections = Collection.objects.bulk_create(
        Collection(
            name=f"Xã Quốc Gia {n}",
            path=collection_root.path + tree_step(first + k),
            depth=collection_root.depth + 1,
            numchild=0,
        )
        for k, n in enumerate(numbers)
    )
    Collection.objects.filter(pk=collection_root.pk).update(numchild=F("numchild") + count)
    groups = Group.objects.bulk_create(
        Group(name=f"Xã Quốc Gia {n} – {kind}") for n in numbers for kind in ("bt", "ct")
    )
    Centre.objects.bulk_create(
        Centre(
            site_id=site.pk,
            name=f"Xã Quốc Gia {n}",
            collection_id=collection.pk,
            editors_group_id=groups[2 * k].pk,
            contributors_group_id=groups[2 * k + 1].pk,
        )
        for k, (n, site, collection) in enumerate(zip(numbers, sites, collections, strict=True))
    )
    content_changed()  # every process reloads its network copy


def measure(client, url: str) -> tuple[int, int, str]:
    """(queries, bytes, html) of a warm request: the first one reloads the network copy."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = response.json()["html"]
    return len(queries.captured_queries), len(body), body


def hub_news() -> NewsPage:
    hub_root = Site.objects.get(is_default_site=True).root_page
    return NewsPage.objects.descendant_of(hub_root).order_by("pk").first()


def screens(centre_a, centre_b) -> dict[str, str]:
    branding = Site.objects.get(is_default_site=True)
    return {
        "centre chooser": CHOOSER,
        "centre chooser, searching": f"{CHOOSER}results/?q=quoc+gia+1",
        "centres listing, searching": reverse("centres:index") + "?q=phu+van",
        "news sent to chosen centres": reverse("wagtailadmin_pages:edit", args=[hub_news().pk]),
        "merge into a centre": reverse("centre_merge", args=[centre_a.pk]),
        "site settings of a centre": reverse(
            "wagtailsettings:edit", args=["hub", "sitebranding", centre_b.site_id]
        ),
        "site settings of the hub": reverse(
            "wagtailsettings:edit", args=["hub", "sitebranding", branding.pk]
        ),
        "activity report": reverse("reports_activity") + "?ky=2025-01",
        "activity report, one centre": reverse("reports_activity") + f"?trung-tam={centre_a.pk}",
        "learners report": reverse("learners_report"),
        "a learner's home centre": reverse(
            "learner_admin:edit", args=[Learner.objects.order_by("pk").first().pk]
        ),
        "an organisation's centre": reverse(
            "recognition:organisation_edit", args=[Organisation.objects.order_by("pk").first().pk]
        ),
    }


def test_admin_screens_stay_the_same_size_as_centres_double(client, superuser, centre_a, centre_b):
    news = hub_news()
    news.to_centres.set([centre_b])
    news.save_revision().publish()
    client.force_login(superuser)
    add_centres(centre_a, N)
    at_n = {name: measure(client, url) for name, url in screens(centre_a, centre_b).items()}
    add_centres(centre_a, N)
    total = Centre.objects.count()
    assert total > 2 * N > LONG_LIST
    at_2n = {name: measure(client, url) for name, url in screens(centre_a, centre_b).items()}

    sizes = {name: (at_n[name][:2], at_2n[name][:2]) for name in at_n}
    print(sizes)  # noqa: T201  (the figures of docs/NATIONAL.md, with -s)
    for name, (queries_n, size_n, _html) in at_n.items():
        queries_2n, size_2n, html = at_2n[name]
        assert queries_2n == queries_n, name
        assert abs(size_2n - size_n) < 500, name  # counts get a digit longer, nothing more
        assert size_2n < 200_000, name
        # no option, checkbox or row per centre: the copies are listed 20 or 50 at most
        assert html.count("Quốc Gia") <= 60, name
        assert len(re.findall(r"<option\b", html)) < 100, name


def test_news_sent_to_chosen_centres_keeps_them_in_a_large_network(
    client, superuser, centre_a, centre_b
):
    add_centres(centre_a, LONG_LIST)
    news = hub_news()
    news.to_centres.set([centre_b])
    news.save_revision().publish()
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk])).content.decode()
    assert "data-centres-widget" in html
    assert re.search(rf'name="to_centres" value="{centre_b.pk}"[^>]*checked', html)
    assert f'name="to_centres" value="{centre_a.pk}"' not in html  # only the chosen centres
    assert "hub/js/centres_widget.js" in html


def test_small_network_keeps_its_lists(client, superuser, centre_a, centre_b):
    client.force_login(superuser)
    news = hub_news()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk])).content.decode()
    assert "data-centres-widget" not in html
    assert f'name="to_centres" value="{centre_a.pk}"' in html
    assert f'name="to_centres" value="{centre_b.pk}"' in html
    report = client.get(reverse("reports_activity")).content.decode()
    assert f'<option value="{centre_b.pk}">{centre_b.title}</option>' in report
    merge = client.get(reverse("centre_merge", args=[centre_a.pk])).content.decode()
    assert centre_b.name in merge


def test_chooser_finds_a_centre_typed_without_diacritics(client, superuser, centre_a, centre_b):
    add_centres(centre_a, LONG_LIST)
    client.force_login(superuser)
    response = client.get(f"{CHOOSER}results/", {"q": "phu van"})
    assert response.status_code == 200
    html = response.content.decode()
    assert centre_b.title in html
    assert centre_a.title not in html
    assert "Quốc Gia" not in html
    by_host = client.get(f"{CHOOSER}results/", {"q": centre_a.site.hostname}).content.decode()
    assert centre_a.title in by_host and centre_b.title not in by_host
    chosen = client.get(f"{CHOOSER}chosen/{centre_b.pk}/").json()
    assert chosen["result"]["title"] == centre_b.title


def test_chooser_pages_twenty_centres_at_a_time(client, superuser, centre_a):
    add_centres(centre_a, LONG_LIST)
    client.force_login(superuser)
    html = client.get(CHOOSER).json()["html"]
    assert len(re.findall(r"data-chooser-modal-choice", html)) == 20
    page_2 = client.get(f"{CHOOSER}results/", {"p": 2}).content.decode()
    assert len(re.findall(r"data-chooser-modal-choice", page_2)) == 20


def test_centre_staff_choose_only_their_own_centre(client, editor_a, centre_a, centre_b):
    add_centres(centre_a, LONG_LIST)
    client.force_login(editor_a)
    html = client.get(CHOOSER).json()["html"]
    assert centre_a.title in html
    assert centre_b.title not in html and "Quốc Gia" not in html
    searched = client.get(f"{CHOOSER}results/", {"q": "phu van"}).content.decode()
    assert centre_b.title not in searched
    assert client.get(f"{CHOOSER}chosen/{centre_b.pk}/").status_code == 404
    assert client.get(f"{CHOOSER}chosen/{centre_a.pk}/").status_code == 200
    several = client.get(
        f"{CHOOSER}chosen-multiple/", {"id": [centre_a.pk, centre_b.pk], "multiple": 1}
    ).json()
    assert [item["title"] for item in several["result"]] == [centre_a.title]


def test_site_switcher_is_the_centre_chooser_in_a_large_network(
    client, superuser, centre_a, centre_b
):
    add_centres(centre_a, LONG_LIST)
    client.force_login(superuser)
    url = reverse("wagtailsettings:edit", args=["hub", "sitebranding", centre_b.site_id])
    html = client.get(url).content.decode()
    assert 'data-testid="centre-site-switch"' in html
    assert "Quốc Gia" not in html
    switch = reverse("hub_setting_for_centre", args=["hub", "sitebranding"])
    response = client.get(switch, {"trung-tam": centre_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailsettings:edit", args=["hub", "sitebranding", centre_a.site_id]
    )


def test_centre_staff_cannot_switch_to_another_centres_settings(client, editor_a, centre_b):
    client.force_login(editor_a)
    switch = reverse("hub_setting_for_centre", args=["hub", "sitebranding"])
    response = client.get(switch, {"trung-tam": centre_b.pk})
    # Wagtail answers a PermissionDenied in the admin with the dashboard and a message
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_merge_form_points_to_the_search_in_a_large_network(client, superuser, centre_a, centre_b):
    add_centres(centre_a, LONG_LIST)
    client.force_login(superuser)
    html = client.get(reverse("centre_merge", args=[centre_a.pk])).content.decode()
    assert 'data-testid="centre-names-search"' in html
    assert "Tên các trung tâm đang hoạt động" not in html and "Quốc Gia" not in html
    listing = client.get(reverse("centres:index"), {"q": "phu van"}).content.decode()
    assert centre_b.name in listing and centre_a.name not in listing
