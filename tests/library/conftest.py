import pytest

from library.factories import publish_item
from library.models import LibraryIndexPage


def library_of(centre) -> LibraryIndexPage:
    return LibraryIndexPage.objects.child_of(centre.site.root_page).get()


@pytest.fixture
def lam_ha_item(centre_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_item(
            library_of(centre_a),
            title="Sổ tay phòng chống lừa đảo",
            collection=centre_a.collection,
            authors="Nguyễn Văn A; Trần Thị B",
            year=2024,
            isbn="978-604-0-00000-1",
        )
