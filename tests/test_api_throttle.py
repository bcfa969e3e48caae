"""The API's rate limits, per address or per user by role, and the headers that announce them."""

import shutil
import time

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from statements.api import rate_windows
from statements.roles import grant_role
from tests.api_support import token_client
from tests.deployment import free_port
from tests.factories import user_with_role
from tests.test_settings import load_values

pytestmark = pytest.mark.django_db

LIST = "/api/v1/topics/"
# Forty hexadecimal characters, the form of a real token, but nobody's.
MADE_UP = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def rates(settings):
    """Small, distinct limits, so that each test can tell which one applies."""
    settings.API_ANON_RATE = "2/minute"
    settings.API_USER_RATE = "3/minute"
    settings.API_RESEARCHER_RATE = "5/minute"


def statuses(client, times, **headers):
    return [client.get(LIST, **headers).status_code for _ in range(times)]


def made_up_token_client(token=MADE_UP):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_anonymous_responses_say_the_limit_and_what_is_left(api_client, settings):
    settings.API_ANON_RATE = "5/minute"
    first = api_client.get(LIST)
    assert first["X-RateLimit-Limit"] == "5"
    assert first["X-RateLimit-Remaining"] == "4"
    assert first["X-RateLimit-Window"] == "60s"
    assert api_client.get(LIST)["X-RateLimit-Remaining"] == "3"


def test_anonymous_callers_over_the_limit_get_429_with_retry_after(api_client, settings):
    settings.API_ANON_RATE = "2/minute"
    api_client.get(LIST)
    api_client.get(LIST)
    response = api_client.get(LIST)
    assert response.status_code == 429
    assert response["X-RateLimit-Remaining"] == "0"
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


def test_anonymous_callers_are_counted_per_address(api_client, rates):
    assert statuses(api_client, 3, REMOTE_ADDR="192.0.2.1") == [200, 200, 429]

    assert api_client.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_token_without_a_role_gets_the_anonymous_rate(rates):
    reader = token_client(User.objects.create_user("reader"))

    first = reader.get(LIST)
    assert first["X-RateLimit-Limit"] == "2"
    assert [first.status_code, *statuses(reader, 2)] == [200, 200, 429]


def test_a_token_is_counted_per_user_not_per_address(api_client, rates):
    reader = token_client(User.objects.create_user("reader"))
    other = token_client(User.objects.create_user("other"))

    assert statuses(reader, 3) == [200, 200, 429]
    # Same address (the test client's), but another user, and anonymous callers, count apart.
    assert statuses(other, 2) == [200, 200]
    assert statuses(api_client, 2) == [200, 200]


def test_a_signed_in_session_is_counted_per_user_as_well(client, rates):
    client.force_login(User.objects.create_user("reader"))

    assert statuses(client, 3) == [200, 200, 429]


def test_editors_get_the_user_rate(rates):
    editor = token_client(user_with_role("editor"))

    first = editor.get(LIST)
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("3", "2")
    assert [first.status_code, *statuses(editor, 3)] == [200, 200, 200, 429]


def test_administrators_get_the_user_rate(rates):
    administrator = token_client(user_with_role("administrator"))

    assert administrator.get(LIST)["X-RateLimit-Limit"] == "3"


def test_researchers_get_the_researcher_rate(rates):
    researcher = token_client(user_with_role("researcher"))

    first = researcher.get(LIST)
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("5", "4")
    assert [first.status_code, *statuses(researcher, 5)] == [200, 200, 200, 200, 200, 429]


def test_a_user_with_two_roles_gets_the_higher_rate(settings, rates):
    user = user_with_role("editor")
    grant_role(user, "researcher")
    client = token_client(user)

    assert client.get(LIST)["X-RateLimit-Limit"] == "5"
    settings.API_USER_RATE = "50/second"
    assert client.get(LIST)["X-RateLimit-Limit"] == "50"


def test_researchers_may_not_write(rates):
    researcher = token_client(user_with_role("researcher"))

    response = researcher.post("/api/v1/topics/", {"name": "Arms embargo", "slug": "arms-embargo"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only editors may change data.")


def test_made_up_tokens_are_refused_and_counted_against_their_address(api_client, rates):
    guesser = made_up_token_client()

    first, second, third = (guesser.get(LIST, REMOTE_ADDR="192.0.2.1") for _ in range(3))

    assert [first.status_code, second.status_code] == [401, 401]
    assert first["X-RateLimit-Remaining"] == "1"
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert third["X-RateLimit-Remaining"] == "0"
    # The guesses used up the address's anonymous allowance; other addresses keep theirs.
    assert api_client.get(LIST, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert api_client.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "0" * 39, "0123456789ABCDEF0123456789ABCDEF0123456\x00"])
def test_malformed_tokens_are_counted_too(rates, token):
    guesser = made_up_token_client(token)

    assert statuses(guesser, 3) == [401, 401, 429]


def test_a_token_of_an_inactive_user_is_counted_as_a_guess(rates):
    client = token_client(User.objects.create_user("gone", is_active=False))

    assert statuses(client, 3) == [401, 401, 429]


def test_writes_count_against_the_limit_too(rates):
    editor = token_client(user_with_role("editor"))
    for number in range(3):
        response = editor.post("/api/v1/topics/", {"name": f"Topic {number}", "slug": f"topic-{number}"}, format="json")
        assert response.status_code == 201

    assert editor.post("/api/v1/topics/", {"name": "One more", "slug": "one-more"}, format="json").status_code == 429


def test_the_default_researcher_rate_walks_a_million_statements_in_two_minutes():
    values, _ = load_values("API_ANON_RATE", "API_USER_RATE", "API_RESEARCHER_RATE", SECRET_KEY="k")
    number, period = values["API_RESEARCHER_RATE"].split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]

    # 1,000,000 statements at page_size 500 (the largest page) are 2,000 requests.
    assert 2_000 / (int(number) / seconds) <= 120
    assert values["API_ANON_RATE"] == "120/minute"
    assert values["API_USER_RATE"] == "600/minute"


def test_a_malformed_rate_stops_start_up_in_one_line():
    values, stderr = load_values("API_RESEARCHER_RATE", SECRET_KEY="k", API_RESEARCHER_RATE="fast")

    assert values is None
    assert stderr.strip() == "Configuration error: API_RESEARCHER_RATE must look like \"1200/minute\"; got 'fast'"


# The sliding window itself (statements/api/rate_windows.py), with a clock the test sets, counted
# in local memory (the tests' and a single process's cache) and in Redis (several workers').


def use_a_redis_of_its_own(settings, start_server):
    """Counters in a Redis server started for the test."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    port = free_port()
    start_server("redis", ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], port)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


@pytest.fixture(params=["local memory", "redis"])
def window_cache(request, settings, start_server):
    """The cache the counters live in; for Redis, a server of the test's own."""
    if request.param == "redis":
        use_a_redis_of_its_own(settings, start_server)
    return request.param


@pytest.fixture
def redis_cache(settings, start_server):
    use_a_redis_of_its_own(settings, start_server)


def test_the_window_slides_across_the_boundary_of_two_fixed_windows(window_cache):
    # 3 per minute, all used 10 s before the minute ends.
    assert [rate_windows.take("caller", 3, 60, now=110)[0] for _ in range(4)] == [True, True, True, False]
    # Just after the boundary the previous minute's 3 still weigh almost fully.
    # One more fits once a third of them are out of the sliding window: 20 s into the minute.
    assert rate_windows.take("caller", 3, 60, now=121) == (False, 0, 19)
    assert rate_windows.take("caller", 3, 60, now=141)[:2] == (True, 0)


def test_a_refused_request_is_not_counted(window_cache):
    for _ in range(2):
        rate_windows.take("caller", 2, 60, now=0)
    for _ in range(50):
        assert rate_windows.take("caller", 2, 60, now=1)[0] is False

    # Had the 50 refusals counted, the next minute would still be shut.
    assert rate_windows.take("caller", 2, 60, now=120)[0] is True


def test_remaining_counts_down_and_callers_are_apart(window_cache):
    assert [rate_windows.take("a", 3, 60, now=5)[1] for _ in range(3)] == [2, 1, 0]
    assert rate_windows.take("b", 3, 60, now=5)[1] == 2


def test_a_full_current_window_waits_for_the_next_one(window_cache):
    for _ in range(2):
        rate_windows.take("caller", 2, 60, now=70)

    assert rate_windows.take("caller", 2, 60, now=75) == (False, 0, 45)


def test_charge_uses_up_the_window_at_once(window_cache):
    rate_windows.charge("caller", 60, 10, now=0)

    assert rate_windows.take("caller", 10, 60, now=1)[0] is False
    assert rate_windows.take("other", 10, 60, now=1)[0] is True


def test_the_cost_of_a_request_does_not_grow_with_the_requests_before_it(window_cache):
    """DRF's throttle stored every request's time under one key; this one stores one integer per window."""
    for _ in range(2000):
        rate_windows.take("busy", 1_000_000, 60, now=30)

    counted = cache.get(rate_windows.Window(60, 30).key("busy", 0))
    # On Redis the last lease may still hold requests counted ahead of time.
    assert 2000 <= counted <= 2000 + (rate_windows.LEASE_MAX if window_cache == "redis" else 0)


def test_on_redis_a_request_is_counted_in_one_command(redis_cache):
    now = time.time()
    for _ in range(10):
        rate_windows.take("caller", 100, 60, now=now)
    client = cache._cache.get_client(write=True)

    stats = {name.removeprefix("cmdstat_"): stats for name, stats in client.info("commandstats").items()}
    # One script per request, the first one sent whole as the server did not know it yet; inside
    # it the previous counter is read, the current one created if new and raised. Nobody asks
    # whether the counter exists.
    assert stats["evalsha"]["calls"] - stats["evalsha"].get("failed_calls", 0) == 9
    assert stats["eval"]["calls"] == 1
    assert {name: stats.get(name, {}).get("calls") for name in ("get", "set", "incrby", "exists", "incr")} == {
        "get": 10,
        "set": 10,
        "incrby": 10,
        "exists": None,
        "incr": None,
    }
    window = rate_windows.Window(60, now)
    assert 0 < client.ttl(cache.make_and_validate_key(window.key("caller", window.index))) <= window.timeout


def test_on_redis_the_count_goes_on_after_the_server_forgets_its_scripts(redis_cache):
    # As after a restart of Redis: the digest is unknown until the script is sent whole again.
    assert rate_windows.take("caller", 3, 60, now=110)[:2] == (True, 2)
    cache._cache.get_client(write=True).script_flush()

    assert rate_windows.take("caller", 3, 60, now=111)[:2] == (True, 1)
    assert rate_windows.take("caller", 3, 60, now=112)[:2] == (True, 0)


# Leases: a caller far from the limit has several requests counted per round trip to Redis.


def redis_calls():
    """Scripts run by Redis (the first EVALSHA on a new server fails and EVAL follows)."""
    stats = cache._cache.get_client(write=True).info("commandstats")
    return sum(
        stats.get(f"cmdstat_{command}", {}).get("calls", 0) - stats.get(f"cmdstat_{command}", {}).get("failed_calls", 0)
        for command in ("eval", "evalsha")
    )


@pytest.fixture
def other_process():
    """Run `take` as another worker would: with its own leases, the same Redis."""

    def take(*args, **kwargs):
        mine = rate_windows._leases
        rate_windows._leases = others
        try:
            return rate_windows.take(*args, **kwargs)
        finally:
            rate_windows._leases = mine

    others = {}
    return take


def test_a_caller_far_from_the_limit_is_counted_in_leases(redis_cache):
    answers = [rate_windows.take("busy", 100_000, 60, now=30) for _ in range(1000)]

    # What is left counts down one by one, as without leases.
    assert answers == [(True, 100_000 - n, None) for n in range(1, 1001)]
    # The first request, and then one for every lease of 1 + LEASE_MAX requests.
    assert redis_calls() == 1 + -(-999 // (1 + rate_windows.LEASE_MAX))
    counted = cache.get(rate_windows.Window(60, 30).key("busy", 0))
    assert 1000 <= counted <= 1000 + rate_windows.LEASE_MAX


def test_a_caller_near_the_limit_gets_no_lease(redis_cache):
    # Less room than LEASE_SHARE requests: every request asks Redis.
    for _ in range(50):
        assert rate_windows.take("anonymous", rate_windows.LEASE_SHARE, 60, now=30)[0] is True

    assert redis_calls() == 50
    assert rate_windows._leases == {}


def test_workers_with_leases_never_let_a_caller_past_the_limit(redis_cache, other_process):
    limit = 2000
    allowed = 0
    for _ in range(limit + 100):
        allowed += rate_windows.take("busy", limit, 60, now=30)[0]
        allowed += other_process("busy", limit, 60, now=30)[0]

    assert allowed <= limit
    # Stopped early by at most what each worker's lease held, 1/LEASE_SHARE of the room.
    assert allowed >= limit - 2 * (limit // rate_windows.LEASE_SHARE)
    assert cache.get(rate_windows.Window(60, 30).key("busy", 0)) <= limit


def test_a_lease_ends_with_its_window(redis_cache):
    for _ in range(5):
        rate_windows.take("busy", 100_000, 60, now=30)
    leased = cache.get(rate_windows.Window(60, 30).key("busy", 0))

    # The next minute: what the previous one counted (lease included) weighs on the sliding
    # window, and the lease's requests left are not used in the new window.
    allowed, remaining, _ = rate_windows.take("busy", 100_000, 60, now=60)
    assert allowed is True
    assert remaining == 100_000 - 1 - leased
    assert cache.get(rate_windows.Window(60, 60).key("busy", 1)) >= 1


def test_an_export_charged_to_a_caller_ends_the_lease(redis_cache):
    for _ in range(3):
        rate_windows.take("busy", 10_000, 60, now=30)
    assert rate_windows._leases["busy"].left > 0

    rate_windows.charge("busy", 60, 10_000, now=31)

    assert rate_windows.take("busy", 10_000, 60, now=32)[0] is False


def test_a_lease_is_for_one_limit(redis_cache):
    for _ in range(3):
        rate_windows.take("busy", 100_000, 60, now=30)
    assert rate_windows._leases["busy"].left > 0

    # The caller's limit changes (a role taken away): the requests counted ahead count against it.
    assert rate_windows.take("busy", 10, 60, now=31)[0] is False
