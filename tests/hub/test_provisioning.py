import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Collection, GroupPagePermission, Page, Site, Workflow

from events.models import EventIndexPage
from home.models import CentreHomePage, NewsIndexPage, StandardPage
from home.provisioning import add_centre
from hub.models import Centre
from hub.provisioning import ProvisioningError
from lessons.models import LessonIndexPage
from library.models import LibraryIndexPage


def _snapshot():
    return (
        Site.objects.count(),
        Page.objects.count(),
        Collection.objects.count(),
        Group.objects.count(),
        Workflow.objects.count(),
        Centre.objects.count(),
    )


@pytest.mark.django_db
def test_add_centre_creates_site_tree_collection_groups_and_workflow(hub_home):
    centre = add_centre(
        "Phường Thanh Châu", "Thanh-Chau.localhost", port=8000, address="Số 1 Lê Lợi"
    )

    assert centre.title == "TTHTCĐ phường Thanh Châu"
    assert centre.kind == Centre.Kind.WARD
    assert (centre.site.hostname, centre.site.port) == ("thanh-chau.localhost", 8000)
    home = centre.site.root_page.specific
    assert isinstance(home, CentreHomePage) and home.live
    assert home.slug == "phuong-thanh-chau"
    children = {type(p.specific) for p in home.get_children().live()}
    assert children == {
        NewsIndexPage,
        LibraryIndexPage,
        LessonIndexPage,
        EventIndexPage,
        StandardPage,
    }
    assert centre.collection.get_parent() == Collection.get_first_root_node()
    assert centre.collection.name == "TTHTCĐ phường Thanh Châu"
    editor_perms = set(
        GroupPagePermission.objects.filter(group=centre.editors_group, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= editor_perms
    contributor_perms = set(
        GroupPagePermission.objects.filter(group=centre.contributors_group).values_list(
            "permission__codename", flat=True
        )
    )
    assert contributor_perms == {"add_page", "change_page"}
    workflow = home.get_workflow()
    assert workflow.name == "Duyệt bài – TTHTCĐ phường Thanh Châu"
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [centre.editors_group]


@pytest.mark.django_db
def test_kind_is_guessed_from_the_name(hub_home):
    assert add_centre("Xã Kim Bình", "kim-binh.localhost").kind == Centre.Kind.COMMUNE
    assert add_centre("Thị trấn Kiện Khê", "kien-khe.localhost").kind == Centre.Kind.TOWNSHIP


@pytest.mark.django_db
def test_running_twice_is_refused_and_changes_nothing(hub_home):
    add_centre("Phường Thanh Châu", "thanh-chau.localhost")
    before = _snapshot()
    with pytest.raises(ProvisioningError) as error:
        add_centre("phường thanh châu", "THANH-CHAU.localhost")
    assert "Đã có trung tâm" in error.value.errors["name"]
    assert "đã được dùng" in error.value.errors["hostname"]
    assert _snapshot() == before


@pytest.mark.django_db
def test_hostname_already_taken_by_the_hub_is_refused(hub_home):
    before = _snapshot()
    with pytest.raises(ProvisioningError) as error:
        add_centre("Phường Thanh Tuyền", "localhost")
    assert error.value.errors == {
        "hostname": "Tên miền “localhost” đã được dùng cho một trang khác."
    }
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hostname", "fragment"),
    [
        ("", "Hãy nhập tên miền"),
        ("http://lam-ha.localhost", "không kèm “http://”"),
        ("lam-ha.localhost:8000", "không kèm “http://”"),
        ("lam ha.localhost", "không phải tên miền hợp lệ"),
        ("lâm-hạ.localhost", "không phải tên miền hợp lệ"),
        ("-lam-ha.localhost", "không phải tên miền hợp lệ"),
        ("a" * 64 + ".localhost", "không phải tên miền hợp lệ"),
    ],
)
def test_bad_hostnames_get_a_vietnamese_message(hub_home, hostname, fragment):
    before = _snapshot()
    with pytest.raises(ProvisioningError) as error:
        add_centre("Phường Thanh Tuyền", hostname)
    assert fragment in error.value.errors["hostname"]
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fragment"), [("", "Hãy nhập tên"), ("   ", "Hãy nhập tên"), ("P" * 121, "dài quá")]
)
def test_bad_names_are_refused(hub_home, name, fragment):
    with pytest.raises(ProvisioningError) as error:
        add_centre(name, "ok.localhost")
    assert fragment in error.value.errors["name"]
    assert not Site.objects.filter(hostname="ok.localhost").exists()


@pytest.mark.django_db
def test_failure_half_way_rolls_back_everything(hub_home, monkeypatch):
    import home.provisioning as provisioning

    def explode(**kwargs):
        raise RuntimeError("disk full")

    before = _snapshot()
    monkeypatch.setattr(provisioning, "provision_centre_site", explode)
    with pytest.raises(RuntimeError):
        add_centre("Xã Đinh Xá", "dinh-xa.localhost")
    assert _snapshot() == before


@pytest.mark.django_db
def test_command_creates_a_centre_and_reports_errors_in_vietnamese(hub_home, capsys):
    count = Centre.objects.count()
    call_command(
        "add_centre", "Xã Liêm Tuyền", "--hostname", "liem-tuyen.localhost", "--port", "8000"
    )
    assert (
        "Đã tạo TTHTCĐ xã Liêm Tuyền tại http://liem-tuyen.localhost:8000/"
        in capsys.readouterr().out
    )
    with pytest.raises(CommandError) as error:
        call_command("add_centre", "Xã Liêm Tuyền", "--hostname", "liem-tuyen.localhost")
    assert "Không tạo được trung tâm" in str(error.value)
    assert "Đã có trung tâm “Xã Liêm Tuyền”" in str(error.value)
    assert Centre.objects.count() == count + 1


@pytest.mark.django_db
def test_hub_staff_create_a_centre_from_the_admin(client, superuser):
    client.force_login(superuser)
    url = reverse("centres:add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Xã Trịnh Xá",
            "kind": "xa",
            "hostname": "trinh-xa.localhost",
            "address": "Thôn Thọ Cầu",
            "phone": "",
            "email": "",
            "director": "Bà Trần Thị Hoa",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/centres/")
    centre = Centre.objects.get(name="Xã Trịnh Xá")
    assert centre.director == "Bà Trần Thị Hoa"
    assert centre.site.hostname == "trinh-xa.localhost"
    assert (
        centre.site.root_page.get_children().count() == 5
    )  # news, library, lessons, calendar, about


@pytest.mark.django_db
def test_admin_form_shows_errors_and_creates_nothing(client, superuser, centre_a):
    client.force_login(superuser)
    before = _snapshot()
    response = client.post(
        reverse("centres:add"),
        {"name": "Phường Lam Hạ", "kind": "phuong", "hostname": "http://x", "address": ""},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đã có trung tâm" in content
    assert "không kèm" in content
    assert _snapshot() == before


SNEAKY_CENTRE = {"name": "Xã Lén Lút", "kind": "xa", "hostname": "len-lut.localhost"}


@pytest.mark.django_db
def test_centre_staff_cannot_open_the_provisioning_form(client, editor_a):
    client.force_login(editor_a)
    before = _snapshot()
    url = reverse("centres:add")
    assert url == "/admin/centres/new/"
    for send in (client.get, lambda url: client.post(url, SNEAKY_CENTRE)):
        response = send(url)
        # Wagtail's permission_denied: back to the admin home, with its error message
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert (
            "Rất tiếc, bạn không có quyền truy cập khu vực này."
            in client.get("/admin/").content.decode()
        )
    assert _snapshot() == before
    assert not Centre.objects.filter(name="Xã Lén Lút").exists()
    assert not Site.objects.filter(hostname="len-lut.localhost").exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page_by_the_provisioning_form(client, hub_home):
    before = _snapshot()
    url = reverse("centres:add")
    for response in (client.get(url), client.post(url, SNEAKY_CENTRE)):
        assert (response.status_code, response["Location"]) == (
            302,
            "/admin/login/?next=/admin/centres/new/",
        )
    assert _snapshot() == before
    assert not Site.objects.filter(hostname="len-lut.localhost").exists()


def test_setup_network_is_idempotent_and_refuses_a_taken_hostname(centre_a):
    from django.contrib.auth.models import Group
    from wagtail.models import (
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        WorkflowPage,
        WorkflowTask,
    )

    from home.provisioning import setup_network
    from hub.provisioning import HUB_STAFF_GROUP

    def snapshot():
        return [
            model.objects.count()
            for model in (
                Group,
                GroupApprovalTask,
                GroupPagePermission,
                GroupCollectionPermission,
                WorkflowPage,
                WorkflowTask,
                Site,
            )
        ]

    before = snapshot()
    result = setup_network()
    assert result["added"] == []  # the demo network was set up with the same function
    assert snapshot() == before
    hub_staff = Group.objects.get(name=HUB_STAFF_GROUP)
    entry_task = GroupApprovalTask.objects.get(name="Ban chỉ đạo duyệt bài dự thi")
    assert list(entry_task.groups.all()) == [hub_staff]

    hub_site = Site.objects.get(is_default_site=True)
    with pytest.raises(ProvisioningError) as refused:
        setup_network(hostname=centre_a.site.hostname)
    assert refused.value.errors == {
        "hostname": f"Tên miền “{centre_a.site.hostname}” đã được dùng cho một trang khác."
    }
    assert Site.objects.get(is_default_site=True).hostname == hub_site.hostname
    assert snapshot() == before
