import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from contests.models import ContestIndexPage
from events.models import EventIndexPage
from home.factories import CentreFactory
from home.models import (
    CentreDirectoryPage,
    CentreHomePage,
    HubHomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from lessons.models import LessonIndexPage
from library.models import LibraryIndexPage


@pytest.mark.django_db
class TestPageTypeRules(WagtailPageTestCase):
    def test_homes_live_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HubHomePage, {Page})
        self.assertAllowedParentPageTypes(CentreHomePage, {Page})

    def test_hub_sections(self):
        self.assertAllowedSubpageTypes(
            HubHomePage,
            {
                NewsIndexPage,
                CentreDirectoryPage,
                StandardPage,
                LibraryIndexPage,
                LessonIndexPage,
                ContestIndexPage,
                EventIndexPage,
            },
        )

    def test_centre_sections_have_no_directory(self):
        self.assertAllowedSubpageTypes(
            CentreHomePage,
            {NewsIndexPage, StandardPage, LibraryIndexPage, LessonIndexPage, EventIndexPage},
        )

    def test_news_only_under_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_only_one_hub_home(self):
        root = Page.get_first_root_node()
        self.assertFalse(HubHomePage.can_create_at(root))
        self.assertTrue(CentreHomePage.can_create_at(root))

    def test_one_library_lesson_and_news_section_per_centre(self):
        centre = CentreFactory()
        home = centre.site.root_page
        for model in (LibraryIndexPage, LessonIndexPage, NewsIndexPage):
            self.assertFalse(model.can_create_at(home), model)
        self.assertTrue(StandardPage.can_create_at(home))

    def test_directory_only_on_the_hub_and_only_once(self):
        centre = CentreFactory()
        self.assertFalse(CentreDirectoryPage.can_create_at(centre.site.root_page))
        hub = HubHomePage.objects.get()
        directory = CentreDirectoryPage.objects.child_of(hub).get()
        self.assertFalse(CentreDirectoryPage.can_create_at(hub))
        directory.delete()
        self.assertTrue(CentreDirectoryPage.can_create_at(HubHomePage.objects.get()))
