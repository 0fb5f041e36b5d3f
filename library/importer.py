"""Bulk import of library items from CSV or XLSX: parse, validate every row, then all or nothing.

Plain functions: `read_table` (bytes -> header + rows, streamed with hard limits), `validate`
(rows -> items or row errors), `import_items` (items -> pages, in one transaction). Messages
(Vietnamese source, translated) give row numbers as the user sees them in a spreadsheet (header =
row 1); column names stay the headers the file uses.

The admin's import runs as an `ImportJob` in the background: `check_job` (read and validate, keep
a preview) and `run_job` (import once the editor confirms), tasks in library/tasks.py queued by
library/admin_views.py.

Limits, because a small file must not cost much (an XLSX with a forged `<dimension>` once cost
15 s and 528 MB): at most MAX_ROWS rows (reading stops at the first row over), MAX_COLUMNS
header columns (every row is cut to the header's width), MAX_RECORD_CHARS characters in one CSV
record; for XLSX, the uncompressed size and compression ratio are checked before anything is
unzipped (settings LIBRARY_IMPORT_MAX_XML_BYTES, LIBRARY_IMPORT_MAX_ZIP_RATIO), the sheet is
read one cell at a time up to MAX_SHEET_ELEMENTS elements, and a sheet with a DOCTYPE is refused.
"""

from __future__ import annotations

import csv
import datetime
import gc
import io
import logging
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hub.models import Field
from hub.spreadsheets import looks_like_formula
from hub.text import fold_vietnamese, vietnamese_slug

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
MAX_COLUMNS = 64  # header cells read (13 columns are known); cells further right are never kept
MAX_RECORD_CHARS = 200_000  # one CSV record, its quoted line breaks included
# XML elements in an XLSX sheet, empty rows and cells included (20,000 rows of the 13 known
# columns as inline strings have 0.8 million): each costs a few microseconds to read, even the
# ones that are dropped
MAX_SHEET_ELEMENTS = 2_000_000
# An XLSX is a zip of XML: what it may unzip to, in all, and how much smaller it may be zipped.
MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100
# Parts openpyxl reads whole (workbook, styles, relationships...); the sheet and its shared
# strings are the only big ones in a real catalogue.
MAX_SMALL_PART_BYTES = 5 * 1024 * 1024
PROGRESS_EVERY = 500  # rows read between two progress reports

# canonical key -> accepted headers (compared folded: "Tiêu đề" == "tieu de" == "tieu_de")
COLUMNS = {
    "title": ["tiêu đề", "tên tài liệu", "title"],
    "authors": ["tác giả", "authors", "creator"],
    "publisher": ["nhà xuất bản", "publisher"],
    "year": ["năm", "năm xuất bản", "year", "date"],
    "language": ["ngôn ngữ", "language"],
    "field": ["lĩnh vực", "field", "subject"],
    "kind": ["loại", "kind", "type"],
    "tags": ["từ khóa", "từ khoá", "tags"],
    "summary": ["tóm tắt", "summary", "description"],
    "licence": ["bản quyền", "licence", "license", "rights"],
    "source": ["nguồn", "source"],
    "isbn": ["isbn"],
    "file": ["tệp", "file"],
}
REQUIRED = ["title", "field", "licence"]


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, header)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.column:
            return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % values
        return _("Dòng %(row)s: %(message)s") % values


@dataclass
class ParsedItem:
    row: int
    values: dict = field(default_factory=dict)


@dataclass
class ValidationResult:
    items: list[ParsedItem]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(header: str) -> str:
    return " ".join(fold_vietnamese(str(header or "")).replace("_", " ").split())


HEADER_LOOKUP = {_norm(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def read_table(
    data: bytes, filename: str, *, progress: Callable[[int], None] | None = None
) -> tuple[list[str], list[list]]:
    """Header and rows (raw cell values) of a CSV (UTF-8) or XLSX file.

    Rows are read one at a time and cut to the header's width; blank rows are skipped; reading
    stops with ImportFileError at the first row over MAX_ROWS. `progress(rows_read)` is called
    every PROGRESS_EVERY rows.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_rows(data)
        empty = _("Trang tính đầu tiên trống: không có dòng tiêu đề cột.")
    elif name.endswith((".csv", ".txt")):
        lines = _csv_rows(data)
        empty = _("Tệp trống: không có dòng tiêu đề cột.")
    else:
        raise ImportFileError(_("Chỉ nhận tệp .csv (mã hoá UTF-8) hoặc .xlsx (Excel)."))
    try:
        with _collector_paused():
            return _header_and_rows(lines, empty, progress)
    finally:
        lines.close()  # an XLSX reader closes its archive


@contextmanager
def _collector_paused():
    """Reading makes millions of short-lived objects, and with Django and Wagtail loaded (a
    million objects) the garbage collector's full passes took three quarters of the time. What
    is read here makes no reference cycles, so nothing waits for the collector meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _header_and_rows(lines: Iterator[list], empty: str, progress) -> tuple[list[str], list[list]]:
    header: list[str] | None = None
    rows: list[list] = []
    for line in lines:
        if header is None:
            if _filled(line):
                header = [str(h or "") for h in line]
                while header and not header[-1].strip():
                    header.pop()
                if len(header) > MAX_COLUMNS:
                    raise ImportFileError(
                        _("Dòng tiêu đề có hơn %(limit)s cột; hãy xoá các cột thừa.")
                        % {"limit": MAX_COLUMNS}
                    )
            continue
        row = line[: len(header)]
        if not _filled(row):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _(
                    "Tệp có hơn %(limit)s dòng tài liệu, quá giới hạn mỗi lần nhập; "
                    "hãy chia thành nhiều tệp nhỏ hơn."
                )
                % {"limit": MAX_ROWS}
            )
        rows.append(row)
        if progress and len(rows) % PROGRESS_EVERY == 0:
            progress(len(rows))
    if header is None:
        raise ImportFileError(empty)
    return header, rows


def _filled(row: list) -> bool:
    return any(str(cell).strip() for cell in row if cell is not None)


def _csv_rows(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Tệp CSV không dùng mã hoá UTF-8 (lỗi ở dòng %(line)s). Trong Excel hãy chọn "
                "“Lưu thành… CSV UTF-8 (phân cách bằng dấu phẩy)” rồi tải lên lại."
            )
            % {"line": line}
        ) from error
    if "\x00" in text:
        raise ImportFileError(
            _("Tệp chứa ký tự lạ (có thể là tệp nhị phân hoặc UTF-16); hãy lưu lại dạng CSV UTF-8.")
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    del text  # the rows are read from the bytes again, as a stream
    lines = _CsvLines(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))
    reader = csv.reader(lines, dialect)
    try:
        for record in reader:
            lines.pending = 0
            if record:  # not a blank line
                yield record[: MAX_COLUMNS + 1]
    except csv.Error as error:
        raise ImportFileError(
            _(
                "Tệp CSV sai định dạng ở dòng %(line)s (thường do dấu ngoặc kép không đóng); "
                "hãy lưu lại từ Excel dạng CSV UTF-8."
            )
            % {"line": lines.record_start}
        ) from error


class _CsvLines:
    """The physical lines csv.reader reads, refusing a record longer than MAX_RECORD_CHARS (a
    quote left open or a line of commas would otherwise become one huge row in memory)."""

    def __init__(self, stream):
        self.stream = stream
        self.number = 0
        self.record_start = 1  # the line the record being read starts on
        self.pending = 0  # its characters so far (the reader's loop resets it after each record)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_RECORD_CHARS + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if not self.pending:
            self.record_start = self.number
        self.pending += len(line)
        if self.pending > MAX_RECORD_CHARS:
            raise ImportFileError(
                _(
                    "Dòng %(line)s của tệp CSV dài quá %(limit)s ký tự (thường do dấu ngoặc kép "
                    "không đóng); hãy kiểm tra lại tệp."
                )
                % {"line": self.record_start, "limit": MAX_RECORD_CHARS}
            )
        return line


def _xlsx_rows(data: bytes) -> Iterator[list]:
    """Rows of the first sheet (cell values, MAX_COLUMNS + 1 wide), blank rows left out."""
    from openpyxl import load_workbook

    _check_archive(data)
    unreadable = _("Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
    except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds for a bad file)
        raise ImportFileError(unreadable) from error
    try:
        yield from _sheet_rows(book, sheet)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 (bad XML, CRC, shared string index, cell reference)
        raise ImportFileError(unreadable) from error
    finally:
        book.close()


def _check_archive(data: bytes) -> None:
    """Refuse a zip that would unzip to too much, before anything is unzipped. The sizes come
    from the zip's directory; zipfile never returns more than a member's declared size (and a
    member that lies fails its CRC check), so the check holds for what is actually read."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(
            _("Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")
        ) from error
    limit = getattr(settings, "LIBRARY_IMPORT_MAX_XML_BYTES", MAX_XML_BYTES)
    ratio = getattr(settings, "LIBRARY_IMPORT_MAX_ZIP_RATIO", MAX_ZIP_RATIO)
    if sum(member.file_size for member in members) > limit:
        raise ImportFileError(
            _(
                "Tệp Excel khi giải nén lớn quá %(limit)s MB; hãy chia thành nhiều tệp nhỏ hơn "
                "hoặc lưu dạng CSV UTF-8."
            )
            % {"limit": limit // (1024 * 1024)}
        )
    for member in members:
        name = member.filename.lower()
        squeezed = member.file_size > 1024 * 1024 and (
            member.file_size > ratio * max(member.compress_size, 1)
        )
        read_whole = name.endswith((".xml", ".rels")) and not (
            name.startswith("xl/worksheets/") or name.endswith("sharedstrings.xml")
        )
        if squeezed or (read_whole and member.file_size > MAX_SMALL_PART_BYTES):
            raise ImportFileError(
                _(
                    "Tệp Excel có cấu trúc bất thường (nén quá mức hoặc có phần phụ quá lớn); "
                    "hãy mở bằng Excel, lưu lại rồi tải lên lại."
                )
            )


def _sheet_rows(book, sheet) -> Iterator[list]:
    """The sheet's <row>s as they come, one <c> at a time, keeping only the first MAX_COLUMNS + 1
    cells. openpyxl's own cell parser gives the values (shared strings, dates, formulas), fed the
    way its ReadOnlyWorksheet feeds it (same attributes), but without its padding: iter_rows pads
    every row to the <dimension> the file declares and builds a whole <row> before cutting it.
    Every element is dropped once read, so memory stays one row wide whatever the file says.

    ElementTree's C parser reads the XML (openpyxl's defusedxml path is pure Python, five times
    slower); a sheet with a DTD is refused first, so there is no entity to expand, and
    ElementTree never fetches anything."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser

    with sheet._get_source() as source:
        _refuse_doctype(source)
    cells = WorkSheetParser(
        None,
        sheet._shared_strings,
        data_only=False,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    width = MAX_COLUMNS + 1
    open_elements = []
    opened, closed = open_elements.append, open_elements.pop
    in_cell = False
    values: list = []
    filled = False
    budget = MAX_SHEET_ELEMENTS
    with sheet._get_source() as source:
        # S314: a DOCTYPE was refused above, so no entity can expand; ElementTree fetches nothing
        for event, element in ElementTree.iterparse(source, events=("start", "end")):  # noqa: S314
            tag = element.tag
            if event == "start":
                budget -= 1
                if not budget:
                    raise ImportFileError(
                        _(
                            "Trang tính có quá nhiều ô (kể cả ô trống đã định dạng); hãy xoá các "
                            "dòng, cột thừa hoặc lưu dạng CSV UTF-8."
                        )
                    )
                opened(element)
                if tag == CELL_TAG:
                    in_cell = True
                elif tag == ROW_TAG:
                    number = element.get("r")
                    cells.row_counter = int(float(number)) if number else cells.row_counter + 1
                    cells.col_counter = 0
                    values, filled = [""] * width, False
                continue
            closed()
            if tag == CELL_TAG:
                in_cell = False
                ref = element.get("r")
                column = (
                    column_index_from_string(ref.rstrip("0123456789"))
                    if ref
                    else cells.col_counter + 1
                )
                if column <= width:
                    value = _xlsx_value(cells.parse_cell(element))
                    values[column - 1] = value
                    filled = filled or bool(str(value).strip())
                else:  # further right than any column kept: not even parsed
                    cells.col_counter = column
            elif in_cell:
                continue  # <v>, <f>, <is>: read with their cell
            elif tag == ROW_TAG and filled:
                yield values
            if open_elements:
                # the parent forgets what has been read (later siblings the parser has already
                # attached are still in its queue of events, complete, and are read all the same)
                open_elements[-1].clear()


class _RootReached(Exception):
    pass


def _refuse_doctype(source) -> None:
    """Read the XML up to its root element and refuse a DOCTYPE (a sheet has none; one could
    declare entities that expand a small file into a huge one)."""

    def doctype(*args):
        raise ImportFileError(
            _("Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")
        )

    def root(*args):
        raise _RootReached

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        while chunk := source.read(16384):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _RootReached:
        return


class Formula(str):
    """A spreadsheet cell holding a formula (rejected, never evaluated)."""


def _xlsx_value(cell: dict):
    value = cell["value"]
    if cell["data_type"] == "f":
        return Formula(str(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return str(value.year)
    return "" if value is None else value


def map_header(header: list[str]) -> list[str | None]:
    """Canonical key for each column; raises ImportFileError for missing or unknown columns."""
    keys = [HEADER_LOOKUP.get(_norm(h)) for h in header]
    unknown = [h for h, k in zip(header, keys, strict=True) if k is None and str(h).strip()]
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in keys]
    duplicated = sorted({k for k in keys if k and keys.count(k) > 1})
    problems = []
    if missing:
        problems.append(_("thiếu cột bắt buộc: %(columns)s") % {"columns": _quoted(missing)})
    if unknown:
        problems.append(_("cột không nhận ra: %(columns)s") % {"columns": _quoted(unknown)})
    if duplicated:
        problems.append(
            _("cột bị lặp: %(columns)s") % {"columns": _quoted(COLUMNS[d][0] for d in duplicated)}
        )
    if problems:
        expected = _quoted(aliases[0] for aliases in COLUMNS.values())
        raise ImportFileError(
            _("Dòng tiêu đề chưa đúng (%(problems)s). Các cột dùng được: %(expected)s.")
            % {"problems": "; ".join(problems), "expected": expected}
        )
    return keys


def _quoted(names) -> str:
    return ", ".join(f"“{name}”" for name in names)


def validate(
    header: list[str],
    rows: list[list],
    *,
    existing_keys: set[tuple] = frozenset(),
    known_files: set[str] | None = None,
) -> ValidationResult:
    from .models import LibraryItemPage

    keys = map_header(header)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Tệp có %(rows)s dòng, quá giới hạn %(limit)s dòng mỗi lần nhập; hãy chia nhỏ tệp.")
            % {"rows": len(rows), "limit": MAX_ROWS}
        )
    fields = {f.slug: f for f in Field.objects.all()}
    fields_by_name = {fold_vietnamese(f.name): f for f in fields.values()}
    kinds = _choice_lookup(LibraryItemPage.Kind.choices)
    licences = _choice_lookup(LibraryItemPage.Licence.choices)
    languages = _choice_lookup(LibraryItemPage.Language.choices)
    max_year = datetime.date.today().year + 1
    items, errors, seen = [], [], {}
    for offset, raw in enumerate(rows):
        number = offset + 2
        row = {k: raw[i] if i < len(raw) else "" for i, k in enumerate(keys) if k}
        row_errors = []
        for key, value in row.items():
            if isinstance(value, Formula) or looks_like_formula(value):
                row_errors.append(
                    RowError(
                        number,
                        COLUMNS[key][0],
                        _("ô chứa công thức (bắt đầu bằng =, +, -, @); hãy nhập giá trị thuần."),
                    )
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        row = {k: str(v).strip() if v is not None else "" for k, v in row.items()}
        values = {}
        for key in REQUIRED:
            if not row.get(key):
                row_errors.append(RowError(number, COLUMNS[key][0], _("bắt buộc, đang để trống.")))
        title = row.get("title", "")
        if len(title) > 255:
            row_errors.append(RowError(number, "tiêu đề", _("dài quá 255 ký tự.")))
        values["title"] = title
        if row.get("field"):
            found = fields.get(vietnamese_slug(row["field"])) or fields_by_name.get(
                fold_vietnamese(row["field"])
            )
            if found is None:
                names = ", ".join(f.name for f in fields.values())
                row_errors.append(
                    RowError(
                        number,
                        "lĩnh vực",
                        _("không có lĩnh vực “%(field)s” (có: %(names)s).")
                        % {"field": row["field"], "names": names},
                    )
                )
            values["field"] = found
        for key, lookup, default in (
            ("kind", kinds, "sach"),
            ("licence", licences, None),
            ("language", languages, "vi"),
        ):
            raw_value = row.get(key, "")
            if not raw_value:
                values[key] = default
                continue
            value = lookup.get(fold_vietnamese(raw_value))
            if value is None:
                allowed = ", ".join(sorted(set(lookup.values())))
                row_errors.append(
                    RowError(
                        number,
                        COLUMNS[key][0],
                        _("giá trị “%(value)s” không hợp lệ (dùng: %(allowed)s).")
                        % {"value": raw_value, "allowed": allowed},
                    )
                )
            values[key] = value
        if values.get("kind") == "video":
            row_errors.append(
                RowError(
                    number, "loại", _("video được thêm trong trang quản trị, không nhập từ bảng.")
                )
            )
        year = row.get("year", "")
        if year:
            try:
                values["year"] = int(float(year))
                if not 1800 <= values["year"] <= max_year:
                    raise ValueError
            except ValueError:
                row_errors.append(
                    RowError(
                        number,
                        "năm",
                        _("“%(year)s” không phải năm hợp lệ (1800–%(max_year)s).")
                        % {"year": year, "max_year": max_year},
                    )
                )
        for key in ("authors", "publisher", "source", "isbn"):
            values[key] = row.get(key, "")[: 20 if key == "isbn" else 255]
        values["summary"] = row.get("summary", "")[:2000]
        values["tags"] = [
            t.strip() for t in row.get("tags", "").replace(";", ",").split(",") if t.strip()
        ]
        values["file"] = row.get("file", "")
        if values["file"] and known_files is not None and values["file"] not in known_files:
            row_errors.append(
                RowError(
                    number,
                    "tệp",
                    _("không tìm thấy tệp “%(file)s” trong các tệp kèm theo.")
                    % {"file": values["file"]},
                )
            )
        key = (fold_vietnamese(title), fold_vietnamese(values["authors"]), values.get("year"))
        if title and key in seen:
            row_errors.append(
                RowError(
                    number,
                    "",
                    _("trùng với dòng %(row)s (cùng tiêu đề, tác giả, năm).") % {"row": seen[key]},
                )
            )
        elif title and key in existing_keys:
            row_errors.append(
                RowError(
                    number, "", _("tài liệu này đã có trong thư viện (cùng tiêu đề, tác giả, năm).")
                )
            )
        seen.setdefault(key, number)
        if row_errors:
            errors.extend(row_errors)
        else:
            items.append(ParsedItem(number, values))
    if not rows:
        errors.append(RowError(1, "", _("tệp chỉ có dòng tiêu đề, chưa có tài liệu nào.")))
    return ValidationResult(items, errors)


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[fold_vietnamese(str(value))] = value
        lookup[fold_vietnamese(str(label))] = value
    return lookup


def existing_keys(index) -> set[tuple]:
    from .models import LibraryItemPage

    return {
        (fold_vietnamese(t), fold_vietnamese(a), y)
        for t, a, y in LibraryItemPage.objects.child_of(index).values_list(
            "title", "authors", "year"
        )
    }


@transaction.atomic
def import_items(
    index,
    items: list[ParsedItem],
    *,
    publish: bool = True,
    user=None,
    files: dict[str, Callable[[], object]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list:
    """Create one page per item under `index`; any exception rolls every row back."""
    from wagtail.documents import get_document_model

    from .models import LibraryItemPage

    collection = _collection_of(index)
    Document = get_document_model()
    created = []
    used_slugs = set(index.get_children().values_list("slug", flat=True))
    for number, item in enumerate(items, start=1):
        values = dict(item.values)
        tags = values.pop("tags")
        file_name = values.pop("file")
        document = None
        if file_name and files:
            document = Document.objects.create(
                title=values["title"][:255], collection=collection, file=files[file_name]()
            )
        slug = base = vietnamese_slug(values["title"])[:70] or "tai-lieu"
        suffix = 2
        while slug in used_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used_slugs.add(slug)
        page = LibraryItemPage(slug=slug, document=document, owner=user, live=publish, **values)
        index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user, skip_permission_checks=True)
        created.append(page)
        if progress:
            progress(number, len(items))
    return created


def _collection_of(index):
    from wagtail.models import Collection

    from hub.federation import centre_for_path, centres_by_root_path

    centre = centre_for_path(index.path, centres_by_root_path())
    return centre.collection if centre else Collection.get_first_root_node()


# --- the admin's import, in the background (tasks in library/tasks.py) ----------------------

PREVIEW_ROWS = 20


def check_job(job_id) -> str:
    """Read and validate a job's file: READY with a preview of the first rows, or FAILED with
    the messages (and the file deleted). Does nothing unless the job is QUEUED."""
    from .models import ImportJob

    Status = ImportJob.Status
    if not ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(status=Status.CHECKING):
        return "skipped"
    job = ImportJob.objects.select_related("library").filter(pk=job_id).first()
    if job is None:  # cancelled meanwhile
        return "cancelled"
    with translation.override(job.language):
        try:
            result = _check_file(job, progress=lambda rows: _set_rows_done(job.pk, rows))
        except ImportFileError as error:
            job.finish(Status.FAILED, errors=[error.message])
            return "failed"
        except Exception:
            job.finish(Status.FAILED, errors=[_unexpected()])
            raise
        if not result.ok:
            job.finish(Status.FAILED, errors=[str(error) for error in result.errors])
            return "failed"
        ImportJob.objects.filter(pk=job.pk, status=Status.CHECKING).update(
            status=Status.READY,
            rows_done=0,
            rows_total=len(result.items),
            preview=[_preview(item) for item in result.items[:PREVIEW_ROWS]],
        )
    return "ready"


def run_job(job_id) -> str:
    """Import a confirmed job's file, checked again (the library may have changed since the
    preview), as the job's user: published if they may publish, drafts otherwise. Nothing is
    imported if anything fails. Does nothing unless the job is CONFIRMED."""
    from .models import ImportJob

    Status = ImportJob.Status
    if not ImportJob.objects.filter(pk=job_id, status=Status.CONFIRMED).update(
        status=Status.IMPORTING, rows_done=0
    ):
        return "skipped"
    # live progress needs the job's row unlocked by this connection: not inside a transaction
    live = not connection.in_atomic_block
    job = ImportJob.objects.select_related("library", "user").filter(pk=job_id).first()
    if job is None:  # deleted as expired
        return "gone"
    with translation.override(job.language):
        try:
            permissions = job.library.permissions_for_user(job.user)
            if not permissions.can_add_subpage():
                job.finish(
                    Status.FAILED,
                    errors=[
                        _(
                            "Tài khoản không còn quyền thêm tài liệu vào thư viện này; "
                            "chưa nhập dòng nào."
                        )
                    ],
                )
                return "failed"
            result = _check_file(job)
            if not result.ok:
                job.finish(
                    Status.FAILED,
                    errors=[
                        _("Tệp không còn hợp lệ (%(error)s); chưa nhập dòng nào.")
                        % {"error": result.errors[0]}
                    ],
                )
                return "failed"
            publish = permissions.can_publish_subpage()
            with LiveProgress(job.pk, enabled=live) as progress:
                created = import_items(
                    job.library, result.items, publish=publish, user=job.user, progress=progress
                )
        except ImportFileError as error:
            job.finish(Status.FAILED, errors=[error.message])
            return "failed"
        except Exception:
            job.finish(Status.FAILED, errors=[_unexpected()])
            raise
    job.finish(Status.DONE, rows_done=len(created), rows_total=len(created), published=publish)
    return "done"


def _check_file(job, progress=None) -> ValidationResult:
    header, rows = read_table(bytes(job.data), job.file_name, progress=progress)
    return validate(header, rows, existing_keys=existing_keys(job.library))


def _set_rows_done(job_id, rows: int) -> None:
    from .models import ImportJob

    ImportJob.objects.filter(pk=job_id).update(rows_done=rows)


def _preview(item: ParsedItem) -> dict:
    values = item.values
    return {
        "row": item.row,
        "title": values["title"],
        "authors": values["authors"],
        "year": values.get("year"),
        "field": values["field"].name,
        "licence": values["licence"],
    }


def _unexpected() -> str:
    return _(
        "Lỗi ngoài dự kiến khi xử lý tệp; chưa nhập dòng nào. Hãy thử lại hoặc báo quản trị viên."
    )


class LiveProgress:
    """import_items' progress written to the job's rows_done from a second database connection.

    The import is one transaction (all or nothing), so nobody sees what it writes on its own
    connection before it ends; a second connection, in autocommit, shows the editor the count
    as it goes. PostgreSQL only (SQLite lets one connection write at a time: there the count
    shows at the end), at most once a second, and off when told (`enabled=False`: the caller's
    transaction may hold the job's row). A failed write switches it off; lock_timeout keeps the
    import from waiting on it.
    """

    def __init__(self, job_id, *, enabled: bool = True, every: float = 1.0):
        from .models import ImportJob

        self.job_id = uuid.UUID(str(job_id))
        self.every = every
        self.last = 0.0
        self.side = None
        if enabled and connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            quote = self.side.ops.quote_name
            self.sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(  # noqa: S608 (names, not input)
                quote(ImportJob._meta.db_table), quote("rows_done"), quote("id")
            )

    def __enter__(self) -> LiveProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __call__(self, done: int, total: int) -> None:
        if self.side is None or (done < total and time.monotonic() - self.last < self.every):
            return
        self.last = time.monotonic()
        try:
            with self.side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(self.sql, [done, self.job_id])
        except DatabaseError:
            logger.warning("import job %s: progress not written", self.job_id, exc_info=True)
            self.close()

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def delete_old_previews(storage=None) -> int:
    """Delete what the old import screen left in public storage (imports/<uuid>.csv|xlsx: every
    preview never confirmed). Imports no longer write there. Returns how many files went."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    try:
        _folders, files = storage.listdir("imports")
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in files:
        storage.delete(f"imports/{name}")
    return len(files)
