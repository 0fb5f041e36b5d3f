"""The library's views: the reader's page images (hub.documents draws and keeps them; served by
the item page's route), an item's document download (named after the item) and the OAI-PMH
endpoint (a shell over library.oai)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.documents.models import document_served
from wagtail.utils.sendfile import sendfile
from wagtail.utils.sendfile_streaming_backend import sendfile as streaming_backend

from hub.documents import document_page_response, download_disposition
from hub.pagekit import page_view

from .models import LibraryItemStats


@page_view("library:page-image")
def serve_page_image(request, item, number: int):
    if refusal := item.document_refusal(request):
        return refusal
    analysis = item.analysis if item.is_pdf else None
    return document_page_response(
        request, item.document, analysis, number, restricted=item.document_is_restricted
    )


@page_view("library:download")
def serve_download(request, item):
    """An item's document under the item's title instead of its storage name ("so-tay-….pdf",
    not "so_tay_Ab12Cd3.pdf"). Refused as Wagtail's own document serving would refuse it (the
    collection's login or password restriction: `item.document_refusal`), counted once per
    visitor and day when it is served; never in a shared cache if the collection is restricted."""
    if refusal := item.document_refusal(request):
        return refusal
    document = item.document
    disposition = download_disposition(item.title, document.file_extension)
    try:
        local_path = document.file.path
    except NotImplementedError:  # remote storage (S3): the storage serves the file
        response = redirect(_remote_url(document.file, disposition))
    else:  # Http404 if the file is missing; If-Modified-Since answered
        response = sendfile(
            request,
            local_path,
            attachment=True,
            mimetype=document.content_type,
            backend=streaming_backend,
        )
        response["Content-Disposition"] = disposition
        response["Content-Security-Policy"] = "default-src 'none'"  # as Wagtail serves documents
        response["X-Content-Type-Options"] = "nosniff"
    if item.document_is_restricted:
        patch_cache_control(response, private=True)
    LibraryItemStats.objects.count_once(request, item.pk, "downloads")
    document_served.send(sender=type(document), instance=document, request=request)
    return response


def _remote_url(file, disposition: str) -> str:
    """The file's address in remote storage, asking the storage to send `disposition` where it
    can (S3's signed addresses take ResponseContentDisposition; a public bucket's plain addresses
    keep the storage's name)."""
    try:
        return file.storage.url(file.name, parameters={"ResponseContentDisposition": disposition})
    except TypeError:  # a storage whose url() takes no parameters
        return file.url


@csrf_exempt  # OAI-PMH harvesters may POST form-encoded arguments; nothing is changed
@require_http_methods(["GET", "POST"])
def oai_pmh(request):
    """OAI-PMH endpoint of the federated catalogue (every centre's library)."""
    from wagtail.models import Site

    from .oai import Context, respond

    params = request.POST if request.method == "POST" else request.GET
    hub = Site.objects.filter(is_default_site=True).first()
    ctx = Context(
        base_url=request.build_absolute_uri(request.path),
        repository_id=settings.OAI_REPOSITORY_ID or (hub.hostname if hub else request.get_host()),
        request=request,
        page_size=settings.OAI_PAGE_SIZE,
    )
    body = respond({key: params.getlist(key) for key in params}, ctx)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
