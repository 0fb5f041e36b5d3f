"""The public "share a lesson" form for learners: checked, rate-limited, moderated."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.counters import browser_key
from hub.models import Field
from hub.text import visible_text

from .blocks import youtube_id
from .sharing import forget_held, held_file

VIDEO_EXTENSIONS = {".mp4", ".mov", ".3gp", ".webm", ".mkv", ".m4v"}
DOCUMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".ppt", ".pptx", ".odt", ".odp"}
URL_RE = re.compile(r"https?://", re.IGNORECASE)
STAMP_SALT = "lesson-share-form"
STAMP_MAX_AGE = 86_400
PHONE_RE = re.compile(r"^[0-9 +().-]{8,20}$")


def form_stamp(browser: str | None = None) -> str:
    """The anti-bot stamp of one rendering of the form: when it was shown, to which browser
    (hub.counters.browser_id) and a one-time number. A stamp is good for one lesson sent, from
    the browser it was shown to, within 24 hours."""
    return signing.dumps(
        {"t": time.time(), "b": browser_key(browser) if browser else "", "n": secrets.token_hex(8)},
        salt=STAMP_SALT,
    )


def _stamp_used_key(nonce: str) -> str:
    return f"share-stamp-used:{nonce}"


def spend_stamp(form) -> None:
    """Mark the stamp of a form whose lesson was sent as used."""
    cache.set(_stamp_used_key(form.stamp_nonce), 1, STAMP_MAX_AGE + 60)


class VisibleTextField(forms.CharField):
    """A text field that keeps only what people can see (hub.text.visible_text)."""

    def to_python(self, value):
        return super().to_python(visible_text(value) if isinstance(value, str) else value)


class ShareLessonForm(forms.Form):
    name = VisibleTextField(label=_("Họ và tên"), max_length=120)
    contact = VisibleTextField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=120,
        help_text=_("Để trung tâm liên hệ khi cần; không hiển thị công khai."),
    )
    title = VisibleTextField(label=_("Tên bài giảng"), max_length=200)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("– Chọn lĩnh vực –")
    )
    description = VisibleTextField(
        label=_("Mô tả ngắn"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=3000,
    )
    link = forms.URLField(
        label=_("Liên kết video (YouTube) hoặc tài liệu"), required=False, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("Hoặc tải tệp lên (video, PDF, Word, PowerPoint)"), required=False
    )
    # the learner's valid file from a previous try, kept privately (lessons.sharing.keep_for_retry)
    held_file = forms.CharField(widget=forms.HiddenInput, required=False)
    drop_held = forms.BooleanField(label=_("Bỏ tệp đã chọn, chọn tệp khác"), required=False)
    licence = forms.BooleanField(
        label=_(
            "Tôi là tác giả hoặc được phép chia sẻ nội dung này, và đồng ý để trung tâm đăng "
            "công khai."
        ),
        error_messages={"required": _("Hãy xác nhận bạn có quyền chia sẻ nội dung này.")},
    )
    website = forms.CharField(
        required=False,
        label=_("Để trống ô này"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # honeypot: people never see it
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, browser: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.browser = browser
        self.stamp_nonce = ""
        self.held = None  # a HeldFile used instead of a new upload

    def mark_invalid_fields(self) -> None:
        """aria-invalid and aria-describedby on every field with an error (screen readers)."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-error"}
                )

    def _use_held_file(self, cleaned) -> None:
        token = cleaned.get("held_file")
        if cleaned.get("file") or "file" in self.errors or not token:
            return
        found = held_file(token, self.browser)
        if found is None:
            return
        if cleaned.get("drop_held"):
            forget_held(found)
            cleaned["held_file"] = ""
            return
        self.held = cleaned["file"] = found

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            forms.EmailField().clean(contact)
        elif not PHONE_RE.match(contact):
            raise forms.ValidationError(
                gettext("Hãy nhập số điện thoại (8–20 chữ số) hoặc địa chỉ thư điện tử.")
            )
        return contact

    def clean_description(self):
        text = self.cleaned_data["description"]
        if len(URL_RE.findall(text)) > 2:
            raise forms.ValidationError(
                gettext("Mô tả có quá nhiều liên kết; hãy chỉ giữ tối đa 2 liên kết.")
            )
        return text

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        suffix = PurePosixPath(upload.name.lower()).suffix
        if suffix not in VIDEO_EXTENSIONS | DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                gettext(
                    "Chỉ nhận video (mp4, mov, 3gp, webm, mkv) hoặc tài liệu "
                    "(pdf, doc, docx, ppt, pptx, odt)."
                )
            )
        if upload.size == 0:
            raise forms.ValidationError(gettext("Tệp rỗng (0 byte); hãy chọn lại tệp."))
        if upload.size > settings.LESSON_SHARE_MAX_BYTES:
            limit = settings.LESSON_SHARE_MAX_BYTES // 1_000_000
            raise forms.ValidationError(
                gettext("Tệp lớn hơn %(limit)s MB; hãy cắt ngắn video hoặc gửi liên kết YouTube.")
                % {"limit": limit}
            )
        upload.kind = "video" if suffix in VIDEO_EXTENSIONS else "document"
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                gettext("Không gửi được bài (bị nghi là tin rác)."), code="spam"
            )
        stale = forms.ValidationError(
            gettext("Biểu mẫu đã hết hạn; hãy tải lại trang rồi gửi lại."), code="stale"
        )
        try:
            stamp = signing.loads(cleaned.get("stamp", ""), salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
        except signing.BadSignature as error:
            raise stale from error
        if not isinstance(stamp, dict) or not {"t", "b", "n"} <= stamp.keys():
            raise stale
        if stamp["b"] and not self.browser:
            raise forms.ValidationError(
                gettext(
                    "Trình duyệt không giữ cookie của trang nên không gửi được; hãy bật cookie "
                    "rồi tải lại trang."
                ),
                code="stale",
            )
        if stamp["b"] != (browser_key(self.browser) if self.browser else ""):
            raise stale  # shown to another browser
        if cache.get(_stamp_used_key(stamp["n"])):
            raise forms.ValidationError(
                gettext("Bài này đã được gửi rồi; muốn gửi bài khác, hãy tải lại trang."),
                code="used",
            )
        self.stamp_nonce = stamp["n"]
        if time.time() - float(stamp["t"]) < settings.LESSON_SHARE_MIN_SECONDS:
            raise forms.ValidationError(
                gettext("Bạn gửi nhanh quá; hãy kiểm tra lại nội dung rồi gửi."), code="spam"
            )
        self._use_held_file(cleaned)
        if not cleaned.get("file") and not cleaned.get("link"):
            raise forms.ValidationError(
                gettext("Hãy tải tệp lên hoặc dán liên kết tới video, tài liệu.")
            )
        if cleaned.get("file") and cleaned.get("link"):
            raise forms.ValidationError(gettext("Chỉ gửi một trong hai: tệp hoặc liên kết."))
        link = cleaned.get("link")
        if link and not link.lower().startswith(("http://", "https://")):
            self.add_error("link", gettext("Liên kết phải bắt đầu bằng http:// hoặc https://"))
        cleaned["youtube"] = bool(link and youtube_id(link))
        return cleaned
