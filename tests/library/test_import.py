"""Bulk import from CSV/XLSX: every bad input gets a Vietnamese message and nothing is imported."""

import csv
import io
import time

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from library.importer import ImportFileError, existing_keys, import_items, read_table, validate
from library.models import LibraryItemPage
from tests.library.conftest import library_of

pytestmark = pytest.mark.django_db

HEADER = ["Tiêu đề", "Tác giả", "Năm", "Lĩnh vực", "Bản quyền", "Từ khóa", "Tóm tắt"]
ROW = [
    "Hỏi đáp Luật Đất đai",
    "Bộ Tư pháp",
    "2024",
    "Pháp luật",
    "cc-by",
    "đất đai, luật",
    "Tóm tắt",
]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def rows_of(n: int) -> list[list[str]]:
    return [
        [
            f"Tài liệu số {i}",
            "Trung tâm",
            str(2000 + i % 25),
            "Văn hóa",
            "Trung tâm tự biên soạn",
            "",
            "",
        ]
        for i in range(n)
    ]


def check(data: bytes, name="danh-muc.csv", index=None):
    header, rows = read_table(data, name)
    return validate(header, rows, existing_keys=existing_keys(index) if index else set())


def test_good_csv_imports_everything(centre_a):
    index = library_of(centre_a)
    before = LibraryItemPage.objects.child_of(index).count()
    data = csv_bytes(
        [
            ROW,
            [
                "Sổ tay chăm sóc răng miệng",
                "BS. Lan",
                "",
                "suc-khoe",
                "Đã được tác giả/nhà xuất bản cho phép",
                "",
                "",
            ],
        ]
    )
    result = check(data)
    assert result.ok and len(result.items) == 2
    created = import_items(index, result.items)
    assert LibraryItemPage.objects.child_of(index).count() == before + 2
    first = LibraryItemPage.objects.get(pk=created[0].pk)
    assert (
        first.live
        and first.licence == "cc-by"
        and first.year == 2024
        and first.field.slug == "phap-luat"
    )
    assert sorted(t.name for t in first.tags.all()) == ["luật", "đất đai"]
    assert first.get_latest_revision() is not None


def test_headers_without_diacritics_and_semicolons_are_accepted():
    data = b"tieu de;tac gia;linh vuc;ban quyen\nSach A;Ai do;phap luat;pd\n"
    result = check(data)
    assert result.ok and result.items[0].values["licence"] == "pd"


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (["Tên sách", "Lĩnh vực", "Bản quyền"], "thiếu cột bắt buộc: “tiêu đề”"),
        (["Tiêu đề", "Lĩnh vực"], "thiếu cột bắt buộc: “bản quyền”"),
        (["Tiêu đề", "Lĩnh vực", "Bản quyền", "Giá bìa"], "cột không nhận ra: “Giá bìa”"),
        (["Tiêu đề", "Tiêu đề", "Lĩnh vực", "Bản quyền"], "cột bị lặp: “tiêu đề”"),
    ],
)
def test_wrong_columns(header, fragment):
    with pytest.raises(ImportFileError) as error:
        check(csv_bytes([], header=header))
    assert fragment in error.value.message
    assert "Các cột dùng được" in error.value.message


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16", "latin-1"])
def test_bad_encodings(encoding):
    data = "Tiêu đề,Lĩnh vực,Bản quyền\nSách,Pháp luật,pd\n".encode(encoding, errors="replace")
    with pytest.raises(ImportFileError) as error:
        check(data)
    assert "UTF-8" in error.value.message


def test_utf8_with_bom_from_excel_is_fine():
    assert check(b"\xef\xbb\xbf" + csv_bytes([ROW])).ok


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-2+3", ' =HYPERLINK("x")', "\t=1+1", "\r@A1"],
)
def test_formulas_in_csv_are_refused(cell):
    row = list(ROW)
    row[6] = cell
    result = check(csv_bytes([row]))
    assert not result.ok
    assert "ô chứa công thức" in str(result.errors[0]) and "Dòng 2" in str(result.errors[0])


def _xlsx(rows, formula=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["G2"] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_and_formula_cells(centre_a):
    assert check(_xlsx([ROW, rows_of(1)[0]]), "danh-muc.xlsx").ok
    result = check(_xlsx([ROW], formula="=A1&B1"), "danh-muc.xlsx")
    assert not result.ok and "công thức" in str(result.errors[0])
    with pytest.raises(ImportFileError, match="Không mở được tệp Excel"):
        check(b"PK\x03\x04 not really a workbook", "hong.xlsx")
    with pytest.raises(ImportFileError, match="Chỉ nhận tệp"):
        check(b"x", "danh-muc.pdf")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({0: ""}, "cột “tiêu đề”: bắt buộc"),
        ({3: "Thiên văn"}, "không có lĩnh vực “Thiên văn”"),
        ({4: "ai cũng dùng được"}, "giá trị “ai cũng dùng được” không hợp lệ"),
        ({2: "năm ngoái"}, "“năm ngoái” không phải năm hợp lệ"),
        ({2: "3024"}, "không phải năm hợp lệ"),
        ({0: "T" * 300}, "dài quá 255 ký tự"),
    ],
)
def test_row_errors_name_the_row_and_column(change, fragment):
    row = list(ROW)
    for index, value in change.items():
        row[index] = value
    result = check(csv_bytes([rows_of(1)[0], row]))
    assert not result.ok
    assert any(fragment in str(e) and str(e).startswith("Dòng 3") for e in result.errors), (
        result.errors
    )


def test_duplicates_in_the_file_and_in_the_library(centre_a):
    result = check(
        csv_bytes([ROW, rows_of(1)[0], [c.upper() if i == 0 else c for i, c in enumerate(ROW)]])
    )
    assert [str(e) for e in result.errors] == [
        "Dòng 4: trùng với dòng 2 (cùng tiêu đề, tác giả, năm)."
    ]
    index = library_of(centre_a)
    import_items(index, check(csv_bytes([ROW])).items)
    again = check(csv_bytes([ROW]), index=index)
    assert "đã có trong thư viện" in str(again.errors[0])


def test_header_only_and_empty_files():
    assert "chưa có tài liệu nào" in str(check(csv_bytes([])).errors[0])
    with pytest.raises(ImportFileError, match="Tệp trống"):
        check(b"\n\n")


def test_ten_thousand_rows_with_one_bad_row_import_nothing(centre_a):
    rows = rows_of(10_000)
    rows[9_998][3] = "Không tồn tại"
    index = library_of(centre_a)
    before = LibraryItemPage.objects.count()
    start = time.perf_counter()
    with pytest.raises(CommandError) as error:
        call_command("import_library", _tmp_csv(csv_bytes(rows)), "--centre", centre_a.name)
    elapsed = time.perf_counter() - start
    assert "Dòng 10000, cột “lĩnh vực”" in str(error.value) and "chưa nhập dòng nào" in str(
        error.value
    )
    assert LibraryItemPage.objects.count() == before
    result = check(csv_bytes(rows_of(10_000)))
    assert result.ok and len(result.items) == 10_000
    assert LibraryItemPage.objects.child_of(index).count() == 3
    print(f"\n10,000-row validation with a bad last row: {elapsed:.2f} s")  # noqa: T201


def _tmp_csv(data: bytes) -> str:
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    handle.write(data)
    handle.close()
    return handle.name


def test_command_imports_with_a_progress_bar(centre_a, capsys):
    path = _tmp_csv(csv_bytes(rows_of(60)))
    call_command("import_library", path, "--centre", "phường lam hạ")
    out = capsys.readouterr().out
    assert "[██████████████████████████████] 60/60 (100%)" in out
    assert "Đã nhập 60 tài liệu" in out
    assert LibraryItemPage.objects.child_of(library_of(centre_a)).count() == 63
    with pytest.raises(CommandError, match="Không có trung tâm “Phường Không Có”"):
        call_command("import_library", path, "--centre", "Phường Không Có")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_library", "/khong/co/tep.csv", "--centre", centre_a.name)


def test_command_attaches_files_from_a_folder(
    centre_a, tmp_path, django_capture_on_commit_callbacks
):
    from library.factories import make_pdf

    (tmp_path / "luat.pdf").write_bytes(make_pdf(["Luat dat dai"]))
    data = csv_bytes([ROW + ["luat.pdf"]], header=[*HEADER, "Tệp"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_library",
            _tmp_csv(data),
            "--centre",
            centre_a.name,
            "--files-dir",
            str(tmp_path),
        )
    item = LibraryItemPage.objects.get(title="Hỏi đáp Luật Đất đai")
    assert item.document.collection_id == centre_a.collection_id
    assert "Luat dat dai" in item.document.analysis.text
    missing = csv_bytes([[*rows_of(1)[0], "khong-co.pdf"]], header=[*HEADER, "Tệp"])
    with pytest.raises(CommandError, match="không tìm thấy tệp “khong-co.pdf”"):
        call_command(
            "import_library",
            _tmp_csv(missing),
            "--centre",
            centre_a.name,
            "--files-dir",
            str(tmp_path),
        )


def _upload(client, library, data: bytes, name="x.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/library/import/", {"library": library.pk, "file": SimpleUploadedFile(name, data)}
    )


def test_admin_upload_preview_then_confirm(
    client, centre_a, centre_b, django_capture_on_commit_callbacks
):
    from home.factories import UserFactory
    from library.models import ImportJob

    editor = UserFactory(groups=[centre_a.editors_group])
    client.force_login(editor)
    form = client.get("/admin/library/import/")
    choices = form.context["form"].fields["library"].choices
    assert [pk for pk, _label in choices] == [library_of(centre_a).pk]  # only their own library
    with django_capture_on_commit_callbacks(execute=True):
        bad = _upload(client, library_of(centre_a), csv_bytes([ROW, ROW]))
    job = ImportJob.objects.get()
    assert (bad.status_code, bad["Location"]) == (302, f"/admin/library/import/?job={job.pk}")
    page = client.get(bad["Location"]).content.decode()
    assert "chưa nhập dòng nào" in page and "trùng với dòng 2" in page
    theirs = LibraryItemPage.objects.child_of(library_of(centre_b)).count()
    other = _upload(client, library_of(centre_b), csv_bytes([ROW]))
    assert other.status_code == 200  # the form again, with the library refused
    assert list(other.context["form"].errors) == ["library"]
    assert ImportJob.objects.count() == 1
    assert LibraryItemPage.objects.child_of(library_of(centre_b)).count() == theirs
    before = LibraryItemPage.objects.child_of(library_of(centre_a)).count()
    with django_capture_on_commit_callbacks(execute=True):
        checked = _upload(client, library_of(centre_a), csv_bytes(rows_of(25)))
    preview = client.get(checked["Location"])
    job = preview.context["job"]
    assert job.status == "ready" and len(job.preview) == 20 and preview.context["more_preview"] == 5
    assert "Xác nhận nhập 25 tài liệu" in preview.content.decode()
    assert LibraryItemPage.objects.child_of(library_of(centre_a)).count() == before
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/admin/library/import/", {"job": job.pk, "action": "confirm"})
    assert (done.status_code, done["Location"]) == (302, checked["Location"])
    result = client.get(done["Location"]).content.decode()
    assert "Đã nhập 25 tài liệu và xuất bản vào" in result
    assert f'href="/admin/pages/{library_of(centre_a).pk}/"' in result
    assert LibraryItemPage.objects.child_of(library_of(centre_a)).count() == before + 25
    with django_capture_on_commit_callbacks(execute=True):
        replay = client.post("/admin/library/import/", {"job": job.pk, "action": "confirm"})
    assert (replay.status_code, replay["Location"]) == (302, checked["Location"])
    assert "Lần nhập này không còn chờ xác nhận" in client.get(replay["Location"]).content.decode()
    forged = client.post("/admin/library/import/", {"job": "gia-mao", "action": "confirm"})
    assert forged.status_code == 404
    assert LibraryItemPage.objects.child_of(library_of(centre_a)).count() == before + 25


def test_contributors_import_drafts(client, centre_a, django_capture_on_commit_callbacks):
    from home.factories import UserFactory

    client.force_login(UserFactory(groups=[centre_a.contributors_group]))
    with django_capture_on_commit_callbacks(execute=True):
        checked = _upload(client, library_of(centre_a), csv_bytes([ROW]))
    job = client.get(checked["Location"]).context["job"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/admin/library/import/", {"job": job.pk, "action": "confirm"})
    assert (done.status_code, done["Location"]) == (302, checked["Location"])
    assert "dưới dạng bản nháp chờ duyệt" in client.get(done["Location"]).content.decode()
    item = LibraryItemPage.objects.get(title=ROW[0])
    assert not item.live and item.has_unpublished_changes
