"""Row ids as they arrive in URLs and parameters: one parser for every lookup.

An id is written in ASCII digits and fits PostgreSQL's bigint. `str.isdigit()` is not the test:
it accepts "²" and other Unicode digits, which `int()` then refuses (a 500 where the caller made
the mistake).
"""

MAX_ID = 2**63 - 1
RULE = f"Must be a whole number from 1 to {MAX_ID}."


def parse_id(value):
    """The id written in `value` (text), or None when it is not a whole number from 1 to MAX_ID."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
