"""amity serve in a real browser: headless Chromium (Debian's chromium and chromium-driver packages, driven by
Selenium) goes through a whole interview with why and back, a quiz and an upload with an error, with the
keyboard where a trainee would use it, on a desktop and a phone-sized window; it takes screenshots and checks
what the pages say. Skipped where the browser or its driver is not installed, except in CI (CI=true), where
.ci/run installs them and their absence is a failure."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .chromium import chromium_driver
from .serving import serving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with chromium_driver(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as (url, _, _):
        yield url


def shot(driver, path: Path) -> None:  # type: ignore[no-untyped-def]
    driver.save_screenshot(str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 300 and height > 300
    assert len(data) > 10_000, "a page with text is not a nearly blank image"


def press(driver, element, key: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Click a button (or send it a key) and wait until the next page has replaced this one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait

    # Mark this document; the next one is loaded when the mark is gone and it has finished loading.
    # (Selenium's staleness_of races with navigation: chromedriver may answer "Node with given id does
    # not belong to the document", a WebDriverException that is not a StaleElementReferenceException.)
    driver.execute_script("window.amityOldPage = true")
    if key is None:
        element.click()
    else:
        element.send_keys(key)
    WebDriverWait(driver, 60, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.amityOldPage && document.readyState === 'complete'")
    )


def first_answer(driver, server: str, parties: str) -> None:  # type: ignore[no-untyped-def]
    """A new interview of these parties, its first question (the legal basis) answered: a joint statement."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.delete_all_cookies()
    driver.get(server + "interview")
    field = driver.find_element(By.ID, "parties")
    field.send_keys(parties)
    press(driver, field, Keys.ENTER)
    driver.find_element(By.CSS_SELECTOR, '#answer-form input[value="joint_statement"]').send_keys(Keys.SPACE)
    press(driver, driver.find_element(By.CSS_SELECTOR, 'button[value="answer"]'), Keys.ENTER)


def posts(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """The addresses the browser has posted to since the last call (its performance log, read and emptied)."""
    sent = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and message["params"]["request"]["method"] == "POST":
            sent.append(message["params"]["request"]["url"])
    return sent


def body(driver) -> str:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def focused(driver):  # type: ignore[no-untyped-def]
    """The element that has the focus once the page's autofocus has been applied. Chromium applies it when it
    next renders, which may come after the load a navigation waits for: on a busy machine the focus was still
    on the page's body when a test looked."""
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.switch_to.active_element.tag_name != "body")
    return driver.switch_to.active_element


def asked(driver) -> str | None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, 'input[name="field"]')
    return found[0].get_attribute("value") if found else None


def fetch(driver, path: str) -> str:  # type: ignore[no-untyped-def]
    """A download, as the browser gets it (with its session cookie)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done, e => done('ERROR ' + e));",
        path,
    )


def test_a_whole_interview_with_why_and_back(browser, server, tmp_path):
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.set_window_size(1200, 1400)
    d.get(server + "interview")
    assert "Which two parties?" in body(d)
    # keyboard only: the parties field has the focus; type and press Enter
    active = focused(d)
    assert active.get_attribute("id") == "parties"
    active.send_keys("usa ind")
    press(d, active, Keys.ENTER)
    first = asked(d)
    assert first is not None and "Question 1:" in body(d)
    shot(d, tmp_path / "1-question.png")

    # why: the summary is reachable and opens with the keyboard
    summary = d.find_element(By.CSS_SELECTOR, "#why summary")
    summary.send_keys(Keys.ENTER)
    assert d.find_element(By.ID, "why").get_attribute("open") is not None
    assert "What each answer would lead to" in body(d)
    shot(d, tmp_path / "2-why.png")

    # answer with the keyboard: Space ticks the first choice (a number field takes a number), Enter answers
    choice = d.find_element(By.CSS_SELECTOR, "#answer-form input:not([type=hidden])")
    choice.send_keys(Keys.SPACE if choice.get_attribute("type") in ("radio", "checkbox") else "1")
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'), Keys.ENTER)
    assert asked(d) != first and "Your answers" in body(d)
    press(d, d.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Back')]"))
    assert asked(d) == first, "back asks the undone question again"
    assert "Nothing answered yet." in body(d)

    # the state survives a reload
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    second = asked(d)
    d.refresh()
    assert asked(d) == second

    possible_before = len(d.find_elements(By.CSS_SELECTOR, ".hierarchy .possible"))
    count = 1
    while asked(d) is not None:
        count += 1
        assert count < 40
        press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    text = body(d)
    assert "The interview is over" in text and "How amity got there" in text
    assert d.find_element(By.ID, "level").text.startswith(("undecided", "none", "partnership", "strategic"))
    assert len(d.find_elements(By.CSS_SELECTOR, ".hierarchy .possible")) <= possible_before
    shot(d, tmp_path / "3-assessment.png")
    transcript = json.loads(fetch(d, "/interview/transcript.json"))
    assert transcript["kind"] == "interview" and transcript["questions"][0]["field"] == first
    assert "parties:" in fetch(d, "/interview/profile.yaml")

    # readable on a phone: nothing wider than the window but the scrollable diagram
    d.set_window_size(390, 844)
    d.refresh()
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow
    shot(d, tmp_path / "4-phone.png")
    d.set_window_size(1200, 1400)


def test_an_answer_from_a_page_out_of_date_is_not_recorded_and_says_so(browser, server, tmp_path):
    """Two tabs of one interview: the question answered in the second is answered from the first again;
    nothing is recorded, the page says why and shows the current question."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()  # an interview of its own
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa jpn")
    press(d, parties, Keys.ENTER)
    first = asked(d)
    assert first is not None
    old_tab = d.current_window_handle
    d.switch_to.new_window("tab")
    d.get(server + "interview")
    assert asked(d) == first
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    second = asked(d)
    assert second not in (None, first)
    d.close()
    d.switch_to.window(old_tab)
    assert asked(d) == first  # this tab still shows the question answered meanwhile
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    text = body(d)
    assert "Nothing was recorded" in text and "was already answered (the page was out of date)" in text
    assert asked(d) == second
    shot(d, tmp_path / "stale.png")


def test_a_refused_answer_is_said_on_the_interview_s_page_and_reloads_without_posting(browser, server, tmp_path):
    """A refused answer (none of them ticked with items, a number with a comma) was the answer to the form's
    post: the address read /interview/answer, which a reload posted to again and which, opened anew, was "no
    such page" (helper-63). The refusal redirects to /interview, which says why and keeps what was given
    (the boxes ticked, the number typed); a reload posts nothing and says it again; the same address opened
    anew is the interview."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa")  # one party: refused
    posts(d)
    press(d, parties, Keys.ENTER)
    assert posts(d) == [server + "interview/start"] and d.current_url == server + "interview"
    assert "Parties: expected exactly 2 party codes, got 1" in d.find_element(By.CSS_SELECTOR, ".problems").text
    assert d.find_element(By.ID, "parties").get_attribute("value") == "usa", "what was typed, kept"
    d.refresh()
    assert posts(d) == [] and "Parties: expected exactly 2 party codes" in body(d)
    parties = d.find_element(By.ID, "parties")
    parties.clear()
    parties.send_keys("usa ind")
    press(d, parties, Keys.ENTER)
    assert ".problems" not in d.page_source and "problem" not in body(d).split("Question 1")[0]
    seen = set()
    for _ in range(40):  # unknown until a set question and a number have both been refused
        field = asked(d)
        boxes = d.find_elements(By.CSS_SELECTOR, '#answer-form input[type="checkbox"]')
        typed = d.find_elements(By.CSS_SELECTOR, '#answer-form input[name="answer"]:not([type="radio"])')
        if boxes and "set" not in seen:
            seen.add("set")
            title = d.find_element(By.ID, "question-title").text.split(": ", 1)[1]
            ticked = [boxes[0].get_attribute("value"), "none"]
            for value in ticked:
                d.find_element(By.CSS_SELECTOR, f'input[name="item"][value="{value}"]').click()
            press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
            said = f"{title}: “none of them” is ticked, and items too"
        elif typed and "number" not in seen:
            seen.add("number")
            typed[0].send_keys("1,5")
            press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
            said, ticked = "'1,5' has a comma", []
        else:
            press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
            if len(seen) == 2:
                break
            continue
        for again in (False, True):
            if again:
                posts(d)
                d.refresh()
                assert posts(d) == [], "a reload posts nothing"
                assert d.execute_script("return performance.getEntriesByType('navigation')[0].type") == "reload"
            assert d.current_url == server + "interview" and asked(d) == field, "the same question, asked again"
            assert said in d.find_element(By.CSS_SELECTOR, ".problems").text
            if ticked:
                got = [b.get_attribute("value") for b in d.find_elements(By.CSS_SELECTOR, 'input[name="item"]:checked')]
                assert got == ticked, "the boxes ticked, kept"
            else:
                assert d.find_element(By.ID, "answer").get_attribute("value") == "1,5", "the number typed, kept"
        shot(d, tmp_path / f"18-refused-{field}.png")
        assert f"{field}:" not in fetch(d, "/interview/profile.yaml"), "nothing recorded"
    assert seen == {"set", "number"}
    d.get(server + "interview")  # the address opened anew: the interview, past the refusals (answered unknown)
    assert asked(d) is not None and not d.find_elements(By.CSS_SELECTOR, ".problems")


def test_a_set_question_answered_with_nothing_ticked_asks_again(browser, server, tmp_path):
    """Unknown is not false: Answer with no box ticked records nothing and asks for items, "none of them" or
    Unknown; "none of them" still answers none."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()  # an interview of its own
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa ind")
    press(d, parties, Keys.ENTER)
    for _ in range(40):  # unknown until a question of several items
        if d.find_elements(By.CSS_SELECTOR, '#answer-form input[type="checkbox"]'):
            break
        press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    field = asked(d)
    assert field in ("sectors", "security_cooperation")
    title = d.find_element(By.ID, "question-title").text.split(": ", 1)[1]
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))  # nothing ticked
    problems = d.find_element(By.CSS_SELECTOR, ".problems").text
    assert f"{title}: nothing is ticked (tick every item that applies, or “none of them”; or press Unknown)" in problems
    assert asked(d) == field, "the same question, asked again"
    assert f"{field}:" not in fetch(d, "/interview/profile.yaml"), "nothing recorded"
    shot(d, tmp_path / "12-nothing-ticked.png")
    none = d.find_element(By.CSS_SELECTOR, 'input[name="item"][value="none"]')
    none.send_keys(Keys.SPACE)  # the keyboard ticks "none of them"
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    assert asked(d) != field and f"{field}: []" in fetch(d, "/interview/profile.yaml")


def test_the_quiz_page_lists_the_scenarios_by_title_as_the_terminal_menu_does(browser, server):
    """The web page lists the scenarios by title, as `amity quiz`'s menu does (it listed them by file name):
    the same order on both, each linked by its id (test_terminal's twin of this test reads the menu)."""
    import yaml
    from selenium.webdriver.common.by import By

    found = [yaml.safe_load(p.read_text()) for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml")]
    expected = sorted(((s["title"], s["scenario"]) for s in found), key=lambda t: (t[0].casefold(), t[1]))
    d = browser
    d.get(server + "quiz")
    links = d.find_elements(By.CSS_SELECTOR, "ul.scenarios li a")
    assert [(a.text, a.get_attribute("href").rsplit("/", 1)[1]) for a in links] == expected


def test_a_quiz(browser, server, tmp_path):
    import json

    from selenium.webdriver.common.by import By

    d = browser
    d.get(server + "quiz")
    press(d, d.find_element(By.PARTIAL_LINK_TEXT, "Beijing, December 2023"))
    assert "Beijing, 7 December 2023" in body(d)
    d.find_element(By.ID, "trainee").send_keys("Ana <b>")
    d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="comprehensive_strategic_partnership"]').click()
    shot(d, tmp_path / "5-quiz.png")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    text = body(d)
    assert "Score:" in text and "Teaching notes" in text
    shot(d, tmp_path / "6-feedback.png")
    transcript = json.loads(fetch(d, "/quiz/eu-china-2023/transcript.json"))
    assert (
        transcript["trainee"] == "Ana <b>" and transcript["items"][0]["answer"] == "comprehensive_strategic_partnership"
    )


def test_why_not_on_the_quiz_page_says_when_the_rules_under_a_finding_are_ways_to_it(browser, server):
    """The rules under 'deep integration fails' are two ways to it, not two parts of it: the page says so, as the
    terminal does (test_terminal's test of the same name); it listed them as it lists a rule's parts."""
    from selenium.webdriver.common.by import By

    d = browser
    d.get(server + "quiz/eu-china-2023")
    d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="comprehensive_strategic_partnership"]').click()
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    lines = [line.strip() for line in body(d).splitlines()]
    at = lines.index("deep integration? No (either rule below would give it)")
    assert lines[at + 1].startswith("A free-trade area, customs union or single market is deep economic integration")
    assert lines[at + 2].startswith("Three or more forms of military cooperation are deep security integration")


def test_why_not_names_the_facts_that_hold_a_rating_up_not_the_condition_they_meet(browser, server):
    """'here: (exit costs is low or duration is renewable or fixed term)' left the learner to find which holds: the
    page names the facts, as the terminal does (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By

    d = browser
    d.get(server + "quiz/kelmar-doravia")
    d.find_element(By.CSS_SELECTOR, 'input[name="risk:fragility"][value="low"]').click()
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    lines = [line.strip() for line in body(d).splitlines()]
    at = lines.index("amity: the fragility risk is moderate, not low.")
    assert "here: exit costs is low; duration is renewable" in lines[at : at + 5], lines[at : at + 5]


def test_the_downloaded_transcript_is_saved_under_the_trainee_s_name(browser, server, tmp_path):
    """The file the browser saves is the one `amity quiz --trainee NAME` saves: a class's downloads do not
    collide (it was kelmar-doravia.quiz.json for everyone), a name in any script included."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    d = browser
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    for name in ("ana", "José 李"):
        d.get(server + "quiz/kelmar-doravia")
        d.find_element(By.ID, "trainee").send_keys(name)
        d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="partnership"]').click()
        press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
        d.find_element(By.PARTIAL_LINK_TEXT, "Download the transcript").click()
        saved = tmp_path / f"kelmar-doravia-{name}.quiz.json"
        # renamed once complete; under load the name can appear before its bytes do (seen once, helper-57)
        WebDriverWait(d, 30).until(lambda _, saved=saved: saved.is_file() and saved.stat().st_size > 0)
        assert json.loads(saved.read_text(encoding="utf-8"))["trainee"] == name
    assert {p.name for p in tmp_path.iterdir()} == {"kelmar-doravia-ana.quiz.json", "kelmar-doravia-José 李.quiz.json"}


def test_an_upload_with_an_error(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    d = browser
    profile = tmp_path / "mine.yaml"
    profile.write_text("parties: [USA, IND]\ntrade_share: 0.3\nlevell: 3\n", encoding="utf-8")
    d.get(server + "assess")
    d.find_element(By.ID, "file").send_keys(str(profile))
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    problems = d.find_element(By.CSS_SELECTOR, ".problems").text
    assert "mine.yaml:3:1: /levell" in problems and "unknown field" in problems
    marked = d.find_element(By.ID, "line-3")
    assert "bad" in marked.get_attribute("class") and "levell: 3" in marked.text
    shot(d, tmp_path / "7-upload-error.png")

    # fixed in the text box, it assesses
    box = d.find_element(By.ID, "text")
    box.clear()
    box.send_keys("parties: [USA, JPN]\nlegal_basis: ratified_treaty\ndefense_commitment: mutual_defense\n")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    assert d.find_elements(By.ID, "level") and not d.find_elements(By.CSS_SELECTOR, ".problems")
    shot(d, tmp_path / "8-report.png")


def test_why_not_nests_its_conditions(browser, server, tmp_path):
    """A finding's own conditions sit under it, indented as the terminal indents them, not as sibling bullets."""
    import yaml
    from selenium.webdriver.common.by import By

    d = browser
    d.set_window_size(1200, 1400)
    profile = yaml.safe_load((Path(__file__).parents[2] / "scenarios" / "kelmar-doravia.yaml").read_text())["profile"]
    d.get(server + "assess")
    box = d.find_element(By.ID, "text")
    d.execute_script("arguments[0].value = arguments[1]", box, yaml.safe_dump(profile))
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    section = d.find_element(By.CSS_SELECTOR, "section.whynot")
    outer = section.find_element(By.CSS_SELECTOR, ":scope > ul > li")
    inner = outer.find_element(By.CSS_SELECTOR, ":scope > ul > li")
    assert outer.text.startswith("A framework with multi-sector") and "Cooperation in three or more" in inner.text
    assert inner.location["x"] >= outer.location["x"] + 15, "the sub-condition is drawn indented under its finding"
    assert "if sectors had one more item (for example defense)" in section.text
    d.execute_script("arguments[0].scrollIntoView()", section)
    shot(d, tmp_path / "9-why-not-nested.png")


def test_a_quiz_set_question_answered_none(browser, tmp_path):
    """The web quiz tells 'none' (the box 'none of them') from a skipped question (no box ticked)."""
    import yaml
    from selenium.webdriver.common.by import By

    s = yaml.safe_load((Path(__file__).parents[2] / "scenarios" / "kelmar-doravia.yaml").read_text())
    s["questions"] = [{"ask": "code", "field": "security_cooperation"}]
    (tmp_path / "kelmar-doravia.yaml").write_text(yaml.safe_dump(s, sort_keys=False))
    d = browser
    with serving("--scenarios", str(tmp_path)) as (url, _, _):
        d.get(url + "quiz/kelmar-doravia")
        press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
        assert "you: (skipped) · amity: none → skipped (0/1)" in body(d) and "→ wrong" not in body(d)
        d.get(url + "quiz/kelmar-doravia")
        none = d.find_element(By.CSS_SELECTOR, 'input[name="code:security_cooperation"][value="none"]')
        label = none.find_element(By.XPATH, "..")
        assert label.text == "none of them" and label.is_displayed()
        none.click()
        shot(d, tmp_path / "10-quiz-none.png")
        press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
        assert "you: none · amity: none → right (1/1)" in body(d)
        shot(d, tmp_path / "11-quiz-none-marked.png")


def test_every_level_in_the_box_of_levels_is_read_whole(browser, server, tmp_path):
    """The box of levels beside each question cut the highest rung's name: 'comprehensive strategic
    partnership of coordina' (found by a new-user trial, helper-57). Each name fits in its box, on a desktop
    and on a phone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa ind")
    press(d, parties, Keys.ENTER)
    for width, height in ((1200, 1400), (390, 844)):
        d.set_window_size(width, height)
        d.refresh()
        overflow = d.execute_script(
            "return [...document.querySelectorAll('.hierarchy .level')].map(g => {"
            "  const r = g.querySelector('rect'), t = g.querySelector('text');"
            "  const room = r.x.baseVal.value + r.width.baseVal.value - t.x.baseVal[0].value;"
            "  return [t.textContent, t.getComputedTextLength(), room];"
            "}).filter(([, used, room]) => used > room - 4)"
        )
        assert overflow == [], (width, overflow)
        shot(d, tmp_path / f"levels-{width}.png")
    d.set_window_size(1200, 1400)


def test_the_interview_page_says_how_and_why_not_at_any_question(browser, server, tmp_path):
    """At the terminal every question takes why, how and whynot LEVEL; the page had only why until the end
    (found by a new-user trial, helper-57). Beside each question: what is established so far, and why the
    relationship is not (yet) at a level the trainee chooses, with the keyboard."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa vnm")
    press(d, parties, Keys.ENTER)
    assert asked(d) == "legal_basis"
    how = d.find_element(By.CSS_SELECTOR, "#how summary")
    how.send_keys(Keys.ENTER)
    assert "Nothing is established yet." in d.find_element(By.ID, "how").text
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="joint_statement"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'), Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "#how summary").send_keys(Keys.ENTER)
    assert "The level is at least partnership" in d.find_element(By.ID, "how").text
    assert "legal basis is joint statement" in d.find_element(By.ID, "how").text

    d.find_element(By.CSS_SELECTOR, "#whynot summary").send_keys(Keys.ENTER)
    level = d.find_element(By.ID, "whynot-level")
    assert d.find_element(By.CSS_SELECTOR, 'label[for="whynot-level"]').text == "Level, risk or hedging"
    level.send_keys("strategic partnership")  # the keyboard picks an option by its words
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Why not?']"), Keys.ENTER)
    answer = d.find_element(By.ID, "whynot-answer").text
    assert answer.startswith("Why not strategic partnership?")
    assert (
        "sectors is unknown" in answer
        and "It would be a strategic partnership or a higher partnership if sectors had 3" in answer
    )
    assert asked(d) != "legal_basis" and "legal basis: joint statement" in body(d), "asking recorded nothing"
    shot(d, tmp_path / "13-whynot.png")


def test_the_answers_so_far_download_at_any_question_and_resume_at_a_terminal(browser, server, tmp_path):
    """The page kept the answers only while the server ran, and offered them only once the interview was over:
    a server stopped at the end of a class lost every unfinished interview (found by a new-user trial,
    helper-57). From the first answer, the answers so far download, and `amity interview --resume` goes on."""
    import subprocess
    import sys

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa vnm")
    d.find_element(By.ID, "declared_label").send_keys("Comprehensive Strategic Partnership")
    press(d, parties, Keys.ENTER)
    assert not d.find_elements(By.PARTIAL_LINK_TEXT, "Download the answers so far"), "nothing to download yet"
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="joint_statement"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'), Keys.ENTER)
    link = d.find_element(By.PARTIAL_LINK_TEXT, "Download the answers so far")
    assert link.get_attribute("href").endswith("/interview/profile.yaml")
    saved = tmp_path / "amity-interview.yaml"
    saved.write_text(fetch(d, "/interview/profile.yaml"), encoding="utf-8")
    assert json.loads(fetch(d, "/interview/transcript.json"))["finished"] is False
    resumed = subprocess.run(
        [sys.executable, "-m", "amity.cli", "interview", "--resume", str(saved)],
        input="quit\n", text=True, capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming USA and VNM: 1 answer so far." in resumed.stdout


def test_ruled_out_levels_are_readable_and_marked_by_more_than_colour(browser, server, tmp_path):
    """The levels already ruled out were grey on grey, 2.7:1 (WCAG asks 4.5:1 of text), and told apart from
    the possible ones by colour and weight alone (found by a new-user trial, helper-57)."""

    d = browser
    first_answer(d, server, "usa vnm")
    levels = d.execute_script(
        "const lum = c => { const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map(v => {"
        "  v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });"
        "  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };"
        "return [...document.querySelectorAll('.hierarchy .level')].map(g => {"
        "  const t = getComputedStyle(g.querySelector('text')), r = getComputedStyle(g.querySelector('rect'));"
        "  const [a, b] = [lum(t.fill), lum(r.fill)].sort((x, y) => y - x);"
        "  return [g.dataset.level, g.classList.contains('possible'), (a + 0.05) / (b + 0.05),"
        "          t.textDecorationLine || t.textDecoration]; })"
    )
    assert any(possible for _, possible, _, _ in levels) and not all(possible for _, possible, _, _ in levels)
    for level, possible, contrast, decoration in levels:
        assert contrast >= 4.5, (level, contrast)
        assert ("line-through" in decoration) != possible, (level, decoration)
    shot(d, tmp_path / "14-levels-ruled-out.png")


def test_start_again_asks_before_it_clears_the_answers(browser, server, tmp_path):
    """'Start again', next to Back in the tab order, cleared every answer at one key press (found by a new-user
    trial, helper-57). It asks first, offers the answers to download, and keeps them unless confirmed."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "usa vnm")
    second = asked(d)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Start again']"), Keys.ENTER)
    text = body(d)
    assert "Starting again clears your 1 answer about USA and VNM." in text
    assert d.find_element(By.PARTIAL_LINK_TEXT, "Download the answers so far")
    shot(d, tmp_path / "15-start-again.png")
    # the question is a page of its own (it was the answer to the post: a reload posted again, and its address,
    # /interview/reset, opened anew was "no such page") (helper-63)
    assert d.current_url == server + "interview/reset"
    posts(d)
    d.refresh()
    assert posts(d) == [] and "Starting again clears your 1 answer about USA and VNM." in body(d)
    keep = focused(d)  # the focus is on keeping them: Enter again loses nothing
    assert keep.text == "Keep my answers"
    press(d, keep, Keys.ENTER)
    assert asked(d) == second and "legal basis: joint statement" in body(d)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Start again']"), Keys.ENTER)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Clear them and start again']"), Keys.ENTER)
    assert d.find_element(By.ID, "parties") and asked(d) is None


def stale_start(driver, server: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Two tabs at the start form; in the first, an interview of USA and VNM with 3 answers (the legal basis a
    joint statement, two unknowns); in the second, still at the start form, EU CHN started. Returns the first
    tab's handle and the question it was at; the second tab is the current one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.delete_all_cookies()  # an interview of its own
    driver.get(server + "interview")
    tab_a = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(server + "interview")
    tab_b = driver.current_window_handle
    driver.switch_to.window(tab_a)
    parties = driver.find_element(By.ID, "parties")
    parties.send_keys("USA VNM")
    press(driver, parties, Keys.ENTER)
    driver.find_element(By.CSS_SELECTOR, '#answer-form input[value="joint_statement"]').send_keys(Keys.SPACE)
    press(driver, driver.find_element(By.CSS_SELECTOR, 'button[value="answer"]'), Keys.ENTER)
    for _ in range(2):
        press(driver, driver.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    at = asked(driver)
    assert at is not None and len(driver.find_elements(By.CSS_SELECTOR, ".answers ol li")) == 3
    driver.switch_to.window(tab_b)
    assert "Which two parties?" in body(driver)  # still the start form
    parties = driver.find_element(By.ID, "parties")
    parties.send_keys("EU CHN")
    posts(driver)
    press(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Start the interview']"))
    return tab_a, at


def test_a_start_form_out_of_date_keeps_the_interview_in_progress_and_says_so(browser, server, tmp_path):
    """A start form left open in a second tab, submitted while the first had an interview with 3 answers, threw
    that interview away with no question and no notice: both tabs showed the new one, nothing answered (found
    by a new-user trial). Nothing is started: the page says so, names the interview in progress and its answers,
    and offers to go on with it; the first tab, reloaded, is where it was."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    tab_a, at = stale_start(d, server)
    try:
        text = body(d)
        assert "Nothing was started: that page was out of date" in text
        assert "An interview about USA and VNM is in progress, with 3 answers." in text
        assert "Interview: EU and CHN" not in text
        shot(d, tmp_path / "start-out-of-date.png")
        # a page of its own, got after the post: a reload says it again and posts nothing
        assert d.current_url == server + "interview/start"
        posts(d)
        d.refresh()
        assert posts(d) == [] and "An interview about USA and VNM is in progress, with 3 answers." in body(d)
        go_on = focused(d)  # the focus is on going on: Enter loses nothing
        assert go_on.text == "Go on with USA and VNM"
        press(d, go_on, Keys.ENTER)
        assert asked(d) == at and "Interview: USA and VNM" in body(d)
    finally:
        d.close()
        d.switch_to.window(tab_a)
    d.refresh()
    text = body(d)
    assert asked(d) == at and "Interview: USA and VNM" in text and "Nothing answered yet." not in text
    assert "legal basis: joint statement" in text
    assert len(d.find_elements(By.CSS_SELECTOR, ".answers ol li")) == 3


def test_a_start_form_out_of_date_starts_its_interview_once_confirmed(browser, server, tmp_path):
    """The interview of a start form out of date is started only once confirmed, as Start again clears the answers
    only once confirmed: the form is offered again, filled in; parties refused there clear nothing."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    tab_a, _ = stale_start(d, server)
    try:
        parties = d.find_element(By.ID, "parties")
        assert parties.get_attribute("value") == "EU CHN"  # as given
        parties.clear()
        parties.send_keys("EU")
        clear = d.find_element(By.XPATH, "//button[normalize-space()='Clear them and start the interview']")
        press(d, clear, Keys.ENTER)
        text = body(d)
        assert "Parties: expected exactly 2 party codes, got 1" in text
        assert "An interview about USA and VNM is in progress, with 3 answers." in text, "nothing cleared"
        parties = d.find_element(By.ID, "parties")
        assert parties.get_attribute("value") == "EU"
        parties.send_keys(" CHN")
        press(d, parties, Keys.ENTER)
        text = body(d)
        assert "Interview: EU and CHN" in text and "Nothing answered yet." in text and asked(d) is not None
    finally:
        d.close()
        d.switch_to.window(tab_a)
    d.refresh()
    assert "Interview: EU and CHN" in body(d), "one interview in a session: the tabs show the one started"


def test_each_answer_control_is_named_by_its_question(browser, server, tmp_path):
    """A screen reader entering the answers heard "Choose one, group", "Every item that applies, group" or "a
    number, 1 or more, edit text": never which question they answer (found by a new-user trial, helper-57).
    Each group of choices and each number box is named by its question's title."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    parties = d.find_element(By.ID, "parties")
    parties.send_keys("usa vnm")
    press(d, parties, Keys.ENTER)
    seen = set()
    for _ in range(40):
        field = asked(d)
        if field is None:
            break
        title = d.find_element(By.ID, "question-title").text.split(": ", 1)[1]
        control = d.find_elements(By.CSS_SELECTOR, "#answer-form fieldset") or d.find_elements(By.ID, "answer")
        name = control[0].accessible_name
        assert name.startswith(title), (field, name)
        seen.add(control[0].tag_name)
        press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    assert seen == {"fieldset", "input"}, seen


def test_a_quiz_choice_can_be_taken_back_and_the_result_page_reloads_without_posting(browser, server, tmp_path):
    """A radio answer, once clicked, could not be cleared: the question could only be answered, never left out
    again; and the result was the answer to the form's post, so reloading it posted the answers once more (the
    browser asks to resend the form) (helper-60). Each question offers "don't know: skip", and marking leads to
    a result page of its own that reloads as it is."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "quiz/kelmar-doravia")
    level = d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="partnership"]')
    level.click()
    assert level.is_selected()
    skip = d.find_element(By.CSS_SELECTOR, 'input[name="level"][value=""]')
    label = skip.find_element(By.XPATH, "..").text
    assert label == "don't know: skip this question (no point, no mistake)"
    skip.send_keys(Keys.SPACE)  # the keyboard takes the answer back
    assert skip.is_selected() and not level.is_selected()
    d.find_element(By.CSS_SELECTOR, 'input[name="verdict"][value="consistent"]').click()
    shot(d, tmp_path / "14-quiz-skip.png")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    assert d.current_url == server + "quiz/kelmar-doravia/result", "the result is a page of its own"
    text = body(d)
    assert "Score: 1 out of 4" in text and "you: (skipped)" in text and "skipped (0/1)" in text
    d.refresh()  # reload: a page got, with no form to resend
    assert d.current_url == server + "quiz/kelmar-doravia/result"
    assert d.execute_script("return performance.getEntriesByType('navigation')[0].type") == "reload"
    assert "Score: 1 out of 4" in body(d)
    shot(d, tmp_path / "15-quiz-result-reloaded.png")


def test_a_refused_quiz_marking_is_a_page_of_its_own_that_reloads_without_posting(browser, server, tmp_path):
    """A marking refused (a name that cannot name the transcript) was the answer to the form's post, with HTTP
    400: reloading it posted the answers once more (the browser asks to resend the form) (helper-63). It leads to
    a page got, /quiz/<id>/not-marked, which says nothing was marked, lists the problems and keeps the answers as
    given; a reload gets it again and posts nothing, and the answers put right are marked."""
    from selenium.webdriver.common.by import By

    d = browser
    d.delete_all_cookies()
    d.get(server + "quiz/kelmar-doravia")
    d.find_element(By.ID, "trainee").send_keys("a/b")
    d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="partnership"]').click()
    d.find_element(By.CSS_SELECTOR, 'input[name="code:sectors"][value="trade"]').click()
    posts(d)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    assert posts(d) == [server + "quiz/kelmar-doravia"]
    assert d.current_url == server + "quiz/kelmar-doravia/not-marked", "the refusal is a page of its own"

    def shown() -> None:
        alert = d.find_element(By.CSS_SELECTOR, 'section.problems[role="alert"]').text
        assert alert.startswith("1 problem\nYour answers were not marked. They are kept below"), alert
        assert "Your name: it has '/' in it" in alert, alert
        assert d.find_element(By.ID, "trainee").get_attribute("value") == "a/b"
        assert d.find_element(By.CSS_SELECTOR, 'input[name="level"][value="partnership"]').is_selected()
        assert d.find_element(By.CSS_SELECTOR, 'input[name="code:sectors"][value="trade"]').is_selected()
        assert "Score:" not in body(d)

    shown()
    shot(d, tmp_path / "17-quiz-not-marked.png")
    d.refresh()
    assert d.execute_script("return performance.getEntriesByType('navigation')[0].type") == "reload"
    assert posts(d) == [], "a reload posts nothing"
    assert d.current_url == server + "quiz/kelmar-doravia/not-marked"
    shown()
    name = d.find_element(By.ID, "trainee")
    name.clear()
    name.send_keys("ana")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"))
    assert d.current_url == server + "quiz/kelmar-doravia/result" and "Score:" in body(d)
    d.get(server + "quiz/kelmar-doravia/not-marked")  # nothing refused any more: the questions
    assert d.current_url == server + "quiz/kelmar-doravia" and "not marked" not in body(d)


def test_why_not_on_the_page_offers_what_the_terminal_s_whynot_takes(browser, server, tmp_path):
    """The page's why-not offered the levels only, where the terminal's whynot also explains a risk at a rating
    and hedging (helper-60). The box offers each, by kind, in words; the answer is the terminal's."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select

    d = browser
    first_answer(d, server, "usa ind")
    d.find_element(By.CSS_SELECTOR, "#whynot summary").send_keys(Keys.ENTER)
    box = d.find_element(By.ID, "whynot-level")
    groups = [g.get_attribute("label") for g in box.find_elements(By.TAG_NAME, "optgroup")]
    assert groups == ["a level", "a risk", "hedging"]
    offered = [o.text for o in Select(box).options]
    assert "strategic partnership" in offered and "alliance" in offered
    assert "high entrapment risk" in offered and "moderate abandonment risk" in offered
    assert "hedging" in offered and "no hedging" in offered
    Select(box).select_by_visible_text("high entrapment risk")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Why not?']"), Keys.ENTER)
    answer = d.find_element(By.ID, "whynot-answer").text
    assert answer.startswith("Why not high entrapment risk?") and "It would have a high entrapment risk if" in answer
    box = Select(d.find_element(By.ID, "whynot-level"))
    assert box.first_selected_option.text == "high entrapment risk", "the box keeps what was asked"
    shot(d, tmp_path / "16-whynot-risk.png")
    box.select_by_visible_text("hedging")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Why not?']"), Keys.ENTER)
    assert d.find_element(By.ID, "whynot-answer").text.startswith("Why not hedging?")
    d.get(server + "interview?whynot=entrapment%3Dhuge#whynot")  # an address typed by hand
    assert "'huge' is not one of the ratings of the entrapment risk, which are low, moderate or high" in body(d)


def test_one_answer_is_changed_and_the_others_kept(browser, server, tmp_path):
    """Back was the page's only way to an early answer: it undid every later one, and they were all asked again
    (helper-71's brief). Each answer has Change: its question is asked again (what it was is said), Keep my
    answer leaves it, and a new answer replaces that one alone; then amity asks what the new answer makes matter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")  # legal basis: joint statement
    assert asked(d) == "shared_values"
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="high"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    later = asked(d)
    assert later == "sectors"

    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change shared values"]'))
    assert asked(d) == "shared_values"
    assert "Change your answer: Shared values" in body(d)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="keep"]'))
    assert asked(d) == later and "shared values: high" in d.find_element(By.CSS_SELECTOR, "section.answers").text

    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change legal basis"]'))
    assert asked(d) == "legal_basis"
    assert d.find_element(By.ID, "changing").text.startswith("Your answer was: joint statement.")
    assert d.find_element(By.CSS_SELECTOR, '#answer-form input[value="joint_statement"]').is_selected()
    shot(d, Path("/tmp/h71/change.png") if Path("/tmp/h71").is_dir() else tmp_path / "change.png")
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="ratified_treaty"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    # the treaty makes the defense commitment matter: asked now; shared values is kept, not asked again
    assert asked(d) == "defense_commitment"
    answers = d.find_element(By.CSS_SELECTOR, "section.answers").text
    assert "shared values: high" in answers and "legal basis: ratified treaty" in answers


def test_a_changed_answer_keeps_its_place_and_back_goes_to_the_question_before(browser, server, tmp_path):
    """A changed answer went to the end of Your answers and of the transcript, and Back then undid the change
    instead of going back to the question before (helper-75's brief). The answer keeps its place; Back undoes
    the last question asked and asks it again, saying what it was, as the terminal does (test_terminal's test of
    the same name). Changed or kept, the page says so in the terminal's words (it said nothing)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")  # legal basis: joint statement
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="mixed"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    assert asked(d) == "sectors"
    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change shared values"]'))
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="keep"]'))  # said as the terminal says it
    assert d.find_element(By.CSS_SELECTOR, ".notice").text == "Kept: shared values: mixed."
    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change legal basis"]'))
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="ratified_treaty"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    assert asked(d) == "defense_commitment"
    assert (
        d.find_element(By.CSS_SELECTOR, ".notice").text
        == "Changed: legal basis: joint statement → ratified treaty; your 1 other answer kept."
    )
    answers = [li.text.removesuffix(" Change") for li in d.find_elements(By.CSS_SELECTOR, "section.answers li")]
    assert answers == ["legal basis: ratified treaty", "shared values: mixed"]  # in the order asked
    questions = json.loads(fetch(d, "/interview/transcript.json"))["questions"]
    assert [q["field"] for q in questions] == ["legal_basis", "shared_values"]

    press(d, d.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Back')]"))
    assert asked(d) == "shared_values", "back goes to the question before, not to the change"
    assert "Question 2: Shared values" in body(d)
    assert d.find_element(By.CSS_SELECTOR, ".notice").text == "Undone: shared values (it was mixed)."
    answers = [li.text.removesuffix(" Change") for li in d.find_elements(By.CSS_SELECTOR, "section.answers li")]
    assert answers == ["legal basis: ratified treaty"]


def test_the_end_of_an_interview_says_what_the_trainee_can_do_as_the_terminal_s_over_prompt(browser, server):
    """The terminal's over> said everything in one long sentence (helper-75's brief); it says it in a few groups
    now, and the page's end says the same groups, in the same order; why not a level, which over> explains, is
    asked on the page at the end too (it was offered only at a question)."""
    from amity.cli.interview import OVER_CHOICES
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = browser
    first_answer(d, server, "USA IND")
    count = 0
    while asked(d) is not None:
        count += 1
        assert count < 40
        press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    groups = d.find_elements(By.CSS_SELECTOR, "#over-choices dt")
    assert [g.text for g in groups] == [what for what, _, _ in OVER_CHOICES]
    assert (
        "Change beside it, under Your answers; Back undoes the last one" in d.find_element(By.ID, "over-choices").text
    )
    d.find_element(By.CSS_SELECTOR, "#whynot summary").click()
    Select(d.find_element(By.ID, "whynot-level")).select_by_value("alliance")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Why not?']"))
    assert d.find_element(By.CSS_SELECTOR, "#whynot-answer h3").text == "Why not alliance?"
    assert "The interview is over" in body(d)


def test_why_says_what_an_answer_that_rules_nothing_out_leaves_open(browser, server):
    """'Why does amity ask this?' said '5 or more items → no output settles yet, but it narrows what other facts
    decide': it says what stays open, as the terminal's why does (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="mixed"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    assert asked(d) == "sectors"
    d.find_element(By.CSS_SELECTOR, "#why summary").click()
    leads = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#why li") if "→" in li.text]
    assert leads[-1] == (
        "5 or more items → level: still partnership, strategic partnership, comprehensive strategic partnership "
        "or comprehensive strategic partnership of coordination (it rules nothing out yet; later answers decide)"
    )


def test_whynot_shows_first_the_ways_that_keep_the_answers_given(browser, server):
    """Answered 'ratified treaty', why not a strategic partnership showed only ways that turned the treaty into a
    joint statement: a way through the facts still open (the defense commitment) comes first, as at the terminal
    (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    field = d.find_element(By.ID, "parties")
    field.send_keys("USA IND")
    press(d, field, Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, '#answer-form input[value="ratified_treaty"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="answer"]'))
    assert asked(d) == "defense_commitment"
    d.find_element(By.CSS_SELECTOR, "#whynot summary").click()
    Select(d.find_element(By.ID, "whynot-level")).select_by_value("strategic_partnership")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Why not?']"))
    assert (
        "It would be a strategic partnership or a higher partnership if defense commitment were consultation or "
        "none, sectors had 3 or more items" in d.find_element(By.ID, "whynot-answer").text
    )


def test_a_risk_s_reasons_on_the_page_are_the_terminal_s(browser, server, tmp_path):
    """The page listed a risk's reasons at every rating ('low: the defense obligation is binding...' under an
    abandonment risk rated moderate), the terminal only the rating's own (helper-71's brief). Both say the
    reasons of the rating given, each with its rule and step, and 'no rule raises it' where none does."""
    from amity.cli.main import main
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    example = ROOT / "examples" / "us-south-korea.yaml"
    printed = CliRunner().invoke(main, ["assess", str(example)], catch_exceptions=False).output
    lines = printed.splitlines()
    start = lines.index("Risks:")
    terminal: dict[str, list[str]] = {}
    risk = ""
    for line in lines[start + 1 :]:
        if line.startswith("      "):
            terminal[risk].append(line.strip())
        elif line.startswith("  "):
            risk = line.split()[0]
            terminal[risk] = []
        else:
            break

    d = browser
    d.get(server + "assess")
    d.find_element(By.ID, "file").send_keys(str(example))
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    page = {
        risk: [li.text for li in d.find_elements(By.CSS_SELECTOR, f"#risk-{risk} .reasons li")] for risk in terminal
    }
    assert page == terminal
    # the case tells the two apart: a rule rates abandonment low, overruled by the moderate one
    data = json.loads(CliRunner().invoke(main, ["assess", str(example), "--format", "json"]).output)
    risks = (data[0] if isinstance(data, list) else data)["risks"]
    assert {r["rating"] for r in risks["abandonment"]["reasons"]} == {"low", "moderate"}
    assert len(page["abandonment"]) == 1 and page["abandonment"][0].startswith("The weaker ally depends")


TREATY_LEFT_OUT = (
    "If legal basis were ratified treaty or signed treaty instead, it could still be an alliance while defense "
    "commitment is not known; it would be a comprehensive strategic partnership or a higher partnership only if, "
    "as well, defense commitment were consultation or none."
)


def test_why_not_says_why_a_treaty_is_not_among_the_ways_it_shows(browser, server, tmp_path):
    """At the start, why not a comprehensive strategic partnership listed only a joint statement or a memorandum
    as the legal basis, and a trainee could not tell why not a treaty (helper-71's brief): the ways with one come
    later, and need the defense commitment known too. The page says so, in the terminal's words."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.delete_all_cookies()
    d.get(server + "interview")
    field = d.find_element(By.ID, "parties")
    field.send_keys("USA IND")
    press(d, field, Keys.ENTER)
    assert asked(d) == "legal_basis"
    d.get(server + "interview?whynot=comprehensive_strategic_partnership#whynot")
    answer = d.find_element(By.ID, "whynot-answer").text
    assert "if legal basis were joint statement or memorandum" in answer
    assert TREATY_LEFT_OUT in answer


def test_the_label_s_verdict_on_the_page_says_what_the_terminal_says(browser, server, tmp_path):
    """The page's report said the label's verdict alone ('“Enhanced Partnership”: deflated'), where the terminal says which rung the label claims, how it was read and what the substance
    supports (helper-71's trial, a quiz side by side). The page says the terminal's lines."""
    from amity.cli.main import main
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    example = ROOT / "scenarios" / "tesmar-halvan.yaml"
    profile = tmp_path / "tesmar-halvan.yaml"
    profile.write_text(yaml.safe_dump(yaml.safe_load(example.read_text())["profile"]))
    printed = CliRunner().invoke(main, ["assess", str(profile)], catch_exceptions=False).output.splitlines()
    at = next(i for i, line in enumerate(printed) if line.startswith("Label: "))
    end = next(i for i in range(at + 1, len(printed)) if not printed[i].startswith("  "))
    terminal = [printed[at].removeprefix("Label: "), *(line.strip() for line in printed[at + 1 : end])]
    assert terminal[0] == '"Enhanced Partnership" claims partnership → deflated'

    d = browser
    d.get(server + "assess")
    d.find_element(By.ID, "file").send_keys(str(profile))
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    verdict = d.find_element(By.ID, "verdict")
    shown = [line.strip() for line in verdict.text.splitlines() if line.strip()]
    assert shown == terminal


def test_what_is_undecided_on_the_page_says_which_facts_decide_it_as_the_terminal_does(browser, server, tmp_path):
    """An undecided risk on the page said the ratings still possible alone ('undecided: low or moderate'), and
    hedging 'undecided', where the terminal says which facts would decide each (helper-71's trial): an interview
    ended with facts answered unknown left the trainee with no way to tell what was missing. The page says the
    terminal's words for the level, each risk and hedging."""
    from amity.cli.main import main
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    profile = tmp_path / "part.yaml"
    profile.write_text("parties: [USA, IND]\nlegal_basis: joint_statement\nsectors: [trade, energy, defense]\n")
    printed = CliRunner().invoke(main, ["assess", str(profile)], catch_exceptions=False).output.splitlines()
    start = printed.index("Risks:")
    terminal = {line.split()[0]: line.split(None, 1)[1] for line in printed[start + 1 : start + 5]}
    hedging = next(line for line in printed if line.startswith("Hedging: ")).removeprefix("Hedging: ")
    level = next(line for line in printed if line.startswith("Level: ")).removeprefix("Level: ")
    deciders = next(line.strip() for line in printed if line.startswith("  would be decided by: "))
    assert all("; decided by: " in said for said in terminal.values()) and "; decided by: " in hedging

    d = browser
    d.get(server + "assess")
    d.find_element(By.ID, "file").send_keys(str(profile))
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Assess']"))
    page = {risk: d.find_element(By.ID, f"risk-{risk}").text.splitlines()[0] for risk in terminal}
    assert page == terminal
    assert d.find_element(By.ID, "hedging").text == hedging
    assert d.find_element(By.ID, "level").text.splitlines() == [level, deciders]


def test_the_parties_and_the_label_are_given_again_and_every_answer_kept(browser, server, tmp_path):
    """The parties and the label were asked once, at the start: a label left out or mistyped could be put right
    only by Start again, which cleared every answer (helper-81). Change beside them, under Your answers, shows the
    start's form filled in as they are (the terminal's change parties, change label): a refusal is said there and
    asks again, Keep leaves them, and a change keeps every answer and is said in the terminal's words."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")  # legal basis: joint statement, no label
    case = d.find_element(By.CSS_SELECTOR, "section.answers .case")
    assert case.text.removesuffix(" Change") == "Parties: USA and IND; official label: not given"
    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change the parties or the label"]'), Keys.ENTER)
    assert "Interview: change the parties or the label" in body(d)
    assert d.find_element(By.ID, "parties").get_attribute("value") == "USA IND"  # filled in as they are
    press(d, d.find_element(By.CSS_SELECTOR, 'button[value="keep"]'), Keys.ENTER)
    assert d.find_element(By.CSS_SELECTOR, ".notice").text == "Kept: parties: USA and IND; official label: not given."
    assert asked(d) == "shared_values"

    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change the parties or the label"]'), Keys.ENTER)
    parties = d.find_element(By.ID, "parties")
    parties.clear()
    parties.send_keys("USA")
    label = d.find_element(By.ID, "declared_label")
    label.send_keys('"Strategic Partnership"')  # as amity shows a label: the quotes are no part of it
    press(d, label, Keys.ENTER)
    assert "Parties: expected exactly 2 party codes, got 1" in body(d)  # said on the form, asked again
    shot(d, tmp_path / "case-refused.png")
    parties = d.find_element(By.ID, "parties")
    assert parties.get_attribute("value") == "USA"
    parties.clear()
    parties.send_keys("USA JPN")
    press(d, parties, Keys.ENTER)
    assert d.find_element(By.CSS_SELECTOR, ".notice").text == (
        'Changed: parties: USA and IND → USA and JPN; official label: not given → "Strategic Partnership"; '
        "your 1 answer kept."
    )
    assert asked(d) == "shared_values"  # the question that was asked, asked again
    assert d.find_element(By.TAG_NAME, "h1").text == "Interview: USA and JPN (“Strategic Partnership”)"
    answers = [li.text.removesuffix(" Change") for li in d.find_elements(By.CSS_SELECTOR, "section.answers li")]
    assert answers == ["legal basis: joint statement"]
    profile = yaml.safe_load(fetch(d, "/interview/profile.yaml"))
    assert profile["parties"] == ["USA", "JPN"] and profile["declared_label"] == "Strategic Partnership"
    assert profile["legal_basis"] == "joint_statement"


def test_an_open_verdict_on_the_quiz_page_says_which_level_would_give_which(browser, server, tmp_path):
    """A verdict the brief leaves open said only that it could be any of three (helper-81); the page says which
    possible level gives each, as a list under it, and why undeclared is wrong of a declared label, in the
    terminal's words (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(server + "quiz/lioria-brief")
    d.find_element(By.CSS_SELECTOR, 'input[name="verdict"][value="undeclared"]').send_keys(Keys.SPACE)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Mark my answers']"), Keys.ENTER)
    lines = [line.strip() for line in body(d).splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("The level is open, so the verdict could be"))
    assert lines[at].endswith("claims comprehensive strategic partnership, and the label would be")
    assert lines[at + 1 : at + 5] == [
        "consistent if the level were comprehensive strategic partnership",
        "inflated if the level were partnership or strategic partnership",
        "deflated if the level were comprehensive strategic partnership of coordination",
        'It is not undeclared: the relationship declares "Comprehensive Strategic Partnership".',
    ]
    listed = d.find_elements(By.XPATH, "//li[starts-with(normalize-space(), 'inflated if the level were')]")
    assert len(listed) == 1 and listed[0].find_element(By.XPATH, "..").tag_name == "ul"
    shot(d, tmp_path / "open-verdict.png")


def test_a_power_ratio_given_the_wrong_way_round_is_told_turned_over(browser, server, tmp_path):
    """0.5 for the power ratio (the weaker party's over the stronger's) was told only that 1 is the least value
    (helper-81): the page says which way round the ratio goes and what 0.5 turned over is, as the terminal does
    (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")
    for _ in range(20):  # unknown until the power ratio is asked
        if asked(d) == "power_ratio":
            break
        press(d, d.find_element(By.CSS_SELECTOR, 'button[value="unknown"]'))
    assert asked(d) == "power_ratio"
    typed = d.find_element(By.ID, "answer")
    typed.send_keys("0.5")
    press(d, typed, Keys.ENTER)
    assert asked(d) == "power_ratio" and d.find_element(By.ID, "answer").get_attribute("value") == "0.5"
    assert d.find_element(By.CSS_SELECTOR, ".problems li").text == (
        "Power ratio: 0.5 is below the least value of power ratio, 1 (the stronger party's over the weaker's: type 2; "
        "or press Unknown)"  # the page's button: the terminal's advice said 'or unknown', which is typed there
    )
    shot(d, tmp_path / "ratio-turned-over.png")


def test_why_of_an_answer_being_changed_says_where_each_rule_that_tests_it_stands(browser, server, tmp_path):
    """Why does amity ask this?, at an answer being changed, listed the rules that test it and no more (helper-81):
    it says of each whether it holds, fails or waits on a fact still open, in the terminal's words
    (test_terminal's test of the same name)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    first_answer(d, server, "USA IND")  # legal basis: joint statement
    press(d, d.find_element(By.CSS_SELECTOR, 'button[aria-label="Change legal basis"]'), Keys.ENTER)
    summary = d.find_element(By.CSS_SELECTOR, "#why summary")
    summary.send_keys(Keys.ENTER)  # opened with the keyboard
    rules = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#why li")]
    assert "Without any framing instrument there is no partnership [no-framework]: fails" in rules
    assert "A joint statement or memorandum creates no legal obligation [non-binding-instrument]: holds" in rules
    assert all(rule.endswith((": holds", ": fails")) or ": not known yet (it waits on " in rule for rule in rules)
    shot(d, tmp_path / "why-answered.png")
