import pytest

from lessons.models import LessonIndexPage


def lessons_of(centre) -> LessonIndexPage:
    return LessonIndexPage.objects.child_of(centre.site.root_page).get()


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    settings.LESSON_SHARE_MIN_SECONDS = 0
