from django import forms

from hub.federation import staff_centres
from hub.forms import CentrePageForm
from hub.models import Centre

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

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            contest = self.parent_page.specific if self.parent_page else None
            reason = entry_refusal(self.user, None, contest) if contest is not None else None
            if reason:
                raise forms.ValidationError(reason)
        return cleaned


__all__ = ["EntryPageForm"]
