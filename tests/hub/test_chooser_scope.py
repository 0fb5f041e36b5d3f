"""Centre staff can only attach their own centre's images, documents and videos (hub.forms):
posting another centre's id into a page form is refused, whatever the chooser showed."""

import pytest
from django.apps import apps
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from home.factories import UserFactory
from hub.forms import CentreModelForm, CentrePageForm
from hub.models import Field, SiteBranding, Video
from library.factories import make_pdf_document
from library.models import LibraryIndexPage, LibraryItemPage

pytestmark = pytest.mark.django_db
FOREIGN = "thuộc kho tệp của trung tâm khác"


def test_every_page_type_checks_chosen_files():
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    assert page_models
    for model in page_models:
        assert issubclass(model.base_form_class, CentrePageForm), model
    assert issubclass(SiteBranding.base_form_class, CentreModelForm)


def _editor(centre) -> Client:
    client = Client()
    client.force_login(UserFactory(groups=[centre.editors_group]))
    return client


def _add_item_form(client, index) -> tuple[str, dict]:
    url = f"/admin/pages/add/library/libraryitempage/{index.pk}/"
    html = client.get(url).content.decode()
    return url, _Form(querydict_from_html(html, form_id="page-edit-form").dict())


class _Form(dict):
    """The add form's fields as a plain dict (one value each), so updates replace values."""


def test_a_library_item_cannot_take_another_centres_document(centre_a, centre_b):
    index = LibraryIndexPage.objects.descendant_of(centre_a.site.root_page).get()
    theirs = make_pdf_document("Tài liệu của Lam Hạ B", centre_b.collection)
    ours = make_pdf_document("Tài liệu của mình", centre_a.collection)
    editor = _editor(centre_a)
    url, data = _add_item_form(editor, index)
    data.update(
        {
            "title": "Sổ tay phòng cháy",
            "slug": "so-tay-phong-chay",
            "licence": "cc-by",
            "field": str(Field.objects.first().pk),
            "document": str(theirs.pk),
            "action-publish": "1",
        }
    )
    before = LibraryItemPage.objects.count()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"document"}
    assert LibraryItemPage.objects.count() == before
    data["document"] = str(ours.pk)
    response = editor.post(url, data)
    assert response.status_code == 302
    item = LibraryItemPage.objects.get(slug="so-tay-phong-chay")
    assert item.document_id == ours.pk


def test_hub_staff_may_choose_any_centres_file(centre_a, centre_b):
    index = LibraryIndexPage.objects.descendant_of(centre_a.site.root_page).get()
    theirs = make_pdf_document("Tài liệu của trung tâm khác", centre_b.collection)
    hub = Client()
    hub.force_login(UserFactory(is_superuser=True))
    url, data = _add_item_form(hub, index)
    data.update(
        {
            "title": "Tài liệu chung",
            "slug": "tai-lieu-chung",
            "licence": "cc-by",
            "field": str(Field.objects.first().pk),
            "document": str(theirs.pk),
            "action-publish": "1",
        }
    )
    response = hub.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert LibraryItemPage.objects.get(slug="tai-lieu-chung").document_id == theirs.pk


def _image(collection, title):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(), collection=collection
    )


def _form(page, user, body, parent):
    form_class = type(page).get_edit_handler().get_form_class()
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "body": streamfield(body),
            "date": "2026-12-01",
            "summary": "",
            "kind": page.kind,
        }
    )
    return form_class(data, instance=page, parent_page=parent, for_user=user)


def test_files_inside_a_streamfield_are_checked_at_any_depth(centre_a, centre_b):
    from home.models import NewsPage

    news = NewsPage.objects.descendant_of(centre_a.site.root_page).live().first()
    parent = news.get_parent()
    editor = UserFactory(groups=[centre_a.editors_group])
    theirs = _image(centre_b.collection, "Ảnh của trung tâm khác")
    ours = _image(centre_a.collection, "Ảnh của mình")
    their_video = Video.objects.filter(
        collection=centre_b.collection
    ).first() or Video.objects.create(
        title="Video của trung tâm khác",
        type="video",
        file="media/x.mp4",
        collection=centre_b.collection,
    )
    bad = _form(
        news,
        editor,
        [("image", {"image": theirs.pk, "alt_text": "ảnh", "decorative": False})],
        parent,
    )
    assert not bad.is_valid()
    assert bad.errors.keys() == {"body"} and FOREIGN in str(bad.errors["body"])
    bad_video = _form(news, editor, [("video", {"video": their_video.pk, "caption": ""})], parent)
    assert not bad_video.is_valid() and FOREIGN in str(bad_video.errors["body"])
    good = _form(
        news,
        editor,
        [("image", {"image": ours.pk, "alt_text": "ảnh", "decorative": False})],
        parent,
    )
    assert good.is_valid(), good.errors


def test_a_file_the_page_already_had_can_be_kept(centre_a, centre_b):
    from home.models import NewsPage

    news = NewsPage.objects.descendant_of(centre_a.site.root_page).live().first()
    theirs = _image(centre_b.collection, "Ảnh hub chọn")
    news.body = [("image", {"image": theirs, "alt_text": "ảnh", "decorative": False})]
    news.save_revision().publish()
    news = NewsPage.objects.get(pk=news.pk)
    editor = UserFactory(groups=[centre_a.editors_group])
    kept = _form(
        news,
        editor,
        [("image", {"image": theirs.pk, "alt_text": "ảnh", "decorative": False})],
        news.get_parent(),
    )
    assert kept.is_valid(), kept.errors
