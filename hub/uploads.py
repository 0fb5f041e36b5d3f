"""What people upload: the private storage for files nobody may fetch by address yet, and checks
of a document's content against the type its name claims.

- `private_storage()`: STORAGES["private"] (a folder outside MEDIA_ROOT, or a bucket without
  public read): learners' files waiting for moderation and other files that must not be public.
- `document_problem(path, suffix)`: None when the file's bytes are what its extension says (PDF,
  Word, PowerPoint, OpenDocument), else a Vietnamese reason. A renamed program, web page or
  archive is refused whatever it is called.

Who may import it: any app.
"""

from __future__ import annotations

import zipfile

from django.core.files.storage import storages
from django.utils.translation import gettext as _

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .ppt, .xls (Office 97-2003)
OLE2_SUFFIXES = {".doc", ".ppt", ".xls"}
OOXML_PARTS = {".docx": "word/", ".pptx": "ppt/", ".xlsx": "xl/"}
OPENDOCUMENT_TYPES = {  # the "mimetype" entry of an OpenDocument or EPUB archive
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".epub": b"application/epub+zip",
}
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 1_000_000_000  # an office file this large inflated is a zip bomb
DOCUMENT_NAMES = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".odt": "OpenDocument",
    ".odp": "OpenDocument",
    ".ods": "OpenDocument",
    ".epub": "EPUB",
}


def private_storage():
    """The storage of files that are never served by address (a callable for FileField)."""
    return storages["private"]


def document_problem(path: str, suffix: str) -> str | None:
    """None if the file at `path` is a document of the kind `suffix` names, else why not.
    Kinds without a signature to check (e.g. .txt) are None: callers limit the extensions."""
    suffix = suffix.lower()
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if suffix == ".pdf":
        ok = b"%PDF-" in head
    elif suffix in OLE2_SUFFIXES:
        ok = head.startswith(OLE2_MAGIC)
    elif suffix in OOXML_PARTS or suffix in OPENDOCUMENT_TYPES:
        return _zip_document_problem(path, suffix)
    else:
        return None
    return None if ok else _mismatch(suffix)


def _mismatch(suffix: str) -> str:
    return _(
        "Nội dung tệp không phải tài liệu %(kind)s như phần đuôi “%(suffix)s” của tên tệp; "
        "hãy mở tệp trên máy để kiểm tra rồi gửi lại."
    ) % {"kind": DOCUMENT_NAMES.get(suffix, suffix), "suffix": suffix}


def _zip_document_problem(path: str, suffix: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES
            ):
                return _("Tệp nén bên trong quá lớn bất thường; không nhận tệp này.")
            names = {entry.filename for entry in entries}
            if suffix in OOXML_PARTS:
                ok = "[Content_Types].xml" in names and any(
                    name.startswith(OOXML_PARTS[suffix]) for name in names
                )
            else:
                ok = (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == OPENDOCUMENT_TYPES[suffix]
                )
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        ok = False
    return None if ok else _mismatch(suffix)


__all__ = ["document_problem", "private_storage"]
