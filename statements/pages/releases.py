"""The download page of the public releases (/data/) and their files.

The files are served by Django with FileResponse, after `releases.release_file` has checked the
names (no traversal, no hidden or half-written release). Not WhiteNoise: it indexes its files when
the process starts, so a release published later would answer 404 until a restart. Not
`django.views.static.serve`, which Django documents as unfit for production. FileResponse hands
the open file to the server (wsgi.file_wrapper, sendfile where it has it), so a worker copies no
bytes itself; a proxy in front may still serve RELEASES_DIR directly.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from statements import licences
from statements.ops.publish.releases import CHECKSUMS, list_releases, release_file

# How each file is sent: compressed files as what they are, not re-encoded by the browser.
CONTENT_TYPES = {
    ".gz": "application/gzip",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


def release_list(request):
    """The releases, newest first, with their files and sizes; no database query."""
    releases = list_releases(settings.RELEASES_DIR)
    return render(
        request,
        "statements/releases.html",
        {"releases": releases, "checksums": CHECKSUMS, "data_licence": licences.DATA_LICENCE},
    )


def release_download(request, release, name):
    path = release_file(settings.RELEASES_DIR, release, name)
    if path is None:
        raise Http404("No such file in the releases.")
    content_type = CONTENT_TYPES.get(path.suffix, "text/plain; charset=utf-8")
    return FileResponse(path.open("rb"), as_attachment=path.suffix == ".gz", content_type=content_type)
