"""Text that can turn the direction of what surrounds it, and how pages keep it to itself.

A name or title typed by an editor may hold right-to-left letters (an Arabic or Hebrew name)
or Unicode's invisible direction controls: a RIGHT-TO-LEFT OVERRIDE (U+202E) in a speaker's
name would otherwise display the rest of the line after it backwards ("…, France" as
"ecnarF ,…"). Pages show such text inside <bdi>, which the browser lays out as a separate
run (the `isolate` template filter); everything else is shown as is, so the markup of plain
left-to-right text is unchanged. Plain text cannot hold a <bdi> (a page's <title>, its <meta>
descriptions, an SVG chart's title): there the controls are left out (`without_controls`).
The text itself is stored and returned by the API verbatim.
"""

import html
import re

_DIRECTIONAL = re.compile(
    "["
    "\u200f\u061c"  # RIGHT-TO-LEFT MARK, ARABIC LETTER MARK
    "\u202a-\u202e"  # embeddings and overrides: LRE, RLE, PDF, LRO, RLO
    "\u2066-\u2069"  # isolates: LRI, RLI, FSI, PDI
    "\u0590-\u08ff"  # Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their extensions
    "\ufb1d-\ufdff\ufe70-\ufefc"  # Hebrew and Arabic presentation forms
    "\U00010800-\U00010fff\U0001e800-\U0001efff"  # other right-to-left scripts
    "]"
)


# The controls that turn the direction of everything after them until they are closed:
# embeddings, overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def can_turn_direction(text):
    """Whether `text` holds a right-to-left letter or a direction control."""
    return bool(text) and _DIRECTIONAL.search(str(text)) is not None


def without_controls(text):
    """`text` without the direction controls, for plain text that cannot isolate it; its letters are kept."""
    return _CONTROLS.sub("", str(text))


def escape(value):
    """`value` escaped for HTML, unless it is HTML already (a safe string): Django's `conditional_escape`.

    Without the safe string Django makes of each result, for pages that join many (statement cards).
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def isolate(value):
    """`value` escaped, in <bdi> when it could turn the direction of the line around it."""
    if can_turn_direction(value):
        return f"<bdi>{escape(value)}</bdi>"
    return escape(value)
