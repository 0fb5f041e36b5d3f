"""hub.caching.invalidation: every cache keyed by content misses once content changes, in the
same request and in the next, and a renamed lĩnh vực shows at once."""

import pytest
from django.core.cache import cache

from hub.caching import invalidation
from hub.models import Field

pytestmark = pytest.mark.django_db


def test_a_content_cache_is_computed_again_after_content_changed():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert invalidation.cached_for_content("probe", "a", compute) == 1
    assert invalidation.cached_for_content("probe", "a", compute) == 1  # kept
    assert invalidation.cached_for_content("probe", "b", compute) == 2  # another source
    invalidation.content_changed()
    assert invalidation.cached_for_content("probe", "a", compute) == 3
    assert calls == [1, 1, 1]


def test_a_pinned_version_is_read_once_and_moves_on_after_a_change_in_the_request():
    before = invalidation.content_version()
    with invalidation.pinned_content_version():
        pinned = invalidation.content_version()
        assert pinned == before
        cache.delete(invalidation.CONTENT_VERSION_KEY)  # another process could do this
        assert invalidation.content_version() == pinned  # the request keeps its version
        invalidation.content_changed()  # e.g. an editor publishing in this request
        own = invalidation.content_version()
        stored = cache.get(invalidation.CONTENT_VERSION_KEY)
        # the rest of the request uses a version nobody else reads: what it caches from rows
        # that may still be rolled back is never served to anyone
        assert len({pinned, own, stored}) == 3
    assert invalidation.content_version() == stored


def test_an_emptied_cache_hands_out_a_new_version_not_an_old_one():
    first = invalidation.content_version()
    cache.clear()
    assert invalidation.content_version() != first


def test_renaming_a_field_shows_in_the_catalogue_facets_at_once(client, centre_a):
    from tests.conftest import host_of

    law = Field.objects.get(slug="phap-luat")
    old_name = law.name
    first = client.get("/thu-vien/", **host_of(centre_a)).content.decode()
    assert old_name in first
    assert [f.name for f in Field.objects.cached()].count(old_name) == 1
    law.name = "Pháp luật và đời sống"
    law.save()
    page = client.get("/thu-vien/", **host_of(centre_a)).content.decode()
    assert "Pháp luật và đời sống" in page
    assert "Pháp luật và đời sống" in [f.name for f in Field.objects.cached()]
    assert old_name not in [f.name for f in Field.objects.cached()]
