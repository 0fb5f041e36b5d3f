"""Criteria sets in and out of one XLSX workbook, the layout the association fills in.

Three sheets (names and headers compared folded: case, diacritics, punctuation, whitespace and a
trailing "(…)" hint do not matter; columns may come in any order):

- "Bo tieu chi": one row per field, label in column A, value in column B (column C is a hint):
  Mô hình (code or Vietnamese name), Tên bộ tiêu chí, Phiên bản, Văn bản ban hành, Hiệu lực từ,
  Hiệu lực đến (dd/mm/yyyy text or date cells), Cấp phê duyệt (Đơn vị / Chi hội), Bộ mẫu
  (Có/Không) and Tổng điểm (optional: when given, the criteria's points must add up to it).
- "Tieu chi": a header row, then one row per criterion: Mã nhóm, Tên nhóm, Mã tiêu chí, Nội dung,
  Hướng dẫn/minh chứng gợi ý, Điểm tối đa, Cách chấm, Bắt buộc minh chứng, Bắt buộc đạt.
- "Xep loai": Xếp loại, Từ điểm.

`export_workbook(data)` writes that layout from a `SetData`; `read_workbook(bytes)` reads it back
into a `SetData` or raises `CriteriaFileError` with every problem found (sheet, row, what is
wrong, what to do), `import_workbook(bytes)` adds the database checks and stores the set with
`criteria.create_set`, all or nothing. Formula cells and text a spreadsheet could run as one are
refused (`hub.spreadsheets.looks_like_formula`); the file is checked as a zip (size unzipped,
compression ratio) before openpyxl opens it.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hub.spreadsheets import looks_like_formula, neutralise
from hub.text import fold_vietnamese, visible_text

from .criteria import CriterionData, GroupData, SetData, create_set
from .models import CriteriaSet, Criterion, LearningModel

MAX_BYTES = 2 * 1024 * 1024
MAX_CRITERIA = 500
MAX_GRADES = 50
MAX_POINTS = 1000
MAX_TOTAL = 32767  # scores are small integers in the database
MAX_COLUMNS = 30  # cells further right are never read
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ZIP_RATIO = 100

SHEET_SET = "Bo tieu chi"
SHEET_CRITERIA = "Tieu chi"
SHEET_GRADES = "Xep loai"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Field lengths of the models, checked before anything is stored.
LENGTHS = {
    "title": 255,
    "version": 20,
    "decision": 255,
    "code": 12,
    "group_title": 255,
    "grade": 60,
}


def normalise(text) -> str:
    """A header, label or choice as compared: "Cách chấm (Đạt/chưa đạt)" -> "cach cham"."""
    text = re.sub(r"\([^)]*\)", " ", str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_vietnamese(text)).split())


# (key, header written by the export, other accepted headers)
SET_ROWS = [
    ("model", "Mô hình", ["model", "mô hình học tập"]),
    ("title", "Tên bộ tiêu chí", ["title", "tên"]),
    ("version", "Phiên bản", ["version"]),
    ("decision", "Văn bản ban hành", ["decision", "quyết định"]),
    ("valid_from", "Hiệu lực từ", ["valid_from", "có hiệu lực từ"]),
    ("valid_to", "Hiệu lực đến", ["valid_to", "có hiệu lực đến"]),
    ("approval", "Cấp phê duyệt", ["approval"]),
    ("is_sample", "Bộ mẫu", ["is_sample"]),
    ("total", "Tổng điểm", ["total"]),
]
SET_REQUIRED = ["model", "title", "version", "valid_from"]

CRITERIA_COLUMNS = [
    ("group_code", "Mã nhóm", ["group_code"]),
    ("group_title", "Tên nhóm", ["group_title", "nhóm"]),
    ("code", "Mã tiêu chí", ["code", "mã"]),
    ("text", "Nội dung", ["text", "tiêu chí", "nội dung tiêu chí"]),
    (
        "guidance",
        "Hướng dẫn/minh chứng gợi ý",
        ["guidance", "hướng dẫn", "minh chứng gợi ý", "hướng dẫn, minh chứng gợi ý"],
    ),
    ("points", "Điểm tối đa", ["points", "điểm"]),
    ("kind", "Cách chấm (Đạt/chưa đạt | Tự chấm điểm)", ["kind"]),
    ("evidence_required", "Bắt buộc minh chứng (Có/Không)", ["evidence_required"]),
    ("mandatory", "Bắt buộc đạt (Có/Không)", ["mandatory"]),
]
CRITERIA_REQUIRED = ["group_code", "group_title", "code", "text", "points"]

GRADE_COLUMNS = [
    ("name", "Xếp loại", ["grade", "name", "tên xếp loại"]),
    ("min_points", "Từ điểm", ["min_points", "điểm tối thiểu", "từ"]),
]
GRADE_REQUIRED = ["name", "min_points"]

YES, NO = "Có", "Không"
YES_WORDS = {"co", "x", "yes", "true", "1", "dung"}
NO_WORDS = {"", "khong", "no", "false", "0", "sai"}
KIND_LABELS = {Criterion.Kind.CHECK: "Đạt/chưa đạt", Criterion.Kind.POINTS: "Tự chấm điểm"}
KIND_WORDS = {
    "dat": Criterion.Kind.CHECK,
    "dat chua dat": Criterion.Kind.CHECK,
    "dat khong dat": Criterion.Kind.CHECK,
    "diem": Criterion.Kind.POINTS,
    "tu cham diem": Criterion.Kind.POINTS,
    "cham diem": Criterion.Kind.POINTS,
}
APPROVAL_LABELS = {CriteriaSet.Approval.UNIT: "Đơn vị", CriteriaSet.Approval.BRANCH: "Chi hội"}


def _vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


def _model_words() -> dict[str, str]:
    words = {}
    for value, label in LearningModel.choices:
        words[normalise(value)] = value
        words[normalise(_vietnamese(label))] = value
    return words


def _approval_words() -> dict[str, str]:
    words = {}
    for value, label in CriteriaSet.Approval.choices:
        words[normalise(value)] = value
        words[normalise(_vietnamese(label))] = value
        words[normalise(APPROVAL_LABELS[value])] = value
    words["chi hoi hoi co so"] = CriteriaSet.Approval.BRANCH
    words["hoi co so"] = CriteriaSet.Approval.BRANCH
    return words


def _lookup(columns) -> dict[str, str]:
    return {
        normalise(header): key
        for key, written, others in columns
        for header in [written, *others, key]
    }


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (sheet, row; both optional) and what to do."""

    message: str
    sheet: str = ""
    row: int | None = None

    def __str__(self) -> str:
        values = {"sheet": self.sheet, "row": self.row, "message": self.message}
        if self.sheet and self.row:
            return _("Trang “%(sheet)s”, dòng %(row)s: %(message)s") % values
        if self.sheet:
            return _("Trang “%(sheet)s”: %(message)s") % values
        return self.message


class CriteriaFileError(Exception):
    """The file cannot be imported; `problems` lists everything found, in sheet and row order."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


# -- reading -------------------------------------------------------------------------------------


def not_xlsx_problem() -> Problem:
    return Problem(
        _(
            "Tệp không phải là sổ tính Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp khác "
            "đổi đuôi). Hãy tải tệp mẫu, điền vào rồi lưu dạng “Sổ làm việc Excel (.xlsx)”."
        )
    )


def too_large_problem() -> Problem:
    return Problem(
        _(
            "Tệp lớn quá %(limit)s MB. Một bộ tiêu chí chỉ cần vài chục KB: hãy xoá ảnh, trang "
            "tính và định dạng thừa rồi tải lên lại."
        )
        % {"limit": MAX_BYTES // (1024 * 1024)}
    )


def _check_archive(data: bytes) -> None:
    """Refuse what is not a zip, or a zip that would unzip to too much, before openpyxl reads it
    (the sizes come from the zip's directory; zipfile never returns more than a member's declared
    size)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise CriteriaFileError([not_xlsx_problem()]) from error
    squeezed = any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if squeezed or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise CriteriaFileError(
            [
                Problem(
                    _(
                        "Tệp Excel có cấu trúc bất thường (nén quá mức); hãy mở bằng Excel, lưu "
                        "lại rồi tải lên lại."
                    )
                )
            ]
        )


def _text(value) -> str:
    """A cell as text: numbers typed into code cells ("1", "1.1") become their digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return visible_text(str(value)).strip()


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    return None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    word = normalise(_text(value))
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


class _Reader:
    """Reads the three sheets of one workbook, collecting every problem."""

    def __init__(self, book):
        self.book = book
        self.problems: list[Problem] = []
        self.sheets = {normalise(sheet.title): sheet for sheet in book.worksheets}
        self.overflowing: set[str] = set()  # sheets with more rows than allowed

    def problem(self, message: str, sheet: str = "", row: int | None = None) -> None:
        self.problems.append(Problem(message, sheet, row))

    def sheet(self, name: str):
        sheet = self.sheets.get(normalise(name))
        if sheet is None:
            self.problem(
                _(
                    "Thiếu trang tính “%(name)s”. Hãy dùng tệp mẫu: tệp cần đủ ba trang “%(set)s”, "
                    "“%(criteria)s” và “%(grades)s”."
                )
                % {
                    "name": name,
                    "set": SHEET_SET,
                    "criteria": SHEET_CRITERIA,
                    "grades": SHEET_GRADES,
                }
            )
        return sheet

    def rows(self, sheet, limit: int, header: bool = False) -> Iterator[tuple[int, list]]:
        """(row number, cell values) of the sheet's non-blank rows, at most `limit` of them (a
        problem is added when there are more; a `header` row is not counted). Formula cells are
        refused."""
        count = -1 if header else 0
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            values = []
            for cell in cells:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or looks_like_formula(value):
                    self.problem(
                        _(
                            "ô %(cell)s chứa công thức hoặc chữ bắt đầu bằng =, +, -, @ (“%(text)s”)."
                            " Hãy ghi giá trị thẳng vào ô (không dùng công thức) và bỏ dấu đó ở đầu."
                        )
                        % {"cell": cell.coordinate, "text": _shorten(_text(value))},
                        sheet.title,
                        number,
                    )
                values.append(value)
            if not any(_text(v) for v in values):
                continue
            count += 1
            if count > limit:
                self.problem(
                    _(
                        "có hơn %(limit)s dòng, quá giới hạn một bộ tiêu chí. Hãy kiểm tra xem có "
                        "dòng thừa không, hoặc chia thành nhiều bộ."
                    )
                    % {"limit": limit},
                    sheet.title,
                )
                self.overflowing.add(sheet.title)
                return
            yield number, values

    def table(self, sheet, columns, required, limit) -> list[tuple[int, dict]] | None:
        """Rows of a sheet with a header row, as {key: value}; None when the sheet cannot be read
        (empty, columns missing, too many rows)."""
        lookup = _lookup(columns)
        written = {key: header for key, header, _others in columns}
        rows = self.rows(sheet, limit, header=True)
        header = next(rows, None)
        if header is None:
            self.problem(
                _("trang trống. Hãy chép dòng tiêu đề cột và dữ liệu theo tệp mẫu."), sheet.title
            )
            return None
        header_row, cells = header
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = lookup.get(normalise(_text(cell)))
            if key is None:
                continue
            if key in positions:
                self.problem(
                    _("cột “%(column)s” có hai lần. Hãy xoá một cột.") % {"column": _text(cell)},
                    sheet.title,
                    header_row,
                )
                continue
            positions[key] = index
        missing = [written[key] for key in required if key not in positions]
        if missing:
            self.problem(
                _(
                    "thiếu cột %(columns)s. Dòng đầu tiên có chữ phải là dòng tiêu đề cột; hãy "
                    "thêm các cột này theo tệp mẫu."
                )
                % {"columns": ", ".join(f"“{name}”" for name in missing)},
                sheet.title,
                header_row,
            )
            return None
        table = [
            (number, {key: values[index] for key, index in positions.items()})
            for number, values in rows
        ]
        return None if sheet.title in self.overflowing else table


def read_workbook(
    data: bytes,
    *,
    taken_versions: Callable[[str], set[str]] | None = None,
    expected_model: str | None = None,
) -> SetData:
    """The set the workbook describes, or CriteriaFileError with every problem found.

    `taken_versions(model)`: the versions that model already has (a new set must not reuse one);
    `expected_model`: the model the set must be of (a new version of an existing set)."""
    if len(data) > MAX_BYTES:
        raise CriteriaFileError([too_large_problem()])
    _check_archive(data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds for a bad file)
        raise CriteriaFileError([not_xlsx_problem()]) from error
    reader = _Reader(book)
    try:
        set_sheet = reader.sheet(SHEET_SET)
        criteria_sheet = reader.sheet(SHEET_CRITERIA)
        grades_sheet = reader.sheet(SHEET_GRADES)
        fields = _read_set(reader, set_sheet) if set_sheet else {}
        groups = _read_criteria(reader, criteria_sheet) if criteria_sheet else None
        grades = _read_grades(reader, grades_sheet) if grades_sheet else None
    except CriteriaFileError:
        raise
    except Exception as error:  # noqa: BLE001 (bad XML, CRC, shared string index inside a sheet)
        raise CriteriaFileError([not_xlsx_problem()]) from error
    finally:
        book.close()
    _check_totals(reader, fields, groups, grades)
    _check_model_and_version(reader, fields, taken_versions, expected_model)
    if reader.problems:
        raise CriteriaFileError(reader.problems)
    return {
        "model": fields["model"],
        "title": fields["title"],
        "version": fields["version"],
        "decision": fields.get("decision", ""),
        "valid_from": fields["valid_from"],
        "valid_to": fields.get("valid_to"),
        "approval": fields.get("approval") or CriteriaSet.Approval.BRANCH,
        "is_sample": fields.get("is_sample", False),
        "grades": [(name, points) for _row, name, points in grades],
        "groups": groups,
    }


def _read_set(reader: _Reader, sheet) -> dict:
    lookup = _lookup(SET_ROWS)
    labels = {key: label for key, label, _others in SET_ROWS}
    found: dict[str, tuple[int, object]] = {}
    for number, values in reader.rows(sheet, 100):
        key = lookup.get(normalise(_text(values[0])))
        if key is None:
            continue  # a heading or a note
        if key in found:
            reader.problem(
                _("dòng “%(label)s” có hai lần (dòng %(first)s và dòng này). Hãy xoá một dòng.")
                % {"label": labels[key], "first": found[key][0]},
                sheet.title,
                number,
            )
            continue
        found[key] = (number, values[1] if len(values) > 1 else None)
    fields: dict = {}
    for key in SET_REQUIRED:
        if key not in found or not _text(found[key][1]):
            row = found[key][0] if key in found else None
            reader.problem(
                _("chưa ghi “%(label)s”. Hãy điền giá trị vào cột B của dòng “%(label)s”.")
                % {"label": labels[key]},
                sheet.title,
                row,
            )

    def text_field(key, limit):
        if key in found and _text(found[key][1]):
            value = _text(found[key][1])
            if len(value) > limit:
                reader.problem(
                    _("“%(label)s” dài %(length)s ký tự, quá %(limit)s. Hãy rút gọn.")
                    % {"label": labels[key], "length": len(value), "limit": limit},
                    sheet.title,
                    found[key][0],
                )
            fields[key] = value

    text_field("title", LENGTHS["title"])
    text_field("version", LENGTHS["version"])
    text_field("decision", LENGTHS["decision"])
    if "model" in found and _text(found["model"][1]):
        value = _model_words().get(normalise(_text(found["model"][1])))
        if value is None:
            names = ", ".join(f"“{_vietnamese(label)}”" for _value, label in LearningModel.choices)
            reader.problem(
                _("không có mô hình “%(value)s”. Hãy ghi một trong: %(names)s.")
                % {"value": _text(found["model"][1]), "names": names},
                sheet.title,
                found["model"][0],
            )
        fields["model"] = value
    for key in ("valid_from", "valid_to"):
        if key in found and _text(found[key][1]):
            value = _date(found[key][1])
            if value is None:
                reader.problem(
                    _(
                        "“%(label)s” ghi “%(value)s”, không đọc được thành ngày. Hãy ghi dạng "
                        "ngày/tháng/năm, ví dụ 28/07/2022."
                    )
                    % {"label": labels[key], "value": _text(found[key][1])},
                    sheet.title,
                    found[key][0],
                )
            fields[key] = value
    if fields.get("valid_from") and fields.get("valid_to"):
        if fields["valid_to"] < fields["valid_from"]:
            reader.problem(
                _("“Hiệu lực đến” ở trước “Hiệu lực từ”. Hãy sửa một trong hai ngày."),
                sheet.title,
                found["valid_to"][0],
            )
    if "approval" in found and _text(found["approval"][1]):
        value = _approval_words().get(normalise(_text(found["approval"][1])))
        if value is None:
            reader.problem(
                _(
                    "“Cấp phê duyệt” ghi “%(value)s”. Hãy ghi “Đơn vị” (đơn vị duyệt là đủ) hoặc "
                    "“Chi hội” (đơn vị duyệt, chi hội/hội cơ sở phê duyệt)."
                )
                % {"value": _text(found["approval"][1])},
                sheet.title,
                found["approval"][0],
            )
        fields["approval"] = value
    if "is_sample" in found:
        value = _boolean(found["is_sample"][1])
        if value is None:
            reader.problem(
                _("“Bộ mẫu” ghi “%(value)s”. Hãy ghi “Có” hoặc “Không”.")
                % {"value": _text(found["is_sample"][1])},
                sheet.title,
                found["is_sample"][0],
            )
        fields["is_sample"] = bool(value)
    if "total" in found and _text(found["total"][1]):
        value = _integer(found["total"][1])
        if value is None or value < 1:
            reader.problem(
                _(
                    "“Tổng điểm” ghi “%(value)s”, không phải số nguyên dương. Hãy ghi tổng điểm "
                    "của bộ (ví dụ 100) hoặc xoá dòng này."
                )
                % {"value": _text(found["total"][1])},
                sheet.title,
                found["total"][0],
            )
        else:
            fields["total"] = (found["total"][0], value)
    fields["rows"] = {key: row for key, (row, _value) in found.items()}
    fields["sheet"] = sheet.title
    return fields


def _read_criteria(reader: _Reader, sheet) -> list[GroupData] | None:
    rows = reader.table(sheet, CRITERIA_COLUMNS, CRITERIA_REQUIRED, MAX_CRITERIA)
    if rows is None:
        return None
    groups: dict[str, GroupData] = {}
    group_rows: dict[str, tuple[int, str]] = {}  # code -> (row, title) where the title was given
    codes: dict[str, int] = {}
    broken = False
    for number, row in rows:

        def wrong(message, number=number):
            reader.problem(message, sheet.title, number)

        group_code = _text(row.get("group_code"))
        group_title = _text(row.get("group_title"))
        code = _text(row.get("code"))
        text = _text(row.get("text"))
        for value, label in (
            (group_code, "Mã nhóm"),
            (code, "Mã tiêu chí"),
            (text, "Nội dung"),
        ):
            if not value:
                wrong(_("ô “%(column)s” trống. Hãy điền vào.") % {"column": label})
                broken = True
        for value, label in ((group_code, "Mã nhóm"), (code, "Mã tiêu chí")):
            if len(value) > LENGTHS["code"]:
                wrong(
                    _("“%(column)s” “%(value)s” dài quá %(limit)s ký tự. Hãy dùng mã ngắn hơn.")
                    % {"column": label, "value": value, "limit": LENGTHS["code"]}
                )
        if len(group_title) > LENGTHS["group_title"]:
            wrong(
                _("“Tên nhóm” dài quá %(limit)s ký tự. Hãy rút gọn.")
                % {"limit": LENGTHS["group_title"]}
            )
        if code:
            if code in codes:
                wrong(
                    _(
                        "mã tiêu chí “%(code)s” trùng với dòng %(first)s. Mỗi tiêu chí cần một mã "
                        "riêng: hãy sửa một trong hai mã."
                    )
                    % {"code": code, "first": codes[code]}
                )
            else:
                codes[code] = number
        points = _integer(row.get("points"))
        if points is None or not 1 <= points <= MAX_POINTS:
            wrong(
                _(
                    "“Điểm tối đa” ghi “%(value)s”, không phải số nguyên dương. Hãy ghi một số "
                    "nguyên từ 1 đến %(limit)s."
                )
                % {"value": _text(row.get("points")), "limit": MAX_POINTS}
            )
            broken = True
        kind = KIND_WORDS.get(normalise(_text(row.get("kind"))) or "dat")
        if kind is None:
            wrong(
                _("“Cách chấm” ghi “%(value)s”. Hãy ghi “Đạt/chưa đạt” hoặc “Tự chấm điểm”.")
                % {"value": _text(row.get("kind"))}
            )
        flags = {}
        for key, label in (
            ("evidence_required", "Bắt buộc minh chứng"),
            ("mandatory", "Bắt buộc đạt"),
        ):
            flags[key] = _boolean(row.get(key))
            if flags[key] is None:
                wrong(
                    _("“%(column)s” ghi “%(value)s”. Hãy ghi “Có” hoặc “Không”.")
                    % {"column": label, "value": _text(row.get(key))}
                )
        if not group_code:
            continue
        if group_title:
            if group_code in group_rows and group_rows[group_code][1] != group_title:
                first_row, first_title = group_rows[group_code]
                wrong(
                    _(
                        "nhóm “%(code)s” có tên “%(title)s”, khác với tên “%(first)s” ở dòng "
                        "%(row)s. Mỗi mã nhóm chỉ có một tên: hãy sửa cho giống nhau hoặc dùng mã "
                        "nhóm khác."
                    )
                    % {
                        "code": group_code,
                        "title": group_title,
                        "first": first_title,
                        "row": first_row,
                    }
                )
            group_rows.setdefault(group_code, (number, group_title))
        group = groups.setdefault(group_code, {"code": group_code, "title": "", "criteria": []})
        group["title"] = group_rows.get(group_code, (0, ""))[1]
        criterion: CriterionData = {
            "code": code,
            "text": text,
            "guidance": _text(row.get("guidance")),
            "points": points or 0,
            "kind": kind or Criterion.Kind.CHECK,
            "evidence_required": bool(flags["evidence_required"]),
            "mandatory": bool(flags["mandatory"]),
        }
        group["criteria"].append(criterion)
    for code, group in groups.items():
        if not group["title"]:
            reader.problem(
                _("nhóm “%(code)s” chưa có tên. Hãy ghi “Tên nhóm” ở ít nhất một dòng của nhóm.")
                % {"code": code},
                sheet.title,
            )
    if not rows:
        reader.problem(
            _("chưa có tiêu chí nào. Hãy thêm mỗi tiêu chí một dòng dưới dòng tiêu đề cột."),
            sheet.title,
        )
        return None
    return None if broken else list(groups.values())


def _read_grades(reader: _Reader, sheet) -> list[tuple[int, str, int]] | None:
    rows = reader.table(sheet, GRADE_COLUMNS, GRADE_REQUIRED, MAX_GRADES)
    if rows is None:
        return None
    grades = []
    names: dict[str, int] = {}
    thresholds: dict[int, int] = {}
    for number, row in rows:
        name = _text(row.get("name"))
        points = _integer(row.get("min_points"))
        if not name:
            reader.problem(
                _("ô “Xếp loại” trống. Hãy ghi tên xếp loại, ví dụ “Đạt”."), sheet.title, number
            )
        elif len(name) > LENGTHS["grade"]:
            reader.problem(
                _("tên xếp loại dài quá %(limit)s ký tự. Hãy rút gọn.")
                % {"limit": LENGTHS["grade"]},
                sheet.title,
                number,
            )
        elif name in names:
            reader.problem(
                _("xếp loại “%(name)s” trùng với dòng %(first)s. Hãy xoá một dòng.")
                % {"name": name, "first": names[name]},
                sheet.title,
                number,
            )
        else:
            names[name] = number
        if points is None or points < 0:
            points = None
            reader.problem(
                _(
                    "“Từ điểm” ghi “%(value)s”, không phải số nguyên từ 0 trở lên. Hãy ghi số điểm "
                    "tối thiểu để đạt xếp loại này."
                )
                % {"value": _text(row.get("min_points"))},
                sheet.title,
                number,
            )
        elif points in thresholds:
            reader.problem(
                _(
                    "“Từ điểm” %(points)s trùng với dòng %(first)s. Mỗi xếp loại cần một mức điểm "
                    "riêng: hãy sửa một trong hai."
                )
                % {"points": points, "first": thresholds[points]},
                sheet.title,
                number,
            )
        else:
            thresholds[points] = number
        grades.append((number, name, points))
    if not rows:
        reader.problem(
            _(
                "chưa có xếp loại nào. Hãy thêm ít nhất một dòng, ví dụ “Đạt” từ 70 điểm, dưới "
                "dòng tiêu đề cột."
            ),
            sheet.title,
        )
    return grades


def _check_totals(reader: _Reader, fields: dict, groups, grades) -> None:
    """Points that must add up: the "Tổng điểm" row if given, and grades within the total."""
    if groups is None:
        return  # some points could not be read: their sum would mislead
    total = sum(c["points"] for g in groups for c in g["criteria"])
    criteria_title = reader.sheets[normalise(SHEET_CRITERIA)].title
    if "total" in fields:
        row, declared = fields["total"]
        if declared != total:
            reader.problem(
                _(
                    "“Tổng điểm” ghi %(declared)s nhưng điểm tối đa của các tiêu chí cộng lại được "
                    "%(total)s. Hãy sửa điểm các tiêu chí ở trang “%(sheet)s” hoặc sửa dòng "
                    "“Tổng điểm”."
                )
                % {"declared": declared, "total": total, "sheet": criteria_title},
                fields["sheet"],
                row,
            )
    if total > MAX_TOTAL:
        reader.problem(
            _(
                "điểm tối đa của các tiêu chí cộng lại được %(total)s, quá %(limit)s. Hãy giảm "
                "điểm các tiêu chí."
            )
            % {"total": total, "limit": MAX_TOTAL},
            criteria_title,
        )
    grades_sheet = reader.sheets.get(normalise(SHEET_GRADES))
    for row, _name, points in grades or []:
        if points is not None and points > total:
            reader.problem(
                _(
                    "“Từ điểm” %(points)s cao hơn tổng điểm của bộ (%(total)s): không ai đạt được. "
                    "Hãy ghi một số từ 0 đến %(total)s."
                )
                % {"points": points, "total": total},
                grades_sheet.title,
                row,
            )


def _check_model_and_version(reader: _Reader, fields: dict, taken_versions, expected_model):
    model, version = fields.get("model"), fields.get("version")
    if not model:
        return
    if expected_model and model != expected_model:
        reader.problem(
            _(
                "tệp là bộ tiêu chí “%(model)s”, khác mô hình của phiên bản trước đã chọn "
                "(“%(expected)s”). Hãy chọn đúng phiên bản trước hoặc bỏ chọn."
            )
            % {
                "model": _vietnamese(LearningModel(model).label),
                "expected": _vietnamese(LearningModel(expected_model).label),
            },
            fields["sheet"],
            fields["rows"]["model"],
        )
    if version and taken_versions:
        taken = taken_versions(model)
        if version in taken:
            reader.problems.append(
                version_taken_problem(version, taken, fields["sheet"], fields["rows"]["version"])
            )


def suggest_version(version: str, taken: set[str]) -> str:
    """A version not in `taken`, close to `version` ("2024" -> "2025", "MAU" -> "MAU-2")."""
    match = re.fullmatch(r"(.*?)(\d+)", version)
    base, number = (match.group(1), int(match.group(2))) if match else (f"{version}-", 1)
    for candidate_number in range(number + 1, number + 1000):
        candidate = f"{base}{candidate_number}"[-LENGTHS["version"] :]
        if candidate not in taken:
            return candidate
    return ""


def version_taken_problem(
    version: str, taken: set[str], sheet: str = SHEET_SET, row: int | None = None
) -> Problem:
    return Problem(
        _(
            "mô hình này đã có bộ tiêu chí phiên bản “%(version)s”. Bộ đã có không bị thay "
            "thế: hãy ghi một phiên bản mới, ví dụ “%(suggestion)s”."
        )
        % {"version": version, "suggestion": suggest_version(version, taken)},
        sheet,
        row,
    )


# -- importing -----------------------------------------------------------------------------------


def versions_of(model: str) -> set[str]:
    return set(CriteriaSet.objects.filter(model=model).values_list("version", flat=True))


def import_workbook(data: bytes, previous: CriteriaSet | None = None) -> CriteriaSet:
    """Read, check against the database, store: all or nothing (CriteriaFileError)."""
    set_data = read_workbook(
        data,
        taken_versions=versions_of,
        expected_model=previous.model if previous is not None else None,
    )
    try:
        with transaction.atomic():
            return create_set(set_data, previous=previous)
    except IntegrityError as error:  # the same version stored meanwhile
        raise CriteriaFileError(
            [version_taken_problem(set_data["version"], versions_of(set_data["model"]))]
        ) from error


# -- writing -------------------------------------------------------------------------------------


def export_workbook(data: SetData) -> bytes:
    """The workbook of one set, in the layout `read_workbook` reads."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    info = book.active
    info.title = SHEET_SET
    info.append(["Thông tin", "Giá trị", "Hướng dẫn"])
    total = sum(c["points"] for g in data["groups"] for c in g["criteria"])
    rows = [
        ("Mô hình", _vietnamese(LearningModel(data["model"]).label), "Tên mô hình học tập."),
        ("Tên bộ tiêu chí", data["title"], ""),
        ("Phiên bản", data["version"], "Mỗi mô hình không có hai bộ cùng phiên bản."),
        ("Văn bản ban hành", data.get("decision", ""), "Số, ngày của quyết định ban hành."),
        ("Hiệu lực từ", data["valid_from"], "Ngày/tháng/năm."),
        ("Hiệu lực đến", data.get("valid_to"), "Để trống nếu chưa có ngày hết hiệu lực."),
        (
            "Cấp phê duyệt",
            APPROVAL_LABELS[data.get("approval") or CriteriaSet.Approval.BRANCH],
            "Đơn vị: đơn vị duyệt là đủ. Chi hội: đơn vị duyệt, chi hội/hội cơ sở phê duyệt.",
        ),
        ("Bộ mẫu", YES if data.get("is_sample") else NO, "Có: bộ để thử, không phải văn bản."),
        ("Tổng điểm", total, "Điểm tối đa các tiêu chí phải cộng lại đúng bằng số này."),
    ]
    for label, value, hint in rows:
        info.append([label, neutralise(value) if isinstance(value, str) else value, hint])
    for cell in info["B"]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
    approval = DataValidation(type="list", formula1='"Đơn vị,Chi hội"', allow_blank=True)
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    info.add_data_validation(approval)
    info.add_data_validation(yes_no)
    approval.add("B8")
    yes_no.add("B9")
    _layout(info, [22, 60, 60], bold, wrap)

    sheet = book.create_sheet(SHEET_CRITERIA)
    sheet.append([header for _key, header, _others in CRITERIA_COLUMNS])
    for group in data["groups"]:
        for c in group["criteria"]:
            sheet.append(
                [
                    neutralise(group["code"]),
                    neutralise(group["title"]),
                    neutralise(c["code"]),
                    neutralise(c["text"]),
                    neutralise(c.get("guidance", "")),
                    c["points"],
                    KIND_LABELS[c.get("kind") or Criterion.Kind.CHECK],
                    YES if c.get("evidence_required") else NO,
                    YES if c.get("mandatory") else NO,
                ]
            )
    last = MAX_CRITERIA + 1
    kinds = DataValidation(
        type="list", formula1='"{},{}"'.format(*KIND_LABELS.values()), allow_blank=True
    )
    flags = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(flags)
    kinds.add(f"G2:G{last}")
    flags.add(f"H2:I{last}")
    for column in "ABC":  # codes stay text ("1.10" is not 1.1)
        for cell in sheet[column][1:]:
            cell.number_format = "@"
    _layout(sheet, [10, 30, 12, 60, 45, 12, 18, 14, 12], bold, wrap)

    grades = book.create_sheet(SHEET_GRADES)
    grades.append([header for _key, header, _others in GRADE_COLUMNS])
    for name, points in data["grades"]:
        grades.append([neutralise(name), points])
    _layout(grades, [24, 12], bold, wrap)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _layout(sheet, widths, bold, wrap) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
