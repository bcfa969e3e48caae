"""The editors' import pages: /editor/import/ (paste) and /editor/import/save/ (review and save)."""

import datetime

import pytest
from django.contrib.messages import get_messages

from statements.editor import importing
from statements.editor.views import highlight
from statements.models import Citation, Delegate, Meeting, Mention, Position, Source, Statement
from tests.factories import (
    BodyFactory,
    CitationFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
    editor_user,
)

pytestmark = pytest.mark.django_db

URL = "https://news.example.org/2024/06/28/council"
ARTICLE = (
    "Russian Ambassador to the UN, Vasily Nebenzya, rejected the accusations, calling them "
    '"completely false." He told the council: "Our cooperation is legitimate."'
)


@pytest.fixture
def editor(client, db):
    client.force_login(editor_user())
    return client


@pytest.fixture
def nebenzya():
    delegate = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")
    PositionFactory(delegate=delegate, party=country("RUS"), title="Ambassador to the UN")
    return delegate


def paste(client, **fields):
    data = {
        "text": ARTICLE,
        "url": URL,
        "publisher": "Example News",
        "title": "Council meets",
        "published_on": "2024-06-28",
        "source_kind": "news",
        **fields,
    }
    return client.post("/editor/import/", {key: value for key, value in data.items() if value is not None})


def review_data(response, **changes):
    """What the review form sends back as rendered, with `changes` applied (None removes a field)."""
    data = {}
    for field in response.context["form"]:
        value = field.value()
        data[field.html_name] = "" if value is None else value
    formset = response.context["formset"]
    for field in formset.management_form:
        data[field.html_name] = field.value()
    for form in formset.forms:
        for field in form:
            value = field.value()
            if field.name == "include":
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = "" if value is None else value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def rows(response):
    return response.context["rows"]


class TestAccess:
    def test_anonymous_visitors_are_sent_to_the_login_page(self, client):
        response = client.get("/editor/import/")

        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=/editor/import/"

    def test_users_who_are_not_editors_are_refused(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("reader"))

        assert client.get("/editor/import/").status_code == 403
        assert client.post("/editor/import/", {"text": ARTICLE}).status_code == 403
        assert client.post("/editor/import/save/", {"text": ARTICLE}).status_code == 403
        assert Source.objects.count() == 0

    def test_anonymous_visitors_cannot_save(self, client):
        response = client.post("/editor/import/save/", {"text": ARTICLE})

        assert response.status_code == 302
        assert Source.objects.count() == 0

    def test_the_save_address_only_takes_posts(self, editor):
        assert editor.get("/editor/import/save/").status_code == 405


class TestPastePage:
    def test_every_field_has_a_label(self, editor):
        response = editor.get("/editor/import/")

        assert response.status_code == 200
        form = response.context["form"]
        for field in form:
            assert f'<label for="{field.id_for_label}">'.encode() in response.content

    def test_it_lists_existing_meetings_and_bodies_to_choose_from(self, editor):
        meeting = MeetingFactory(title="Non-proliferation")

        response = editor.get("/editor/import/")

        assert f'<option value="{meeting.pk}">Non-proliferation, 28 June 2024</option>'.encode() in response.content
        assert b"Security Council</option>" in response.content

    @pytest.mark.parametrize(
        "fields, field, message",
        [
            ({"text": ""}, "text", "This field is required."),
            ({"text": "  \n  "}, "text", "This field is required."),
            ({"text": "GIF89a\x00\x00\x01"}, "text", "Null characters are not allowed."),
            ({"text": "x" * 200_001}, "text", "Ensure this value has at most 200000 characters"),
            ({"url": "not a url at all"}, "url", "Enter a valid URL."),
            ({"published_on": "2024-13-45"}, "published_on", "Enter a valid date."),
            ({"published_on": ""}, "published_on", "Statements need a date"),
            ({"meeting": "999999"}, "meeting", "Select a valid choice."),
            ({"source_kind": "rumour"}, "source_kind", "Select a valid choice."),
            ({"new_meeting_title": "Debate"}, "new_meeting_body", "A new meeting needs its body."),
        ],
    )
    def test_bad_input_is_shown_as_a_form_error_and_nothing_is_saved(self, editor, fields, field, message):
        response = paste(editor, **fields)

        assert response.status_code == 400
        assert any(message in error for error in response.context["form"].errors[field])
        assert Source.objects.count() == 0

    def test_an_existing_and_a_new_meeting_together_are_refused(self, editor):
        response = paste(
            editor,
            meeting=str(MeetingFactory().pk),
            new_meeting_body=str(BodyFactory().pk),
            new_meeting_date="2024-06-28",
        )

        assert response.status_code == 400
        assert "not both" in str(response.context["form"].non_field_errors())

    def test_a_five_megabyte_paste_is_refused_with_a_message(self, editor):
        response = editor.post("/editor/import/", {"text": "x" * 5_000_000, "published_on": "2024-06-28"})

        assert response.status_code == 400
        assert b"The text is too long" in response.content
        assert Source.objects.count() == 0


class TestReviewPage:
    def test_it_lists_every_candidate_with_its_quote_marked_in_the_article(self, editor, nebenzya):
        response = paste(editor)

        assert response.status_code == 200
        quotes = [row["quote"] for row in rows(response)]
        assert any(quote.startswith("completely false") for quote in quotes)
        assert any(quote.startswith("Our cooperation is legitimate") for quote in quotes)
        for row in rows(response):
            number = row["number"]
            assert f'<mark class="quote" id="quote-{number}" data-quote="{number}">'.encode() in response.content
            assert f'id="candidate-{number}"'.encode() in response.content

    def test_a_confident_direct_quote_is_prefilled_and_checked(self, editor, nebenzya):
        response = paste(editor)

        row = next(row for row in rows(response) if row["quote"].startswith("completely false"))
        initial = row["form"].initial
        assert initial["include"] is True
        assert (initial["speaker"], initial["country"], initial["kind"]) == (nebenzya.pk, "RUS", "direct")
        assert f'<option value="{nebenzya.pk}" selected>Vasily Nebenzya</option>'.encode() in response.content

    def test_it_escapes_html_in_the_pasted_text(self, editor):
        text = 'She said: "We <b>object</b>." <script>alert("owned")</script> & more'

        response = paste(editor, text=text)

        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert b"<b>object</b>" not in response.content
        assert b"&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in response.content

    def test_an_article_without_quotes_says_so(self, editor):
        response = paste(editor, text="The council met on Friday and adjourned without a vote.")

        assert response.status_code == 200
        assert b"No quoted statements were found in this text." in response.content
        assert b"Save the chosen statements" not in response.content

    def test_it_shows_what_the_archive_already_holds_from_the_same_url(self, editor, nebenzya):
        source = SourceFactory(url=URL, text=ARTICLE, title="Council meets")
        start = ARTICLE.index("completely false.")
        statement = StatementFactory(text="completely false.", speaker=nebenzya, cite=False)
        CitationFactory(statement=statement, source=source, start=start, end=start + len("completely false."))

        response = paste(editor)

        assert b"Already in the archive" in response.content
        assert f'href="/statements/{statement.pk}/"'.encode() in response.content
        row = next(row for row in rows(response) if row["quote"].startswith("completely false"))
        assert row["duplicate"] == statement
        assert row["form"].initial["include"] is False

    def test_the_review_page_runs_a_fixed_number_of_queries(self, editor, django_assert_num_queries):
        PositionFactory.create_batch(5)
        meeting = MeetingFactory()
        SourceFactory(url=URL, text=ARTICLE)
        editor.get("/editor/import/")  # the session is loaded once before counting

        # 1. session, 2. user, 3. the user's groups (the editor role), 4. the chosen meeting,
        # 5. delegates with their country, 6. aliases, 7. parties, 8. the topics, 9. the source by
        # URL, 10. its citations with statements and speakers
        with django_assert_num_queries(10):
            response = paste(editor, meeting=str(meeting.pk))

        assert response.status_code == 200


def test_highlight_keeps_nested_quotes_well_formed_and_escaped():
    text = "a 'b <c> 'd' e' f"

    html = highlight(text, [(1, 3, 14), (2, 10, 11)])

    assert html == (
        "a &#x27;"
        '<mark class="quote" id="quote-1" data-quote="1"><a class="quote-number" href="#candidate-1">1</a>'
        "b &lt;c&gt; &#x27;</mark>"
        '<mark class="quote" data-quote="1"><mark class="quote" id="quote-2" data-quote="2">'
        '<a class="quote-number" href="#candidate-2">2</a>d</mark></mark>'
        '<mark class="quote" data-quote="1">&#x27; e</mark>&#x27; f'
    )


class TestSaving:
    def test_saving_creates_the_source_and_the_chosen_statements(self, editor, nebenzya):
        review = paste(editor)

        response = editor.post("/editor/import/save/", review_data(review))

        source = Source.objects.get(url=URL)
        assert response.status_code == 302
        assert response["Location"] == f"/sources/{source.pk}/"
        assert (source.publisher, source.title, source.published_on) == (
            "Example News",
            "Council meets",
            datetime.date(2024, 6, 28),
        )
        false = Statement.objects.get(text__startswith="completely false")
        assert (false.speaker, false.party.code, false.date) == (nebenzya, "RUS", datetime.date(2024, 6, 28))
        for citation in Citation.objects.select_related("statement", "source"):
            assert citation.source.text[citation.start : citation.end] == citation.statement.text
        created = Statement.objects.count()
        message = str(next(iter(get_messages(response.wsgi_request))))
        assert message == f"Created {created} statement{'s' if created != 1 else ''}."

    def test_the_page_after_saving_shows_the_confirmation(self, editor, nebenzya):
        review = paste(editor)

        response = editor.post("/editor/import/save/", review_data(review), follow=True)

        created = Statement.objects.count()
        assert response.status_code == 200
        assert f'<li class="message message--success">Created {created} statements' in response.content.decode()

    def test_only_the_checked_rows_are_saved(self, editor, nebenzya):
        review = paste(editor)
        number = next(i for i, row in enumerate(rows(review)) if row["quote"].startswith("completely false"))
        data = review_data(review, **{f"form-{i}-include": None for i in range(len(rows(review))) if i != number})

        editor.post("/editor/import/save/", data)

        assert [s.text for s in Statement.objects.all()] == [rows(review)[number]["quote"]]

    def test_saving_into_a_meeting_redirects_to_the_meeting(self, editor, nebenzya):
        meeting = MeetingFactory(date=datetime.date(2024, 6, 27))
        review = paste(editor, meeting=str(meeting.pk))

        response = editor.post("/editor/import/save/", review_data(review))

        assert response["Location"] == f"/meetings/{meeting.pk}/"
        assert set(Statement.objects.values_list("meeting", "date")) == {(meeting.pk, datetime.date(2024, 6, 27))}
        assert Source.objects.get(url=URL) in meeting.sources.all()

    def test_a_new_meeting_is_created_with_the_statements(self, editor, nebenzya):
        body = BodyFactory()
        review = paste(
            editor, new_meeting_body=str(body.pk), new_meeting_date="2024-06-27", new_meeting_title="Non-proliferation"
        )

        response = editor.post("/editor/import/save/", review_data(review))

        meeting = Meeting.objects.get()
        assert (meeting.body, meeting.date, meeting.title) == (body, datetime.date(2024, 6, 27), "Non-proliferation")
        assert response["Location"] == f"/meetings/{meeting.pk}/"
        assert Statement.objects.filter(meeting=meeting).exists()

    def test_an_editor_can_create_a_new_delegate_on_the_spot(self, editor):
        review = paste(editor)
        data = review_data(
            review,
            **{
                "form-0-include": "on",
                "form-0-speaker": "",
                "form-0-new_delegate": "Vassily Nebenzia",
                "form-0-country": "rus",
                "form-0-title": "Permanent Representative",
            },
        )

        response = editor.post("/editor/import/save/", data)

        assert response.status_code == 302
        delegate = Delegate.objects.get(full_name="Vassily Nebenzia")
        position = Position.objects.get(delegate=delegate)
        assert (position.party.code, position.title) == ("RUS", "Permanent Representative")
        assert Statement.objects.get(speaker=delegate).text == rows(review)[0]["quote"]
        assert "new delegates: Vassily Nebenzia" in str(next(iter(get_messages(response.wsgi_request))))

    def test_importing_the_same_url_again_creates_no_duplicates(self, editor, nebenzya):
        first = paste(editor)  # every row saved, the paraphrase a quoted fragment sits in too
        every_row = {f"form-{i}-include": "on" for i in range(len(rows(first)))}
        editor.post("/editor/import/save/", review_data(first, **every_row))
        counts = (Source.objects.count(), Statement.objects.count(), Citation.objects.count())
        review = paste(editor)
        assert all(row["duplicate"] for row in rows(review))
        everything = {f"form-{i}-include": "on" for i in range(len(rows(review)))}

        response = editor.post("/editor/import/save/", review_data(review, **everything))

        assert (Source.objects.count(), Statement.objects.count(), Citation.objects.count()) == counts
        skipped = len(rows(review))
        assert str(list(get_messages(response.wsgi_request))[-1]) == (
            f"Created 0 statements; skipped {skipped} already in the archive."
        )

    def test_an_editor_whose_save_loses_the_race_for_a_pasted_article_is_told_and_shown_the_winner(
        self, editor, nebenzya, monkeypatch
    ):
        review = paste(editor, url="")
        editor.post("/editor/import/save/", review_data(review))
        (source,) = Source.objects.all()
        counts = (Statement.objects.count(), Citation.objects.count())
        # This editor's import looked for the source before the first one had saved it.
        looks = []

        def looked_before_the_winner_saved(url, text, find=importing.find_source):
            looks.append(text)
            return None if len(looks) == 1 else find(url, text)

        monkeypatch.setattr(importing, "find_source", looked_before_the_winner_saved)

        response = editor.post("/editor/import/save/", review_data(review))

        assert response.status_code == 409
        assert (
            f"Another editor saved this article a moment ago, as source {source.pk} (“Council meets”); "
            "nothing was saved here." in response.content.decode()
        )
        assert Source.objects.count() == 1
        assert (Statement.objects.count(), Citation.objects.count()) == counts
        chosen = [row for row in rows(response) if row["form"]["include"].value()]
        assert chosen and all(row["duplicate"] is not None for row in chosen)

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"form-0-country": "XXX"}, "No country or organisation has the code &#x27;XXX&#x27;."),
            ({"form-0-speaker": "999999"}, "Select a valid choice."),
            ({"form-0-end": "999999"}, "This quote&#x27;s offsets fall outside the article."),
            ({"form-0-kind": "rumour"}, "Select a valid choice."),
        ],
    )
    def test_a_bad_row_is_shown_as_an_error_and_nothing_is_saved(self, editor, nebenzya, changes, message):
        review = paste(editor)

        response = editor.post("/editor/import/save/", review_data(review, **{"form-0-include": "on", **changes}))

        assert response.status_code == 400
        assert message.encode() in response.content
        assert Source.objects.count() == 0
        assert Statement.objects.count() == 0

    def test_a_bad_value_in_an_unchecked_row_does_not_matter(self, editor, nebenzya):
        review = paste(editor)
        data = review_data(review, **{"form-1-include": None, "form-1-country": "XXX"})

        response = editor.post("/editor/import/save/", data)

        assert response.status_code == 302

    def test_choosing_both_a_known_speaker_and_a_new_one_is_an_error(self, editor, nebenzya):
        review = paste(editor)
        data = review_data(
            review,
            **{"form-0-include": "on", "form-0-speaker": str(nebenzya.pk), "form-0-new_delegate": "Someone Else"},
        )

        response = editor.post("/editor/import/save/", data)

        assert response.status_code == 400
        assert b"Choose a known speaker or name a new delegate, not both." in response.content
        assert Delegate.objects.count() == 1

    def test_saving_with_nothing_checked_is_an_error(self, editor, nebenzya):
        review = paste(editor)
        data = review_data(review, **{f"form-{i}-include": None for i in range(len(rows(review)))})

        response = editor.post("/editor/import/save/", data)

        assert response.status_code == 400
        assert b"Choose at least one statement to save." in response.content
        assert Source.objects.count() == 0

    def test_a_tampered_article_sends_the_editor_back_to_the_first_step(self, editor, nebenzya):
        review = paste(editor)

        response = editor.post("/editor/import/save/", review_data(review, text="", published_on="yesterday"))

        assert response.status_code == 400
        assert "text" in response.context["form"].errors
        assert Source.objects.count() == 0

    def test_the_review_survives_a_round_trip_of_windows_line_breaks(self, editor, nebenzya):
        text = ARTICLE.replace(" He told", "\r\nHe told")
        review = paste(editor, text=text)

        editor.post("/editor/import/save/", review_data(review))

        source = Source.objects.get()
        assert "\r" not in source.text
        for citation in Citation.objects.select_related("statement"):
            assert source.text[citation.start : citation.end] == citation.statement.text


# Whom each statement speaks about, and how, and its topics: set on the review, saved with it.


@pytest.fixture
def topics():
    return TopicFactory(name="Arms embargo", slug="arms-embargo"), TopicFactory(name="Sanctions", slug="sanctions")


def quote_row(review, opening):
    return next(row for row in rows(review) if row["quote"].startswith(opening))


def prefix(row):
    return row["form"].prefix


def test_the_review_offers_mention_slots_and_topics_on_each_statement(editor, nebenzya, topics):
    review = paste(editor)
    html = review.content.decode()

    row = quote_row(review, "completely false")
    assert f'name="{prefix(row)}-about_1"' in html
    assert f'name="{prefix(row)}-relation_3"' in html
    assert f'<label for="id_{prefix(row)}-topics_0">Arms embargo</label>' in html
    assert "<legend>Whom it speaks about</legend>" in html


def test_saving_keeps_the_mentions_and_topics_chosen_for_a_statement(editor, nebenzya, topics):
    review = paste(editor)
    row = prefix(quote_row(review, "completely false"))
    country("USA"), country("GBR")

    response = editor.post(
        "/editor/import/save/",
        review_data(
            review,
            **{
                f"{row}-about_1": "usa",
                f"{row}-relation_1": "rejects",
                f"{row}-about_2": "GBR",
                f"{row}-relation_2": "rejects",
                f"{row}-topics": [str(topics[0].pk)],
            },
        ),
    )

    assert response.status_code == 302, (response.context["formset"].errors, response.context.get("save_error"))
    statement = Statement.objects.get(text="completely false.")
    assert sorted(statement.mentions.values_list("party__code", "relation")) == [
        ("GBR", "rejects"),
        ("USA", "rejects"),
    ]
    assert list(statement.topics.values_list("slug", flat=True)) == ["arms-embargo"]
    # The other quote was given none.
    other = Statement.objects.get(text__startswith="Our cooperation")
    assert not other.mentions.exists() and not other.topics.exists()
    # The topics are in the statement's history, with the import's reason.
    assert set(statement.history.values_list("history_change_reason", flat=True)) == {f"Imported from {URL}"}


def test_an_unknown_code_in_a_mention_slot_is_a_form_error_and_saves_nothing(editor, nebenzya, topics):
    review = paste(editor)
    row = prefix(quote_row(review, "completely false"))

    response = editor.post("/editor/import/save/", review_data(review, **{f"{row}-about_2": "Narnia"}))

    assert response.status_code == 400
    assert "No country or organisation has the code &#x27;Narnia&#x27;." in response.content.decode()
    assert not Statement.objects.exists()


def test_a_forged_relation_is_a_form_error(editor, nebenzya, topics):
    review = paste(editor)
    row = prefix(quote_row(review, "completely false"))

    response = editor.post(
        "/editor/import/save/", review_data(review, **{f"{row}-about_1": "RUS", f"{row}-relation_1": "invades"})
    )

    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_a_relation_without_a_party_is_ignored(editor, nebenzya, topics):
    review = paste(editor)
    row = prefix(quote_row(review, "completely false"))

    response = editor.post("/editor/import/save/", review_data(review, **{f"{row}-relation_1": "accuses"}))

    assert response.status_code == 302
    assert not Mention.objects.exists()


def test_the_service_refuses_an_unknown_topic_or_relation_and_saves_nothing(topics):
    text = 'The envoy said: "completely false."'
    for choice, message in [
        (importing.Choice(start=17, end=33, topics=(999_999,)), "Unknown topic id: 999999."),
        (importing.Choice(start=17, end=33, mentions=(("USA", "invades"),)), "Unknown relation 'invades'."),
    ]:
        with pytest.raises(importing.ArticleError, match=message):
            importing.import_article(text, published_on="2024-06-28", choices=[choice])
    assert not Statement.objects.exists()


def test_the_service_saves_a_party_named_twice_with_one_relation_once(topics):
    text = 'The envoy said: "completely false."'
    choice = importing.Choice(
        start=17, end=33, mentions=(("USA", "rejects"), ("usa", "rejects")), topics=(topics[1].pk,)
    )

    result = importing.import_article(text, published_on="2024-06-28", choices=[choice])

    (statement,) = result.created
    assert list(statement.mentions.values_list("party__code", "relation")) == [("USA", "rejects")]
    assert list(statement.topics.values_list("slug", flat=True)) == ["sanctions"]
