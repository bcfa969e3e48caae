"""Country names as the United Nations prints them, turned into ISO 3166-1 alpha-3 codes.

The records name states in the UN's own style ("Iran (Islamic Republic of)", "Bolivarian
Republic of Venezuela", "Türkiye", "Viet Nam"); pycountry knows most names in some form, and the
table below adds the UN forms and short forms it lacks. `party` is what a Turn or a ballot
holds: the alpha-3 code of a state, the name of an organisation, or a name kept as printed
where there is no ISO code (Kosovo).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")
OBSERVER_STATES = ("PSE", "VAT")

# UN forms, former names and short forms that pycountry does not hold under these spellings.
UN_NAMES = {
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United Kingdom": "GBR",
    "Great Britain": "GBR",
    "United States of America": "USA",
    "United States": "USA",
    "Russian Federation": "RUS",
    "Russia": "RUS",
    "Republic of Korea": "KOR",
    "Korea": "KOR",
    "Democratic People's Republic of Korea": "PRK",
    "Iran (Islamic Republic of)": "IRN",
    "Islamic Republic of Iran": "IRN",
    "Bolivarian Republic of Venezuela": "VEN",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Plurinational State of Bolivia": "BOL",
    "Bolivia (Plurinational State of)": "BOL",
    "Syrian Arab Republic": "SYR",
    "Syria": "SYR",
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Ivory Coast": "CIV",
    "Democratic Republic of the Congo": "COD",
    "Republic of the Congo": "COG",
    "Congo": "COG",
    "United Republic of Tanzania": "TZA",
    "Republic of Moldova": "MDA",
    "Lao People's Democratic Republic": "LAO",
    "Viet Nam": "VNM",
    "State of Palestine": "PSE",
    "Palestine": "PSE",
    "Holy See": "VAT",
    "Micronesia (Federated States of)": "FSM",
    "Czech Republic": "CZE",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Former Yugoslav Republic of Macedonia": "MKD",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Brunei": "BRN",
    "Gambia (Republic of The)": "GMB",
    "Kingdom of the Netherlands": "NLD",
    "Libyan Arab Jamahiriya": "LBY",
    "Libyan Arab Republic": "LBY",
    "Ukrainian Soviet Socialist Republic": "UKR",
    "Ukrainian SSR": "UKR",
    "Byelorussian Soviet Socialist Republic": "BYS",
    "Byelorussian SSR": "BYS",
    "USSR": "SUN",
    "Upper Volta": "HVO",
    "Dahomey": "DHY",
    "Democratic Kampuchea": "KHM",
    "Kampuchea": "KHM",
    "Khmer Republic": "KHM",
    "Ceylon": "LKA",
    "Democratic Yemen": "YMD",
    "Yemen Arab Republic": "YEM",
    "United Arab Republic": "EGY",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Saint Vincent and the Grenadines": "VCT",
    "Sao Tome and Principe": "STP",
    "Union of Soviet Socialist Republics": "SUN",
    "Yugoslavia": "YUG",
    "Zaire": "ZAR",
    "Czechoslovakia": "CSK",
    "German Democratic Republic": "DDR",
    "Federal Republic of Germany": "DEU",
    "Serbia and Montenegro": "SCG",
}

# Parties that are not states: kept by name (Kosovo has no ISO 3166 code).
ORGANISATIONS = (
    "European Union",
    "African Union",
    "League of Arab States",
    "Organisation of Islamic Cooperation",
    "Organization of Islamic Cooperation",
    "Gulf Cooperation Council",
    "Organization for Security and Co-operation in Europe",
    "International Committee of the Red Cross",
    "North Atlantic Treaty Organization",
    "Economic Community of West African States",
    "Association of Southeast Asian Nations",
    "Organization of American States",
    "Commonwealth of Independent States",
    "Collective Security Treaty Organization",
    "International Criminal Court",
    "Kosovo",
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def normalise(name: str) -> str:
    """A key for comparing names: no accents, straight apostrophes, case-folded, no leading "the"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = plain.casefold().replace("\u00a0", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words).strip(" .,;:")


def _inverted(name: str) -> str | None:
    """ISO's "Korea, Republic of" read in order: "Republic of Korea"."""
    if ", " not in name:
        return None
    main, qualifier = name.split(", ", 1)
    return f"{qualifier} {main}"


@functools.cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.historic_countries:
        for form in (country.name, _inverted(country.name)):
            if form:
                index.setdefault(normalise(form), country.alpha_3)
    current: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            form = getattr(country, attribute, None)
            if form:
                current[normalise(form)] = country.alpha_3
                if (inverted := _inverted(form)) is not None:
                    current[normalise(inverted)] = country.alpha_3
        # "Holy See (Vatican City State)" → "Holy See" as well.
        if "(" in country.name:
            current.setdefault(normalise(country.name.split("(")[0]), country.alpha_3)
    index.update(current)
    index.update({normalise(name): code for name, code in UN_NAMES.items()})
    return index


_ORGANISATION_INDEX = {normalise(name): name for name in ORGANISATIONS}


def country_code(name: str) -> str | None:
    """The alpha-3 code of a state named as the UN or ISO names it, or None."""
    return _index().get(normalise(name))


def party(name: str) -> str:
    """A state's alpha-3 code, an organisation's name (or Kosovo's) as we spell it, or ""."""
    key = normalise(name)
    return _index().get(key) or _ORGANISATION_INDEX.get(key, "")


@functools.cache
def _names_by_code() -> dict[str, str]:
    names = {}
    for name, code in UN_NAMES.items():
        names.setdefault(code, name)  # the first form listed is the UN's
    for country in pycountry.countries:
        names.setdefault(country.alpha_3, country.name)
    return names


def un_name(code: str) -> str:
    """The UN's English name of a state ("GBR" → "United Kingdom of Great Britain and Northern Ireland")."""
    return _names_by_code().get(code, code)


def is_state(value: str) -> bool:
    """True for an alpha-3 code (what `party` returns for a state)."""
    return len(value) == 3 and value.isupper()


_LIST_SEPARATOR = re.compile(r"\s*(?:,|;)\s*(?:and\s+)?|\s+and\s+")


def split_names(text: str) -> list[str]:
    """Split a printed list of states ("Japan, the Republic of Korea and Bosnia and Herzegovina").

    "and" both separates the last item and belongs to names (Trinidad and Tobago, United
    Kingdom of Great Britain and Northern Ireland), so pieces are glued back together
    whenever the glued form is a known name.
    """
    text = " ".join(text.split()).strip(" .;:")
    if not text:
        return []
    # Commas inside a name's parentheses ("Iran (Islamic Republic of)") never separate.
    pieces: list[str] = []
    for chunk in _split_outside_parentheses(text):
        pieces.extend(_split_and(chunk))
    return [piece for piece in pieces if piece]


def _split_outside_parentheses(text: str) -> list[str]:
    chunks, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;":
            chunks.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    chunks.append("".join(current).strip())
    return [re.sub(r"^and\s+", "", chunk) for chunk in chunks if chunk]


def _split_and(chunk: str) -> list[str]:
    if party(chunk) or " and " not in chunk:
        return [chunk]
    parts = chunk.split(" and ")
    result: list[str] = []
    i = 0
    while i < len(parts):
        # The longest run of parts, glued with "and", that names something.
        for j in range(len(parts), i, -1):
            candidate = " and ".join(parts[i:j])
            if j == i + 1 or party(candidate):
                result.append(candidate)
                i = j
                break
    return result
