"""amity serve through Starlette's test client: every page, the interview end to end, the quiz, uploads good
and bad, and what keeps the server sound (CSRF and same-origin refusals, body limit, no path outside the
scenarios folder, escaping, isolated sessions)."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest
import yaml
from amity.engine import plain
from amity.engine.interview import Consultation
from amity.engine.scenarios import SCENARIO_DIR, load_scenario, mark
from amity.web.app import create_app
from starlette.testclient import TestClient

from tests.conftest import ROOT

pytest.importorskip("starlette")

BASE = "http://testserver"


@pytest.fixture(scope="module")
def app():
    return create_app("core")


def client(app) -> TestClient:
    return TestClient(app, base_url=BASE, raise_server_exceptions=True)


def token(c: TestClient, page: str = "/interview") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(page).text)
    assert found, "every page with a form carries a CSRF token"
    return found.group(1)


def refused(r) -> bool:  # type: ignore[no-untyped-def]
    """Whether an interview's post was refused as a browser sees it: redirected (303) to /interview, got, which
    says why (a problem or a notice); a reload gets it again and posts nothing (it was the answer to the post,
    at /interview/answer: a reload posted again, and the address opened anew was no page)."""
    return [h.status_code for h in r.history] == [303] and r.request.method == "GET" and r.url.path == "/interview"


def not_marked(r) -> bool:  # type: ignore[no-untyped-def]
    """Whether a quiz's post was refused as a browser sees it: redirected (303) to a page of its own, got, which
    shows the answers as posted and the problems; a reload gets it again and posts nothing."""
    return (
        [h.status_code for h in r.history] == [303]
        and r.request.method == "GET"
        and r.url.path.endswith("/not-marked")
        and r.status_code == 200
        and "Your answers were not marked." in r.text
        and 'class="problems"' in r.text
    )


def field_asked(html: str) -> str | None:
    found = re.search(r'name="field" value="([^"]+)"', html)
    return found.group(1) if found else None


def start(c: TestClient, parties: str = "USA IND", label: str = "") -> str:
    tok = token(c)
    r = c.post("/interview/start", data={"csrf": tok, "parties": parties, "declared_label": label})
    assert r.status_code == 200 and r.url.path == "/interview"
    return tok


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("page", ["/", "/interview", "/quiz", "/quiz/eu-china-2023", "/assess", "/static/amity.css"])
def test_every_page_answers(app, page):
    r = client(app).get(page)
    assert r.status_code == 200
    if page != "/static/amity.css":
        assert '<meta name="viewport"' in r.text and 'href="/static/amity.css"' in r.text
        assert "http://" not in r.text.replace(BASE, "") and "https://" not in r.text, "no asset from the network"


def test_unknown_pages_are_404_pages_not_tracebacks(app):
    c = client(app)
    for page in ("/nope", "/interview/secret.txt", "/quiz/no-such-scenario", "/quiz/no-such/transcript.json"):
        r = c.get(page)
        assert r.status_code == 404, page
        assert "Traceback" not in r.text and "<h1>404</h1>" in r.text


# --------------------------------------------------------------------------- the interview


def test_interview_from_start_to_assessment_with_why_and_back(app, assessor):
    c = client(app)
    assert 'action="/interview/start"' in c.get("/interview").text
    tok = start(c, "usa ind", "Comprehensive Global Strategic Partnership")
    page = c.get("/interview").text
    first = field_asked(page)
    assert first is not None
    assert "Why does amity ask this?" in page and "What each answer would lead to" in page
    assert 'class="level possible"' in page, "the hierarchy shows the possible levels"
    # the question the library asks first is the one the page asks
    assert first == Consultation(assessor, {"parties": ["USA", "IND"]}).next_question().field

    r = c.post("/interview/answer", data={"csrf": tok, "field": first, "action": "unknown"})
    second = field_asked(r.text)
    assert second != first and "Your answers" in r.text
    r = c.post("/interview/back", data={"csrf": tok})
    assert field_asked(r.text) == first, "back asks the undone question again"
    assert c.get("/interview").text.count("<li>") >= 1

    asked = []
    while (f := field_asked(c.get("/interview").text)) is not None:
        asked.append(f)
        assert len(asked) < 40
        c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "unknown"})
    end = c.get("/interview").text
    assert "The interview is over" in end and 'id="level"' in end
    assert "How amity got there" in end
    profile = yaml.safe_load(c.get("/interview/profile.yaml").text)
    assert profile["parties"] == ["USA", "IND"] and set(asked) <= set(profile)
    transcript = c.get("/interview/transcript.json")
    assert transcript.headers["content-disposition"].startswith("attachment;")
    data = json.loads(transcript.text)
    assert data["kind"] == "interview" and [q["field"] for q in data["questions"]] == asked
    assert data["finished"] is True


def test_interview_answers_from_a_profile_reach_the_assessment_of_that_profile(app, assessor):
    """Answering every question as examples/us-india.yaml says gives the report `amity assess` gives."""
    profile = yaml.safe_load((ROOT / "examples" / "us-india.yaml").read_text())
    expected = assessor.assess(profile)
    c = client(app)
    tok = start(c, " ".join(profile["parties"]), profile.get("declared_label", ""))
    while (f := field_asked(c.get("/interview").text)) is not None:
        value = profile.get(f)
        data: dict = {"csrf": tok, "field": f, "action": "answer" if value is not None else "unknown"}
        if isinstance(value, list):
            data["item"] = value or []
        elif isinstance(value, bool):
            data["answer"] = "yes" if value else "no"
        elif value is not None:
            data["answer"] = str(value)
        r = c.post("/interview/answer", data=data)
        assert r.status_code == 200, r.text
    end = c.get("/interview").text
    level = re.search(r'<dd id="level">(.*?)</dd>', end, re.S).group(1)
    assert expected.level.value is not None
    assert (
        level.strip()
        == {
            "none": "none (no framework)",
            "partnership": "partnership",
            "strategic_partnership": "strategic partnership",
            "comprehensive_strategic_partnership": "comprehensive strategic partnership",
            "comprehensive_strategic_partnership_of_coordination": "comprehensive strategic partnership of coordination",
            "alliance": "alliance",
        }[expected.level.value]
    )
    assert "<svg" in end and 'class="output"' in end, "the derivation diagram is drawn"
    assert "How amity got there" in end and end.count("<li>because ") >= 1, "the trace as a tree"
    if expected.level.value != "alliance":
        assert re.search(r'<h3 id="whynot-title">Why not .+\?</h3>', end), "why-not for the next level up"


def test_a_bad_answer_is_refused_located_and_changes_nothing(app):
    c = client(app)
    tok = start(c)
    page = c.get("/interview").text
    f = field_asked(page)
    r = c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer", "answer": "<i>bogus</i>"})
    assert refused(r)
    said = problems_of(r.text)
    assert said.startswith(f"{plain.field_title(f).capitalize()}:"), said  # by the question's title, not /legal_basis
    assert "&lt;i&gt;bogus&lt;/i&gt;" in r.text and "<i>bogus</i>" not in r.text
    assert field_asked(r.text) == f and "Nothing answered yet." in r.text
    r = c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer"})
    assert refused(r) and "no answer was given" in r.text


def test_bad_parties_are_refused_with_the_reason(app):
    c = client(app)
    tok = token(c)
    r = c.post("/interview/start", data={"csrf": tok, "parties": "USA", "declared_label": ""})
    assert refused(r) and 'class="problems"' in r.text
    assert 'action="/interview/start"' in r.text
    # as a form says it: the field's label and what to type, as the terminal advises; no '<input>: /parties'
    said = problems_of(r.text)
    assert said == "Parties: expected exactly 2 party codes, got 1 (give two different codes in capitals, e.g. USA IND)"
    assert "&lt;input&gt;" not in r.text and "/parties" not in said


# --------------------------------------------------------------------------- words for a form


def problems_of(html: str) -> str:
    """The problems a page lists, as text (one line each, joined by ' | ')."""
    found = re.search(r'<section class="problems".*?<ul>(.*?)</ul>', html, re.S)
    assert found, "the page lists problems"
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return " | ".join(" ".join(re.sub(r"<[^>]+>", "", i).split()).replace("&#39;", "'") for i in items)


def test_a_choice_question_asks_for_a_choice_not_a_number_from_a_list(app):
    c = client(app)
    tok = start(c)
    page = c.get("/interview").text
    assert field_asked(page) == "legal_basis" and 'type="radio"' in page
    assert "a number from the list" not in page and "Choose one of the answers, or press Unknown." in page
    r = c.post("/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer"})
    assert problems_of(r.text) == "Legal basis: no answer was given (choose one of the answers, or press Unknown)"
    r = c.post("/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer", "answer": "9"})
    said = problems_of(r.text)
    assert said.endswith("(choose one of the answers, or press Unknown)") and "1) ratified treaty" not in said


@pytest.mark.parametrize("typed", ["1,5", "two", "-5", "1234567890123456789"])
def test_a_typed_number_refused_is_told_to_press_unknown_the_page_s_button(app, typed):
    """A number refused on the page ended its advice '..., or unknown', the terminal's words for typing unknown
    there (found by a new trainee): the page's is a button, Unknown, and its advice names it."""
    c = client(app)
    tok = start(c)
    for _ in range(40):  # unknown until a number is asked
        page = c.get("/interview").text
        if 'inputmode="decimal"' in page:
            break
        c.post("/interview/answer", data={"csrf": tok, "field": field_asked(page), "action": "unknown"})
    f = field_asked(page)
    assert f is not None and 'inputmode="decimal"' in page
    r = c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer", "answer": typed})
    said = problems_of(r.text)
    assert refused(r) and said.endswith("or press Unknown)") and "or unknown" not in said, said


def test_a_long_bad_answer_is_cut_in_the_message(app):
    """A 100,000-character answer is not echoed whole: cut as schemas.describe cuts a value."""
    c = client(app)
    tok = start(c)
    long = "x" * 100_000
    r = c.post("/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer", "answer": long})
    assert refused(r)
    said = problems_of(r.text)
    assert "'" + "x" * 57 + "...'" in said and "x" * 58 not in said
    assert len(r.text) < 20_000


def test_the_interview_cites_the_seed_s_own_sections(app):
    c = client(app)
    tok = start(c)
    c.post(
        "/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer", "answer": "joint_statement"}
    )
    cited = re.findall(r"<small>\(seed: (.*?)\)</small>", c.get("/interview").text)
    assert cited and all("Alignment" not in x and x.split(",")[0] in SEED_LINES for x in cited), cited


SEED_LINES = set((ROOT / "rules" / "core" / "seed.txt").read_text(encoding="utf-8").splitlines())


def test_a_non_utf8_upload_is_located_as_the_command_line_locates_it(app, tmp_path):
    data = b'parties: [USA, IND]\nlegal_basis: joint_statement\ndeclared_label: "\xff\xfe bad"\n'
    (tmp_path / "bin.yaml").write_bytes(data)
    c = client(app)
    r = c.post("/assess", data={"csrf": token(c, "/assess")}, files={"file": ("bin.yaml", data, "text/plain")})
    assert r.status_code == 400
    from amity.cli.main import main
    from click.testing import CliRunner

    cli = CliRunner().invoke(main, ["assess", str(tmp_path / "bin.yaml")], catch_exceptions=False)
    line = next(x for x in cli.output.splitlines() if "not UTF-8" in x)
    assert line.startswith(f"error: {tmp_path / 'bin.yaml'}:3:18: not UTF-8 text:")
    said = problems_of(r.text)
    assert said == line.removeprefix("error: ").replace(str(tmp_path / "bin.yaml"), "bin.yaml"), (said, line)
    assert '<li value="3" class="bad" id="line-3">' in r.text


def test_a_bom_upload_reads_as_the_command_line_reads_it(app):
    c = client(app)
    body = b"\xef\xbb\xbfparties: [USA, IND]\nlegal_basis: joint_statement\n"
    r = c.post("/assess", data={"csrf": token(c, "/assess")}, files={"file": ("bom.yaml", body, "text/plain")})
    assert r.status_code == 200 and 'id="level"' in r.text


def test_a_stale_page_answers_nothing_and_says_so(app):
    """An answer posted for a question no longer asked (another tab moved on) is not recorded, and the
    page says why, over the current question."""
    c = client(app)
    tok = start(c)
    r = c.post("/interview/answer", data={"csrf": tok, "field": "not_the_question", "answer": "yes"})
    assert "Nothing answered yet." in r.text
    assert refused(r) and 'class="notice"' in r.text and "the page was out of date" in r.text
    first = field_asked(r.text)
    c.post("/interview/answer", data={"csrf": tok, "field": first, "action": "answer", "answer": "3"})
    now = field_asked(c.get("/interview").text)
    # the first question's page again (a second tab, or Back in the browser): its answer is not taken again
    r = c.post("/interview/answer", data={"csrf": tok, "field": first, "action": "answer", "answer": "1"})
    assert refused(r) and field_asked(r.text) == now
    assert "Nothing was recorded: legal basis was already answered (the page was out of date)." in r.text
    assert "Here is the current question." in r.text and "legal basis: joint statement" in r.text
    # the interview started again in another tab: the old page's answer goes nowhere, and the page says so
    c.post("/interview/reset", data={"csrf": tok, "confirm": "yes"})
    r = c.post("/interview/answer", data={"csrf": tok, "field": now, "action": "answer", "answer": "1"})
    assert refused(r) and "the interview was started again" in r.text
    assert 'action="/interview/start"' in r.text


def test_the_interview_survives_a_reload_and_sessions_are_isolated(app):
    a, b = client(app), client(app)
    tok_a = start(a, "FRA IND")
    f = field_asked(a.get("/interview").text)
    a.post("/interview/answer", data={"csrf": tok_a, "field": f, "action": "unknown"})
    again = a.get("/interview").text
    assert again == a.get("/interview").text, "a reload shows the same state"
    assert "FRA and IND" in again
    page_b = b.get("/interview").text
    assert "FRA" not in page_b and 'action="/interview/start"' in page_b
    # b's token does not work with a's cookie, nor a's token in b's session
    tok_b = token(b)
    assert tok_a != tok_b
    assert a.post("/interview/back", data={"csrf": tok_b}).status_code == 403
    assert b.post("/interview/reset", data={"csrf": tok_a}).status_code == 403
    assert "FRA and IND" in a.get("/interview").text


# --------------------------------------------------------------------------- CSRF and same origin


@pytest.mark.parametrize(
    "path",
    ["/interview/start", "/interview/answer", "/interview/back", "/interview/reset", "/assess", "/quiz/eu-china-2023"],
)
def test_posts_without_the_token_or_from_elsewhere_are_refused(app, path):
    c = client(app)
    tok = token(c)
    assert c.post(path, data={}).status_code == 403
    assert c.post(path, data={"csrf": "0" * 64}).status_code == 403
    r = c.post(path, data={"csrf": tok}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and "another site" in r.text
    fresh = client(app)  # no session cookie at all
    assert fresh.post(path, data={"csrf": tok}).status_code == 403
    # (409: an answer with no interview in progress, as from a page left over from before a restart)
    assert c.post(path, data={"csrf": tok}, headers={"origin": BASE}).status_code in (200, 303, 400, 409)


# --------------------------------------------------------------------------- assess


def test_assess_a_pasted_profile(app, assessor):
    c = client(app)
    text = (ROOT / "examples" / "us-japan.yaml").read_text()
    r = c.post("/assess", data={"csrf": token(c, "/assess"), "text": text})
    assert r.status_code == 200 and 'id="level"' in r.text and 'class="problems"' not in r.text
    assert "alliance" in re.search(r'<dd id="level">(.*?)</dd>', r.text, re.S).group(1)


def test_assess_an_uploaded_json_list(app):
    c = client(app)
    profiles = [yaml.safe_load((ROOT / "examples" / n).read_text()) for n in ("us-japan.yaml", "eu-china.yaml")]
    body = json.dumps(profiles).encode()
    r = c.post("/assess", data={"csrf": token(c, "/assess")}, files={"file": ("two.json", body, "application/json")})
    assert r.status_code == 200 and r.text.count('id="report-title"') == 2


@pytest.mark.parametrize(
    ("name", "body", "where", "message"),
    [
        ("bad.yaml", b"parties: [USA, IND]\nlevell: 3\n", "bad.yaml:2:1: /levell", "unknown field"),
        ("bad.yaml", b"parties: [USA, IND\nalliance: x\n", "bad.yaml:", "YAML"),
        ("bad.json", b'{"parties": ["USA", "IND"],\n "trade_share": "lots"}', "bad.json:2:", "/trade_share"),
        ("bad.json", b'{"parties": ["USA", "IND"],,}', "bad.json:1:", ""),
        ("bad.yaml", b"parties: [USA, IND]\nnote: caf\xe9\n", "bad.yaml", "not UTF-8"),
        ("bad.yaml", b"- 1\n- 2\n", "bad.yaml", "expected"),
        ("empty.yaml", b"   \n", "empty.yaml", "the file is empty"),
        ("tab.yaml", b" \t \n\n", "tab.yaml", "the file is empty"),
        ("bom.yaml", b"\xef\xbb\xbf", "bom.yaml", "the file is empty"),
        ("notes.yaml", b"# to do\n", "notes.yaml", "the file is empty"),
    ],
)
def test_bad_uploads_get_located_errors_never_a_500(app, name, body, where, message):
    c = client(app)
    r = c.post("/assess", data={"csrf": token(c, "/assess")}, files={"file": (name, body, "text/plain")})
    assert r.status_code == 400, r.text
    problems = re.search(r'<section class="problems".*?</section>', r.text, re.S)
    assert problems, r.text
    assert where in problems.group(0) and message in problems.group(0)
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "body", [b"", b" \t \n\n", b"\xef\xbb\xbf", b"# to do\n"], ids=["empty", "tab", "bom", "comment"]
)
def test_an_empty_upload_is_said_in_the_words_of_the_command_line(app, tmp_path, monkeypatch, body):
    """An upload of nothing but blank space, a byte-order mark or comments was 'nothing to assess' (or, comments
    alone, 'expected a profile ..., got null') where `amity assess` of the same file says it is empty."""
    from amity.cli.main import main
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_bytes(body)
    cli = CliRunner().invoke(main, ["assess", "p.yaml"], catch_exceptions=False)
    assert cli.exit_code == 2
    c = client(app)
    r = c.post("/assess", data={"csrf": token(c, "/assess")}, files={"file": ("p.yaml", body, "text/plain")})
    assert r.status_code == 400
    assert (
        problems_of(r.text)
        == cli.stderr.strip().removeprefix("error: ")
        == ("p.yaml: the file is empty (expected a profile or a list of profiles)")
    )
    pasted = c.post("/assess", data={"csrf": token(c, "/assess"), "text": body.decode("utf-8-sig")})
    assert pasted.status_code == 400 and problems_of(pasted.text).startswith("pasted text: nothing to assess")


def test_the_line_in_error_is_marked_in_the_text(app):
    c = client(app)
    text = "parties: [USA, IND]\ntrade_share: 0.3\nlevell: <script>alert(1)</script>\n"
    r = c.post("/assess", data={"csrf": token(c, "/assess"), "text": text})
    assert r.status_code == 400
    assert '<li value="3" class="bad" id="line-3">' in r.text
    assert '<a href="#line-3"><code class="where">pasted text:3:1: /levell</code></a>' in r.text
    assert '<li value="1" >' in r.text or '<li value="1">' in r.text
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_user_strings_are_escaped_everywhere(app):
    c = client(app)
    evil = '"><script>alert(1)</script>'
    start(c, "USA IND", evil)
    page = c.get("/interview").text
    assert "<script>" not in page and "&lt;script&gt;" in page
    tok = token(c, "/quiz/eu-china-2023")
    r = c.post("/quiz/eu-china-2023", data={"csrf": tok, "trainee": evil, "level": evil})
    assert "<script>" not in r.text


# --------------------------------------------------------------------------- body limit


def test_an_oversize_body_is_refused_before_it_is_read():
    small = create_app("core", max_body=2048)
    c = client(small)
    tok = token(c, "/assess")
    r = c.post("/assess", data={"csrf": tok, "text": "x" * 5000})
    assert r.status_code == 413 and "Too large" in r.text

    def chunks():  # no Content-Length: the limit holds as the body streams in
        for _ in range(10):
            yield b"a" * 1000

    r = c.post("/assess", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    r = c.post("/assess", data={"csrf": tok, "text": "parties: [USA, IND]\n"})
    assert r.status_code == 200, "a body under the limit is served"


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/quiz/..%2f..%2fpyproject",
        "/quiz/%2e%2e",
        "/quiz/..%2Fscenarios%2Feu-china-2023",
        "/quiz/%2Fetc%2Fpasswd",
    ],
)
def test_no_request_reads_outside_the_scenarios_and_static_folders(app, path):
    r = client(app).get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert "import" not in r.text and "[project]" not in r.text and "root:" not in r.text


# --------------------------------------------------------------------------- the quiz


def test_quiz_marks_as_the_library_does_and_the_transcript_downloads(app, assessor):
    c = client(app)
    listing = c.get("/quiz").text
    assert listing.count('<li><a href="/quiz/') == len(list(SCENARIO_DIR.glob("*.yaml")))
    assert c.get("/quiz/eu-china-2023/transcript.json").status_code == 404, "nothing answered yet"
    page = c.get("/quiz/eu-china-2023").text
    assert "Beijing, 7 December 2023" in page
    r = c.post(
        "/quiz/eu-china-2023",
        data={"csrf": token(c, "/quiz/eu-china-2023"), "trainee": "ana", "level": "strategic_partnership"},
    )
    assert r.status_code == 200
    expected = mark(
        load_scenario(SCENARIO_DIR / "eu-china-2023.yaml"), assessor, {"level": "strategic_partnership"}, "ana"
    )
    assert f"Score: {expected.score:g} out of {expected.max_score:g}" in r.text
    assert "Teaching notes" in r.text and 'id="level"' in r.text
    assert "you: strategic partnership · amity: " in r.text, "answers in words, as the terminal quiz gives them"
    got = json.loads(c.get("/quiz/eu-china-2023/transcript.json").text)
    assert got == json.loads(json.dumps(expected.transcript()))
    assert client(app).get("/quiz/eu-china-2023/transcript.json").status_code == 404, "another session has none"


def test_quiz_narrative_markdown_is_html_and_its_text_escaped(app, tmp_path):
    c = client(app)
    page = c.get("/quiz/china-russia-2023").text
    assert "<strong>Moscow, 21 March 2023.</strong>" in page and "<em>consult</em>" in page
    narrative = page.split('<article class="narrative">')[1].split("</article>")[0]
    assert "*" not in narrative
    s = yaml.safe_load((SCENARIO_DIR / "sorrel-pact.yaml").read_text())
    s["narrative"] = "**<script>alert(1)</script>** *<b>x</b>*\n\n" + s["narrative"]
    (tmp_path / "sorrel-pact.yaml").write_text(yaml.safe_dump(s))
    page = client(create_app("core", tmp_path)).get("/quiz/sorrel-pact").text
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong> <em>&lt;b&gt;x&lt;/b&gt;</em>" in page


def checked(html: str, name: str) -> list[str]:
    """The values of the checked radios and boxes named NAME in a page."""
    inputs = [i for i in re.findall(r"<input [^>]*>", html) if f'name="{name}"' in i and re.search(r"\schecked\b", i)]
    return [v for i in inputs for v in re.findall(r'value="([^"]*)"', i)]


def test_the_quiz_form_shown_again_after_an_error_keeps_what_was_entered(app):
    c = client(app)
    form = {"trainee": "ana", "level": "alliance", "hedging": "no", "risk:fragility": "bogus"}
    r = c.post("/quiz/eu-china-2023", data={"csrf": token(c, "/quiz/eu-china-2023"), **form})
    assert not_marked(r) and "bogus" in r.text, "the problem is listed"
    assert checked(r.text, "level") == ["alliance"] and checked(r.text, "hedging") == ["no"]
    # (a value no button sends checks none; a question left out keeps "don't know: skip" checked)
    assert checked(r.text, "risk:fragility") == [] and checked(r.text, "verdict") == [""]
    assert re.search(r'<input id="trainee" [^>]*value="ana"', r.text), "the name is kept"
    fresh = c.get("/quiz/eu-china-2023").text
    fresh_checked = [i for i in re.findall(r"<input [^>]*>", fresh) if re.search(r"\schecked\b", i)]
    assert fresh_checked and all('value=""' in i for i in fresh_checked), "only the 'skip' of each question"
    assert re.search(r'<input id="trainee" [^>]*value=""', fresh)
    # a set question keeps every box ticked
    posted = {"code:sectors": ["trade", "energy"], "level": "nonsense", "trainee": "  bo  "}
    r = c.post("/quiz/kelmar-doravia", data={"csrf": token(c, "/quiz/kelmar-doravia"), **posted})
    assert not_marked(r) and "nonsense" in r.text
    assert sorted(checked(r.text, "code:sectors")) == ["energy", "trade"]
    assert re.search(r'<input id="trainee" [^>]*value="  bo  "', r.text), "the name as typed"


def test_a_class_folder_of_scenarios(tmp_path):
    shutil.copy(SCENARIO_DIR / "sorrel-pact.yaml", tmp_path / "sorrel-pact.yaml")
    (tmp_path / "broken.yaml").write_text("scenario: broken\ntitle: [unclosed\n")
    c = client(create_app("core", tmp_path))
    listing = c.get("/quiz").text
    assert listing.count('<li><a href="/quiz/') == 1 and "/quiz/sorrel-pact" in listing
    assert "broken.yaml:" in listing, "a broken scenario is shown to the instructor, located"
    assert c.get("/quiz/eu-china-2023").status_code == 404, "only the folder's scenarios are served"
    assert c.get("/quiz/sorrel-pact").status_code == 200


def test_a_malformed_form_body_is_a_400_not_a_500(app):
    c = client(app)
    token(c, "/assess")
    r = c.post(
        "/assess",
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nbroken",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert r.status_code in (400, 403) and "Traceback" not in r.text
    r = c.post("/assess", content=b"\xff\xfe=%%%", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code in (400, 403) and "Traceback" not in r.text


# --------------------------------------------------------------------------- a set answered "none"


def none_scenario(folder):
    """Kelmar-Doravia, asking to code security cooperation, which the narrative gives as none."""
    s = yaml.safe_load((SCENARIO_DIR / "kelmar-doravia.yaml").read_text())
    assert s["profile"]["security_cooperation"] == []
    s["questions"] = [{"ask": "code", "field": "security_cooperation"}]
    (folder / "kelmar-doravia.yaml").write_text(yaml.safe_dump(s, sort_keys=False))
    return client(create_app("core", folder))


def test_the_web_quiz_tells_none_from_skipped(tmp_path):
    c = none_scenario(tmp_path)
    page = c.get("/quiz/kelmar-doravia").text
    assert 'name="code:security_cooperation" value="none"' in page and "none of them" in page
    url = "/quiz/kelmar-doravia"
    skipped = c.post(url, data={"csrf": token(c, url)})
    assert "you: (skipped) · amity: none → skipped (0/1)" in " ".join(skipped.text.split())
    assert '<li class="skipped">' in skipped.text and "wrong" not in skipped.text.split('class="feedback"')[1]
    none = c.post(url, data={"csrf": token(c, url), "code:security_cooperation": "none"})
    assert "you: none · amity: none → right (1/1)" in " ".join(none.text.split())
    assert json.loads(c.get(url + "/transcript.json").text)["items"][0]["answer"] == []
    both = c.post(url, data={"csrf": token(c, url), "code:security_cooperation": ["none", "joint_exercises"]})
    assert not_marked(both)
    said = problems_of(both.text)
    assert said.endswith("“none of them” is ticked, and items too (tick the items that apply, or “none of them” alone)")
    assert ".:" not in said and "?:" not in said  # the question's own full stop is not doubled by the colon
    assert sorted(checked(both.text, "code:security_cooperation")) == ["joint_exercises", "none"]


def test_the_interview_takes_none_of_them_for_a_set(app, assessor):
    c = client(app)
    tok = start(c)
    for _ in range(30):  # answer unknown until a set is asked
        page = c.get("/interview").text
        f = field_asked(page)
        assert f is not None, "a set question comes before the end"
        if f in ("sectors", "security_cooperation"):
            break
        c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "unknown"})
    assert 'name="item" value="none"' in page and "none of them" in page
    r = c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer", "item": ["none", "trade"]})
    assert refused(r) and "“none of them” is ticked, and items too" in problems_of(r.text)
    c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer", "item": "none"})
    profile = yaml.safe_load(c.get("/interview/profile.yaml").text)
    assert profile[f] == []


def test_the_interview_takes_nothing_ticked_for_no_answer_not_for_none(app):
    """Unknown is not false: Answer pressed with no box ticked is a slip the page asks about, never 'none'."""
    c = client(app)
    tok = start(c)
    for _ in range(30):  # answer unknown until a set is asked
        page = c.get("/interview").text
        f = field_asked(page)
        assert f is not None, "a set question comes before the end"
        if f in ("sectors", "security_cooperation"):
            break
        c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "unknown"})
    assert ": every item that applies, or “none of them”" in page and "none ticked: none" not in page
    before = c.get("/interview/profile.yaml").text
    r = c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "answer"})
    title = re.search(r'<h2 id="question-title">Question \d+: ([^<]+)</h2>', page).group(1)
    assert refused(r) and problems_of(r.text) == (
        f"{title}: nothing is ticked (tick every item that applies, or “none of them”; or press Unknown)"
    )
    assert field_asked(r.text) == f and c.get("/interview/profile.yaml").text == before, "nothing recorded"
    c.post("/interview/answer", data={"csrf": tok, "field": f, "action": "unknown"})  # the button the error names
    assert f in yaml.safe_load(c.get("/interview/profile.yaml").text)
    assert yaml.safe_load(c.get("/interview/profile.yaml").text)[f] is None


def test_the_quiz_feedback_nests_as_the_terminal_indents(app):
    """A wrong level's explanation: the finding's own condition a list inside its bullet, no '- ' left in the text."""
    c = client(app)
    url = "/quiz/kelmar-doravia"
    r = c.post(url, data={"csrf": token(c, url), "level": "strategic_partnership"})
    feedback = r.text.split('<section class="feedback"', 1)[1].split("</section>", 1)[0]
    nested = re.search(r"<li>A framework with multi-sector[^<]*<ul>\s*<li>Cooperation in three or more", feedback)
    assert nested, feedback
    assert "<li>- " not in feedback and "<li>  " not in feedback
    assert (
        "<li>It would be a strategic partnership or a higher partnership if sectors had one more item (for example defense).</li>"
        in (feedback)
    )


def test_a_quiz_value_no_button_sends_is_refused_in_the_words_the_page_shows(app):
    """A crafted POST (a browser sends only the form's values): every such answer is named, at once, with
    the answers as the page labels them ('strategic partnership', 'none (no framework)'), not as codes."""
    c = client(app)
    posted = {"level": "bogus", "risk:fragility": "x" * 80, "verdict": "inflated", "hedging": "no"}
    r = c.post("/quiz/eu-china-2023", data={"csrf": token(c, "/quiz/eu-china-2023"), **posted})
    assert not_marked(r)
    said = problems_of(r.text).split(" | ")
    assert said == [
        "What level is this relationship: 'bogus' is not one of the answers: none (no framework), partnership, "
        "strategic partnership, comprehensive strategic partnership, comprehensive strategic partnership of "
        "coordination, alliance or undecided (choose one of the answers)",
        f"How high is the risk of fragility: '{'x' * 57}...' is not one of the answers: low, moderate, high or undecided "
        "(choose one of the answers)",
    ], said
    assert checked(r.text, "verdict") == ["inflated"] and checked(r.text, "hedging") == ["no"]
    # a box no form has: the items as the page lists them
    posted = {"code:sectors": ["trade", "outer_space", "none"]}
    r = c.post("/quiz/kelmar-doravia", data={"csrf": token(c, "/quiz/kelmar-doravia"), **posted})
    assert not_marked(r)
    (said,) = problems_of(r.text).split(" | ")
    assert said.endswith(
        ": 'outer_space' is not one of the items: defense, trade, investment, technology, energy, climate, health, "
        "culture, education, space, maritime, connectivity or none of them (tick the items that apply, or “none of "
        "them”)"
    ), said


def test_the_downloaded_transcript_is_named_as_the_terminal_quiz_names_it(app, tmp_path, monkeypatch):
    """kelmar-doravia-ana.quiz.json, the file `amity quiz --trainee ana` saves: a class's downloads do not collide."""
    from amity.cli.main import main
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("level: p\n")
    for name, header in [
        ("ana", 'filename="kelmar-doravia-ana.quiz.json"'),
        ("José 李", "filename*=UTF-8''kelmar-doravia-Jos%C3%A9%20%E6%9D%8E.quiz.json"),
        ('a"b', 'filename="kelmar-doravia-a_b.quiz.json"'),  # a quote would end the header's quoted name
    ]:
        c = client(app)
        r = c.post(
            "/quiz/kelmar-doravia",
            data={"csrf": token(c, "/quiz/kelmar-doravia"), "trainee": name, "level": "partnership"},
        )
        assert r.status_code == 200, r.text
        got = c.get("/quiz/kelmar-doravia/transcript.json").headers["content-disposition"]
        assert header in got, got
        result = CliRunner().invoke(main, ["quiz", "kelmar-doravia", "--answers", "a.yaml", "--trainee", name])
        assert result.exit_code == 0 and (tmp_path / f"kelmar-doravia-{name}.quiz.json").is_file(), result.output
        assert f"''{quote(f'kelmar-doravia-{name}.quiz.json')}" in got, "the same name as the terminal's"


@pytest.mark.parametrize(
    "name, said",
    [
        ("a/b", "it has '/' in it"),
        ("ana\x1b[31m", "it has a control character (U+001B) in it"),
        ("a\\b\x00", "it has '\\' and NUL in it"),
        ("a" * 300, "it is too long: the file name would have 325 bytes"),
    ],
)
def test_a_trainee_s_name_that_cannot_name_the_transcript_is_refused_by_the_form(app, name, said):
    c = client(app)
    r = c.post(
        "/quiz/kelmar-doravia", data={"csrf": token(c, "/quiz/kelmar-doravia"), "trainee": name, "level": "partnership"}
    )
    assert not_marked(r) and '<strong class="where">Your name</strong>: ' + said in r.text.replace("&#39;", "'")
    assert "Score:" not in r.text and c.get("/quiz/kelmar-doravia/transcript.json").status_code == 404


def test_marking_a_quiz_redirects_to_its_result_page_and_a_skip_is_offered(app):
    """The result was the answer to the post (a reload posted again), and a radio once chosen could not be
    cleared (helper-60): marking answers 303 to /quiz/<id>/result, a page got, and every question of choices has
    a "don't know: skip" button that posts no answer."""
    c = client(app)
    form = c.get("/quiz/kelmar-doravia").text
    assert form.count("don't know: skip this question (no point, no mistake)") == 3  # level, verdict, a risk
    assert c.get("/quiz/kelmar-doravia/result", follow_redirects=False).headers["location"] == "/quiz/kelmar-doravia"
    data = {"csrf": token(c, "/quiz/kelmar-doravia"), "level": "", "verdict": "consistent", "risk:fragility": ""}
    r = c.post("/quiz/kelmar-doravia", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/quiz/kelmar-doravia/result"
    page = c.get("/quiz/kelmar-doravia/result")
    assert page.status_code == 200 and "Score: 1 out of 4" in page.text and "you: (skipped)" in page.text
    again = c.get("/quiz/kelmar-doravia/result")  # a reload: the same page, nothing posted
    assert again.status_code == 200 and "Score: 1 out of 4" in again.text
    transcript = json.loads(c.get("/quiz/kelmar-doravia/transcript.json").text)
    assert [i["answer"] for i in transcript["items"]][:2] == [None, "consistent"]
    assert client(app).get("/quiz/kelmar-doravia/result", follow_redirects=False).status_code == 303  # another session


def test_start_again_asks_on_a_page_of_its_own_and_with_nothing_to_lose_is_the_interview(app):
    """POST /interview/reset answered with the question itself, at an address that opened anew was "no such
    page" (helper-63): it redirects to GET /interview/reset, which asks while there are answers to lose."""
    c = client(app)
    assert c.get("/interview/reset").url.path == "/interview", "no interview: nothing to ask"
    tok = start(c)
    assert c.get("/interview/reset").url.path == "/interview", "no answer yet: nothing to lose"
    c.post("/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer", "answer": "3"})
    r = c.post("/interview/reset", data={"csrf": tok})
    assert [h.status_code for h in r.history] == [303] and r.url.path == "/interview/reset"
    assert "Starting again clears your 1 answer about USA and IND." in r.text
    assert "Starting again clears your 1 answer" in c.get("/interview/reset").text, "a reload asks again"
    assert "legal_basis" in c.get("/interview/profile.yaml").text, "nothing cleared"


def test_a_start_posted_over_an_interview_with_answers_starts_nothing_until_confirmed(app):
    """POST /interview/start over an interview with answers (a start form left open in another tab) threw the
    answers away: 303, and the interview was the new one, nothing answered (found by a new-user trial). It
    starts nothing and redirects to GET /interview/start, which says so and asks, as Start again does."""
    c = client(app)
    tok = start(c, "USA IND")
    c.post("/interview/answer", data={"csrf": tok, "field": "legal_basis", "action": "answer", "answer": "3"})
    r = c.post("/interview/start", data={"csrf": tok, "parties": "EU CHN", "declared_label": ""})
    assert [h.status_code for h in r.history] == [303] and r.url.path == "/interview/start"
    assert "Nothing was started: that page was out of date" in r.text
    assert "An interview about USA and IND is in progress, with 1 answer." in r.text
    assert 'name="confirm" value="yes"' in r.text and 'value="EU CHN"' in r.text
    assert "legal_basis: joint_statement" in c.get("/interview/profile.yaml").text, "nothing cleared"
    assert "Interview: USA and IND" in c.get("/interview").text
    r = c.post("/interview/start", data={"csrf": tok, "parties": "EU CHN", "confirm": "yes"})
    assert r.url.path == "/interview" and "Interview: EU and CHN" in r.text and "Nothing answered yet." in r.text
    assert c.get("/interview/start").url.path == "/interview", "no answers to lose: nothing to ask"
    r = c.post("/interview/start", data={"csrf": tok, "parties": "FRA IND"})  # nothing to lose: started
    assert r.url.path == "/interview" and "Interview: FRA and IND" in r.text


@pytest.mark.parametrize("typed", ["unknown", "None"])
def test_the_label_given_as_unknown_or_none_is_no_label(app, typed):
    """As at the terminal: 'unknown' in the label's box was a label of that name, unrecognized."""
    c = client(app)
    start(c, "VNM USA", typed)
    saved = yaml.safe_load(c.get("/interview/profile.yaml").text)
    assert saved["parties"] == ["VNM", "USA"] and "declared_label" not in saved
    start(c, "VNM USA", "Strategic Partnership")
    assert yaml.safe_load(c.get("/interview/profile.yaml").text)["declared_label"] == "Strategic Partnership"
