"""Bulk import of library items from CSV or XLSX: parse, validate every row, then all or nothing.

Plain functions: `read_table` (bytes -> header + rows), `validate` (rows -> items or row errors),
`import_items` (items -> pages, in one transaction). Messages (Vietnamese source, translated) give
row numbers as the user sees them in a spreadsheet (header = row 1); column names stay the headers
the file uses.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from hub.models import Field
from hub.spreadsheets import looks_like_formula
from hub.text import fold_vietnamese, vietnamese_slug

MAX_ROWS = 20_000

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


def read_table(data: bytes, filename: str) -> tuple[list[str], list[list]]:
    """Header and rows (raw cell values) of a CSV (UTF-8) or XLSX file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise ImportFileError(_("Chỉ nhận tệp .csv (mã hoá UTF-8) hoặc .xlsx (Excel)."))


def _read_csv(data: bytes) -> tuple[list[str], list[list]]:
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
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ImportFileError(_("Tệp trống: không có dòng tiêu đề cột."))
    return rows[0], rows[1:]


def _read_xlsx(data: bytes) -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
    except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds for a bad file)
        raise ImportFileError(
            _("Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")
        ) from error
    rows = [[_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows()]
    rows = [r for r in rows if any(str(c).strip() for c in r if c is not None)]
    if not rows:
        raise ImportFileError(_("Trang tính đầu tiên trống: không có dòng tiêu đề cột."))
    return [str(h or "") for h in rows[0]], rows[1:]


class Formula(str):
    """A spreadsheet cell holding a formula (rejected, never evaluated)."""


def _xlsx_cell(cell):
    if cell.data_type == "f":
        return Formula(str(cell.value))
    if isinstance(cell.value, datetime.datetime | datetime.date):
        return str(cell.value.year)
    return "" if cell.value is None else cell.value


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
