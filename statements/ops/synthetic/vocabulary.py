"""The words synthetic data is drawn from: bodies, topics, titles, names, agenda items, the phrases of quotes."""

COMMON_WORD = "security"
RARE_WORD = "desalination"
# The share of statements with a sentence about security, and with one rare word.
COMMON_SHARE = 0.2
RARE_SHARE = 0.0016

# (slug, name, short name, share of meetings, place)
BODIES = [
    ("security-council", "Security Council", "Security Council", 0.45, "New York"),
    ("general-assembly", "General Assembly", "General Assembly", 0.25, "New York"),
    ("human-rights-council", "Human Rights Council", "HRC", 0.15, "Geneva"),
    ("economic-and-social-council", "Economic and Social Council", "ECOSOC", 0.08, "New York"),
    ("conference-on-disarmament", "Conference on Disarmament", "CD", 0.07, "Geneva"),
]

TOPICS = [
    ("arms-embargo", "Arms embargo"),
    ("sanctions", "Sanctions"),
    ("military-exercises", "Military exercises"),
    ("military-cooperation", "Military cooperation"),
    ("korean-peninsula", "Korean Peninsula"),
    ("war-in-ukraine", "War in Ukraine"),
    ("middle-east", "Middle East"),
    ("syria", "Syria"),
    ("yemen", "Yemen"),
    ("sudan", "Sudan"),
    ("sahel", "Sahel"),
    ("great-lakes-region", "Great Lakes region"),
    ("afghanistan", "Afghanistan"),
    ("haiti", "Haiti"),
    ("nuclear-non-proliferation", "Nuclear non-proliferation"),
    ("chemical-weapons", "Chemical weapons"),
    ("counter-terrorism", "Counter-terrorism"),
    ("peacekeeping", "Peacekeeping"),
    ("humanitarian-access", "Humanitarian access"),
    ("refugees", "Refugees and displacement"),
    ("children-and-armed-conflict", "Children and armed conflict"),
    ("women-peace-and-security", "Women, peace and security"),
    ("climate-and-conflict", "Climate and conflict"),
    ("food-crises", "Food crises"),
    ("cyber-threats", "Cyber threats"),
    ("maritime-disputes", "Maritime disputes"),
    ("human-rights", "Human rights"),
    ("elections", "Elections"),
    ("accountability", "Accountability and justice"),
    ("small-arms", "Small arms and light weapons"),
    ("sustainable-development", "Sustainable development"),
]

TITLES = ["Permanent Representative", "Deputy Permanent Representative", "Minister for Foreign Affairs"]
# How often each title speaks, and how delegates of a country are shared out between titles.
TITLE_WEIGHTS = [0.62, 0.28, 0.10]
TITLE_SHARES = [0.4, 0.35, 0.25]

# Countries that speak and are spoken about more often than others.
PROMINENT = {
    "USA", "RUS", "CHN", "FRA", "GBR", "DEU", "IND", "BRA", "JPN", "ZAF", "NGA", "EGY", "TUR", "IRN", "ISR",
    "UKR", "PAK", "SAU", "MEX", "KOR", "PRK", "SYR", "AUS", "CAN", "ITA",
}
PERMANENT_FIVE = ["CHN", "FRA", "GBR", "RUS", "USA"]

GIVEN_NAMES = [
    "Amara", "Anders", "Aiko", "Alejandro", "Amina", "Arjun", "Beatriz", "Bogdan", "Chen", "Chiara", "Dmitri",
    "Dalia", "Emeka", "Elif", "Fatima", "Felipe", "Grete", "Hamid", "Hiroshi", "Ingrid", "Ivana", "Jae-won",
    "Joaquim", "Kwame", "Katarzyna", "Laila", "Lars", "Malik", "Mariana", "Mehmet", "Nadia", "Nikolai", "Noura",
    "Olusegun", "Oksana", "Pablo", "Priya", "Rafael", "Rania", "Sahar", "Sebastian", "Sergei", "Siddharth",
    "Sofia", "Tariq", "Thandiwe", "Tomas", "Valentina", "Vikram", "Wei", "Xiomara", "Yasmin", "Yusuf", "Zanele",
    "Zoltan", "Agnieszka", "Bongani", "Carmen", "Dag", "Esther", "Farid", "Gulnara", "Helena", "Idris",
]
SURNAMES = [
    "Abara", "Adeyemi", "Al-Hashimi", "Andersen", "Bakr", "Banerjee", "Barros", "Bekele", "Bianchi", "Castillo",
    "Chowdhury", "Dlamini", "Dubois", "Eriksen", "Fernandes", "Gashi", "Grigorescu", "Haddad", "Hakimi",
    "Hernandez", "Horvath", "Ibrahim", "Ishikawa", "Jovanovic", "Kamara", "Kaplan", "Karimov", "Kowalski",
    "Lindqvist", "Mahmoud", "Makarov", "Mendoza", "Moreau", "Mwangi", "Nakamura", "Navarro", "Nguyen", "Novak",
    "Okafor", "Okonkwo", "Olsen", "Ortega", "Park", "Petrov", "Qureshi", "Rahman", "Rossi", "Saleh", "Santos",
    "Schmidt", "Sharma", "Silva", "Sokolova", "Suleiman", "Tanaka", "Tembo", "Toure", "Urquhart", "Vasquez",
    "Volkov", "Wang", "Wojcik", "Yilmaz", "Zhou", "Zubiri", "Achterberg", "Belkacem", "Costa", "Diallo",
]

AGENDA = [
    "Maintenance of international peace and security",
    "Threats to international peace and crisis response",
    "The situation in the Middle East",
    "Non-proliferation",
    "Children and armed conflict",
    "Protection of civilians in armed conflict",
    "Reports of the Secretary-General on the Sudan and South Sudan",
    "The situation in the Great Lakes region",
    "Peacebuilding and sustaining peace",
    "Promotion and protection of human rights",
    "General and complete disarmament",
    "Humanitarian assistance and disaster relief",
    "United Nations peacekeeping operations",
    "Cooperation with regional and subregional organisations",
]

# --- Quote text ---------------------------------------------------------------------------------
# No phrase below contains a word with the stem of COMMON_WORD or any RARE_WORDS, so that their
# frequency is set by COMMON_SHARE and RARE_SHARE alone.

# Things a speaker supports, and things a speaker deplores.
GOOD = [
    "the report of the Secretary-General", "the latest briefing by the Special Envoy", "the draft resolution before us",
    "the ceasefire agreement", "the humanitarian corridors", "the political process", "the transitional arrangements",
    "the electoral timetable", "the reconstruction effort", "the work of the panel of experts",
    "the mandate of the mission", "the peace talks", "the independent investigation", "the fact-finding mission",
    "the inclusive national dialogue", "the return of refugees", "the demobilisation of combatants",
    "the agreement reached last month", "the arms embargo", "the road map adopted in the spring",
    "the verification mechanism", "the mediation efforts of the African Union", "the prisoner exchange",
    "the protection of journalists", "the safe passage of grain shipments", "the disarmament commitments",
]
BAD = [
    "the ongoing humanitarian crisis", "the deterioration of the situation on the ground",
    "the escalation of hostilities", "unilateral coercive measures", "attacks on civilian infrastructure",
    "the targeting of humanitarian workers", "the flow of illicit arms", "the recruitment of child soldiers",
    "sexual violence in conflict", "the blockade of ports", "the shelling of residential areas",
    "the displacement of millions of people", "the destruction of schools and hospitals",
    "the restrictions on freedom of expression", "the detention of journalists", "the ballistic missile launches",
    "the use of chemical weapons", "the rising cost of food and fuel", "the spread of disinformation",
    "the violations of the ceasefire", "the diversion of humanitarian aid", "the attacks on peacekeepers",
    "the forced transfer of children", "the illegal exploitation of natural resources",
]
STANCES_GOOD = [
    "welcome", "fully support", "take note of", "reaffirm support for", "are encouraged by", "commend",
    "look forward to", "stand behind", "appreciate",
]
STANCES_BAD = [
    "note with concern", "strongly condemn", "deeply regret", "cannot accept", "share the concerns expressed about",
    "are alarmed by", "firmly reject", "remain troubled by", "deplore",
]
# Observations, and principles.
FACTS = [
    "the parties continue to ignore their obligations", "the humanitarian situation is deteriorating by the day",
    "international law is being violated with impunity", "the civilian population bears the brunt of this conflict",
    "the resolutions of this Council are not being implemented", "the window for diplomacy is closing",
    "the ceasefire is fragile", "aid convoys are being turned back at checkpoints",
    "the number of displaced people has doubled", "hospitals are running out of medicine",
    "the mission cannot fulfil its mandate without resources", "hate speech and incitement are on the rise",
]
PRINCIPLES = [
    "dialogue remains the only way forward", "accountability is essential for lasting peace",
    "humanitarian aid must reach those in need without delay", "the sovereignty of States must be respected",
    "there is no alternative to a negotiated settlement", "double standards undermine the credibility of this body",
    "the Charter of the United Nations is not a menu from which to choose",
    "sanctions alone will not resolve this crisis", "women must take part in every stage of the peace process",
    "the root causes of the conflict must be addressed", "impunity only breeds further violence",
    "the Council must speak with one voice", "the people of the region deserve better", "the rule of law must prevail",
    "confidence-building measures are urgently needed", "the next few weeks will be decisive",
]
ACTORS = [
    "all parties", "the international community", "the members of this Council", "the authorities",
    "the armed groups", "the Government", "regional organisations", "neighbouring States", "the donor community",
    "the parties to the conflict",
]
ACTIONS = [
    "respect", "implement", "support", "refrain from undermining", "engage constructively with", "fully fund",
    "protect", "uphold", "return to", "honour",
]
TIMES = [
    "Since our last meeting", "Over the past month", "Once again", "At this critical juncture", "Today",
    "In recent weeks", "Regrettably", "Let me be clear", "Sadly",
]
ADJECTIVES = ["deeply worrying", "unacceptable", "regrettable", "alarming", "indefensible", "troubling"]
BRIEFERS = [
    "the Special Envoy", "the Under-Secretary-General", "the High Commissioner", "the Special Representative",
    "the Executive Director", "the civil society briefer", "the Force Commander",
]
SAID = ["said", "stressed", "stated", "noted", "insisted", "argued", "warned", "underlined"]

SECURITY_SENTENCES = [
    "The security situation remains fragile.",
    "Lasting peace and security require {good}.",
    "{we} are committed to international peace and security.",
    "The deteriorating security situation threatens {good}.",
    "Food insecurity now affects millions of people.",
    "{we} must secure {good}.",
    "Regional security depends on {good}.",
    "No State can achieve its own security at the expense of others.",
    "The security of peacekeepers must be guaranteed.",
]
RARE_WORDS = [RARE_WORD, "cartographers", "phosphate", "lithium", "archipelagic", "glaciologists", "locusts", "quinoa"]
RARE_SENTENCES = [
    "{we} also draw attention to the question of {rare}.",
    "The report says little about {rare}, which deserves attention.",
]

PLAIN_SENTENCES = [
    "{we} {stance_good} {good}.",
    "{we} {stance_bad} {bad}.",
    "{we} {stance_bad} {bad}.",
    "{good_cap} must be respected by all parties.",
    "It is {adj} that {fact}.",
    "{we} call on {actor} to {action} {good}.",
    "{time}, {fact}.",
    "The Council cannot remain silent in the face of {bad}.",
    "This is not the first time that {fact}.",
    "{we} thank {briefer} for the briefing.",
    "{we} stand ready to {action} {good}.",
    "{we} believe that {principle}.",
    "{we} {stance_bad} {bad}, and {we_lower} urge {actor} to {action} {good}.",
    "{bad_cap} must end.",
]

MENTION_SENTENCES = {
    "accuses": ["{we} hold {party} responsible for {bad}.", "{party_cap} bears direct responsibility for {bad}."],
    "criticises": ["{we} regret the position taken by {party}.", "The conduct of {party} is {adj}."],
    "rejects": [
        "{we} reject the allegations made by the delegation of {party}.",
        "The claims of {party} have no basis in fact.",
    ],
    "calls-on": ["{we} call on {party} to {action} {good}.", "{party_cap} must {action} {good}."],
    "defends": ["{party_cap} has every right to defend its people.", "The criticism directed at {party} is unfounded."],
    "supports": ["{we} support the efforts of {party} to {action} {good}.", "{we} commend {party} for its leadership."],
    "mentions": ["{we} have listened carefully to the statement by {party}.", "{we} note the remarks of {party}."],
}
VOCABULARY = {
    "stance_good": STANCES_GOOD,
    "stance_bad": STANCES_BAD,
    "good": GOOD,
    "bad": BAD,
    "fact": FACTS,
    "principle": PRINCIPLES,
    "actor": ACTORS,
    "action": ACTIONS,
    "time": TIMES,
    "adj": ADJECTIVES,
    "briefer": BRIEFERS,
    "rare": RARE_WORDS,
}
# Country names read with "the" in running text: "the United Kingdom", "the Philippines".
THE_PREFIXES = ("United ", "Republic ", "Democratic ", "Russian ", "Central African", "Czech", "Dominican Republic",
                "Islamic ", "Kingdom ", "Federated ", "Syrian ", "Lao ", "Holy ", "State of ")
THE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives", "Marshall Islands",
             "Solomon Islands", "Sudan", "Niger", "United Arab Emirates"}


def in_running_text(name):
    """A country's name as it reads inside a sentence: "the United Kingdom", "France"."""
    if name in THE_NAMES or name.startswith(THE_PREFIXES):
        return "the " + name
    return name


RELATIONS = ["mentions", "calls-on", "criticises", "accuses", "supports", "defends", "rejects"]
RELATION_WEIGHTS = [0.36, 0.16, 0.15, 0.1, 0.11, 0.06, 0.06]
