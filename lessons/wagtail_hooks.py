from django.urls import path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "lessons/learner-upload/<int:upload_id>/",
            admin_views.learner_upload,
            name="lessons_learner_upload",
        )
    ]
