"""An edit-form panel that shows moderators the file a learner sent with a lesson."""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.panels import Panel


class LearnerUploadPanel(Panel):
    """The learner's file (name, size, a link staff can open) or, once published, where it went."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lessons/admin/learner_upload_panel.html"

        def upload(self):
            if not self.instance.pk:
                return None
            try:
                return self.instance.learner_upload
            except ObjectDoesNotExist:
                return None

        def is_shown(self):
            return self.upload() is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["upload"] = self.upload()
            return context
