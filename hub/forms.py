"""Admin forms that keep centre staff to their own centre's files.

The choosers only list a centre's own images, documents and videos (hub.wagtail_hooks), but a
form accepts any id posted to it. These forms check every chosen file against the editor's
centre collections: foreign keys (a library item's document, an entry's video) through their
querysets, and every image, document or video inside a StreamField (at any depth) in `clean`.
Hub staff (staff_centres() is None) may choose anything; a file the page already had stays
acceptable, so a centre editor can save a page that hub staff gave another centre's picture.

`CentrePageForm` is the base_form_class of every page type (a test checks it);
`CentreModelForm` is for snippets and settings with files.
"""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.apps import apps
from django.db.models import Model, Q
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.blocks import BlockField, StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model


def _file_models() -> tuple[type[Model], ...]:
    return (get_image_model(), get_document_model(), get_media_model())


def chosen_files(value) -> Iterator[Model]:
    """Every image, document or video inside a block value, however deeply nested."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from chosen_files(child.value)
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from chosen_files(item)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            yield from chosen_files(item)
    elif isinstance(value, _file_models()):
        yield value


class CollectionScopedFormMixin:
    """Put before a Wagtail admin form class: the file checks above, for that form."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self._scope_to_collections(for_user)

    def clean(self):
        cleaned = super().clean()
        self._check_block_files()
        return cleaned

    def _scope_to_collections(self, for_user) -> None:
        # hub.federation.staff_centres, without importing hub.models (which uses this module)
        centre_model = apps.get_model("hub", "Centre")
        centres = centre_model.objects.confining(for_user) if for_user is not None else None
        self.allowed_collections = None if centres is None else {c.collection_id for c in centres}
        if self.allowed_collections is None:
            return
        file_models = _file_models()
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                field.queryset.model, file_models
            ):
                current = getattr(self.instance, f"{name}_id", None)
                field.queryset = field.queryset.filter(
                    Q(collection_id__in=self.allowed_collections) | Q(pk=current)
                )

    def _check_block_files(self) -> None:
        if self.allowed_collections is None:
            return
        for name, field in self.fields.items():
            if not isinstance(field, BlockField) or self.cleaned_data.get(name) is None:
                continue
            before = {(type(f), f.pk) for f in chosen_files(self.initial.get(name))}
            for chosen in chosen_files(self.cleaned_data[name]):
                if chosen.collection_id in self.allowed_collections:
                    continue
                if (type(chosen), chosen.pk) in before:
                    continue
                self.add_error(
                    name,
                    _(
                        "“%(title)s” thuộc kho tệp của trung tâm khác; hãy chọn ảnh, tài liệu "
                        "hoặc video của trung tâm mình."
                    )
                    % {"title": chosen.title},
                )


class CentrePageForm(CollectionScopedFormMixin, WagtailAdminPageForm):
    """Every page type's form: files of the editor's own centre only, and a slug that keeps
    Vietnamese words readable (hub.text: the same folding in the browser and on the server)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            from wagtail.admin.widgets.slug import SlugInput

            from .text import slug_formatters

            widget = SlugInput(
                formatters=slug_formatters(), locale=getattr(self.instance, "locale", None)
            )
            widget.attrs.update(
                {k: v for k, v in self.fields["slug"].widget.attrs.items() if k not in widget.attrs}
            )
            self.fields["slug"].widget = widget
            self.fields["slug"].required = False  # clean_slug makes one from the title

    def clean(self):
        """A slug already used beside this page is explained with a link to the page that has it
        (often a draft Wagtail saved by itself when an editor left a form half done)."""
        cleaned_data = super().clean()
        # (an invalid slug has left cleaned_data: take the one clean_slug made)
        slug = getattr(self, "_slug", None)
        other = self._sibling_with_slug(slug) if "slug" in self.errors else None
        if other is not None:
            from django.urls import reverse
            from django.utils.html import format_html

            self.errors["slug"] = self.error_class(
                [
                    format_html(
                        _(
                            "Địa chỉ “{slug}” đã thuộc về trang “{title}” trong cùng mục. Hãy đổi "
                            'tiêu đề hoặc đường dẫn, hoặc <a href="{url}">mở trang đó</a> nếu '
                            "đó là bản nháp bạn bỏ dở."
                        ),
                        slug=other.slug,
                        title=other.title,
                        url=reverse("wagtailadmin_pages:edit", args=[other.pk]),
                    )
                ]
            )
        return cleaned_data

    def _sibling_with_slug(self, slug):
        parent = getattr(self, "parent_page", None)
        if not slug or parent is None:
            return None
        siblings = parent.get_children().filter(slug=slug)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        return siblings.first()

    def clean_slug(self):
        """An empty slug becomes the title's Vietnamese slug (Wagtail's own would drop "đ" and
        every accented letter: "Đo huyết áp" -> "o-huyt-ap")."""
        from .text import vietnamese_slug

        slug = self.cleaned_data.get("slug")
        if not slug:
            title = self.cleaned_data.get("title") or self.data.get(self.add_prefix("title"), "")
            slug = vietnamese_slug(title)[:255]
        self._slug = slug
        return slug


class CentreModelForm(CollectionScopedFormMixin, WagtailAdminModelForm):
    pass


__all__ = ["CentreModelForm", "CentrePageForm", "chosen_files"]
