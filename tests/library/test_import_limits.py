"""Import limits (security #16 M10, L9): a small file costs little, reading stops at the limits,
the check and the import run in a background task, and uploads never sit in public media."""

import datetime
import io
import re
import time
import tracemalloc
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook

from home.factories import UserFactory
from library import importer
from library.importer import ImportFileError, LiveProgress, read_table
from library.models import ImportJob, LibraryItemPage
from tests.library.conftest import library_of
from tests.library.test_import import HEADER, ROW, _upload, csv_bytes, rows_of

SHEET = "xl/worksheets/sheet1.xml"
TOO_MANY_ROWS = (
    "Tệp có hơn 5 dòng tài liệu, quá giới hạn mỗi lần nhập; hãy chia thành nhiều tệp nhỏ hơn."
)


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change` (bytes -> bytes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member.filename)
            target.writestr(
                member.filename, change(content) if member.filename == SHEET else content
            )
    return out.getvalue()


def forged_dimension(data: bytes) -> bytes:
    return with_sheet(
        data, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD3001"', xml)
    )


def before_sheet_end(extra: bytes):
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>")


def read_measured(data: bytes, name: str):
    tracemalloc.start()
    try:
        started = time.perf_counter()
        header, rows = read_table(data, name)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return header, rows, peak, elapsed


# --- reading: bounded whatever the file declares ----------------------------------------------


def test_forged_dimension_reads_header_width_rows_in_bounded_memory():
    data = forged_dimension(xlsx(rows_of(300)))
    assert b'<dimension ref="A1:XFD3001"/>' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    header, rows, peak, elapsed = read_measured(data, "danh-muc.xlsx")
    assert header == HEADER
    assert len(rows) == 300 and {len(row) for row in rows} == {len(HEADER)}
    assert rows[0][:3] == ["Tài liệu số 0", "Trung tâm", "2000"]
    assert peak < 20 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"  # 45 MB before, 16,384 wide
    print(  # noqa: T201
        f"\nforged A1:XFD3001, {len(data) // 1024} KB: {elapsed:.2f} s, peak {peak / 2**20:.1f} MB"
    )


def test_cells_right_of_the_header_are_dropped_while_reading():
    far = '<row r="3"><c r="A3" t="inlineStr"><is><t>Sách xa</t></is></c>'
    far += '<c r="D3" t="inlineStr"><is><t>Văn hóa</t></is></c>'
    far += '<c r="E3" t="inlineStr"><is><t>pd</t></is></c>'
    far += '<c r="XFD3" t="inlineStr"><is><t>ô cuối cùng</t></is></c></row>'
    wide = "<row>" + "<c/>" * 5_000 + '<c t="inlineStr"><is><t>rất xa</t></is></c></row>'
    data = with_sheet(xlsx(rows_of(1)), before_sheet_end((far + wide).encode()))
    header, rows = read_table(data, "danh-muc.xlsx")
    assert [len(row) for row in rows] == [len(HEADER), len(HEADER)]  # the wide row is blank
    assert rows[1] == ["Sách xa", "", "", "Văn hóa", "pd", "", ""]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_reading_stops_at_the_first_row_over_the_limit(monkeypatch, kind):
    monkeypatch.setattr(importer, "MAX_ROWS", 5)
    if kind == "csv":  # what follows would be refused if it were read: a 300,000-character line
        data = csv_bytes(rows_of(6)) + b"x" * 300_000 + b"\n"
    else:  # ... or a shared string that does not exist
        bad = b'<row r="9"><c r="A9" t="s"><v>999999</v></c></row>'
        data = with_sheet(xlsx(rows_of(6)), before_sheet_end(bad))
    with pytest.raises(ImportFileError) as error:
        read_table(data, f"danh-muc.{kind}")
    assert error.value.message == TOO_MANY_ROWS


def test_exactly_the_limit_is_fine(monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 5)
    assert len(read_table(csv_bytes(rows_of(5) + [[""] * 7] * 3), "danh-muc.csv")[1]) == 5


def test_a_zip_bomb_sheet_is_refused_before_it_is_unzipped():
    bomb = with_sheet(
        xlsx([ROW]), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000)
    )
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as error:
            read_table(bomb, "bom.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.value.message == (
        "Tệp Excel khi giải nén lớn quá 50 MB; hãy chia thành nhiều tệp nhỏ hơn hoặc lưu dạng "
        "CSV UTF-8."
    )
    assert peak < 5 * 1024 * 1024


def test_an_over_compressed_sheet_is_refused():
    squeezed = with_sheet(
        xlsx([ROW]), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000)
    )
    with pytest.raises(ImportFileError) as error:
        read_table(squeezed, "nen.xlsx")
    assert error.value.message == (
        "Tệp Excel có cấu trúc bất thường (nén quá mức hoặc có phần phụ quá lớn); hãy mở bằng "
        "Excel, lưu lại rồi tải lên lại."
    )
    with override_settings(LIBRARY_IMPORT_MAX_ZIP_RATIO=1_000_000):
        assert read_table(squeezed, "nen.xlsx")[1] == [ROW]


def test_a_sheet_with_a_doctype_is_refused():
    laughs = b'<!DOCTYPE worksheet [<!ENTITY a "hahahahahahahahahaha">'
    for name, inner in zip("bcdefgh", "abcdefg", strict=True):
        laughs += f'<!ENTITY {name} "{("&" + inner + ";") * 10}">'.encode()
    laughs += b"]>"
    cell = b'<row r="3"><c r="A3" t="inlineStr"><is><t>&h;</t></is></c></row>'
    data = with_sheet(xlsx([ROW]), lambda xml: laughs + before_sheet_end(cell)(xml))
    with pytest.raises(ImportFileError) as error:
        read_table(data, "cuoi.xlsx")
    assert error.value.message == (
        "Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx."
    )


def test_a_sheet_of_empty_cells_is_refused_past_the_element_budget(monkeypatch):
    monkeypatch.setattr(importer, "MAX_SHEET_ELEMENTS", 1_000)
    empties = b"<row>" + b"<c/>" * 2_000 + b"</row>"
    with pytest.raises(ImportFileError) as error:
        read_table(with_sheet(xlsx([ROW]), before_sheet_end(empties)), "o-trong.xlsx")
    assert error.value.message == (
        "Trang tính có quá nhiều ô (kể cả ô trống đã định dạng); hãy xoá các dòng, cột thừa "
        "hoặc lưu dạng CSV UTF-8."
    )


def test_a_header_wider_than_the_limit_is_refused():
    header = [*HEADER, *(f"Cột {n}" for n in range(60))]
    with pytest.raises(ImportFileError) as error:
        read_table(csv_bytes([ROW], header=header), "rong.csv")
    assert error.value.message == "Dòng tiêu đề có hơn 64 cột; hãy xoá các cột thừa."


def test_csv_rows_are_cut_to_the_header_and_blank_trailing_headers_dropped():
    data = csv_bytes([[*ROW, "thừa", "thừa nữa"]], header=[*HEADER, "", ""])
    header, rows = read_table(data, "danh-muc.csv")
    assert header == HEADER and rows == [ROW]


def test_a_csv_record_over_the_limit_is_refused():
    data = csv_bytes([ROW]) + b"," * 250_000 + b"\n"
    with pytest.raises(ImportFileError) as error:
        read_table(data, "phay.csv")
    assert error.value.message == (
        "Dòng 3 của tệp CSV dài quá 200000 ký tự (thường do dấu ngoặc kép không đóng); hãy kiểm "
        "tra lại tệp."
    )


def test_an_unclosed_quote_is_a_message_not_a_crash():
    data = csv_bytes([ROW]) + b'"Sach,phap luat,pd\n' + b"x\n" * 70_000
    with pytest.raises(ImportFileError) as error:
        read_table(data, "ngoac.csv")
    assert error.value.message == (
        "Tệp CSV sai định dạng ở dòng 3 (thường do dấu ngoặc kép không đóng); hãy lưu lại "
        "từ Excel dạng CSV UTF-8."
    )


def test_old_mac_line_endings_are_read():
    data = csv_bytes([ROW, rows_of(1)[0]]).replace(b"\r\n", b"\r")
    assert read_table(data, "mac.csv") == (HEADER, [ROW, rows_of(1)[0]])


# --- the admin's import: a background job, the file never in public media --------------------


def _imports_folder() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.mark.django_db
def test_the_upload_stays_out_of_media_and_is_deleted_when_the_job_ends(
    client, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    before = _imports_folder()
    data = csv_bytes(rows_of(3))
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, library_of(centre_a), data)
    job = ImportJob.objects.get()
    assert (job.status, bytes(job.data), job.rows_total) == ("ready", data, 3)
    assert _imports_folder() == before  # nothing new under MEDIA_ROOT/imports
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/library/import/", {"job": job.pk, "action": "confirm"})
    job.refresh_from_db()
    assert (job.status, bytes(job.data), job.rows_done) == ("done", b"", 3)
    assert job.finished_at is not None and job.published
    assert _imports_folder() == before
    with django_capture_on_commit_callbacks(execute=True):
        failed = _upload(client, library_of(centre_a), "Tiêu đề\nSách\n".encode("utf-16"))
    job = ImportJob.objects.get(status="failed")
    assert bytes(job.data) == b"" and job.error_count == 1
    page = client.get(failed["Location"]).content.decode()
    assert "Tệp có 1 lỗi, chưa nhập dòng nào" in page and "UTF-8" in page


@pytest.mark.django_db
def test_the_check_runs_after_the_request_and_the_status_page_refreshes(
    client, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    with django_capture_on_commit_callbacks() as queued:
        checked = _upload(client, library_of(centre_a), csv_bytes(rows_of(25)))
    assert len(queued) == 1
    waiting = client.get(checked["Location"])
    assert waiting.context["job"].status == "queued"
    assert '<meta http-equiv="refresh" content="2">' in waiting.content.decode()
    assert "Đang kiểm tra tệp: đã đọc 0 dòng…" in waiting.content.decode()
    queued[0]()
    ready = client.get(checked["Location"])
    assert ready.context["job"].status == "ready"
    assert 'http-equiv="refresh"' not in ready.content.decode()
    assert "Xem trước: 25 tài liệu hợp lệ cho" in ready.content.decode()
    assert "Tài liệu số 19" in ready.content.decode()  # the first 20 rows are shown
    assert "Tài liệu số 20" not in ready.content.decode()
    assert "… và 5 tài liệu khác." in ready.content.decode()


@pytest.mark.django_db
def test_a_job_is_seen_by_its_owner_and_the_library_editors_only(
    client, centre_a, centre_b, superuser, django_capture_on_commit_callbacks
):
    owner = UserFactory(groups=[centre_a.contributors_group])
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        checked = _upload(client, library_of(centre_a), csv_bytes([ROW]))
    job = ImportJob.objects.get()
    status_url = checked["Location"]
    confirm = {"job": job.pk, "action": "confirm"}

    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    seen = client.get(status_url)
    assert seen.status_code == 200 and "Xác nhận nhập" not in seen.content.decode()
    assert client.get("/admin/library/import/").context["jobs"] == [job]
    refused = client.post("/admin/library/import/", confirm)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.force_login(superuser)
    assert client.get(status_url).status_code == 200
    for stranger in (
        UserFactory(groups=[centre_a.contributors_group]),
        UserFactory(groups=[centre_b.editors_group]),
    ):
        client.force_login(stranger)
        assert client.get(status_url).status_code == 404
        assert client.post("/admin/library/import/", confirm).status_code == 404
        assert client.get("/admin/library/import/").context["jobs"] == []
    assert ImportJob.objects.get().status == "ready"
    assert not LibraryItemPage.objects.filter(title=ROW[0]).exists()

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/admin/library/import/", confirm)
    assert (done.status_code, done["Location"]) == (302, status_url)
    assert ImportJob.objects.get().status == "done"
    assert LibraryItemPage.objects.filter(title=ROW[0], live=False).count() == 1


@pytest.mark.django_db
def test_cancel_deletes_the_job_and_its_file(client, centre_a, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, library_of(centre_a), csv_bytes([ROW]), name="huy.csv")
    job = ImportJob.objects.get()
    cancelled = client.post("/admin/library/import/", {"job": job.pk, "action": "cancel"})
    assert (cancelled.status_code, cancelled["Location"]) == (302, "/admin/library/import/")
    assert (
        "Đã huỷ lần nhập “huy.csv”; tệp đã được xoá."
        in client.get("/admin/library/import/").content.decode()
    )
    assert not ImportJob.objects.exists()
    assert client.get(f"/admin/library/import/?job={job.pk}").status_code == 404


@pytest.mark.django_db
def test_abandoned_jobs_and_old_previews_are_deleted(
    client, centre_a, tmp_path, django_capture_on_commit_callbacks
):
    editor = UserFactory(groups=[centre_a.editors_group])
    index = library_of(centre_a)
    old = timezone.now() - datetime.timedelta(days=2)
    abandoned = ImportJob.objects.create(user=editor, library=index, file_name="a.csv", data=b"x")
    recent = ImportJob.objects.create(user=editor, library=index, file_name="b.csv", data=b"y")
    ImportJob.objects.filter(pk=abandoned.pk).update(created_at=old, status="ready")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, index, csv_bytes([ROW]))  # a new upload sweeps the abandoned ones
    assert not ImportJob.objects.filter(pk=abandoned.pk).exists()
    assert ImportJob.objects.filter(pk=recent.pk).exists() and ImportJob.objects.count() == 2

    ImportJob.objects.filter(pk=recent.pk).update(created_at=old)
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        default_storage.save("imports/0123abcd.csv", ContentFile(b"a preview the old screen left"))
        out = io.StringIO()
        call_command("purge_import_jobs", stdout=out)
        assert not (tmp_path / "imports" / "0123abcd.csv").exists()
    assert out.getvalue().strip() == "Đã xoá 1 lần nhập quá hạn và 1 tệp xem trước cũ."
    assert ImportJob.objects.count() == 1  # today's job stays


@pytest.mark.django_db
def test_with_the_database_backend_the_worker_checks_and_imports(
    client, centre_a, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # the worker closes "old" connections between tasks; in a test that is the test's transaction
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def worker_step():
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        ).run()

    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    before = LibraryItemPage.objects.child_of(library_of(centre_a)).count()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            checked = _upload(client, library_of(centre_a), csv_bytes(rows_of(4)))
        job = ImportJob.objects.get()
        assert job.status == "queued"
        assert DBTaskResult.objects.get().task_path == "library.tasks.check_import_task"
        assert 'http-equiv="refresh"' in client.get(checked["Location"]).content.decode()
        worker_step()
        job.refresh_from_db()
        assert (job.status, job.rows_total) == ("ready", 4)
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/admin/library/import/", {"job": job.pk, "action": "confirm"})
        job.refresh_from_db()
        assert job.status == "confirmed"
        assert "Đang nhập: 0/4 tài liệu…" in client.get(checked["Location"]).content.decode()
        worker_step()
    job.refresh_from_db()
    assert (job.status, job.rows_done, bytes(job.data)) == ("done", 4, b"")
    assert LibraryItemPage.objects.child_of(library_of(centre_a)).count() == before + 4
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_live_progress_is_seen_through_the_import_transaction(centre_a):
    """The import's transaction hides its own writes; LiveProgress writes rows_done from a second
    connection. The job's row is committed by a third one, as a worker's claim would be."""
    from django.contrib.auth import get_user_model

    user_id = get_user_model().objects.order_by("pk").values_list("pk", flat=True).first()
    job_id = uuid.uuid4()
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                "INSERT INTO library_importjob (id, user_id, library_id, file_name, data, language,"
                " status, rows_done, rows_total, preview, errors, error_count, published,"
                " created_at) VALUES (%s, %s, %s, 'x.csv', '', 'vi', 'importing', 0, 10, '[]',"
                " '[]', 0, false, now())",
                [job_id, user_id, library_of(centre_a).pk],
            )
        with transaction.atomic(), LiveProgress(job_id, every=0) as progress:
            progress(4, 10)
            with side.cursor() as cursor:
                cursor.execute("SELECT rows_done FROM library_importjob WHERE id = %s", [job_id])
                assert cursor.fetchone() == (4,)
        assert LiveProgress(job_id, enabled=False).side is None
    finally:
        with side.cursor() as cursor:
            cursor.execute("DELETE FROM library_importjob WHERE id = %s", [job_id])
        side.close()
