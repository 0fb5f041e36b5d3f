"""A centre's lifecycle (issue #24): rename, retire and reopen, merge, move the hub; dry runs change
nothing, repeating a change changes nothing, old addresses redirect, bad input is refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    Site,
)

from contests.models import EntryPage
from home.factories import UserFactory
from home.lifecycle import (
    LifecycleError,
    merge_centres,
    move_hub,
    rename_centre,
    reopen_centre,
    retire_centre,
)
from hub.models import Centre, FormerHostname, NetworkSettings
from learners.models import Learner
from lessons.factories import publish_lesson
from lessons.models import LessonIndexPage, LessonPage

pytestmark = pytest.mark.django_db


def lessons_of(centre) -> LessonIndexPage:
    return LessonIndexPage.objects.child_of(centre.site.root_page).get()


def path_on_site(page, centre) -> str:
    return page.url_path[len(centre.site.root_page.url_path) - 1 :]


def snapshot(centre) -> tuple:
    centre = Centre.all_centres.select_related("site").get(pk=centre.pk)
    return (
        centre.name,
        centre.status,
        centre.site.hostname if centre.site else None,
        FormerHostname.objects.count(),
        Page.objects.descendant_of(Page.objects.get(pk=centre.site.root_page_id)).count()
        if centre.site
        else None,
    )


def test_rename_changes_every_name_and_the_old_host_redirects(client, centre_b):
    lesson = LessonPage.objects.live().descendant_of(centre_b.site.root_page).first()
    old_host = centre_b.site.hostname
    old_path = path_on_site(lesson, centre_b)
    outcome = rename_centre(centre_b, name="Phường Phù Vân", hostname="phu-van-moi.localhost")
    assert len(outcome.lines) == 2

    centre = Centre.objects.with_site().get(pk=centre_b.pk)
    assert centre.name == "Phường Phù Vân"
    assert centre.title == "TTHTCĐ phường Phù Vân"
    assert centre.site.hostname == "phu-van-moi.localhost"
    assert centre.site.site_name == "TTHTCĐ phường Phù Vân"
    assert centre.site.root_page.title == "TTHTCĐ phường Phù Vân"
    assert Collection.objects.get(pk=centre.collection_id).name == "TTHTCĐ phường Phù Vân"
    assert Group.objects.get(pk=centre.editors_group_id).name.startswith("TTHTCĐ phường Phù Vân")
    assert FormerHostname.objects.get(hostname=old_host).site_id == centre.site_id
    log = ModelLogEntry.objects.filter(action="hoctap.centre.rename", object_id=str(centre.pk))
    assert log.get().data["new_hostname"] == "phu-van-moi.localhost"

    response = client.get(old_path + "?from=qr", HTTP_HOST=old_host)
    assert response.status_code == 301
    assert response["Location"] == f"{centre.site.root_url}{old_path}?from=qr"
    assert client.get(old_path, HTTP_HOST="phu-van-moi.localhost").status_code == 200

    # the same again: nothing to do
    again = rename_centre(centre, name="Phường Phù Vân", hostname="phu-van-moi.localhost")
    assert not again.changed
    # back to the old hostname: the new one becomes the redirect
    rename_centre(centre, hostname=old_host)
    assert Site.objects.get(pk=centre.site_id).hostname == old_host
    assert set(FormerHostname.objects.values_list("hostname", flat=True)) == {
        "phu-van-moi.localhost"
    }


def test_rename_refuses_what_others_use_and_dry_run_changes_nothing(centre_a, centre_b):
    before = snapshot(centre_b)
    with pytest.raises(LifecycleError, match="Đã có trung tâm “Phường Lam Hạ”"):
        rename_centre(centre_b, name="phường lam hạ")
    with pytest.raises(LifecycleError, match="đã được dùng cho một trang khác"):
        rename_centre(centre_b, hostname=centre_a.site.hostname)
    with pytest.raises(LifecycleError, match="không phải tên miền hợp lệ"):
        rename_centre(centre_b, hostname="phù-vân.localhost")
    dry = rename_centre(centre_b, name="Xã Phù Vân Mới", hostname="pv.localhost", dry_run=True)
    assert dry.dry_run and len(dry.lines) == 2
    assert snapshot(centre_b) == before
    assert not ModelLogEntry.objects.filter(action="hoctap.centre.rename").exists()


def test_retire_takes_write_access_away_and_reopen_gives_it_back(client, centre_b):
    editor = UserFactory(username="bientap.phuvan", groups=[centre_b.editors_group])
    lesson = LessonPage.objects.live().descendant_of(centre_b.site.root_page).first()
    groups = [centre_b.editors_group_id, centre_b.contributors_group_id]

    def permissions():
        return (
            set(
                GroupPagePermission.objects.filter(group_id__in=groups).values_list(
                    "group_id", "page_id", "permission_id"
                )
            ),
            set(
                GroupCollectionPermission.objects.filter(group_id__in=groups).values_list(
                    "group_id", "collection_id", "permission_id"
                )
            ),
        )

    before = permissions()
    assert lesson.permissions_for_user(editor).can_edit()
    outcome = retire_centre(centre_b)
    assert outcome.counts["page_permissions"] == len(before[0]) > 0
    centre = Centre.objects.get(pk=centre_b.pk)
    assert centre.status == Centre.Status.ARCHIVED
    assert permissions() == (set(), set())
    editor = type(editor).objects.get(pk=editor.pk)  # Wagtail caches permissions on the user
    assert not Page.objects.get(pk=lesson.pk).permissions_for_user(editor).can_edit()
    page = client.get(path_on_site(lesson, centre_b), HTTP_HOST=centre_b.site.hostname)
    assert page.status_code == 200  # still readable
    assert "ngừng hoạt động" in page.content.decode()
    assert not retire_centre(centre).changed  # again: nothing

    reopen_centre(centre)
    assert permissions() == before
    assert Centre.objects.get(pk=centre_b.pk).status == Centre.Status.ACTIVE
    assert not reopen_centre(Centre.objects.get(pk=centre_b.pk)).changed


def test_merge_moves_content_people_and_addresses(client, centre_a, centre_b):
    source_home = centre_b.site.root_page
    lessons = set(LessonPage.objects.descendant_of(source_home).values_list("pk", flat=True))
    learners = set(Learner.objects.filter(home_centre=centre_b).values_list("pk", flat=True))
    editor = UserFactory(username="bientap.phuvan2", groups=[centre_b.editors_group])
    entries = set(EntryPage.objects.filter(centre=centre_b).values_list("pk", flat=True))
    # the same lesson slug in both centres: the moved one is renamed and redirected
    twin = publish_lesson(lessons_of(centre_b), title="Trùng tên", slug="trung-ten")
    publish_lesson(lessons_of(centre_a), title="Trùng tên", slug="trung-ten")
    lessons.add(twin.pk)
    old_host = centre_b.site.hostname
    plain = LessonPage.objects.filter(pk__in=lessons).exclude(pk=twin.pk).first()
    plain_path = path_on_site(plain, centre_b)

    redirects_before = Redirect.objects.filter(site=centre_a.site).count()
    dry = merge_centres([centre_b], centre_a, dry_run=True)
    assert dry.counts["learners"] == len(learners)
    assert Centre.objects.filter(pk=centre_b.pk).exists()  # nothing moved
    assert (
        set(LessonPage.objects.descendant_of(source_home).values_list("pk", flat=True)) == lessons
    )

    outcome = merge_centres([centre_b], centre_a)
    made = Redirect.objects.filter(site=centre_a.site).count() - redirects_before
    assert made >= 1  # the twin, and any demo page whose slug both centres use
    assert outcome.counts == {**dry.counts, "redirects": made}
    moved = set(LessonPage.objects.descendant_of(lessons_of(centre_a)).values_list("pk", flat=True))
    assert lessons <= moved
    assert (
        set(
            Learner.objects.filter(home_centre=centre_a, pk__in=learners).values_list(
                "pk", flat=True
            )
        )
        == learners
    )
    assert editor.groups.filter(pk=centre_a.editors_group_id).exists()
    assert not editor.groups.filter(pk=centre_b.editors_group_id).exists()
    merged = Centre.all_centres.get(pk=centre_b.pk)
    assert (merged.status, merged.site_id, merged.merged_into_id) == (
        Centre.Status.MERGED,
        None,
        centre_a.pk,
    )
    assert not Centre.objects.filter(pk=centre_b.pk).exists()
    assert set(EntryPage.objects.filter(centre=merged).values_list("pk", flat=True)) == entries

    # old addresses: same path on the new host; a renamed slug through a Wagtail redirect
    response = client.get(plain_path, HTTP_HOST=old_host)
    assert response.status_code == 301
    assert response["Location"] == f"{centre_a.site.root_url}{plain_path}"
    assert client.get(plain_path, HTTP_HOST=centre_a.site.hostname).status_code == 200
    twin.refresh_from_db()
    assert twin.slug == "trung-ten-xa-phu-van"
    redirect = Redirect.objects.get(site=centre_a.site, old_path="/bai-giang/trung-ten")
    assert redirect.redirect_page_id == twin.pk

    # again: nothing moves
    assert merge_centres([merged], Centre.objects.get(pk=centre_a.pk)).counts == {}


def test_merge_refuses_an_archived_target_and_itself(centre_a, centre_b):
    with pytest.raises(LifecycleError, match="ít nhất một trung tâm khác"):
        merge_centres([centre_a], centre_a)
    retire_centre(centre_a)
    with pytest.raises(LifecycleError, match="phải đang hoạt động"):
        merge_centres([centre_b], Centre.objects.get(pk=centre_a.pk))
    assert Centre.objects.get(pk=centre_b.pk).status == Centre.Status.ACTIVE


def test_move_hub_renames_the_network_and_moves_every_host(client, centre_a):
    hub = Site.objects.get(is_default_site=True)
    old_hub_host = hub.hostname
    suffix = centre_a.site.hostname.split(".", 1)[1]
    outcome = move_hub(
        hub_name="Ninh Bình – Tỉnh học tập",
        committee_name="Ban Chỉ đạo xây dựng xã hội học tập tỉnh Ninh Bình",
        hostname="ninh-binh.localhost",
        centre_domain=(suffix, "ninh-binh.localhost"),
    )
    centres = Centre.objects.with_site().count()
    assert outcome.counts == {"centres": centres}
    assert NetworkSettings.load().hub_name == "Ninh Bình – Tỉnh học tập"
    assert Site.objects.get(pk=hub.pk).hostname == "ninh-binh.localhost"
    lam_ha = Centre.objects.with_site().get(pk=centre_a.pk)
    assert lam_ha.site.hostname == centre_a.site.hostname.replace(suffix, "ninh-binh.localhost")
    assert FormerHostname.objects.count() == centres + 1
    response = client.get("/bai-giang/", HTTP_HOST=centre_a.site.hostname)
    assert response.status_code == 301
    assert response["Location"] == f"{lam_ha.site.root_url}/bai-giang/"
    response = client.get("/", HTTP_HOST=old_hub_host)
    assert response["Location"] == f"{Site.objects.get(pk=hub.pk).root_url}/"
    assert not move_hub(hostname="ninh-binh.localhost").changed


def test_commands_dry_run_and_refuse_unknown_centres(centre_b, capsys):
    call_command("rename_centre", "Xã Phù Vân", "--name", "Xã Phù Vân Mới", "--dry-run")
    out = capsys.readouterr().out
    assert "Chạy thử: chưa thay đổi gì" in out and "TTHTCĐ xã Phù Vân Mới" in out
    assert Centre.objects.get(pk=centre_b.pk).name == "Xã Phù Vân"
    with pytest.raises(CommandError, match="Không có trung tâm “Xã Không Có”"):
        call_command("retire_centre", "Xã Không Có")
    call_command("retire_centre", centre_b.site.hostname)
    assert Centre.objects.get(pk=centre_b.pk).status == Centre.Status.ARCHIVED
    call_command("retire_centre", "xã phù vân", "--reopen")
    assert Centre.objects.get(pk=centre_b.pk).status == Centre.Status.ACTIVE
    with pytest.raises(CommandError, match="Hãy cho tên mới"):
        call_command("rename_centre", "Xã Phù Vân")


def test_admin_rename_previews_then_changes(client, superuser, centre_b):
    client.force_login(superuser)
    url = f"/admin/trung-tam/{centre_b.pk}/doi-ten/"
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial == {
        "name": "Xã Phù Vân",
        "hostname": centre_b.site.hostname,
    }
    data = {"name": "Phường Phù Vân", "hostname": "phu-van-2.localhost"}
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert len(preview.context["outcome"].lines) == 2
    assert Centre.objects.get(pk=centre_b.pk).name == "Xã Phù Vân"  # not yet
    done = client.post(url, {**data, "xac-nhan": "1"})
    assert done.status_code == 302
    assert done["Location"] == f"/admin/centres/edit/{centre_b.pk}/"
    centre = Centre.objects.with_site().get(pk=centre_b.pk)
    assert (centre.name, centre.site.hostname) == ("Phường Phù Vân", "phu-van-2.localhost")


def test_admin_refusals_keep_the_input(client, superuser, editor_a, centre_a, centre_b):
    client.force_login(superuser)
    url = f"/admin/trung-tam/{centre_b.pk}/doi-ten/"
    bad = {"name": "Xã Phù Vân Mới", "hostname": centre_a.site.hostname, "xac-nhan": "1"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert response.context["form"].errors["hostname"] == [
        f"Tên miền “{centre_a.site.hostname}” đã được dùng cho một trang khác."
    ]
    assert 'value="Xã Phù Vân Mới"' in response.content.decode()
    assert Centre.objects.get(pk=centre_b.pk).name == "Xã Phù Vân"

    merge_url = f"/admin/trung-tam/{centre_a.pk}/sap-nhap/"
    response = client.post(merge_url, {"sources": "Xã Không Có\nXã Phù Vân", "xac-nhan": "1"})
    assert response.context["form"].errors["sources"] == [
        "Không tìm thấy trung tâm đang hoạt động: Xã Không Có."
    ]
    assert Centre.objects.get(pk=centre_b.pk).status == Centre.Status.ACTIVE

    client.force_login(editor_a)
    for path in (
        url,
        merge_url,
        f"/admin/trung-tam/{centre_a.pk}/ngung-hoat-dong/",
        "/admin/mang-luoi/chuyen/",
    ):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_merge_and_retire_and_move_hub(client, superuser, centre_a, centre_b):
    client.force_login(superuser)
    merge_url = f"/admin/trung-tam/{centre_a.pk}/sap-nhap/"
    preview = client.post(merge_url, {"sources": centre_b.site.hostname})
    assert "Xã Phù Vân" not in [c.name for c in Centre.objects.filter(status="sap_nhap")]
    assert preview.context["outcome"].counts["pages"] > 0
    done = client.post(merge_url, {"sources": centre_b.site.hostname, "xac-nhan": "1"})
    assert done.status_code == 302
    assert Centre.all_centres.get(pk=centre_b.pk).status == Centre.Status.MERGED

    retire_url = f"/admin/trung-tam/{centre_a.pk}/ngung-hoat-dong/"
    assert client.post(retire_url, {}).context["outcome"].changed
    assert client.post(retire_url, {"xac-nhan": "1"}).status_code == 302
    assert Centre.objects.get(pk=centre_a.pk).status == Centre.Status.ARCHIVED

    move = client.post(
        "/admin/mang-luoi/chuyen/",
        {
            "hub_name": "Ninh Bình học tập",
            "committee_name": NetworkSettings.load().committee_name,
            "hostname": Site.objects.get(is_default_site=True).hostname,
            "old_domain": "localhost",
            "new_domain": "",
        },
    )
    assert move.context["form"].non_field_errors() == [
        "Hãy nhập cả đuôi tên miền cũ và mới, hoặc để trống cả hai."
    ]
    assert NetworkSettings.load().hub_name != "Ninh Bình học tập"


def test_directory_finds_a_centre_without_diacritics_and_pages(client, hub_home, centre_a):

    from home import models as home_models

    response = client.get("/cac-trung-tam/", {"q": "lam ha"})
    assert [row["centre"].pk for row in response.context["rows"]] == [centre_a.pk]
    response = client.get("/cac-trung-tam/", {"q": "không có"})
    assert response.context["rows"] == []
    assert "Không có trung tâm nào tên có “không có”." in response.content.decode()
    original = home_models.DIRECTORY_PER_PAGE
    home_models.DIRECTORY_PER_PAGE = 3
    try:
        first = client.get("/cac-trung-tam/")
        second = client.get("/cac-trung-tam/", {"page": "2"})
    finally:
        home_models.DIRECTORY_PER_PAGE = original
    names = [row["centre"].name for row in first.context["rows"]]
    assert len(names) == 3 and names == sorted(names)
    assert not set(names) & {row["centre"].name for row in second.context["rows"]}


def test_network_copy_keeps_a_bounded_number_of_things(monkeypatch):
    from hub import federation

    monkeypatch.setattr(federation, "MAX_KEPT", 3)
    copy = federation.Network(0)
    loads = []
    for n in range(5):
        copy.keep(("x", n), lambda n=n: loads.append(n) or n)
    assert list(copy._kept) == [("x", 2), ("x", 3), ("x", 4)]
    assert copy.keep(("x", 2), lambda: loads.append("again")) == 2  # kept: not loaded again
    assert loads == [0, 1, 2, 3, 4]


def test_a_national_footer_links_to_the_directory_instead_of_listing_every_centre():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    few = [
        SimpleNamespace(url=f"http://c{n}.vn/", title=f"TTHTCĐ xã {n}", status="hoat_dong")
        for n in range(40)
    ]
    html = render_to_string("components/footer_centres.html", {"centres": few, "hub_url": "/"})
    assert html.count("<li>") == 41
    many = [*few, SimpleNamespace(url="http://c40.vn/", title="TTHTCĐ xã 40", status="")]
    html = render_to_string("components/footer_centres.html", {"centres": many, "hub_url": "/"})
    assert html.count("<li>") == 2
    assert '<a href="/cac-trung-tam/" data-network-link>Danh bạ 41 trung tâm</a>' in html
