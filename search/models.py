"""The federated search index kept in the database (used when no Elasticsearch is configured)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable page of any registered kind, with folded text for accent-free matching."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=255)
    title_folded = models.CharField(max_length=255)
    # the title's words as typed (diacritics kept, one tone placement), padded with spaces, and
    # every distinct word of the page that has diacritics: exact matches rank first
    title_exact = models.CharField(max_length=500, blank=True)
    exact_words = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    path = models.CharField(max_length=255, db_index=True)
    field = models.ForeignKey(
        "hub.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    thumbnail_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchTerm(models.Model):
    """The vocabulary of folded words, for typo tolerance ("tuyen truyn" → "tuyen truyen")."""

    word = models.CharField(max_length=60, unique=True)  # 2 to 60 letters
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self):
        return self.word


class SearchMiss(models.Model):
    """A search that found nothing: the query as typed (numbers that could be a phone number left
    out), the site, the day and how many visitors typed it that day. No person is recorded; the
    staff report "Tìm kiếm không có kết quả" lists the most frequent."""

    query = models.CharField(_("từ khoá"), max_length=200)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("số lần"), default=0)

    class Meta:
        verbose_name = _("tìm kiếm không có kết quả")
        constraints = [
            models.UniqueConstraint(fields=["query", "site", "day"], name="one_miss_per_day")
        ]
        indexes = [models.Index(fields=["day"], name="searchmiss_day")]

    def __str__(self):
        return f"{self.day} {self.query}: {self.count}"
