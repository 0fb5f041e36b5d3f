"""Each site's identity in the browser: the network's icons, /favicon.ico, the web app manifest
named and coloured after the site (hub.views.web_manifest), and the hub's name as a network
setting (NetworkSettings.hub_name) shown in the hub's header."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from PIL import Image

from hub.models import NetworkSettings, SiteBranding
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
ICONS = {
    "hub/icons/favicon.ico": (48, 48),
    "hub/icons/apple-touch-icon.png": (180, 180),
    "hub/icons/icon-192.png": (192, 192),
    "hub/icons/icon-512.png": (512, 512),
}


def _head(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("</head>", 1)[0]


def _brand(response) -> str:
    """The name in the site header's brand link."""
    html = response.content.decode()
    return re.search(r'class="site-header__brand".*?<strong>(.*?)</strong>', html, re.S)[1]


def _static_file(url: str) -> str:
    """The file a static address serves (it must exist)."""
    assert url.startswith(static(""))
    found = finders.find(url.removeprefix(static("")))
    assert found, url
    return found


def test_the_icon_files_have_their_sizes():
    for path, size in ICONS.items():
        with Image.open(_static_file(static(path))) as image:
            assert image.size == size
    svg = open(_static_file(static("hub/icons/favicon.svg")), encoding="utf-8").read()
    assert svg.startswith("<svg") and "<script" not in svg


@pytest.mark.parametrize("which", ["hub", "centre"])
def test_every_page_links_the_icons_and_the_manifest(client, hub_site, centre_a, which):
    host = {"HTTP_HOST": hub_site.hostname} if which == "hub" else host_of(centre_a)
    head = _head(client.get("/", **host))
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', head))
    assert set(links) == {"icon", "apple-touch-icon", "manifest"}
    assert f'<link rel="icon" href="{static("hub/icons/favicon.ico")}" sizes="32x32">' in head
    assert (
        f'<link rel="icon" href="{static("hub/icons/favicon.svg")}" type="image/svg+xml">' in head
    )
    assert links["apple-touch-icon"] == static("hub/icons/apple-touch-icon.png")
    assert links["manifest"] == reverse("web_manifest") == "/manifest.webmanifest"
    for rel in ("icon", "apple-touch-icon"):
        _static_file(links[rel])


def test_favicon_ico_redirects_to_the_static_icon(client, centre_a):
    response = client.get("/favicon.ico", **host_of(centre_a))
    assert response.status_code == 302
    assert response["Location"] == static("hub/icons/favicon.ico")
    assert "public" in response["Cache-Control"]
    with open(_static_file(response["Location"]), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_the_manifest_names_the_centre_and_takes_its_colour(client, centre_a, centre_b):
    for centre in (centre_a, centre_b):
        response = client.get("/manifest.webmanifest", **host_of(centre))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
        manifest = json.loads(response.content)
        colour = SiteBranding.for_site(centre.site).primary_colour
        assert (manifest["name"], manifest["short_name"]) == (centre.title, centre.name)
        assert manifest["theme_color"] == colour
        assert (manifest["start_url"], manifest["display"], manifest["lang"]) == (
            "/",
            "standalone",
            "vi",
        )
        icons = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
        assert icons == {
            "192x192": static("hub/icons/icon-192.png"),
            "512x512": static("hub/icons/icon-512.png"),
        }
    assert SiteBranding.for_site(centre_a.site).primary_colour != colour  # two different sites


def test_the_hubs_manifest_follows_its_settings(client, hub_site):
    branding = SiteBranding.for_site(hub_site)
    branding.primary_colour = "#123456"
    branding.save()
    settings = NetworkSettings.load()
    settings.hub_name = "Thành phố học tập Phủ Lý"
    settings.save()
    manifest = client.get("/manifest.webmanifest", HTTP_HOST=hub_site.hostname).json()
    assert manifest["name"] == manifest["short_name"] == "Thành phố học tập Phủ Lý"
    assert manifest["theme_color"] == "#123456"


def test_the_manifest_costs_no_query_once_the_network_is_loaded(
    client, centre_a, django_assert_num_queries
):
    client.get("/manifest.webmanifest", **host_of(centre_a))
    with django_assert_num_queries(0):
        assert client.get("/manifest.webmanifest", **host_of(centre_a)).status_code == 200


def test_the_hub_name_is_a_network_setting(client, hub_site, centre_a):
    assert NetworkSettings.load().hub_name == "Phủ Lý – Thành phố học tập"  # the demo's
    assert _brand(client.get("/", HTTP_HOST=hub_site.hostname)) == "Phủ Lý – Thành phố học tập"
    settings = NetworkSettings.load()
    settings.hub_name = "Phủ Lý học suốt đời"
    settings.save()  # hub.signal_handlers: a new content version, the page cache emptied
    assert _brand(client.get("/", HTTP_HOST=hub_site.hostname)) == "Phủ Lý học suốt đời"
    assert _brand(client.get("/", **host_of(centre_a))) == centre_a.title  # centres keep theirs


def test_the_hub_name_is_edited_with_the_network_settings(client, superuser):
    client.force_login(superuser)
    url = reverse("wagtailsettings:edit", args=["hub", "networksettings"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="hub_name"' in html and "Phủ Lý – Thành phố học tập" in html
