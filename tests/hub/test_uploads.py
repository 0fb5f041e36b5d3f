"""hub.uploads: a document's bytes must be what its extension says, for learners and staff alike."""

import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model

from home.factories import UserFactory
from hub.uploads import OLE2_MAGIC, document_problem

MISMATCH = "Nội dung tệp không phải tài liệu"


def _zip(path, entries: dict):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


OOXML = {"[Content_Types].xml": "<Types/>"}


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("a.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n...")),
        ("a.doc", lambda p: p.write_bytes(OLE2_MAGIC + b"\0" * 600)),
        ("a.docx", lambda p: _zip(p, {**OOXML, "word/document.xml": "<d/>"})),
        ("a.pptx", lambda p: _zip(p, {**OOXML, "ppt/presentation.xml": "<p/>"})),
        ("a.xlsx", lambda p: _zip(p, {**OOXML, "xl/workbook.xml": "<w/>"})),
        ("a.odt", lambda p: _zip(p, {"mimetype": "application/vnd.oasis.opendocument.text"})),
        ("a.epub", lambda p: _zip(p, {"mimetype": "application/epub+zip"})),
        ("a.txt", lambda p: p.write_text("văn bản")),  # no signature to check
    ],
)
def test_documents_that_are_what_they_say_pass(tmp_path, name, write):
    path = tmp_path / name
    write(path)
    assert document_problem(str(path), path.suffix) is None


@pytest.mark.parametrize(
    ("name", "write", "kind"),
    [
        ("a.docx", lambda p: shutil.copy(shutil.which("ls"), p), "Word"),
        ("a.pdf", lambda p: p.write_bytes(b"<html>"), "PDF"),
        ("a.doc", lambda p: _zip(p, {**OOXML, "word/document.xml": "<d/>"}), "Word"),
        ("a.pptx", lambda p: _zip(p, {**OOXML, "word/document.xml": "<d/>"}), "PowerPoint"),
        (
            "a.odp",
            lambda p: _zip(p, {"mimetype": "application/vnd.oasis.opendocument.text"}),
            "OpenDocument",
        ),
        ("a.xlsx", lambda p: p.write_bytes(b"PK\x03\x04 broken zip"), "Excel"),
    ],
)
def test_renamed_files_are_refused_with_the_kind_they_claim(tmp_path, name, write, kind):
    path = tmp_path / name
    write(path)
    problem = document_problem(str(path), path.suffix)
    assert problem == (
        f"Nội dung tệp không phải tài liệu {kind} như phần đuôi “{path.suffix}” của tên tệp; "
        "hãy mở tệp trên máy để kiểm tra rồi gửi lại."
    )


def test_a_zip_bomb_dressed_as_a_document_is_refused(tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(11):
            archive.writestr(f"word/part{n}.xml", b"\0" * 100_000_000)
    assert path.stat().st_size < 2_000_000
    assert document_problem(str(path), ".docx") == (
        "Tệp nén bên trong quá lớn bất thường; không nhận tệp này."
    )


@pytest.mark.django_db
def test_staff_uploads_in_the_admin_are_checked_too(centre_a):
    Document = get_document_model()
    editor = Client()
    editor.force_login(UserFactory(groups=[centre_a.editors_group]))
    before = Document.objects.count()
    renamed = SimpleUploadedFile("cam-nang.docx", open(shutil.which("ls"), "rb").read())
    response = editor.post(
        "/admin/documents/add/",
        {"title": "Cẩm nang", "file": renamed, "collection": centre_a.collection_id},
    )
    assert response.status_code == 200 and MISMATCH in response.content.decode()
    assert Document.objects.count() == before
    good = SimpleUploadedFile("cam-nang.pdf", b"%PDF-1.4\n%%EOF\n")
    response = editor.post(
        "/admin/documents/add/",
        {"title": "Cẩm nang", "file": good, "collection": centre_a.collection_id},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/documents/")
    assert Document.objects.count() == before + 1
