"""Facebook links in the shapes people paste (issue #21): recognised, refused on save when they
are not a video or post, and said plainly when their counts cannot be read."""

from __future__ import annotations

import pytest

from contests.engagement.sync import ensure_links, links_for, sync_facebook
from contests.models import EntryLink, EntryPage
from hub.links import facebook_object, facebook_shape


@pytest.mark.parametrize(
    ("url", "shape", "obj"),
    [
        (
            "https://www.facebook.com/khuyenhocphuly/videos/1234567890/",
            "video",
            ("video", "1234567890"),
        ),
        ("https://m.facebook.com/watch/?v=987654321", "video", ("video", "987654321")),
        ("https://www.facebook.com/reel/1122334455", "video", ("video", "1122334455")),
        ("https://fb.watch/abCD12xy/", "short", None),
        ("https://www.facebook.com/share/v/1AbCdEfGh/", "short", None),
        ("https://www.facebook.com/share/r/1AbCdEfGh/", "short", None),
        ("https://www.facebook.com/share/p/1AbCdEfGh/", "short", None),
        ("https://www.facebook.com/100064/posts/555666", "post", ("post", "100064_555666")),
        ("https://www.facebook.com/khuyenhocphuly/posts/pfbid02aBcD", "pfbid", None),
        ("https://www.facebook.com/permalink.php?story_fbid=pfbid0XyZ&id=100064", "pfbid", None),
        ("https://www.facebook.com/khuyenhocphuly", None, None),
        ("https://evilfacebook.com/x/videos/123/", None, None),
        ("ftp://www.facebook.com/x/videos/123/", None, None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None, None),
    ],
)
def test_shapes(url, shape, obj):
    assert facebook_shape(url) == shape
    assert facebook_object(url) == obj


@pytest.mark.django_db
def test_short_and_pfbid_links_say_how_to_get_counts(judging_contest, settings):
    entries = list(EntryPage.objects.child_of(judging_contest).order_by("title"))
    EntryPage.objects.filter(pk=entries[0].pk).update(facebook_url="https://fb.watch/abCD12xy/")
    EntryPage.objects.filter(pk=entries[1].pk).update(
        facebook_url="https://www.facebook.com/khuyenhocphuly/posts/pfbid02aBcD"
    )
    ensure_links(EntryPage.objects.filter(pk__in=[e.pk for e in entries]))
    links = links_for(judging_contest, "facebook")
    from contests.engagement.clients import FacebookClient

    # nothing readable: no request is made (the address answers nothing)
    summary = sync_facebook(links, FacebookClient("http://127.0.0.1:9", "token"))
    details = {link.entry_id: link.detail for link in EntryLink.objects.filter(platform="facebook")}
    assert summary.statuses == {"unsupported": 2}
    assert details[entries[0].pk].startswith("Liên kết rút gọn (fb.watch hoặc …/share/…)")
    assert details[entries[1].pk].startswith("Bài viết có mã pfbid…")


@pytest.mark.django_db
def test_links_checked_when_the_entry_is_saved(judging_contest, superuser):
    entry = EntryPage.objects.child_of(judging_contest).first()
    form_class = EntryPage.get_edit_handler().get_form_class()

    def form(**changes):
        data = {
            "title": entry.title,
            "slug": entry.slug,
            "centre": str(entry.centre_id),
            "participants": entry.participants,
            "summary": "",
            "youtube_url": "",
            "facebook_url": "",
            **changes,
        }
        return form_class(
            data=data, instance=entry, parent_page=judging_contest, for_user=superuser
        )

    bad = form(
        facebook_url="https://www.facebook.com/khuyenhocphuly",
        youtube_url="https://youtube.com/@kenh",
    )
    assert not bad.is_valid()
    assert bad.errors["facebook_url"][0].startswith("Chưa nhận ra liên kết Facebook này.")
    assert bad.errors["youtube_url"][0].startswith("Chưa nhận ra liên kết YouTube này.")
    good = form(facebook_url="https://www.facebook.com/share/v/1AbCdEfGh/")
    assert "facebook_url" not in good.errors and "youtube_url" not in good.errors
