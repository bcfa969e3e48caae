"""Row ids as they arrive in URLs and parameters: one parser for every lookup.

An id is a whole number from 1 that fits PostgreSQL's bigint, written in decimal digits of any
script: Python reads "٣" (Arabic-Indic) and "３" (full width) as 3, and so does the API. The test
is `str.isdecimal()`, not `str.isdigit()`: the latter also accepts "²" and other digit-like
characters that `int()` refuses, which made such an id a 500.
"""

MAX_ID = 2**63 - 1
RULE = f"Must be a whole number from 1 to {MAX_ID}."


def parse_id(value):
    """The id written in `value` (text), or None when it is not a whole number from 1 to MAX_ID."""
    if not (isinstance(value, str) and value.isdecimal()):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
