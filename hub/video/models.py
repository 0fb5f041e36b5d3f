"""The Video model: an uploaded file, its processing status and the outputs the pipeline made.

Owns the `hub_video` table. The model lives here but belongs to the "hub" app (its label stays
"hub", so `"hub.Video"`, `WAGTAILMEDIA["MEDIA_MODEL"]` and the migrations are unchanged) and is
re-exported as `hub.models.Video`. Anyone may import it or point a foreign key at "hub.Video";
only hub/video changes the processing fields (status, progress, attempts, outputs).
"""

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia


class Video(AbstractMedia):
    """A video (or audio) file uploaded by staff; the pipeline turns it into HLS + MP4 + poster.

    Editors see its processing status in the admin ("Xử lý video") and can retry a failed job.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        PROCESSING = "processing", _("Đang xử lý")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi")

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần xử lý"), default=0)
    heartbeat_at = models.DateTimeField(_("lần cập nhật cuối"), null=True, blank=True)
    file_size = models.BigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    probe = models.JSONField(_("thông số"), default=dict, blank=True)
    hls_master = models.CharField(_("danh sách HLS"), max_length=255, blank=True)
    mp4 = models.FileField(_("bản MP4 dự phòng"), upload_to="video/fallback", blank=True)
    rendition_files = models.JSONField(default=list, blank=True, editable=False)

    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractMedia.Meta):
        app_label = "hub"
        verbose_name = _("video")
        verbose_name_plural = _("video")

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def status_label(self) -> str:
        """The state as the admin's media listing shows it, with the progress while processing."""
        from django.utils.translation import gettext

        if self.status == self.Status.PROCESSING:
            return gettext("Đang xử lý: %(progress)s%%") % {"progress": self.progress}
        return self.get_status_display()

    @property
    def hls_url(self) -> str:
        return default_storage.url(self.hls_master) if self.hls_master else ""

    @property
    def poster_url(self) -> str:
        return self.thumbnail.url if self.thumbnail else ""
