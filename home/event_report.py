"""After an event: staff write a short report (notes, how many took part, up to six photos) and it
becomes a news item of the centre's site in one step — a draft opened in the editor, to read and
publish. Lives in home (which composes the apps): the news page is home's, the event is events'.

The participants' count starts at the number of people checked in; photos go into the centre's
collection as Wagtail images.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model
from wagtail.models import Collection

from events.models import Attendance, EventPage
from hub.federation import centre_for_path, centres_by_root_path
from hub.models import Centre

from .models import NewsIndexPage, NewsPage

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    participants = forms.IntegerField(
        label=gettext_lazy("Số người tham gia"), min_value=0, max_value=100_000
    )
    notes = forms.CharField(
        label=gettext_lazy("Nội dung chính, kết quả"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    photos = MultipleFileField(
        label=gettext_lazy("Ảnh (tối đa 6 ảnh)"),
        required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Chọn tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS})
        from PIL import Image, UnidentifiedImageError

        for upload in files:
            if upload.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(
                    _("Ảnh “%(name)s” lớn quá 10 MB.") % {"name": upload.name}
                )
            try:
                with Image.open(upload) as image:
                    image.verify()
            except (UnidentifiedImageError, OSError, ValueError):
                raise forms.ValidationError(
                    _("“%(name)s” không phải là ảnh đọc được.") % {"name": upload.name}
                ) from None
            upload.seek(0)
        return files


def _event_and_centre(request, pk) -> tuple[EventPage, Centre]:
    event = get_object_or_404(EventPage, pk=pk)
    centre = centre_for_path(event.path, centres_by_root_path(request))
    if centre is None:
        raise PermissionDenied(_("Báo cáo thành tin bài dành cho hoạt động của một trung tâm."))
    confined = Centre.objects.confining(request.user)
    if confined is not None and centre.pk not in {c.pk for c in confined}:
        raise PermissionDenied(_("Hoạt động này thuộc trung tâm khác."))
    return event, centre


def report_view(request, pk):
    event, centre = _event_and_centre(request, pk)
    checked_in = Attendance.objects.filter(event=event).values("phone", "name").distinct().count()
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"participants": checked_in}
    )
    if request.method == "POST" and form.is_valid():
        news = _make_news(request, event, centre, form.cleaned_data)
        messages.success(
            request,
            _("Đã tạo bản nháp tin bài từ báo cáo; hãy xem lại rồi bấm “Xuất bản”."),
        )
        return redirect("wagtailadmin_pages:edit", news.pk)
    return TemplateResponse(
        request,
        "home/admin/event_report.html",
        {"event": event, "centre": centre, "form": form, "checked_in": checked_in},
        status=400 if request.method == "POST" else 200,
    )


@transaction.atomic
def _make_news(request, event, centre, data) -> NewsPage:
    # the news item is the site's content: Vietnamese, whatever language the staff member reads
    with translation.override("vi"):
        return _write_news(request, event, centre, data)


def _write_news(request, event, centre, data) -> NewsPage:
    news_index = NewsIndexPage.objects.child_of(centre.site.root_page).first()
    if news_index is None:
        raise PermissionDenied(_("Trung tâm chưa có trang tin tức."))
    collection = centre.collection or Collection.get_first_root_node()
    Image = get_image_model()
    images = []
    for number, upload in enumerate(data["photos"], start=1):
        image = Image(
            title=f"{event.title} – ảnh {number}",
            file=upload,
            collection=collection,
            uploaded_by_user=request.user,
        )
        image.save()
        images.append(image)
    day = timezone.localdate(event.starts_at)
    summary = _("%(title)s ngày %(day)s tại %(place)s: %(n)s người tham gia.") % {
        "title": event.title,
        "day": day.strftime("%d/%m/%Y"),
        "place": event.place,
        "n": data["participants"],
    }
    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in data["notes"].splitlines() if line.strip()
    )
    body = [{"type": "paragraph", "value": f"<p>{escape(summary)}</p>{paragraphs}"}]
    body += [
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": image.title, "decorative": False},
        }
        for image in images
    ]
    news = NewsPage(
        title=(_("Kết quả: %(title)s") % {"title": event.title})[:240],
        summary=summary[:400],
        image=images[0] if images else event.poster,
        body=body,
        date=timezone.localdate(),
        live=False,
    )
    news_index.add_child(instance=news)
    news.save_revision(user=request.user)
    return news


urlpatterns = [path("su-kien/<int:pk>/bao-cao/", report_view, name="event_report")]


def report_url(event) -> str:
    return reverse("event_report", args=[event.pk])
