import pytest

from tests.factories import DraftFactory, StatementFactory, VoteFactory, country
from tests.test_meeting_page import hostile_record, official_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return official_record()


def test_it_shows_the_symbol_subject_and_sponsors(client, record):
    response = client.get("/drafts/S/2024/255/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>S/2024/255</h1>" in html
    assert "Ceasefire in the Middle East" in html
    assert 'Sponsors</dt><dd><a href="/countries/USA/">United States</a>' in html
    assert "<title>Draft resolution S/2024/255 · Diplomatic statements</title>" in html


def test_it_shows_each_vote_with_its_meeting_outcome_and_counts(client, record):
    html = client.get("/drafts/S/2024/255/").content.decode()
    meeting = record["meeting"]
    assert f'href="/meetings/{meeting.pk}/"' in html
    assert "28 June 2024" in html
    assert "Not adopted: negative vote of a permanent member" in html
    assert "12 in favour, 1 against, 2 abstentions" in html


def test_it_marks_the_veto_in_the_ballot_table(client, record):
    html = client.get("/drafts/S/2024/255/").content.decode()
    assert "<caption" in html and '<th scope="col">Member</th>' in html
    assert '<span class="ballot ballot--against">Against</span> <strong class="veto">Veto</strong>' in html
    assert 'Vetoed by</dt><dd><a href="/countries/RUS/">Russia</a>' in html


def test_an_adopted_draft_shows_its_resolution(client):
    vote = VoteFactory(draft=DraftFactory(symbol="S/2024/400"), outcome="adopted", resolution="2730 (2024)")
    html = client.get("/drafts/S/2024/400/").content.decode()
    assert "Resolution</dt><dd>2730 (2024)</dd>" in html
    assert vote.get_outcome_display() in html


def test_it_links_the_speeches_of_the_meeting_where_it_was_voted(client, record):
    StatementFactory(text="A news quote, not a speech.", meeting=record["meeting"], sequence=None)
    html = client.get("/drafts/S/2024/255/").content.decode()
    said = html.split('id="speeches-heading"')[1].split("</section>")[0]
    for speech in record["speeches"]:
        assert f'href="/statements/{speech.pk}/"' in said
        assert speech.label in said
    assert "A news quote" not in said


def test_a_draft_never_voted_says_so(client):
    DraftFactory(symbol="S/2025/1")
    html = client.get("/drafts/S/2025/1/").content.decode()
    assert "No vote on this draft is recorded." in html
    assert "Not recorded" in html


def test_it_answers_404_for_an_unknown_draft(client):
    assert client.get("/drafts/S/1999/1/").status_code == 404


def test_it_escapes_user_text(client):
    draft = DraftFactory(symbol="S/2024/9", subject="<script>alert(1)</script>")
    draft.sponsors.add(country("FRA"))
    html = client.get("/drafts/S/2024/9/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("speeches", [2, 15])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, speeches):
    official_record(speeches=speeches)
    # 1 the draft, 2 its sponsors, 3 its votes with meetings and bodies, 4 their ballots with
    # parties and vetoes, 5 the speeches of those meetings with speakers and parties.
    with django_assert_num_queries(5):
        response = client.get("/drafts/S/2024/255/")
    assert response.status_code == 200
    assert len(response.context["speeches"]) == speeches


def test_every_name_is_isolated(client):
    from tests.test_bidi_isolation import check

    hostile_record()
    check(client.get("/drafts/S/2024/255/"))
