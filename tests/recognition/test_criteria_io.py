"""Criteria sets in and out of XLSX: the layout round-trips, every bad input is refused with a
row-level message naming the sheet, the row, what is wrong and what to do, and nothing is stored
unless the whole file is right."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from recognition import criteria_io
from recognition.criteria import SAMPLE_CITIZEN, SAMPLE_FAMILY, as_data
from recognition.criteria_io import CriteriaFileError, export_workbook, import_workbook
from recognition.models import CriteriaSet, Criterion, CriterionGroup, Grade

OFFICIAL = {
    **SAMPLE_CITIZEN,
    "title": "Bộ tiêu chí Công dân học tập",
    "version": "2026",
    "decision": "Quyết định 12/QĐ-KH ngày 02/01/2026",
    "valid_from": datetime.date(2026, 1, 2),
    "valid_to": datetime.date(2030, 12, 31),
    "approval": CriteriaSet.Approval.UNIT,
    "is_sample": False,
}


def book(data=OFFICIAL):
    return load_workbook(io.BytesIO(export_workbook(data)))


def to_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_of(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(CriteriaFileError) as caught:
        criteria_io.read_workbook(data, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def counts():
    return (
        CriteriaSet.objects.count(),
        CriterionGroup.objects.count(),
        Criterion.objects.count(),
        Grade.objects.count(),
    )


# -- the layout ------------------------------------------------------------------------------------


def test_export_writes_the_three_sheets_with_vietnamese_headers():
    workbook = book()
    assert workbook.sheetnames == ["Bo tieu chi", "Tieu chi", "Xep loai"]
    info = [(row[0], row[1]) for row in workbook["Bo tieu chi"].iter_rows(values_only=True)]
    assert info == [
        ("Thông tin", "Giá trị"),
        ("Mô hình", "Công dân học tập"),
        ("Tên bộ tiêu chí", "Bộ tiêu chí Công dân học tập"),
        ("Phiên bản", "2026"),
        ("Văn bản ban hành", "Quyết định 12/QĐ-KH ngày 02/01/2026"),
        ("Hiệu lực từ", datetime.datetime(2026, 1, 2)),
        ("Hiệu lực đến", datetime.datetime(2030, 12, 31)),
        ("Cấp phê duyệt", "Đơn vị"),
        ("Bộ mẫu", "Không"),
        ("Tổng điểm", 100),
    ]
    rows = list(workbook["Tieu chi"].iter_rows(values_only=True))
    assert rows[0] == (
        "Mã nhóm",
        "Tên nhóm",
        "Mã tiêu chí",
        "Nội dung",
        "Hướng dẫn/minh chứng gợi ý",
        "Điểm tối đa",
        "Cách chấm (Đạt/chưa đạt | Tự chấm điểm)",
        "Bắt buộc minh chứng (Có/Không)",
        "Bắt buộc đạt (Có/Không)",
    )
    assert len(rows) == 9
    assert rows[2] == (
        "1",
        "Học tập thường xuyên, suốt đời",
        "1.2",
        SAMPLE_CITIZEN["groups"][0]["criteria"][1]["text"],
        "Giấy chứng nhận, ảnh lớp học, hoặc khoá học đã hoàn thành trên hệ thống.",
        20,
        "Đạt/chưa đạt",
        "Có",
        "Có",
    )
    assert rows[3][6] == "Tự chấm điểm"
    assert list(workbook["Xep loai"].iter_rows(values_only=True)) == [
        ("Xếp loại", "Từ điểm"),
        ("Đạt", 70),
        ("Tiêu biểu", 90),
    ]


@pytest.mark.parametrize("data", [OFFICIAL, SAMPLE_CITIZEN, SAMPLE_FAMILY])
def test_reading_an_export_gives_the_same_data(data):
    assert criteria_io.read_workbook(export_workbook(data)) == data


@pytest.mark.django_db
def test_import_of_an_export_round_trips_a_stored_set(citizen_set):
    exported = export_workbook({**as_data(citizen_set), "version": "TEST-2"})
    copy = import_workbook(exported)
    assert copy.pk != citizen_set.pk
    assert as_data(copy) == {**as_data(citizen_set), "version": "TEST-2"}


def test_headers_sheet_names_and_values_are_matched_leniently():
    workbook = Workbook()
    info = workbook.active
    info.title = "  BỘ TIÊU CHÍ "
    for row in [
        ("mo hinh", "cong_dan"),
        ("TÊN BỘ TIÊU CHÍ", "  Bộ viết tay  "),
        ("Phiên  bản", 2027),
        ("Hiệu lực từ (dd/mm/yyyy)", "01/02/2027"),
        ("Cấp phê duyệt", "unit"),
    ]:
        info.append(row)
    sheet = workbook.create_sheet("tieu chi")
    sheet.append(["ĐIỂM", "noi dung", "Ma tieu chi", "ten nhom", "MÃ NHÓM", "bat buoc dat"])
    sheet.append([60, "Học một khoá trong năm.", "A1", "Học tập", 1, "x"])
    sheet.append([40, "Giúp người khác cùng học.", "A2", None, 1, None])
    grades = workbook.create_sheet("XẾP LOẠI")
    grades.append(["tu diem", "xep loai"])
    grades.append(["50", "Đạt"])
    assert criteria_io.read_workbook(to_bytes(workbook)) == {
        "model": "cong_dan",
        "title": "Bộ viết tay",
        "version": "2027",
        "decision": "",
        "valid_from": datetime.date(2027, 2, 1),
        "valid_to": None,
        "approval": "unit",
        "is_sample": False,
        "grades": [("Đạt", 50)],
        "groups": [
            {
                "code": "1",
                "title": "Học tập",
                "criteria": [
                    {
                        "code": "A1",
                        "text": "Học một khoá trong năm.",
                        "guidance": "",
                        "points": 60,
                        "kind": "dat",
                        "evidence_required": False,
                        "mandatory": True,
                    },
                    {
                        "code": "A2",
                        "text": "Giúp người khác cùng học.",
                        "guidance": "",
                        "points": 40,
                        "kind": "dat",
                        "evidence_required": False,
                        "mandatory": False,
                    },
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("model", "approval", "expected"),
    [
        ("Gia đình học tập", "Chi hội", ("gia_dinh", "branch")),
        ("GIA DINH HOC TAP", "Đơn vị duyệt là đủ", ("gia_dinh", "unit")),
        ("gia_dinh", "branch", ("gia_dinh", "branch")),
    ],
)
def test_model_and_approval_accept_codes_and_vietnamese_labels(model, approval, expected):
    workbook = book(SAMPLE_FAMILY)
    workbook["Bo tieu chi"]["B2"] = model
    workbook["Bo tieu chi"]["B8"] = approval
    data = criteria_io.read_workbook(to_bytes(workbook))
    assert (data["model"], data["approval"]) == expected


# -- importing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_valid_import_creates_the_set_with_groups_criteria_and_grades():
    before = counts()
    criteria_set = import_workbook(export_workbook(OFFICIAL))
    assert counts() == (before[0] + 1, before[1] + 3, before[2] + 8, before[3] + 2)
    assert (criteria_set.model, criteria_set.version, criteria_set.is_sample) == (
        "cong_dan",
        "2026",
        False,
    )
    assert criteria_set.valid_to == datetime.date(2030, 12, 31)
    assert criteria_set.max_points == 100
    assert list(criteria_set.criteria.values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
    ]
    assert as_data(criteria_set) == OFFICIAL


@pytest.mark.django_db
def test_an_existing_version_is_refused_with_a_new_one_suggested(citizen_set):
    workbook = book()
    workbook["Bo tieu chi"]["B4"] = "TEST-1"
    before = counts()
    with pytest.raises(CriteriaFileError) as caught:
        import_workbook(to_bytes(workbook))
    assert [str(p) for p in caught.value.problems] == [
        "Trang “Bo tieu chi”, dòng 4: mô hình này đã có bộ tiêu chí phiên bản “TEST-1”. Bộ đã "
        "có không bị thay thế: hãy ghi một phiên bản mới, ví dụ “TEST-2”."
    ]
    assert counts() == before


@pytest.mark.django_db
def test_import_as_new_version_links_the_previous_one_of_the_same_model(citizen_set):
    copy = import_workbook(export_workbook(OFFICIAL), previous=citizen_set)
    assert copy.previous == citizen_set
    family = book({**SAMPLE_FAMILY, "version": "TEST-F"})  # the demo holds the sample's version
    before = counts()
    with pytest.raises(CriteriaFileError) as caught:
        import_workbook(to_bytes(family), previous=citizen_set)
    assert [str(p) for p in caught.value.problems] == [
        "Trang “Bo tieu chi”, dòng 2: tệp là bộ tiêu chí “Gia đình học tập”, khác mô hình của "
        "phiên bản trước đã chọn (“Công dân học tập”). Hãy chọn đúng phiên bản trước hoặc bỏ chọn."
    ]
    assert counts() == before


@pytest.mark.django_db
def test_every_problem_is_reported_at_once_and_nothing_is_stored(citizen_set):
    workbook = book()
    workbook["Bo tieu chi"]["B2"] = "Thanh niên học tập"
    workbook["Bo tieu chi"]["B6"] = "31/02/2026"
    workbook["Tieu chi"]["C3"] = "1.1"
    workbook["Tieu chi"]["D4"] = "   "
    workbook["Tieu chi"]["F5"] = "mười"
    workbook["Xep loai"]["B3"] = 70
    before = counts()
    with pytest.raises(CriteriaFileError) as caught:
        import_workbook(to_bytes(workbook))
    assert [str(p) for p in caught.value.problems] == [
        "Trang “Bo tieu chi”, dòng 2: không có mô hình “Thanh niên học tập”. Hãy ghi một trong: "
        "“Công dân học tập”, “Gia đình học tập”, “Dòng họ học tập”, “Cộng đồng học tập”, "
        "“Đơn vị học tập”.",
        "Trang “Bo tieu chi”, dòng 6: “Hiệu lực từ” ghi “31/02/2026”, không đọc được thành ngày. "
        "Hãy ghi dạng ngày/tháng/năm, ví dụ 28/07/2022.",
        "Trang “Tieu chi”, dòng 3: mã tiêu chí “1.1” trùng với dòng 2. Mỗi tiêu chí cần một mã "
        "riêng: hãy sửa một trong hai mã.",
        "Trang “Tieu chi”, dòng 4: ô “Nội dung” trống. Hãy điền vào.",
        "Trang “Tieu chi”, dòng 5: “Điểm tối đa” ghi “mười”, không phải số nguyên dương. Hãy ghi "
        "một số nguyên từ 1 đến 1000.",
        "Trang “Xep loai”, dòng 3: “Từ điểm” 70 trùng với dòng 2. Mỗi xếp loại cần một mức điểm "
        "riêng: hãy sửa một trong hai.",
    ]
    assert counts() == before


# -- each bad input --------------------------------------------------------------------------------


def test_missing_sheets_are_named():
    workbook = book()
    del workbook["Bo tieu chi"]
    del workbook["Xep loai"]
    assert problems_of(to_bytes(workbook)) == [
        "Thiếu trang tính “Bo tieu chi”. Hãy dùng tệp mẫu: tệp cần đủ ba trang “Bo tieu chi”, "
        "“Tieu chi” và “Xep loai”.",
        "Thiếu trang tính “Xep loai”. Hãy dùng tệp mẫu: tệp cần đủ ba trang “Bo tieu chi”, "
        "“Tieu chi” và “Xep loai”.",
    ]


def test_missing_columns_are_named():
    workbook = book()
    sheet = workbook["Tieu chi"]
    sheet["D1"] = "Ghi chú"
    sheet["F1"] = None
    workbook["Xep loai"]["B1"] = "Điểm"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”, dòng 1: thiếu cột “Nội dung”, “Điểm tối đa”. Dòng đầu tiên có chữ phải "
        "là dòng tiêu đề cột; hãy thêm các cột này theo tệp mẫu.",
        "Trang “Xep loai”, dòng 1: thiếu cột “Từ điểm”. Dòng đầu tiên có chữ phải là dòng tiêu đề "
        "cột; hãy thêm các cột này theo tệp mẫu.",
    ]


def test_missing_set_fields_are_named():
    workbook = book()
    workbook["Bo tieu chi"]["B3"] = None
    workbook["Bo tieu chi"].delete_rows(4)  # Phiên bản
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Bo tieu chi”, dòng 3: chưa ghi “Tên bộ tiêu chí”. Hãy điền giá trị vào cột B của "
        "dòng “Tên bộ tiêu chí”.",
        "Trang “Bo tieu chi”: chưa ghi “Phiên bản”. Hãy điền giá trị vào cột B của dòng "
        "“Phiên bản”.",
    ]


def test_a_group_code_with_two_titles_is_refused():
    workbook = book()
    workbook["Tieu chi"]["B3"] = "Học suốt đời"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”, dòng 3: nhóm “1” có tên “Học suốt đời”, khác với tên “Học tập thường "
        "xuyên, suốt đời” ở dòng 2. Mỗi mã nhóm chỉ có một tên: hãy sửa cho giống nhau hoặc dùng "
        "mã nhóm khác."
    ]


def test_empty_codes_and_group_titles_are_refused():
    workbook = book()
    sheet = workbook["Tieu chi"]
    sheet["A2"] = None
    sheet["C4"] = ""
    for row in (7, 8, 9):
        sheet[f"B{row}"] = None
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”, dòng 2: ô “Mã nhóm” trống. Hãy điền vào.",
        "Trang “Tieu chi”, dòng 4: ô “Mã tiêu chí” trống. Hãy điền vào.",
        "Trang “Tieu chi”: nhóm “3” chưa có tên. Hãy ghi “Tên nhóm” ở ít nhất một dòng của nhóm.",
    ]


@pytest.mark.parametrize("value", ["abc", 0, -5, 2.5, 1001, None])
def test_points_must_be_a_positive_integer_up_to_1000(value):
    workbook = book()
    workbook["Tieu chi"]["F2"] = value
    shown = "" if value is None else str(value)
    assert problems_of(to_bytes(workbook)) == [
        f"Trang “Tieu chi”, dòng 2: “Điểm tối đa” ghi “{shown}”, không phải số nguyên dương. Hãy "
        "ghi một số nguyên từ 1 đến 1000."
    ]


def test_points_written_as_text_or_whole_floats_are_read():
    workbook = book()
    workbook["Tieu chi"]["F2"] = "15"
    workbook["Tieu chi"]["F3"] = 20.0
    data = criteria_io.read_workbook(to_bytes(workbook))
    assert [c["points"] for c in data["groups"][0]["criteria"]] == [15, 20, 15]


def test_kind_and_yes_no_values_are_checked():
    workbook = book()
    workbook["Tieu chi"]["G2"] = "Chấm bằng mắt"
    workbook["Tieu chi"]["H3"] = "Có lẽ"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”, dòng 2: “Cách chấm” ghi “Chấm bằng mắt”. Hãy ghi “Đạt/chưa đạt” hoặc "
        "“Tự chấm điểm”.",
        "Trang “Tieu chi”, dòng 3: “Bắt buộc minh chứng” ghi “Có lẽ”. Hãy ghi “Có” hoặc “Không”.",
    ]


def test_grades_must_lie_between_0_and_the_total():
    workbook = book()
    workbook["Xep loai"]["B2"] = -1
    workbook["Xep loai"]["B3"] = 101
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Xep loai”, dòng 2: “Từ điểm” ghi “-1”, không phải số nguyên từ 0 trở lên. Hãy ghi "
        "số điểm tối thiểu để đạt xếp loại này.",
        "Trang “Xep loai”, dòng 3: “Từ điểm” 101 cao hơn tổng điểm của bộ (100): không ai đạt được. "
        "Hãy ghi một số từ 0 đến 100.",
    ]


def test_a_set_without_grades_is_refused():
    workbook = book()
    workbook["Xep loai"].delete_rows(2, 2)
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Xep loai”: chưa có xếp loại nào. Hãy thêm ít nhất một dòng, ví dụ “Đạt” từ 70 "
        "điểm, dưới dòng tiêu đề cột."
    ]


def test_points_must_add_up_to_the_total_row_when_there_is_one():
    workbook = book()
    workbook["Tieu chi"]["F9"] = 10  # 3.3: 5 -> 10, the criteria add up to 105
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Bo tieu chi”, dòng 10: “Tổng điểm” ghi 100 nhưng điểm tối đa của các tiêu chí cộng "
        "lại được 105. Hãy sửa điểm các tiêu chí ở trang “Tieu chi” hoặc sửa dòng “Tổng điểm”."
    ]
    workbook["Bo tieu chi"].delete_rows(10)  # no total row: no check
    data = criteria_io.read_workbook(to_bytes(workbook))
    assert sum(c["points"] for g in data["groups"] for c in g["criteria"]) == 105


@pytest.mark.parametrize("value", [datetime.datetime(2026, 3, 4), "04/03/2026", "4/3/2026"])
def test_dates_are_read_from_date_cells_and_day_month_year_text(value):
    workbook = book()
    workbook["Bo tieu chi"]["B6"] = value
    data = criteria_io.read_workbook(to_bytes(workbook))
    assert data["valid_from"] == datetime.date(2026, 3, 4)


def test_unparseable_and_reversed_dates_are_refused():
    workbook = book()
    workbook["Bo tieu chi"]["B7"] = "cuối năm"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Bo tieu chi”, dòng 7: “Hiệu lực đến” ghi “cuối năm”, không đọc được thành ngày. "
        "Hãy ghi dạng ngày/tháng/năm, ví dụ 28/07/2022."
    ]
    workbook["Bo tieu chi"]["B7"] = "01/01/2025"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Bo tieu chi”, dòng 7: “Hiệu lực đến” ở trước “Hiệu lực từ”. Hãy sửa một trong hai "
        "ngày."
    ]


def test_an_existing_version_is_refused_without_the_database():
    assert problems_of(export_workbook(OFFICIAL), taken_versions=lambda model: {"2026"}) == [
        "Trang “Bo tieu chi”, dòng 4: mô hình này đã có bộ tiêu chí phiên bản “2026”. Bộ đã có "
        "không bị thay thế: hãy ghi một phiên bản mới, ví dụ “2027”."
    ]


@pytest.mark.parametrize(
    ("version", "taken", "suggestion"),
    [("2026", {"2026", "2027"}, "2028"), ("MAU", {"MAU"}, "MAU-2"), ("v1.9", {"v1.9"}, "v1.10")],
)
def test_suggest_version(version, taken, suggestion):
    assert criteria_io.suggest_version(version, taken) == suggestion


def test_a_formula_cell_is_refused():
    workbook = book()
    workbook["Tieu chi"]["E2"] = '=HYPERLINK("http://lua-dao.example/","Xem minh chứng")'
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”, dòng 2: ô E2 chứa công thức hoặc chữ bắt đầu bằng =, +, -, @ "
        '(“=HYPERLINK("http://lua-dao.example/","X…”). Hãy ghi giá trị thẳng vào ô '
        "(không dùng công thức) và bỏ dấu đó ở đầu."
    ]


def test_text_that_looks_like_a_formula_is_refused():
    workbook = book()
    workbook["Xep loai"]["A2"] = "@Đạt"
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Xep loai”, dòng 2: ô A2 chứa công thức hoặc chữ bắt đầu bằng =, +, -, @ (“@Đạt”). "
        "Hãy ghi giá trị thẳng vào ô (không dùng công thức) và bỏ dấu đó ở đầu."
    ]


NOT_XLSX = (
    "Tệp không phải là sổ tính Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp khác đổi đuôi). "
    "Hãy tải tệp mẫu, điền vào rồi lưu dạng “Sổ làm việc Excel (.xlsx)”."
)


def _zip_without_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải sổ tính")
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 500,  # a renamed .exe
        "Mã nhóm,Tên nhóm\n1,Học tập\n".encode(),  # a renamed .csv
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,  # an old .xls
        b"",
        _zip_without_a_workbook(),
    ],
    ids=["exe", "csv", "xls", "empty", "zip"],
)
def test_a_file_that_is_not_xlsx_is_refused_clearly(data):
    assert problems_of(data) == [NOT_XLSX]


def test_a_file_over_2_mb_is_refused_before_reading():
    assert problems_of(b"PK" + b"\x00" * (2 * 1024 * 1024)) == [
        "Tệp lớn quá 2 MB. Một bộ tiêu chí chỉ cần vài chục KB: hãy xoá ảnh, trang tính và định "
        "dạng thừa rồi tải lên lại."
    ]


def test_a_zip_that_unzips_to_too_much_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * (21 * 1024 * 1024))
    assert problems_of(out.getvalue()) == [
        "Tệp Excel có cấu trúc bất thường (nén quá mức); hãy mở bằng Excel, lưu lại rồi tải lên "
        "lại."
    ]


def test_more_than_500_criteria_are_refused():
    workbook = book()
    sheet = workbook["Tieu chi"]
    for number in range(493):  # 8 + 493 = 501
        sheet.append(["9", "Thêm", f"9.{number}", "Một tiêu chí nữa.", "", 1])
    assert problems_of(to_bytes(workbook)) == [
        "Trang “Tieu chi”: có hơn 500 dòng, quá giới hạn một bộ tiêu chí. Hãy kiểm tra xem có dòng "
        "thừa không, hoặc chia thành nhiều bộ."
    ]


def test_500_criteria_are_accepted():
    workbook = book()
    sheet = workbook["Tieu chi"]
    for number in range(492):
        sheet.append(["9", "Thêm", f"9.{number}", "Một tiêu chí nữa.", "", 1, None, "Không"])
    workbook["Bo tieu chi"]["B10"] = 592
    data = criteria_io.read_workbook(to_bytes(workbook))
    assert sum(len(g["criteria"]) for g in data["groups"]) == 500


@pytest.mark.django_db
def test_a_broken_file_stores_nothing():
    before = counts()
    with pytest.raises(CriteriaFileError):
        import_workbook(b"MZ" + b"\x00" * 100)
    assert counts() == before
    assert not CriteriaSet.objects.filter(version="2026").exists()


@pytest.mark.django_db
def test_create_set_is_not_reached_when_the_file_is_wrong(monkeypatch):
    called = []
    monkeypatch.setattr(criteria_io, "create_set", lambda *args, **kwargs: called.append(args))
    workbook = book()
    workbook["Tieu chi"]["F2"] = 0
    with pytest.raises(CriteriaFileError):
        import_workbook(to_bytes(workbook))
    assert called == []


def test_exported_text_that_looks_like_a_formula_is_written_as_text():
    data = {**OFFICIAL, "grades": [("=1+1", 70)]}
    assert book(data)["Xep loai"]["A2"].value == "'=1+1"
