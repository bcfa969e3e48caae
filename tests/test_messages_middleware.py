"""statements.ops.middleware.MessageMiddleware: messages as Django's middleware keeps them, with the
storage made only when a view uses it."""

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.utils.functional import empty

from statements.ops.middleware import MessageMiddleware


def adds(request):
    messages.success(request, "Saved.")
    return HttpResponse("ok")


def reads(request):
    return HttpResponse(" | ".join(str(message) for message in messages.get_messages(request)))


def ignores(request):
    return HttpResponse("ok")


def through(middleware_class, request, view):
    SessionMiddleware(view).process_request(request)
    middleware = middleware_class(view)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))


def cookies(response):
    return {name: (morsel.value, morsel["max-age"]) for name, morsel in response.cookies.items()}


@pytest.mark.parametrize("middleware_class", [MessageMiddleware, DjangoMessageMiddleware])
def test_a_message_is_stored_then_shown_once(rf, middleware_class):
    saved = through(middleware_class, rf.get("/editor/"), adds)
    stored = cookies(saved)["messages"][0]
    assert stored

    shown = rf.get("/editor/")
    shown.COOKIES["messages"] = stored
    response = through(middleware_class, shown, reads)

    assert response.content == b"Saved."
    # Shown, so gone: the cookie is expired.
    assert cookies(response)["messages"] == ("", 0)


def test_the_same_cookies_as_django_s_middleware(rf):
    for view in (adds, ignores):
        ours, django = (through(cls, rf.get("/"), view) for cls in (MessageMiddleware, DjangoMessageMiddleware))
        assert cookies(ours).keys() == cookies(django).keys()


def test_a_view_that_uses_no_messages_leaves_their_storage_unmade(rf):
    request = rf.get("/api/v1/statements/")

    response = through(MessageMiddleware, request, ignores)

    assert "messages" not in response.cookies
    assert request._messages._wrapped is empty


def test_a_waiting_message_stays_for_the_next_page_when_a_view_does_not_read_it(rf):
    saved = through(MessageMiddleware, rf.get("/editor/"), adds)
    request = rf.get("/api/v1/statements/")
    request.COOKIES["messages"] = cookies(saved)["messages"][0]

    response = through(MessageMiddleware, request, ignores)

    assert "messages" not in response.cookies
