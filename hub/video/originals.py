"""Where a video's uploaded original is kept: public storage, or out of sight once it failed.

An upload is saved by wagtailmedia in the default storage, which is served at /media/. A file the
pipeline refused (not a video, over a limit, broken) or could not process must not stay there: it
would be a public link to whatever was uploaded. So a failed video's original is moved to the
private storage, which nothing serves; "Thử lại" (retry) reads it from there, and a retry that
succeeds puts it back, so a ready video looks as it always did.

The private storage is the project's `STORAGES["private"]` (a folder outside MEDIA_ROOT, or a bucket
without public read), else a folder beside MEDIA_ROOT, "<MEDIA_ROOT>-private" (never inside it, or it
would be served). Files there are named "video-originals/<video id>/<name in public storage>", so
two videos never share one.

Used by pipeline.py (fetch, hide after failure, restore before publishing) and signal_handlers.py
(a replaced or deleted video takes its private copy with it). Never ask this storage for a URL.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

from .models import Video

STORAGE_ALIAS = "private"
PREFIX = "video-originals"


def private_storage() -> Storage:
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    return FileSystemStorage(location=f"{settings.MEDIA_ROOT}-private")


def private_name(video_id: int, name: str) -> str:
    return f"{PREFIX}/{video_id}/{name}"


def is_hidden(video: Video) -> bool:
    """Whether the original is in private storage. Its public name may meanwhile be another
    upload's, so the private copy, not the public name, says where the original is."""
    return bool(video.file.name) and private_storage().exists(
        private_name(video.pk, video.file.name)
    )


def open_original(video: Video) -> IO[bytes]:
    """The original for reading: the private copy of a failed video, else from public storage."""
    if is_hidden(video):
        return private_storage().open(private_name(video.pk, video.file.name), "rb")
    return video.file.storage.open(video.file.name, "rb")


def hide_original(video: Video) -> None:
    """Move the original out of public storage (copied first, so it is always in one of the two)."""
    public, name = video.file.storage, video.file.name
    if not name or is_hidden(video) or not public.exists(name):
        return
    with public.open(name, "rb") as source:
        private_storage().save(private_name(video.pk, name), source)
    public.delete(name)


def restore_original(video: Video) -> str:
    """Put a hidden original back in public storage; returns its public name (unchanged unless
    another upload took that name meanwhile). Nothing to do for an original that was not hidden."""
    if not is_hidden(video):
        return video.file.name
    private, hidden = private_storage(), private_name(video.pk, video.file.name)
    with private.open(hidden, "rb") as source:
        restored = video.file.storage.save(video.file.name, source)
    private.delete(hidden)
    return restored


def discard_private_copy(video_id: int, name: str) -> None:
    """Delete the hidden copy of a file the video no longer uses (replaced, or the video deleted)."""
    if name:
        private_storage().delete(private_name(video_id, name))
