"""No broken links: every internal link reachable from the home page, with the demo loaded, answers."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from statements.ops.demo import load_demo

pytestmark = pytest.mark.django_db

# Pages outside the public site, with their own tests.
SKIP_PREFIXES = ("/admin/", "/editor/", "/api/", "/static/")
LIMIT = 3000


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") in {"alternate", "stylesheet"}:
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def internal_links(page_url, html):
    parser = LinkParser()
    parser.feed(html)
    for href in parser.links:
        url = urldefrag(urljoin(page_url, href)).url
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and not parts.path.startswith(SKIP_PREFIXES):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


# Pages whose links add a filter to the page's own query: a search's links to narrower searches
# are checked, but not followed further, or the crawl would walk every combination of filters.
REFINING_PREFIXES = ("/search/", "/relations/", "/compare/", "/follow/")


def refines(page, link):
    return any(page.startswith(prefix) and link.startswith(prefix) for prefix in REFINING_PREFIXES)


def test_every_internal_link_from_the_home_page_answers(client):
    load_demo()
    seen, queue, broken, leaves = {"/"}, ["/"], [], set()
    while queue:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if url in leaves or not response["Content-Type"].startswith("text/html"):
            continue
        for link in internal_links(f"http://testserver{url}", response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
                if refines(url, link):
                    leaves.add(link)
        assert len(seen) < LIMIT, "the crawl found more pages than the demo can have"
    assert broken == []
    # The crawl reached every kind of page.
    for prefix in ["/meetings/", "/statements/", "/delegates/", "/countries/", "/topics/", "/sources/", "/search/",
                   "/bodies/", "/feeds/"]:
        assert any(url.startswith(prefix) for url in seen), prefix
