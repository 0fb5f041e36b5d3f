from django import forms
from django.utils.translation import gettext_lazy as _

from hub.federation import staff_centres
from hub.forms import CentrePageForm
from hub.links import FACEBOOK_SHAPES, facebook_shape, youtube_id
from hub.models import Centre

from .models.rounds import JudgingRound, rounds_problem
from .permissions import entry_refusal


class EntryPageForm(CentrePageForm):
    """Centre staff can only enter their own centre, with their own centre's files, and only
    while the contest is open."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        centres = staff_centres(for_user) if for_user else None
        if centres is not None and "centre" in self.fields:
            self.fields["centre"].queryset = Centre.objects.filter(pk__in=[c.pk for c in centres])
            if len(centres) == 1:
                self.fields["centre"].initial = centres[0].pk
        if "kind" in self.fields:  # a form without it (an older client) makes a video entry
            self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "video"

    def clean_facebook_url(self):
        url = (self.cleaned_data.get("facebook_url") or "").strip()
        if url and facebook_shape(url) is None:
            raise forms.ValidationError(
                _(
                    "Chưa nhận ra liên kết Facebook này. Hãy dán liên kết của video hoặc bài viết, "
                    "ví dụ: %(shapes)s."
                )
                % {"shapes": FACEBOOK_SHAPES}
            )
        return url

    def clean_link_url(self):
        url = (self.cleaned_data.get("link_url") or "").strip()
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Liên kết phải bắt đầu bằng https:// (hoặc http://)."))
        return url

    def clean_youtube_url(self):
        url = (self.cleaned_data.get("youtube_url") or "").strip()
        if url and youtube_id(url) is None:
            raise forms.ValidationError(
                _(
                    "Chưa nhận ra liên kết YouTube này. Hãy dán liên kết của video, ví dụ "
                    "https://www.youtube.com/watch?v=… hoặc https://youtu.be/…"
                )
            )
        return url

    def clean(self):
        cleaned = super().clean()
        contest = self.parent_page.specific if getattr(self, "parent_page", None) else None
        if contest is None and self.instance.pk:
            contest = self.instance.get_parent().specific
        centre = cleaned.get("centre")
        if contest is not None and getattr(contest, "blind", False) and centre is not None:
            self._no_centre_name(cleaned, centre)
        if self.user is not None:
            reason = entry_refusal(self.user, None, contest) if contest is not None else None
            if reason:
                raise forms.ValidationError(reason)
        return cleaned

    def _no_centre_name(self, cleaned, centre) -> None:
        """Blind judging: the entry's title, summary and participants must not name its centre
        (judges read them); compared without diacritics and case."""
        from hub.text import fold_vietnamese

        name = fold_vietnamese(centre.title).lower()
        short = name
        for prefix in ("trung tam hoc tap cong dong ", "tthtcd ", "phuong ", "xa ", "thi tran "):
            short = short.removeprefix(prefix)  # "Phường Lam Hạ" is also "Lam Hạ"
        for field in ("title", "summary", "participants"):
            text = fold_vietnamese(cleaned.get(field) or "").lower()
            if text and (name in text or (len(short) >= 4 and short in text)):
                self.add_error(
                    field,
                    _(
                        "Hội thi chấm ẩn danh: phần này không được nêu tên trung tâm "
                        "(“%(centre)s”), vì giám khảo sẽ đọc nó."
                    )
                    % {"centre": centre.title},
                )


class ContestPageForm(CentrePageForm):
    """The contest's form also checks that its rounds fit together (their windows in order,
    every part in an existing round, every round with a part), from the forms being saved."""

    def clean(self):
        cleaned = super().clean()

        def kept(name):
            formset = self.formsets.get(name)
            if formset is None or not hasattr(formset, "forms"):
                return []
            return [
                f.cleaned_data
                for f in formset.forms
                if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
            ]

        start, end = cleaned.get("judging_start"), cleaned.get("judging_end")
        later = kept("rounds")
        if (
            not start
            or not end
            or any(not r.get("judging_start") or not r.get("judging_end") for r in later)
        ):
            return cleaned  # the missing dates have their own messages
        later.sort(key=lambda r: r.get("ORDER") or 0)
        rounds = [JudgingRound(1, cleaned.get("first_round_name") or "1", start, end, None, False)]
        rounds += [
            JudgingRound(i + 2, r["name"], r["judging_start"], r["judging_end"], None, False)
            for i, r in enumerate(later)
        ]
        parts = {p.get("round_number") or 1 for p in kept("parts")}
        problem = rounds_problem(rounds, parts)
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


__all__ = ["ContestPageForm", "EntryPageForm"]
