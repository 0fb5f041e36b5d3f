"""An item's download is named after the item (library.views.serve_download), not after the
file's storage name, and stays counted and refused as before."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import CollectionViewRestriction

from home.factories import UserFactory
from library.models import LibraryItemStats
from library.views import download_disposition
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 9) Chrome/120 Mobile"}
TITLE = "Sổ tay phòng chống lừa đảo"
DISPOSITION = (
    'attachment; filename="so-tay-phong-chong-lua-dao.pdf"; '
    "filename*=UTF-8''S%E1%BB%95%20tay%20ph%C3%B2ng%20ch%E1%BB%91ng%20l%E1%BB%ABa%20%C4%91%E1%BA%A3o.pdf"
)


def _downloads(item) -> list[int]:
    return list(LibraryItemStats.objects.filter(page=item).values_list("downloads", flat=True))


def test_the_disposition_gives_the_slug_and_the_vietnamese_title():
    assert download_disposition(TITLE, "pdf") == DISPOSITION
    assert DISPOSITION.endswith(quote(f"{TITLE}.pdf"))
    assert download_disposition("Đề cương: lớp 1/2 *mới*", "PDF") == (
        'attachment; filename="de-cuong-lop-1-2-moi.pdf"; '
        "filename*=UTF-8''%C4%90%E1%BB%81%20c%C6%B0%C6%A1ng%20l%E1%BB%9Bp%201%202%20m%E1%BB%9Bi.pdf"
    )
    assert download_disposition("???", "epub") == (  # nothing left of the title
        "attachment; filename=\"tai-lieu.epub\"; filename*=UTF-8''tai-lieu.epub"
    )
    long = download_disposition("Bài " * 100, "pdf")
    assert 'filename="' + "bai-" * 29 + 'bai.pdf"' in long  # 120 characters at most


def test_the_download_is_named_after_the_item_and_counted_once(client, lam_ha_item, centre_a):
    assert lam_ha_item.title == TITLE
    # stored under a name unlike the title (a scan's name): the download's name must come from
    # the item, not from the file (the factory names the file after the title, and the storage
    # keeps that name exactly when no earlier test left one like it)
    document = lam_ha_item.document
    with document.file.open("rb") as original:
        content = original.read()
    document.file.save("scan-0001.pdf", ContentFile(content), save=True)
    assert "so-tay-phong-chong-lua-dao.pdf" not in lam_ha_item.document.url
    url = lam_ha_item.relative_url(centre_a.site) + "tai-ve/"
    for _ in range(3):
        response = client.get(url, **host_of(centre_a), **PHONE)
        assert response.status_code == 200
        assert response["Content-Disposition"] == DISPOSITION
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _downloads(lam_ha_item) == [1]


def test_a_restricted_collection_still_refuses_the_download(client, lam_ha_item, centre_a):
    restriction = CollectionViewRestriction.objects.create(
        collection=centre_a.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    restriction.groups.set(Group.objects.none())
    url = lam_ha_item.relative_url(centre_a.site) + "tai-ve/"
    document = client.get(lam_ha_item.document.url, **host_of(centre_a))
    response = client.get(url, **host_of(centre_a), **PHONE)
    assert response.status_code == document.status_code == 302
    login = document["Location"].split("?")[0]
    assert response["Location"] == f"{login}?next={quote(url)}"
    assert _downloads(lam_ha_item) == []  # nothing counted
    client.force_login(UserFactory())
    response = client.get(url, **host_of(centre_a), **PHONE)
    assert response.status_code == 200 and response["Content-Disposition"] == DISPOSITION
    assert "private" in response["Cache-Control"]
    assert _downloads(lam_ha_item) == [1]
