"""Entries of other kinds next to videos: a written entry (PDF, read page by page like the
library's reader) and a link entry, each with its viewer for the public and the judges."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from contests.factories import add_entry
from contests.models import EntryPage
from library.analysis import analyse_document
from library.factories import make_pdf_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(judging_contest, centre_a):
    document = make_pdf_document(
        "Bai-viet-du-thi-phuong-lam-ha", centre_a.collection, pages=["Một", "Hai"]
    )
    analyse_document(document.pk)
    return add_entry(
        judging_contest, centre_a, title="Sách mở lối", kind="document", document=document
    )


def test_a_written_entry_needs_a_pdf(judging_contest, centre_a):
    entry = EntryPage(title="Bài viết", centre=centre_a, participants="Nhóm", kind="document")
    with pytest.raises(ValidationError) as error:
        entry.clean()
    assert error.value.message_dict["document"] == ["Bài viết cần một tệp PDF."]
    word = get_document_model().objects.create(
        title="Bản Word", file=ContentFile(b"PK\x03\x04", name="bai-viet.docx")
    )
    entry.document = word
    with pytest.raises(ValidationError) as error:
        entry.clean()
    assert error.value.message_dict["document"] == ["Chỉ nhận tệp PDF (tệp này là .docx)."]
    link = EntryPage(title="Bài liên kết", centre=centre_a, participants="Nhóm", kind="link")
    with pytest.raises(ValidationError) as error:
        link.clean()
    assert error.value.message_dict["link_url"] == ["Bài dạng liên kết cần địa chỉ liên kết."]


def test_the_public_reads_a_written_entry_page_by_page_and_downloads_it_by_its_title(
    client, written
):
    base = written.relative_url(written.get_site())
    html = client.get(base).content.decode()
    assert html.count('class="reader__page"') == 2
    assert f'src="{base}trang/1/"' in html and f"{base}tai-ve/" in html
    page = client.get(base + "trang/1/")
    assert page.status_code == 200 and page["Content-Type"] == "image/jpeg"
    assert client.get(base + "trang/3/").status_code == 404
    download = client.get(base + "tai-ve/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="sach-mo-loi.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_judges_read_the_written_entry_on_the_score_screen(client, written, judges):
    client.force_login(judges[0])
    html = client.get(reverse("contests_score_entry", args=[written.pk])).content.decode()
    assert 'data-testid="entry-document"' in html and "trang/2/" in html


def test_a_link_entry_opens_its_link_safely(client, judging_contest, centre_b, judges):
    entry = add_entry(
        judging_contest,
        centre_b,
        title="Bài trình chiếu",
        kind="link",
        link_url="https://docs.example.org/trinh-chieu/tu-sach",
    )
    base = entry.relative_url(entry.get_site())
    for html in (
        client.get(base).content.decode(),
        (
            client.force_login(judges[0]),
            client.get(reverse("contests_score_entry", args=[entry.pk])),
        )[1].content.decode(),
    ):
        assert (
            'href="https://docs.example.org/trinh-chieu/tu-sach" target="_blank" rel="noopener noreferrer nofollow"'
            in html
        )


def test_a_video_entry_has_no_download(client, judging_contest):
    entry = EntryPage.objects.get(title="Bài Lam Hạ")
    assert client.get(entry.relative_url(entry.get_site()) + "tai-ve/").status_code == 404


def test_a_link_must_be_a_web_address(judging_contest, centre_b):
    from wagtail.admin.panels import get_edit_handler

    form_class = get_edit_handler(EntryPage).get_form_class()
    form = form_class(
        {
            "title": "Bài",
            "slug": "bai-x",
            "centre": centre_b.pk,
            "participants": "Nhóm",
            "kind": "link",
            "link_url": "javascript:alert(1)",
        },
        instance=EntryPage(),
        parent_page=judging_contest,
        for_user=None,
    )
    assert not form.is_valid()
    assert form.errors["link_url"]
