"""The editors' import of an official record: /editor/records/import/ (upload, then review) and
/editor/records/import/save/ (save).

RECORD below is a unit-test fixture written for these tests in the layout of a verbatim record:
its meeting, symbol, draft and words are made up, and it is not a real record.
"""

import datetime
import re
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client

from statements.editor.forms import RECORD_TOKEN_SALT, RecordForm
from statements.editor.records import import_record, read_record
from statements.editor.views import record_review_context
from statements.models import Ballot, Delegate, Meeting, Participant, RecordCheck, Source, Statement, Vote
from tests.factories import (
    BodyFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    StatementFactory,
    country,
    editor_user,
)
from tests.record_pdfs import build_record_pdf, encrypted_pdf, scanned_pdf, truncated_pdf

pytestmark = pytest.mark.django_db

URL = "/editor/records/import/"
SAVE_URL = "/editor/records/import/save/"
MEGABYTE = 1024 * 1024

MEMBERS = [
    ("Algeria", "Mr. Alpha"),
    ("China", "Mr. Beta"),
    ("Ecuador", "Mr. Gamma"),
    ("France", "Mr. Delta"),
    ("Japan", "Mr. Epsilon"),
    ("Malta", "Mrs. Zeta"),
    ("Mozambique", "Mr. Eta"),
    ("Republic of Korea", "Mr. Theta"),
    ("Russian Federation", "Mr. Nebenzia"),
    ("Sierra Leone", "Mr. Iota"),
    ("Slovenia", "Mr. Kappa"),
    ("Switzerland", "Mrs. Lambda"),
    ("United Kingdom of Great Britain and Northern Ireland", "Dame Mu"),
    ("United States of America", "Mrs. Nu"),
]
IN_FAVOUR = [name for name, _ in MEMBERS if name != "Russian Federation"] + ["Guyana"]

FRONT_PAGE = "\n".join(
    [
        "United Nations S/PV.9999",
        "Security Council",
        "Seventy-ninth year",
        "9999th meeting",
        "Friday, 28 June 2024, 10 a.m.",
        "New York",
        "President: Mr. Omicron . . . . . . . . . . . . . . (Guyana)",
        "Members: " + "\n".join(f"{party} . . . . . . . . . . . . {name}" for party, name in MEMBERS),
        "Agenda",
        "Maintenance of international peace and security",
    ]
)


def record_text(
    *,
    in_favour=IN_FAVOUR,
    announced="14 votes in favour, none against and 1 abstention",
    nebenzia="We abstained because the text ignores our concerns.",
    extra="",
):
    """The fixture's text, with parts changed for a test."""
    return f"""{FRONT_PAGE}
The meeting was called to order at 10.05 a.m.
Adoption of the agenda
The agenda was adopted.
Maintenance of international peace and security
The President: The Council will now take a decision on the draft resolution before it, contained in document S/2024/999. I shall put the draft resolution to the vote now.
A vote was taken by show of hands.
In favour:
{", ".join(in_favour)}
Against:
None
Abstaining:
Russian Federation
The President: The draft resolution received {announced}. The draft resolution has been adopted as resolution 9999 (2024).
Mr. Nebenzia (Russian Federation) (spoke in Russian): {nebenzia}
Mrs. Nu (United States of America): We welcome the adoption of this resolution.
{extra}The meeting rose at 11.20 a.m.
"""  # noqa: E501


RECORD = record_text()
LABELS = [
    "The President",
    "The President",
    "Mr. Nebenzia (Russian Federation) (spoke in Russian)",
    "Mrs. Nu (United States of America)",
]

# A unit-test fixture in the layout of a meetings-coverage press release; made up, like RECORD.
PRESS_RELEASE = """SC/99999
28 June 2024
9999th Meeting (AM)
Security Council Adopts Resolution on an Imaginary Question, by 14 Votes in Favour to None Against, with 1 Abstention
The Security Council today adopted resolution 9999 (2024), extending the mandate of an imaginary mission for one year.
Speaking after the vote, the representative of the Russian Federation said his delegation had abstained because the text ignored its concerns.
The representative of France said the resolution was a step forward.
"""  # noqa: E501

RESOLUTION = """United Nations S/RES/9999 (2024)
Security Council
Resolution 9999 (2024)
Adopted by the Security Council at its 9999th meeting, on 28 June 2024
The Security Council,
1. Decides to remain seized of the matter.
"""
LETTER = """United Nations S/2024/998
Security Council
Letter dated 27 June 2024 from the Permanent Representative of Malta to the United Nations addressed to the President of the Security Council
I have the honour to request a meeting of the Council.
"""  # noqa: E501
FRENCH = """Nations Unies S/PV.9999
Conseil de sécurité
9999e séance
Vendredi 28 juin 2024, à 10 heures
Président : M. Omicron . . . . . . . . . . (Guyana)
La séance est ouverte à 10 h 5.
L'ordre du jour est adopté.
Le Président : Le Conseil de sécurité va maintenant se prononcer sur le projet de résolution.
La séance est levée à 11 h 20.
"""


@pytest.fixture
def editor(client, db):
    client.force_login(editor_user())
    return client


def text_file(text=RECORD, name="S_PV.9999.txt"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/plain")


def pdf_file(data, name="S_PV.9999.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def upload(client, file=None, **fields):
    return client.post(URL, {"file": file or text_file(), "url": "", **fields})


def paste(client, text=RECORD, **fields):
    return client.post(URL, {"text": text, "url": "", **fields})


def token_of(review):
    """The token as the review page's form sends it."""
    match = re.search(rb'<input type="hidden" name="token" value="([^"]+)"', review.content)
    assert match, "the review page has no Save form"
    return match.group(1).decode()


def save(client, review):
    return client.post(SAVE_URL, {"token": token_of(review)})


def archive_rows():
    """How many rows the import writes to, model by model."""
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Source, Statement, Participant, Vote, Ballot, Delegate, RecordCheck)
    }


def form_errors(response):
    """Every error the upload page shows: the form's, and the one given as `error`."""
    errors = [message for messages in response.context["form"].errors.values() for message in messages]
    if response.context.get("error"):
        errors.append(response.context["error"])
    return errors


def turn_labels(response):
    return [row["turn"].label for row in response.context["turns"]]


class TestAccess:
    def test_anonymous_visitors_are_sent_to_the_login_page(self, client):
        response = client.get(URL)

        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=/editor/records/import/"

    def test_users_who_are_not_editors_are_refused(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("reader"))
        before = archive_rows()

        assert client.get(URL).status_code == 403
        assert paste(client).status_code == 403
        assert client.post(SAVE_URL, {"token": "x"}).status_code == 403
        assert archive_rows() == before

    def test_anonymous_visitors_cannot_save(self, client, editor_user_review):
        client.logout()
        before = archive_rows()

        response = client.post(SAVE_URL, {"token": editor_user_review})

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert archive_rows() == before

    def test_the_save_address_only_takes_posts(self, editor):
        assert editor.get(SAVE_URL).status_code == 405

    def test_a_post_without_the_csrf_token_is_refused(self, db):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor_user())
        before = archive_rows()

        assert paste(client).status_code == 403
        assert client.post(SAVE_URL, {"token": "x"}).status_code == 403
        assert archive_rows() == before

    def test_posts_with_the_csrf_token_are_reviewed_and_saved(self, db):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor_user())
        page = client.get(URL)
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()

        review = paste(client, csrfmiddlewaretoken=csrf)
        response = client.post(SAVE_URL, {"token": token_of(review), "csrfmiddlewaretoken": csrf})

        assert review.status_code == 200
        assert turn_labels(review) == LABELS
        assert response.status_code == 302
        assert Meeting.objects.filter(record_symbol="S/PV.9999").exists()


@pytest.fixture
def editor_user_review(editor):
    """A token from a review, taken while signed in as the editor."""
    return token_of(upload(editor))


class TestUploadPage:
    def test_it_is_a_multipart_form_where_every_field_has_a_label(self, editor):
        response = editor.get(URL)

        assert response.status_code == 200
        assert b'enctype="multipart/form-data"' in response.content
        assert b'action="/editor/records/import/"' in response.content
        for field in response.context["form"]:
            assert f'<label for="{field.id_for_label}">'.encode() in response.content

    def test_it_links_to_the_article_import(self, editor):
        assert b'href="/editor/import/"' in editor.get(URL).content


class TestReviewPage:
    def test_an_uploaded_text_file_shows_the_front_page_and_every_turn_in_order(self, editor):
        before = archive_rows()

        response = upload(editor)

        assert response.status_code == 200
        front = response.context["front"]
        assert (front["symbol"], front["number"], front["date"]) == ("S/PV.9999", 9999, datetime.date(2024, 6, 28))
        assert (front["called_to_order"], front["adjourned"]) == ("10:05", "11:20")
        assert (front["president"], front["presiding"]) == ("Mr. Omicron", "Guyana")
        assert turn_labels(response) == LABELS
        assert b"This creates a new meeting in the archive." in response.content
        assert b"Mr. Nebenzia (Russian Federation) (spoke in Russian)" in response.content
        assert b"spoke in Russian" in response.content
        assert archive_rows() == before

    def test_pasted_text_is_reviewed_like_a_file(self, editor):
        response = paste(editor)

        assert response.status_code == 200
        assert turn_labels(response) == LABELS

    def test_a_pdf_of_the_record_is_reviewed_like_its_text(self, editor):
        response = upload(editor, pdf_file(build_record_pdf(RECORD, symbol="S/PV.9999")))

        assert response.status_code == 200, form_errors(response)
        assert response.context["front"]["symbol"] == "S/PV.9999"
        assert turn_labels(response) == LABELS

    def test_a_press_release_shows_its_paragraphs_and_the_meeting_it_covers(self, editor):
        response = upload(editor, text_file(PRESS_RELEASE, name="SC-99999.txt"))

        assert response.status_code == 200, form_errors(response)
        front = response.context["front"]
        assert (front["symbol"], front["record_symbol"], front["number"]) == ("SC/99999", "S/PV.9999", 9999)
        assert [row["turn"].party_name for row in response.context["turns"]] == ["Russia", "France"]
        assert b"2 paragraphs, in order" in response.content
        [vote] = response.context["votes"]
        assert (vote["outcome"], vote["resolution"], vote["counts"]) == (
            "Adopted",
            "9999 (2024)",
            {"in_favour": 14, "against": 0, "abstaining": 1},
        )

    def test_it_lists_the_members_with_their_representatives(self, editor):
        response = upload(editor)

        participants = response.context["participants"]
        assert {"role": "President", "party": "Guyana", "name": "Mr. Omicron"} in participants
        assert {"role": "Council member", "party": "Russia", "name": "Mr. Nebenzia"} in participants
        assert len([row for row in participants if row["role"] == "Council member"]) == 14

    def test_speakers_the_archive_lacks_are_marked_new(self, editor):
        response = upload(editor)

        assert all(row["new_speaker"] for row in response.context["turns"])
        assert response.content.count("new — will be created".encode()) == 4

    def test_a_known_speaker_is_linked_and_not_marked_new(self, editor):
        nebenzia = DelegateFactory(full_name="Vassily Nebenzia", sort_name="Nebenzia, Vassily")
        PositionFactory(delegate=nebenzia, party=country("RUS"))

        response = upload(editor)

        row = response.context["turns"][2]
        assert (row["turn"].speaker_id, row["new_speaker"]) == (nebenzia.pk, False)
        assert f'<a href="/delegates/{nebenzia.pk}/">Vassily Nebenzia</a>'.encode() in response.content

    def test_it_shows_the_vote_with_its_ballots_and_resolution(self, editor):
        response = upload(editor)

        [vote] = response.context["votes"]
        assert (vote["draft"], vote["outcome"], vote["resolution"]) == ("S/2024/999", "Adopted", "9999 (2024)")
        ballots = {ballot["choice"]: ballot["parties"] for ballot in vote["ballots"]}
        assert len(ballots["In favour"]) == 14
        assert ballots["Abstention"] == ["Russia"]
        assert "Against" not in ballots
        assert b"Draft S/2024/999: Adopted, resolution 9999 (2024)" in response.content

    def test_a_clean_record_has_no_warnings(self, editor):
        response = upload(editor)

        assert response.context["result"].warnings == []
        assert b'id="warnings-heading"' not in response.content

    def test_ballots_that_do_not_add_up_to_the_members_present_are_a_warning(self, editor):
        response = upload(editor, text_file(record_text(in_favour=IN_FAVOUR[1:])))

        assert response.status_code == 200
        warnings = response.context["result"].warnings
        assert "Vote on S/2024/999: 14 ballots for 15 members present" in warnings
        assert b'id="warnings-heading"' in response.content

    def test_counts_that_disagree_with_the_lists_are_a_warning(self, editor):
        response = upload(editor, text_file(record_text(announced="13 votes in favour, none against and 1 abstention")))

        warnings = response.context["result"].warnings
        assert any("the announced result (13-0-1) disagrees with the lists (14-0-1)" in warning for warning in warnings)

    def test_a_speaker_without_a_party_is_a_warning(self, editor):
        response = upload(editor, text_file(record_text(extra="Mr. Nobody: I was not invited.\n")))

        warnings = response.context["result"].warnings
        assert any(warning.startswith("Mr. Nobody") for warning in warnings), warnings
        assert b"Mr. Nobody" in response.content

    def test_it_shows_the_news_quotes_a_save_would_check(self, editor):
        meeting = MeetingFactory(body=BodyFactory(), date=datetime.date(2024, 6, 28), title="")
        nebenzia = DelegateFactory(full_name="Vassily Nebenzia")
        PositionFactory(delegate=nebenzia, party=country("RUS"))
        quote = StatementFactory(
            meeting=meeting, speaker=nebenzia, party=country("RUS"), text="the text ignores our concerns"
        )

        response = upload(editor)

        [check] = response.context["checks"]
        assert (check["quote"], check["result"]) == (quote, "Matches the record")
        assert f'href="/statements/{quote.pk}/"'.encode() in response.content
        assert f'<a href="/meetings/{meeting.pk}/">'.encode() in response.content
        assert not RecordCheck.objects.exists()

    def test_it_escapes_html_in_the_record(self, editor):
        response = upload(editor, text_file(record_text(nebenzia='We say <script>alert("owned")</script> & more.')))

        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert b"&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in response.content

    def test_a_long_speech_folds_after_its_opening(self, editor):
        long = "We abstained. " + "The text ignores our concerns. " * 30

        response = upload(editor, text_file(record_text(nebenzia=long)))

        row = response.context["turns"][2]
        assert row["folds"] and len(row["opening"]) == 300
        assert b"<details><summary>We abstained." in response.content


def test_the_review_reads_names_and_checked_quotes_in_a_fixed_number_of_queries(editor, django_assert_num_queries):
    meeting = MeetingFactory(body=BodyFactory(), date=datetime.date(2024, 6, 28), title="")
    for text in ("the text ignores our concerns", "We welcome the adoption", "Nothing like it was said"):
        StatementFactory(meeting=meeting, party=country("RUS"), text=text)
    record = read_record(RECORD.encode())
    result = import_record(record, dry_run=True)

    # 1. the parties named, 2. which speakers exist, 3. the checked quotes with speakers and
    # parties, 4. the meeting's body (its name, in the link to it)
    with django_assert_num_queries(4):
        context = record_review_context(record, result)
        render_to_string("statements/editor/record_review.html", context)

    assert len(context["checks"]) == 3


class TestSaving:
    def test_saving_creates_the_meeting_with_its_speeches_and_votes(self, editor):
        review = upload(editor, url="https://documents.un.org/S/PV.9999")

        response = save(editor, review)

        meeting = Meeting.objects.get(record_symbol="S/PV.9999")
        assert response.status_code == 302
        assert response["Location"] == f"/meetings/{meeting.pk}/"
        assert (meeting.number, meeting.date, meeting.called_to_order, meeting.adjourned) == (
            9999,
            datetime.date(2024, 6, 28),
            datetime.time(10, 5),
            datetime.time(11, 20),
        )
        assert meeting.presiding_party == country("GUY")
        speeches = list(meeting.statements.order_by("sequence"))
        assert [speech.label for speech in speeches] == LABELS
        assert {speech.kind for speech in speeches} == {Statement.Kind.SPEECH}
        assert (speeches[2].party, speeches[2].spoken_language) == (country("RUS"), "ru")
        vote = meeting.votes.get()
        assert (vote.draft.symbol, vote.outcome, vote.resolution) == ("S/2024/999", "adopted", "9999 (2024)")
        assert vote.ballots.filter(choice=Ballot.Choice.ABSTENTION).get().party == country("RUS")
        assert meeting.participants.count() == 15
        assert Source.objects.get(symbol="S/PV.9999").url == "https://documents.un.org/S/PV.9999"

    def test_the_message_says_what_was_saved(self, editor):
        response = save(editor, upload(editor))

        [message] = [str(message) for message in get_messages(response.wsgi_request)]
        assert message.startswith("Saved S/PV.9999: meeting created; created ")
        assert "4 statement" in message

    def test_saving_the_same_record_again_changes_nothing(self, editor):
        save(editor, upload(editor))
        before = archive_rows()

        review = upload(editor)
        response = save(editor, review)

        assert b"Saving changes nothing" in review.content
        assert archive_rows() == before
        [message] = [str(message) for message in get_messages(response.wsgi_request)][-1:]
        assert message.endswith("nothing changed.")

    def test_a_record_already_imported_with_another_text_is_a_warning_and_saving_updates_it(self, editor):
        save(editor, upload(editor))
        corrected = record_text(nebenzia="We abstained because the text ignores our legitimate concerns.")

        review = upload(editor, text_file(corrected))

        assert review.status_code == 200
        assert any("already in the archive with a different text" in w for w in review.context["result"].warnings)
        save(editor, review)
        speech = Statement.objects.get(label__startswith="Mr. Nebenzia")
        assert speech.text == "We abstained because the text ignores our legitimate concerns."
        assert Meeting.objects.count() == 1

    def test_a_merge_into_a_meeting_of_the_archive_is_shown_and_saved_into_it(self, editor):
        meeting = MeetingFactory(body=BodyFactory(), date=datetime.date(2024, 6, 28), title="Non-proliferation")

        review = upload(editor)
        save(editor, review)

        assert b"This merges into the archive's meeting" in review.content
        assert f'<a href="/meetings/{meeting.pk}/">'.encode() in review.content
        meeting.refresh_from_db()
        assert (Meeting.objects.count(), meeting.record_symbol) == (1, "S/PV.9999")

    def test_a_tampered_token_is_refused_and_nothing_is_saved(self, editor):
        token = token_of(upload(editor))
        payload, signature = token.rsplit(":", 1)
        before = archive_rows()

        response = editor.post(SAVE_URL, {"token": f"{payload}:{signature[::-1]}"})

        assert response.status_code == 400
        assert "The review page's form was altered" in form_errors(response)[0]
        assert archive_rows() == before

    def test_a_token_signed_for_another_purpose_is_refused(self, editor):
        forged = signing.dumps({"text": RECORD, "url": "", "name": ""}, compress=True)
        before = archive_rows()

        response = editor.post(SAVE_URL, {"token": forged})

        assert response.status_code == 400
        assert archive_rows() == before

    def test_a_token_more_than_a_day_old_is_refused(self, editor):
        with mock.patch("django.core.signing.time.time", return_value=1_700_000_000):
            token = signing.dumps({"text": RECORD, "url": "", "name": ""}, salt=RECORD_TOKEN_SALT, compress=True)
        before = archive_rows()

        response = editor.post(SAVE_URL, {"token": token})

        assert response.status_code == 400
        assert "more than a day old" in form_errors(response)[0]
        assert archive_rows() == before

    def test_a_token_over_djangos_limit_on_form_data_gets_a_message(self, db):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor_user())
        page = client.get(URL)
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()

        # Form-encoded, as the review page's form sends it.
        response = client.post(
            SAVE_URL,
            urlencode({"token": "x" * (3 * MEGABYTE), "csrfmiddlewaretoken": csrf}),
            content_type="application/x-www-form-urlencoded",
        )

        assert response.status_code == 400
        assert b"The record is too long to be saved from the review page" in response.content
        assert not Meeting.objects.exists()

    def test_a_missing_token_is_refused(self, editor):
        response = editor.post(SAVE_URL, {})

        assert response.status_code == 400
        assert form_errors(response) == ["This field is required."]
        assert not Meeting.objects.exists()


class TestBadInput:
    @pytest.mark.parametrize(
        "fields, message",
        [
            ({}, "Upload the record's PDF or text file, or paste its text."),
            ({"text": "  \n "}, "Upload the record's PDF or text file, or paste its text."),
            ({"text": RECORD, "file": "record"}, "Upload a file or paste the text, not both."),
            ({"text": RECORD, "url": "not a url"}, "Enter a valid URL."),
            ({"text": RESOLUTION}, "This is Security Council resolution 9999 (2024), not a meeting record."),
            ({"text": LETTER}, "This is a letter to the Council, not a meeting record."),
            ({"text": FRENCH}, "The text is in French, not English: only English records can be read."),
            ({"text": "Eggs, milk, bread."}, "not a Security Council record."),
            ({"file": b""}, "The submitted file is empty."),
            ({"file": b"\xff\xfe\x00 not text"}, "S_PV.9999.txt: not UTF-8 text (byte 0)"),
            ({"file": "scanned"}, "The PDF has no text layer (a scanned image?); OCR it first or paste the text."),
            ({"file": "encrypted"}, "The PDF is encrypted; upload a copy without a password."),
            ({"file": "truncated"}, "The PDF is truncated (its end is missing); download it again."),
        ],
    )
    def test_it_gets_one_clear_error_and_nothing_is_saved(self, editor, fields, message):
        files = {
            "record": lambda: text_file(),
            "scanned": lambda: pdf_file(scanned_pdf()),
            "encrypted": lambda: pdf_file(encrypted_pdf()),
            "truncated": lambda: pdf_file(truncated_pdf(build_record_pdf(RECORD, symbol="S/PV.9999"))),
        }
        if "file" in fields:
            file = fields["file"]
            fields = {**fields, "file": files[file]() if isinstance(file, str) else text_file(file)}
        before = archive_rows()

        response = editor.post(URL, fields)

        assert response.status_code == 400
        [error] = form_errors(response)
        assert message in error
        assert archive_rows() == before

    def test_a_record_without_a_date_cannot_be_placed(self, editor):
        undated = RECORD.replace("Friday, 28 June 2024, 10 a.m.\n", "")

        response = paste(editor, undated)

        assert response.status_code == 400
        assert any("date" in error for error in form_errors(response)), form_errors(response)
        assert not Meeting.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, editor):
        big = text_file(RECORD.encode() + b" " * (20 * MEGABYTE))

        response = upload(editor, big)

        assert response.status_code == 400
        assert form_errors(response) == [
            "The file is too large: 20.0 MB; the limit is 20 MB (a long verbatim record is about 2 MB)."
        ]
        assert not Meeting.objects.exists()

    def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(self, editor):
        with mock.patch.object(RecordForm, "clean", side_effect=AssertionError("the form was read")):
            response = upload(editor, text_file(b" " * (25 * MEGABYTE)))

        assert response.status_code == 400
        assert b"The upload is too large: 25.0 MB; the limit is 20 MB" in response.content
        assert not Meeting.objects.exists()

    def test_a_paste_over_djangos_limit_on_form_data_gets_a_message(self, db):
        # With the CSRF check on, as in production: it reads the form first.
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor_user())
        page = client.get(URL)
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()

        response = paste(client, RECORD + " " * (3 * MEGABYTE), csrfmiddlewaretoken=csrf)

        assert response.status_code == 400
        assert b"The pasted text is too long: paste at most 2.5 MB, or upload the record as a file" in response.content
        assert not Meeting.objects.exists()
