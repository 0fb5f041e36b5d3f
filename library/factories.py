"""Factories for library items, shared by tests and the demo network."""

from __future__ import annotations

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from hub.models import Field
from hub.text import vietnamese_slug

from .covers import cover_jpeg
from .models import LibraryItemPage

BOOKS = [
    ("Cẩm nang phòng chống lừa đảo qua mạng", "phap-luat", "Nhiều tác giả", "NXB Tư pháp"),
    ("Chăm sóc sức khỏe người cao tuổi tại nhà", "suc-khoe", "BS. Nguyễn Văn An", "NXB Y học"),
    ("Kỹ thuật trồng rau sạch trong thùng xốp", "nong-nghiep", "Trần Thị Bình", "NXB Nông nghiệp"),
    (
        "Sử dụng điện thoại thông minh cho người mới bắt đầu",
        "ky-nang-so",
        "Lê Minh",
        "NXB Thông tin",
    ),
    ("Tủ sách cộng đồng: hướng dẫn tổ chức", "van-hoa", "Hội Khuyến học", "NXB Văn hóa"),
    (
        "Nuôi gà thả vườn quy mô hộ gia đình",
        "kinh-te-ho-gia-dinh",
        "Phạm Quốc Hùng",
        "NXB Nông nghiệp",
    ),
    ("Luật Giao thông đường bộ hỏi – đáp", "phap-luat", "Bộ Tư pháp", "NXB Tư pháp"),
    ("Phân loại rác tại nguồn", "moi-truong", "Sở Tài nguyên và Môi trường", "NXB Hà Nội"),
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str], cover: bytes | None = None) -> bytes:
    """A small valid PDF with one line of (ASCII) text per page, Helvetica, correct xref; with
    `cover` (JPEG bytes, 595 x 842), a first page showing that picture."""
    objects: list[bytes] = []
    first = 4 + 2 * len(pages)  # the cover's page, contents and image objects come last
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    if cover:
        kids = f"{first} 0 R {kids}"
    count = len(pages) + (1 if cover else 0)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        stream = f"BT /F1 24 Tf 72 720 Td ({_escape(text)}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if cover:
        draw = b"q 595 0 0 842 0 0 cm /Cover Do Q"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /XObject << /Cover {first + 2} 0 R >> >> /Contents {first + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width 595 /Height 842 /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % len(cover)
            + cover
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def make_pdf_document(
    title: str, collection, pages: list[str] | None = None, cover: bytes | None = None
):
    """A Wagtail document holding a generated PDF (analysed on commit like any upload)."""
    pages = pages or [f"{vietnamese_slug(title).replace('-', ' ')} page {n}" for n in (1, 2, 3)]
    return get_document_model().objects.create(
        title=title,
        collection=collection,
        file=ContentFile(make_pdf(pages, cover), name=f"{vietnamese_slug(title)[:60]}.pdf"),
    )


class LibraryItemPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: BOOKS[n % len(BOOKS)][0])
    slug = factory.Sequence(lambda n: f"{vietnamese_slug(BOOKS[n % len(BOOKS)][0])}-{n}")
    kind = LibraryItemPage.Kind.BOOK
    authors = factory.Sequence(lambda n: BOOKS[n % len(BOOKS)][2])
    publisher = factory.Sequence(lambda n: BOOKS[n % len(BOOKS)][3])
    year = factory.Sequence(lambda n: 2015 + n % 10)
    field = factory.LazyAttributeSequence(
        lambda o, n: Field.objects.get(slug=BOOKS[n % len(BOOKS)][1])
    )
    summary = factory.LazyAttribute(lambda o: f"{o.title}: tài liệu phổ biến kiến thức cho bà con.")
    licence = LibraryItemPage.Licence.PERMISSION
    source = "Sách giấy của tủ sách trung tâm, số hoá năm 2024"

    class Meta:
        model = LibraryItemPage


def publish_item(index, *, font: str | None = None, **kwargs) -> LibraryItemPage:
    """Build, add under `index` and publish a library item (with a PDF unless given a file).
    With `font` (a TrueType file with Vietnamese letters), the PDF starts with a drawn cover."""
    collection = kwargs.pop("collection", None) or _root_collection()
    item = LibraryItemPageFactory.build(**kwargs)
    if "document" not in kwargs and item.kind != LibraryItemPage.Kind.VIDEO:
        cover = None
        if font:
            byline = f"{item.authors} · {item.publisher}"
            cover = cover_jpeg(item.title, item.field.name, item.field_id, byline, font)
        item.document = make_pdf_document(item.title, collection, cover=cover)
    index.add_child(instance=item)
    item.save_revision().publish()
    return item


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()
