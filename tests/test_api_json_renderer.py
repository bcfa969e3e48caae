"""The API's JSON renderer (statements/api/renderers.py) writes exactly DRF's bytes, faster.

Each case is rendered by both and compared byte for byte; the cases are the ones where orjson and
json.dumps differ, or could: escapes, floats, dates and times, values only DRF's encoder knows.
"""

import datetime
import decimal
import random
import struct
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers as drf_renderers

from statements.api.renderers import JSONRenderer

UTC = datetime.UTC

CASES = {
    "control characters and quotes": {"text": "".join(chr(code) for code in range(0x20)) + '"\\/\x7f'},
    "non-ASCII kept as is": {"text": "Небензя, 王毅, Nebenzia’s “reply” — ok"},
    "line separators escaped": {"text": "one\u2028two\u2029three"},
    "nesting and order": {"b": [1, {"z": None, "a": True}], "a": [], "c": {}, "d": False, "e": -3},
    "floats written alike": {"scores": [0.5, 1.0, 0.0, 0.25, 1 / 3, 0.001, 123.456, -0.0]},
    "floats in exponent form": {"scores": [1e-05, 5e-05, 1.5e-07, 1e16, 1.2345678901234568e17]},
    "exponent-like text": {"text": "1e5 tonnes and 0.00001%"},
    "dates and times": {
        "at": datetime.datetime(2024, 6, 4, 13, 5, 9, 123456, tzinfo=UTC),
        "naive": datetime.datetime(2024, 6, 4, 13, 5, 9),
        "day": datetime.date(2024, 6, 4),
        "time": datetime.time(13, 5, 9, 987654),
        "span": datetime.timedelta(hours=1, seconds=2),
    },
    "values only DRF's encoder knows": {
        "amount": decimal.Decimal("1.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "label": gettext_lazy("Statements"),
        "bytes": b"abc",
        "set": {3},
    },
    "integers beyond 64 bits": {"big": 2**70, "small": -(2**63)},
    "keys that are not strings": {1: "one", None: "none"},
    "a list at the top": [1, "two", None],
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_the_bytes_are_drfs(data):
    assert JSONRenderer().render(data) == drf_renderers.JSONRenderer().render(data)


def test_random_floats_of_every_magnitude_are_written_as_drf_writes_them():
    rng = random.Random(16)
    floats = [rng.random() * 10 ** rng.randint(-12, 22) for _ in range(5000)]
    floats += [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(5000)]
    finite = [value for value in floats if value == value and abs(value) != float("inf")]

    # One at a time, so that the floats without an exponent take orjson's path.
    different = [
        value for value in finite if JSONRenderer().render([value]) != drf_renderers.JSONRenderer().render([value])
    ]
    assert different == []


@pytest.mark.parametrize("media_type", ["application/json; indent=4", "application/json; indent=0", None])
def test_an_indented_answer_is_drfs(media_type):
    data = {"a": [1, 2], "b": "c"}

    assert JSONRenderer().render(data, media_type) == drf_renderers.JSONRenderer().render(data, media_type)


def test_a_lone_surrogate_fails_as_in_drf():
    data = {"text": "a\udc80b"}

    with pytest.raises(UnicodeEncodeError):
        drf_renderers.JSONRenderer().render(data)
    with pytest.raises(UnicodeEncodeError):
        JSONRenderer().render(data)


def test_nothing_renders_as_no_bytes():
    assert JSONRenderer().render(None) == b""


def test_plain_data_takes_the_fast_path_and_exponent_floats_do_not(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("DRF's json.dumps path")

    monkeypatch.setattr(drf_renderers.JSONRenderer, "render", refuse)

    assert JSONRenderer().render({"text": "Nebenzia", "score": 0.5}) == b'{"text":"Nebenzia","score":0.5}'
    with pytest.raises(AssertionError, match="json.dumps path"):
        JSONRenderer().render({"score": 1e-05})


@pytest.mark.django_db
def test_the_api_answers_with_it(api_client):
    response = api_client.get("/api/v1/")

    assert isinstance(response.accepted_renderer, JSONRenderer)
