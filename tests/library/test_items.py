"""Library items: Dublin Core, rendering, reader, downloads and counters."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from library.models import LibraryItemPage, LibraryItemStats
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 9) Chrome/120 Mobile"}


def test_dublin_core_mapping(lam_ha_item, centre_a):
    lam_ha_item.tags.add("lừa đảo", "an toàn mạng")
    lam_ha_item.centre = centre_a
    dc = lam_ha_item.dublin_core()
    assert dc["title"] == ["Sổ tay phòng chống lừa đảo"]
    assert dc["creator"] == ["Nguyễn Văn A", "Trần Thị B"]
    assert dc["subject"][0] == lam_ha_item.field.name and set(dc["subject"][1:]) == {
        "lừa đảo",
        "an toàn mạng",
    }
    assert (
        dc["type"] == ["Text"] and dc["format"] == ["application/pdf"] and dc["language"] == ["vi"]
    )
    assert dc["date"] == ["2024"] and dc["contributor"] == ["TTHTCĐ phường Lam Hạ"]
    assert dc["identifier"][0].startswith("http://lam-ha.localhost/thu-vien/")
    assert dc["identifier"][1] == "ISBN 978-604-0-00000-1"
    assert dc["rights"] == ["Đã được tác giả/nhà xuất bản cho phép"]


def test_licence_is_required_and_video_items_need_a_video(lam_ha_item):
    lam_ha_item.licence = ""
    with pytest.raises(ValidationError) as error:
        lam_ha_item.full_clean()
    assert "licence" in error.value.message_dict
    lam_ha_item.licence = LibraryItemPage.Licence.CC_BY
    lam_ha_item.kind = LibraryItemPage.Kind.VIDEO
    with pytest.raises(ValidationError) as error:
        lam_ha_item.full_clean()
    assert error.value.message_dict["video"] == ["Tài liệu loại video cần chọn một video."]


def test_pdf_is_analysed_on_upload(lam_ha_item):
    analysis = lam_ha_item.document.analysis
    assert analysis.error == "" and analysis.page_count == 3
    assert "so tay phong chong lua dao page 2" in analysis.text
    assert lam_ha_item.cover_image == analysis.thumbnail
    assert lam_ha_item.cover_image.collection_id == lam_ha_item.document.collection_id
    assert "page 3" in lam_ha_item.pdf_text()


def test_item_page_shows_metadata_reader_and_download(client, lam_ha_item, centre_a):
    html = client.get(lam_ha_item.relative_url(centre_a.site), **host_of(centre_a)).content.decode()
    assert '<meta name="DC.creator" content="Nguyễn Văn A">' in html
    assert "Đọc trực tuyến" in html and "Tải về (PDF" in html
    assert "TTHTCĐ phường Lam Hạ" in html
    reader = client.get(
        lam_ha_item.relative_url(centre_a.site) + "doc/", **host_of(centre_a), **PHONE
    )
    text = reader.content.decode()
    assert text.count('loading="lazy"') == 3 and "trang/3/" in text
    image = client.get(
        lam_ha_item.relative_url(centre_a.site) + "trang/2/?w=480", **host_of(centre_a)
    )
    assert image["Content-Type"] == "image/jpeg" and "immutable" in image["Cache-Control"]
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    assert (
        client.get(
            lam_ha_item.relative_url(centre_a.site) + "trang/4/", **host_of(centre_a)
        ).status_code
        == 404
    )
    download = client.get(
        lam_ha_item.relative_url(centre_a.site) + "tai-ve/", **host_of(centre_a), **PHONE
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="')


def test_reads_and_downloads_count_once_per_visitor_per_day_and_not_for_bots(
    client, lam_ha_item, centre_a
):
    url = lam_ha_item.relative_url(centre_a.site)
    for _ in range(3):
        client.get(url + "doc/", **host_of(centre_a), **PHONE)
        client.get(url + "tai-ve/", **host_of(centre_a), **PHONE)
    client.get(url + "doc/", **host_of(centre_a), HTTP_USER_AGENT="Googlebot/2.1")
    client.get(url + "doc/", **host_of(centre_a), REMOTE_ADDR="10.0.0.9", **PHONE)
    stats = LibraryItemStats.objects.get(page=lam_ha_item)
    assert (stats.reads, stats.downloads) == (2, 1)


def test_publishing_a_new_revision_keeps_the_counters(client, lam_ha_item, centre_a):
    client.get(lam_ha_item.relative_url(centre_a.site) + "doc/", **host_of(centre_a), **PHONE)
    lam_ha_item.title = "Sổ tay phòng chống lừa đảo (tái bản)"
    lam_ha_item.save_revision().publish()
    assert LibraryItemStats.objects.get(page=lam_ha_item).reads == 1


def test_broken_pdf_item_still_offers_the_download(
    client, centre_a, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from library.factories import publish_item
    from tests.library.conftest import library_of

    with django_capture_on_commit_callbacks(execute=True):
        broken = get_document_model().objects.create(
            title="Hỏng",
            collection=centre_a.collection,
            file=ContentFile(b"%PDF-1.4 broken", name="hong.pdf"),
        )
        item = publish_item(library_of(centre_a), title="Tài liệu hỏng", document=broken)
    assert "bị hỏng" in broken.analysis.error
    html = client.get(item.relative_url(centre_a.site), **host_of(centre_a)).content.decode()
    assert "Đọc trực tuyến" not in html and "chưa đọc trực tuyến được" in html and "Tải về" in html
    reader = client.get(item.relative_url(centre_a.site) + "doc/", **host_of(centre_a), **PHONE)
    # no reader for a broken PDF: back to the item's page (which offers the download), uncounted
    assert (reader.status_code, reader["Location"]) == (
        302,
        f"http://{centre_a.site.hostname}{item.relative_url(centre_a.site)}",
    )
    assert not LibraryItemStats.objects.filter(page=item, reads__gt=0).exists()


def test_the_reader_obeys_the_collection_privacy_of_the_document(client, lam_ha_item, centre_a):
    """A document in a login-only collection: its reader and page images answer as Wagtail's own
    document download does (a login redirect), count nothing, and are never cached publicly."""
    from django.contrib.auth.models import Group
    from wagtail.models import CollectionViewRestriction

    from home.factories import UserFactory
    from library.models import LibraryItemStats

    restriction = CollectionViewRestriction.objects.create(
        collection=centre_a.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    restriction.groups.set(Group.objects.none())
    base = lam_ha_item.relative_url(centre_a.site)
    reads = LibraryItemStats.objects.filter(page=lam_ha_item).values_list("reads", flat=True)
    before = list(reads)
    document = client.get(lam_ha_item.document.url, **host_of(centre_a))
    for path in ("doc/", "trang/1/"):
        response = client.get(base + path, **host_of(centre_a), **PHONE)
        assert response.status_code == document.status_code == 302
        login = document["Location"].split("?")[0]
        assert response["Location"] == f"{login}?next={quote(base + path)}"
    assert list(reads) == before  # nothing counted
    client.force_login(UserFactory())
    reader = client.get(base + "doc/", **host_of(centre_a), **PHONE)
    assert reader.status_code == 200 and "private" in reader["Cache-Control"]
    image = client.get(base + "trang/1/", **host_of(centre_a), **PHONE)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "private" in image["Cache-Control"] and "public" not in image["Cache-Control"]
