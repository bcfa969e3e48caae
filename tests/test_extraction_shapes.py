"""The shapes of real reporting that issue 15 found the extractor missing, one short text each.

The texts are written for these tests (the score is tests/data/extraction_real/, real articles);
each holds one hard case: a quoted fragment inside reported speech, a single scare-quoted word or
a title, a speaker named after the quotation or in the next paragraph, a quotation over several
paragraphs, a headline quotation whose speaker the body names, the subject of a reported claim
that is not its speaker. Pure Python: no database.
"""

from statements.extraction import DIRECT, PARAPHRASE, extract


def direct(text):
    return [(c.quote, c.speaker) for c in extract(text) if c.kind == DIRECT]


# ---- a quoted fragment inside reported speech


def test_a_fragment_after_as_is_a_quotation_of_the_paraphrases_speaker_linked_to_it():
    text = (
        "Russian Ambassador Vasily Nebenzya spoke first. "
        'He dismissed the accusations as "completely false" and said that Moscow would respond.'
    )
    candidates = extract(text)
    (quote,) = [c for c in candidates if c.kind == DIRECT]
    (paraphrase,) = [c for c in candidates if c.kind == PARAPHRASE and c.start < quote.start]
    assert (quote.quote, quote.speaker) == ("completely false", "Vasily Nebenzya")
    assert paraphrase.speaker == "Vasily Nebenzya"
    assert quote.within == (paraphrase.start, paraphrase.end)
    assert paraphrase.start < quote.start < quote.end <= paraphrase.end


def test_fragments_in_a_that_clause_and_after_what_he_called():
    text = (
        "Chinese Ambassador Fu Cong said that the sanctions were a policy to \u201cstrangle Pyongyang\u201d "
        "and warned against what he called \u201cactive militarization\u201d of the peninsula."
    )
    assert direct(text) == [("strangle Pyongyang", "Fu Cong"), ("active militarization", "Fu Cong")]
    quotes = [c for c in extract(text) if c.kind == DIRECT]
    assert all(quote.within is not None for quote in quotes)


def test_a_fragment_in_the_reporters_sentence_goes_to_the_briefer_of_the_quotation_before():
    text = (
        '"It is a relentless struggle," said Antonia De Meo, a UN relief official. More than 2 million '
        'people remain "trapped in an endless nightmare of death and destruction", she added later.\n\n'
        'Aid convoys remain "blocked at the crossings" for days.'
    )
    assert direct(text)[1:] == [
        ("trapped in an endless nightmare of death and destruction", "Antonia De Meo"),
        ("blocked at the crossings", "Antonia De Meo"),
    ]


# ---- what is not a statement


def test_single_scare_quoted_words_and_titles_are_not_statements():
    text = (
        'Ambassador Linda Thomas-Greenfield called the vote "shameful" and the draft "unacceptable". '
        'She cited the report "Evasion Networks and Maritime Transfers" and the so-called "peace plan", '
        "and said the council had authorized the \u201cMultinational Security Support\u201d mission."
    )
    assert direct(text) == []


def test_a_short_name_of_a_policy_is_a_label_but_a_whole_short_answer_is_a_statement():
    assert direct('Washington would persist with Trump\'s "maximum pressure strategy", the envoy said.') == []
    assert direct('"Never," Nebenzya said.') == [("Never", "Nebenzya")]


# ---- where the speaker is named


def test_a_speaker_named_later_in_the_sentence():
    text = (
        "UNITED NATIONS, June 22 (Reuters) - The council will meet on Wednesday to discuss the launch, "
        'which was an "unacceptable violation" of a U.N. ban, French U.N. Ambassador Francois Delattre '
        "told reporters."
    )
    assert direct(text) == [("unacceptable violation", "Francois Delattre")]


def test_a_speaker_named_in_the_next_paragraph():
    text = '"We will not accept this."\n\nThe warning came from Russian Ambassador Vasily Nebenzya.'
    assert direct(text) == [("We will not accept this.", "Vasily Nebenzya")]


def test_a_headline_quotation_is_attributed_from_the_body():
    text = (
        'UN envoy: "The ceasefire must hold"\n\n'
        "UNITED NATIONS (AP) \u2014 The council met on Monday.\n\n"
        'Special Envoy Hans Grundberg told the council that talks would resume. "The ceasefire must hold," '
        "he said."
    )
    assert direct(text) == [("The ceasefire must hold", "Hans Grundberg")] * 2


def test_a_headline_of_a_name_and_a_colon():
    text = 'Erdan: "Those who call for a ceasefire support Hamas"\n\nAmbassador Gilad Erdan spoke on Tuesday.'
    assert direct(text) == [("Those who call for a ceasefire support Hamas", "Erdan")]


def test_a_lede_quotation_whose_he_is_named_only_below():
    text = (
        '"It is a disgrace that it has taken the council 11 months," he added.\n\n'
        "Israeli Ambassador Danny Danon wrote on X on Tuesday that the council would meet."
    )
    assert direct(text) == [("It is a disgrace that it has taken the council 11 months", "Danny Danon")]


def test_a_quotation_over_several_paragraphs_keeps_its_speaker():
    text = (
        'Nebenzya said: "This is the first paragraph of a long statement.\n\n'
        '"And this is the second, which does not close.\n\n'
        '"And the third closes," he added.\n\n'
        "The council then adjourned."
    )
    assert [speaker for _, speaker in direct(text)] == ["Nebenzya"] * 3


# ---- the subject of a reported claim is not its speaker


def test_the_subject_of_a_reported_claim_is_not_its_speaker():
    text = (
        "U.S. Ambassador Linda Thomas-Greenfield said that the vote would embolden North Korea "
        "and that Pyongyang would test again."
    )
    (paraphrase,) = [c for c in extract(text) if c.kind == PARAPHRASE]
    assert (paraphrase.speaker, paraphrase.country) == ("Linda Thomas-Greenfield", "USA")


def test_a_fragment_in_a_claim_about_someone_else_stays_with_the_speaker():
    text = (
        "Russian Ambassador Vasily Nebenzya said Washington had shown \u201cdeceit and double standards\u201d "
        "and that Kyiv would \u201cnever negotiate in good faith\u201d."
    )
    assert [speaker for _, speaker in direct(text)] == ["Vasily Nebenzya", "Vasily Nebenzya"]


def test_a_government_named_only_by_its_representative_speaks_through_he():
    text = (
        "Iran\u2019s representative firmly rejected the accusations. He emphasized that Tehran would not overlook "
        "what he described as \u201cdeceit and double standards\u201d."
    )
    (quote,) = [c for c in extract(text) if c.kind == DIRECT]
    assert (quote.quote, quote.speaker, quote.country) == ("deceit and double standards", None, "IRN")


def test_a_subordinate_clause_before_the_speaker_does_not_take_the_paraphrase():
    for text, speaker in (
        ("Asked whether Moscow would veto the text, Nebenzya said that the council was divided.", "Nebenzya"),
        (
            "After North Korea launched a missile on Friday, U.S. Ambassador Linda Thomas-Greenfield said the "
            "launch violated several resolutions.",
            "Linda Thomas-Greenfield",
        ),
    ):
        (paraphrase,) = [c for c in extract(text) if c.kind == PARAPHRASE]
        assert paraphrase.speaker == speaker, text


def test_a_headline_quotation_in_single_marks_with_its_speaker_after_it():
    text = (
        "Council Fails to Adopt Text, as Israel \u2018Continues Its Crimes\u2019, Says Delegate of Algeria\n\n"
        "The Security Council failed to adopt a draft resolution today. The representative of Algeria said "
        "that the vote was a grave failure of the Council and of its members.\n"
    )
    assert direct(text) == [("Continues Its Crimes", "Algeria")]


def test_single_marks_in_a_headline_without_a_speaker_are_left_alone():
    text = (
        "Permanent Representative Urges New Leaders to \u2018Act Responsibly\u2019, Save Country from Crisis\n\n"
        "The representative of Afghanistan said that the country's people deserved peace and stability.\n"
    )
    assert direct(text) == []


def test_words_about_a_draft_are_not_its_title():
    text = 'Russia\'s U.N. ambassador, Vassily Nebenzia, called the draft "a provocation" on Friday.'
    assert direct(text) == [("a provocation", "Vassily Nebenzia")]
    assert direct('The council adopted the draft "Maintenance of International Peace" on Friday.') == []


def test_a_headline_quotation_after_its_speakers_speech_verb():
    text = (
        "Gaza: Guterres warns of \u2018collective punishment\u2019 as Security Council meets\n\n"
        "The Secretary-General told the Security Council on Tuesday that civilians must be protected.\n"
    )
    assert direct(text) == [("collective punishment", "Guterres")]


def test_he_after_according_to_a_title_and_a_name_is_that_person():
    text = (
        '"Nothing can justify the killing of civilians," Antonio Guterres said.\n\n'
        "According to the UN relief chief, Martin Griffiths, more than a million people have fled. "
        'He said aid convoys were "a drop in the ocean" compared with the needs.'
    )
    assert direct(text)[1] == ("a drop in the ocean", "Martin Griffiths")


def test_a_briefers_name_in_capitals_before_a_comma_and_a_title():
    text = (
        "ROSEMARY DICARLO, Under-Secretary-General for Political and Peacebuilding Affairs, said the region "
        'was "on the brink". She warned of "catastrophic consequences for millions".\n\n'
        'VASSILY NEBENZIA (Russian Federation) said: "Nobody is fooled by this."'
    )
    assert [speaker for _, speaker in direct(text)] == ["Rosemary Dicarlo", "Rosemary Dicarlo", "Vassily Nebenzia"]


def test_the_representative_of_a_country_at_a_sentence_end():
    text = '"We reject this," said the representative of France. "It is wrong," he added.'
    assert direct(text) == [("We reject this", "France"), ("It is wrong", "France")]


def test_a_fragment_after_it_accused_goes_to_the_mission_quoted_before():
    text = (
        '"Iran has been warned," the US mission said after the meeting.\n\n'
        'It accused Tehran of continuing to "flagrantly defy" the Council.\n\n'
        'The RSF announced what it calls a "government of peace and unity" in areas it holds.'
    )
    assert direct(text) == [("Iran has been warned", "US"), ("flagrantly defy", "US")]


def test_that_was_the_assessment_of_names_the_speaker_in_the_next_paragraph():
    text = (
        '"The situation is dire and getting worse by the day."\n\n'
        "That was the stark assessment of the UN envoy, Hans Grundberg, on Monday."
    )
    assert direct(text) == [("The situation is dire and getting worse by the day.", "Hans Grundberg")]


def test_a_fragment_ending_in_policy_is_a_label_only_after_an_owner():
    text = (
        "North Korea's ambassador Kim Song spoke first. "
        'He accused the United States of "hostile policy" and said Pyongyang would "never give up" its deterrent.'
    )
    assert direct(text) == [("hostile policy", "Kim Song"), ("never give up", "Kim Song")]


def test_a_text_quoting_in_single_marks_british_style():
    text = (
        "Britain condemns strikes\n\n"
        "\u2018We will not stand by,\u2019 said Britain\u2019s ambassador, Barbara Woodward. She called the attacks "
        "\u2018a grave violation of the Charter\u2019 and said the countries\u2019 response would be firm.\n\n"
        "\u2018Enough is enough,\u2019 she added."
    )
    assert direct(text) == [
        ("We will not stand by", "Barbara Woodward"),
        ("a grave violation of the Charter", "Barbara Woodward"),
        ("Enough is enough", "Barbara Woodward"),
    ]


def test_an_organisation_speaks_as_a_body():
    text = (
        'The IAEA said Iran had "significantly increased" its stockpile. "The situation is grave," UNICEF warned. '
        'Human Rights Watch called the siege "a war crime".'
    )
    assert direct(text) == [
        ("significantly increased", "IAEA"),
        ("The situation is grave", "UNICEF"),
        ("a war crime", "Human Rights Watch"),
    ]


def test_the_security_council_speaks_as_a_body_only_as_a_subject():
    text = (
        'The Security Council condemned the attack, calling it "heinous and cowardly". '
        'Nebenzia told the Security Council that "nobody is fooled".'
    )
    assert direct(text) == [("heinous and cowardly", "Security Council"), ("nobody is fooled", "Nebenzia")]
