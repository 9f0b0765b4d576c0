"""The web front end of amity (``amity serve``): the interview, the quiz and assessments as local pages.

The consultation, the marking and the reports are the library's (``amity.engine.interview``,
``amity.engine.scenarios``, the reporters); this module only turns requests into calls and
results into HTML. What makes it safe to serve:

* every page is a Jinja template with autoescaping, so a user's string is always escaped;
* the interview and quiz state lives on the server, keyed by a random session id in an
  HttpOnly, SameSite=Strict cookie, so sessions never see each other's answers;
* every POST carries a token tied to the session (an HMAC of its id) and, when the browser
  sends an Origin header, it must be this server's own: a page elsewhere cannot post here;
* request bodies are limited (``max_body``) before they are read;
* scenarios are loaded once, at start, from one folder; a request names a scenario by its id,
  never by a path, and static files come from the package's own folder;
* bad input (an upload, an answer) gets a located error on the page, never a 500.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from amity.cli.interview import (
    OVER_CHOICES,
    case_changed_text,
    case_value,
    changed_text,
    kept_text,
    undone_text,
    unquoted,
)
from amity.cli.quiz import EMPHASIS, STRONG, answer_text
from amity.cli.reporters.common import either
from amity.cli.reporters.json_reporter import dumps
from amity.cli.reporters.text import hedging_status, label_lines, level_deciders, risk_status
from amity.cli.reporters.text import render as text_render
from amity.engine import load_pack, plain
from amity.engine.assessment import Assessment, Assessor
from amity.engine.document import EMPTY, decode_text, parse_document, pointer_within
from amity.engine.errors import AmityError, InputError, Location, Problem, UsageError
from amity.engine.explain import how, level_notes, next_level_up
from amity.engine.interview import NO_LABEL, PARTIES_ADVICE, Consultation, Question, parties_typed
from amity.engine.levels import LEVEL_NAMES, LEVELS
from amity.engine.pack import Pack
from amity.engine.packdoc import graph, svg
from amity.engine.profiles import profiles_of
from amity.engine.scenarios import (
    RENAMED,
    SCENARIO_DIR,
    Loaded,
    QuizQuestion,
    QuizResult,
    Scenario,
    find_scenarios,
    load_scenarios,
    mark,
    menu_order,
    questions_of,
    trainee_fault,
    transcript_name,
)
from amity.engine.whynot import blocker_lines, parse_target, target_choices, unknown_target
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HERE = Path(__file__).resolve().parent
COOKIE = "amity_session"
MAX_BODY = 256 * 1024  # bytes: a profile is a few kilobytes
MAX_SESSIONS = 1000  # the oldest session is forgotten beyond this
#: the posted value of a set question's "none of them" box (no item of a set field is called so)
NONE_OF_THEM = "none"
#: How an answer is given unknown on the interview's page: its button (the terminal takes 'unknown' typed)
PRESS_UNKNOWN = "press Unknown"
#: What to give when a trainee's name is refused: it names the downloaded transcript, as at the terminal.
TRAINEE_ADVICE = (
    "your name makes the transcript's file name: a short one without '/', '\\' or control characters, e.g. Ana M;"
    " or none"
)


@dataclass(frozen=True)
class FormProblem:
    """A problem with what a form posted, said as the form shows it: by the question's own words, not by a
    JSON pointer, with advice for boxes and buttons rather than for typing ('choose one of the answers')."""

    field: str  # the form's words for what is wrong: 'Parties', 'Legal basis', a quiz question
    message: str
    suggestion: str | None = None

    @property
    def heading(self) -> str:
        """The field's words before a colon: a question's own '?' or '.' dropped ('What level is this?: ...')."""
        return self.field.rstrip(" .?:")


#: Where a refusal of the parties and the label given again stands (the 'at' of a Refusal; no fact is named so)
CASE = "case"
#: Where a start's form posted over an interview with answers stands (the 'at' of a Refusal; no fact is named so):
#: nothing started, the page asks first, as Start again does
START = "start"

NOT_MARKED = (  # what a refused marking's page says first: nothing was marked, and nothing given is lost
    "Your answers were not marked. They are kept below: put right what is listed here, "
    "then press Mark my answers again."
)

# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class RefusedMarking:
    """A quiz's answers that were not marked, as posted (the form shown again keeps them), and why."""

    given: dict[str, list[str]]
    trainee: str
    problems: list[FormProblem]


@dataclass(frozen=True)
class Refusal:
    """What an interview's refused post said (its problems, or a notice) and what it gave, kept for the page
    the refusal redirects to: a reload shows them again and posts nothing. They stand while the interview is
    where it was: at the start form (``at`` None) or at the question it concerns ('' once it is over); a start's
    form posted over an interview with answers stands at ``START``, shown at /interview/start."""

    at: str | None
    problems: list[FormProblem] = field(default_factory=list)
    notice: str | None = None
    given: dict[str, Any] = field(default_factory=dict)


@dataclass
class Session:
    """One browser's state: its interview in progress and its last quiz transcript per scenario."""

    consultation: Consultation | None = None
    quiz: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the last marked answers per scenario, shown at /quiz/<id>/result (the page a marking redirects to)
    results: dict[str, QuizResult] = field(default_factory=dict)
    #: the answers last refused per scenario, with why, shown at /quiz/<id>/not-marked (where a refusal redirects)
    refused: dict[str, RefusedMarking] = field(default_factory=dict)
    #: what the interview's last refused post said, shown at /interview (where a refusal redirects)
    interview_refusal: Refusal | None = None
    #: the fact whose answer the trainee chose to change: its question is asked before the next one
    changing: str | None = None
    #: the parties and the label are being given again (the start's form, filled in): the answers stay
    changing_case: bool = False


class Sessions:
    """Server-side sessions keyed by a random id; the least recently used is forgotten past ``limit``."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._items: OrderedDict[str, Session] = OrderedDict()
        self.limit = limit

    def get(self, sid: str | None) -> Session | None:
        if sid is None or sid not in self._items:
            return None
        self._items.move_to_end(sid)
        return self._items[sid]

    def new(self) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(24)
        self._items[sid] = Session()
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return sid, self._items[sid]


class Form:
    """A posted form read whole (fields as text, files as (name, bytes)), its temporary files closed."""

    def __init__(self, fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes]]) -> None:
        self.fields = fields
        self.files = files

    @classmethod
    async def read(cls, request: Request, limit: int) -> Form:
        fields: list[tuple[str, str]] = []
        files: dict[str, tuple[str, bytes]] = {}
        async with request.form(max_files=1, max_fields=200, max_part_size=limit) as form:
            for key, value in form.multi_items():
                if isinstance(value, str):
                    fields.append((key, value))
                else:
                    files[key] = (value.filename or "", await value.read())
        return cls(fields, files)

    def get(self, key: str) -> str | None:
        return next((v for k, v in self.fields if k == key), None)

    def getlist(self, key: str) -> list[str]:
        return [v for k, v in self.fields if k == key]


# --------------------------------------------------------------------------- body limit


class _TooLarge(HTTPException):
    """Raised while a body streams in past the limit: the app's error page answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"amity serve takes at most {limit // 1024} KiB in one request; a profile is a few kilobytes"
        )


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413, by its Content-Length or as it streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except _TooLarge:
            if not started:
                await _too_large(self.limit)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return HTMLResponse(
        f"<!doctype html><title>Too large</title><h1>Too large</h1><p>amity serve takes at most {limit // 1024} KiB "
        "in one request; a profile is a few kilobytes.</p>",
        status_code=413,
    )


# --------------------------------------------------------------------------- the app


class Server:
    """The pages, over one pack and one folder of scenarios."""

    def __init__(
        self,
        pack: str | Pack = "core",
        scenarios: str | Path | None = None,
        *,
        max_body: int = MAX_BODY,
        loaded_scenarios: Loaded | None = None,
    ) -> None:
        self.assessor = Assessor(pack if isinstance(pack, Pack) else load_pack(pack))
        folder = Path(scenarios) if scenarios is not None else SCENARIO_DIR
        self.scenario_dir = folder
        # a broken scenario is shown to the instructor, not fatal (the folder's, loaded once: amity serve's)
        loaded = loaded_scenarios if loaded_scenarios is not None else load_scenarios(find_scenarios(folder))
        self.scenarios: dict[str, Scenario] = {s.id: s for s in loaded.scenarios}
        self.scenario_problems: list[Problem] = loaded.problems
        self.sessions = Sessions()
        self.secret = secrets.token_bytes(32)
        self.max_body = max_body
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            plain=plain, LEVEL_NAMES=LEVEL_NAMES, LEVELS=LEVELS, shown=quiz_value, NONE_OF_THEM=NONE_OF_THEM
        )
        self.env.filters["outline"] = outline
        self.env.filters["narrative"] = narrative_html
        self.env.filters["level"] = lambda v: LEVEL_NAMES.get(v, v) if isinstance(v, str) else v

    # ------------------------------------------------------------------ plumbing

    def token(self, sid: str) -> str:
        return hmac.new(self.secret, sid.encode(), hashlib.sha256).hexdigest()

    def session(self, request: Request) -> tuple[str, Session, bool]:
        sid = request.cookies.get(COOKIE)
        found = self.sessions.get(sid)
        if sid is not None and found is not None:
            return sid, found, False
        sid, new = self.sessions.new()
        return sid, new, True

    async def checked_form(self, request: Request) -> tuple[str, Session, Form]:
        """The form of a POST from this server's own page, in an existing session; 403 otherwise."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            raise HTTPException(403, "this form was posted from another site")
        sid = request.cookies.get(COOKIE)
        found = self.sessions.get(sid)
        form = await Form.read(request, self.max_body)
        token = form.get("csrf")
        if (
            sid is None
            or found is None
            or not isinstance(token, str)
            or not hmac.compare_digest(token, self.token(sid))
        ):
            raise HTTPException(403, "the page has expired or came from elsewhere: reload it and try again")
        return sid, found, form

    def page(self, request: Request, template: str, sid: str, new: bool, status: int = 200, **context: Any) -> Response:
        body = self.env.get_template(template).render(
            csrf=self.token(sid), pack=self.assessor.pack, path=request.url.path, **context
        )
        response = HTMLResponse(body, status_code=status)
        if new:
            response.set_cookie(COOKIE, sid, httponly=True, samesite="strict", path="/")
        return response

    # ------------------------------------------------------------------ report

    def report(self, profile: dict[str, Any], a: Assessment) -> dict[str, Any]:
        """What the report template shows of one assessment."""
        notes = level_notes(self.assessor, profile, a)
        fired = [step.rule for step in a.trace.steps]
        return {
            "a": a,
            "notes": notes,
            "next_up": next_level_up(a.level.value) if a.level.value else None,
            "tree": _nest(how(a, verbose=True)),
            "blockers": _nest(blocker_lines(notes.next_up.blockers)) if notes.next_up else [],
            "diagram": Markup(svg(graph(self.assessor.pack, fired))) if fired else None,
            "text": text_render(a, notes),
            "hierarchy": hierarchy(a.level.possible),
            "label": label_lines(a),  # the verdict and why, in the terminal's words
            # what is undecided and which facts would decide it, in the terminal's words (the page said the
            # ratings still possible alone)
            "risks": {risk: risk_status(r) for risk, r in a.risks.items()},
            "hedging": hedging_status(a),
            "level_open": either(a.level.possible, LEVEL_NAMES) if a.level.value is None else None,
            "level_deciders": level_deciders(a) if a.level.value is None else None,
        }

    # ------------------------------------------------------------------ pages

    async def home(self, request: Request) -> Response:
        sid, _, new = self.session(request)
        return self.page(request, "home.html", sid, new, scenarios=len(self.scenarios))

    async def interview(self, request: Request) -> Response:
        sid, s, new = self.session(request)
        c = s.consultation
        said = s.interview_refusal
        if c is None:
            if said is None or said.at is not None:
                return self.page(request, "interview_start.html", sid, new, problems=[], given={})
            return self.page(
                request, "interview_start.html", sid, new, problems=said.problems, given=said.given, notice=said.notice
            )
        if s.changing_case:  # the parties and the label given again: the start's form, filled in as they are
            shown = said if said is not None and said.at == CASE else None
            given = shown.given if shown else {"parties": " ".join(c.case["parties"]), **_label_given(c)}
            return self.page(
                request, "interview_start.html", sid, new, changing=len(c.history),
                problems=shown.problems if shown else [], given=given,
            )  # fmt: skip
        if said is not None and said.at != _at(c, s):  # said of a question since answered (or undone): not shown
            said = None
        return self.interview_page(
            request, sid, new, s, c,
            problems=said.problems if said else None, notice=said.notice if said else None,
            given=said.given if said else None, whynot=request.query_params.get("whynot"),
        )  # fmt: skip

    def refuse(self, s: Session, refusal: Refusal, page: str = "/interview") -> Response:
        """Nothing recorded: what was wrong is kept for the interview's page, got after the post (a reload shows
        it again, and posts nothing; the address was /interview/answer, which a reload posted to again, and which
        opened anew was no page at all)."""
        s.interview_refusal = refusal
        return RedirectResponse(page, status_code=303)

    def interview_page(
        self,
        request: Request,
        sid: str,
        new: bool,
        s: Session,
        c: Consultation,
        problems: list[FormProblem] | None = None,
        notice: str | None = None,
        given: dict[str, Any] | None = None,
        whynot: str | None = None,
    ) -> Response:
        """The current question (or the result), with why it is asked, how far amity has got, and why the
        relationship is not (yet) at WHYNOT, a level the trainee asked about, as the terminal's commands
        why, how and whynot say."""
        q = _asked(s, c)
        answered = c.profile()
        history = [
            (plain.field_title(h.field), plain.value_text(h.field, answered.get(h.field)), h.field) for h in c.history
        ]
        context: dict[str, Any] = {
            "c": c,
            "q": q,
            # an answer being changed: what it was (the question is its own, asked again)
            "was": plain.value_text(q.field, answered.get(q.field)) if q is not None and s.changing else None,
            "history": history,
            "problems": problems or [],
            "notice": notice,
            # a refused answer as it was given (the number typed, the boxes ticked); an answer being changed, as it is
            "given": given or (_as_given(q, answered.get(q.field)) if q is not None and s.changing else {}),
            "hierarchy": hierarchy(c.possible_levels()),
        }
        # why not a level, a risk or hedging: at a question and once it is over, as the terminal's whynot at over>
        context["targets"] = target_choices()  # a level, a risk or hedging: what the terminal's whynot takes
        if whynot:
            try:
                output, target = parse_target(whynot)
            except UsageError:  # an address typed or kept from elsewhere: said as the terminal says it
                context["whynot"] = {"value": whynot, "problem": unknown_target(whynot)}
            else:
                w = c.why_not(target, output)
                context["whynot"] = {"value": whynot, "w": w, "blockers": _nest(blocker_lines(w.blockers))}
        if q is not None:
            context["how"] = _nest(c.how())
            context["why"] = c.why(q.field)
            context["choices"] = _choices(q)
            expects = form_expects(q)
            context["expects"] = expects[:1].upper() + expects[1:]
        else:
            context["report"] = self.report(c.profile(), c.assessment)
            context["over_choices"] = [(what, page) for what, _, page in OVER_CHOICES]  # the terminal's over> groups
        return self.page(request, "interview.html", sid, new, **context)

    async def interview_start(self, request: Request) -> Response:
        """Start an interview. Over one with answers (a start's form out of date: another tab started it, or the
        browser's Back), nothing is started until it is confirmed, as Start again asks (the interview was thrown
        away, and the page said nothing of it)."""
        _, s, form = await self.checked_form(request)
        case, refused = _case_posted(form)
        c = s.consultation
        losing = c is not None and bool(c.history)
        if losing and form.get("confirm") != "yes":
            notice = (
                "Nothing was started: that page was out of date (another tab started an interview, or the browser "
                "went Back)."
            )
            problems = refused.problems if refused is not None else []
            return self.refuse(s, Refusal(START, problems, notice, _case_given(form)), "/interview/start")
        if refused is not None:  # nothing started, and nothing cleared: the form it came from asks again
            said = Refusal(START if losing else None, refused.problems, given=refused.given)
            return self.refuse(s, said, "/interview/start" if losing else "/interview")
        s.consultation = Consultation(self.assessor, case)
        s.changing_case = False
        s.changing = None
        s.interview_refusal = None
        return RedirectResponse("/interview", status_code=303)

    async def interview_answer(self, request: Request) -> Response:
        _, s, form = await self.checked_form(request)
        c = s.consultation
        if c is None:  # started again in another tab: nothing to answer
            notice = "That page was out of date: the interview was started again, so nothing was recorded."
            return self.refuse(s, Refusal(None, notice=notice))
        q = _asked(s, c)
        if q is None or form.get("field") != q.field:  # a stale page (another tab, Back, a second click)
            asked = form.get("field")
            done = isinstance(asked, str) and any(h.field == asked for h in c.history)
            what = (
                f"{plain.field_title(str(asked))} was already answered (the page was out of date)"
                if done
                else "the page was out of date"
            )
            now = "Here is the current question." if q is not None else "The interview is over; here is its result."
            notice = f"Nothing was recorded: {what}. {now}"
            return self.refuse(s, Refusal(_at(c, s), notice=notice))
        given: dict[str, Any] = {}
        old = c.profile().get(q.field)
        if form.get("action") == "keep" and s.changing:  # the answer being changed, left as it was
            s.changing = None
            s.interview_refusal = Refusal(_at(c, s), notice=kept_text(q.field, old))  # as the terminal says it
            return RedirectResponse("/interview", status_code=303)
        if form.get("action") == "unknown":
            text = "unknown"
        elif q.kind == "set":  # nothing ticked is no answer (a slip is not a fact): "none of them" is none
            items = given["items"] = [str(v) for v in form.getlist("item")]
            if NONE_OF_THEM in items and len(items) > 1:
                return self.refuse(s, Refusal(q.field, [_none_and_items(q.title)], given=given))
            text = "none" if items == [NONE_OF_THEM] else ", ".join(items)
        else:
            text = given["answer"] = str(form.get("answer") or "")
        if not text.strip():
            nothing = "nothing is ticked" if q.kind == "set" else "no answer was given"
            return self.refuse(s, Refusal(q.field, [FormProblem(q.title, nothing, form_expects(q))], given=given))
        try:
            answer = c.answer(text, q.field, unknown=PRESS_UNKNOWN)  # advice for typing: the page's button
        except AmityError as exc:
            typed = q.kind in ("integer", "number")  # the engine's advice is for typing: a number is typed here too
            problems = [
                FormProblem(q.title, p.message, p.suggestion if typed else form_expects(q)) for p in exc.problems
            ]
            return self.refuse(s, Refusal(q.field, problems, given=given))
        changed = s.changing is not None
        s.changing = None  # changed: the interview asks what the new answer makes matter
        s.interview_refusal = None
        if changed:  # said as the terminal says it: what it was, what it is, and that the others are kept
            s.interview_refusal = Refusal(_at(c, s), notice=changed_text(c, q.field, old, answer.value))
        return RedirectResponse("/interview", status_code=303)

    async def interview_back(self, request: Request) -> Response:
        _, s, _ = await self.checked_form(request)
        c = s.consultation
        undone = c.back() if c is not None else None
        s.changing = None
        s.interview_refusal = None
        if c is not None and undone is not None:  # said as the terminal says it: what was undone, what is asked
            s.interview_refusal = Refusal(_at(c, s), notice=undone_text(c, undone))
        return RedirectResponse("/interview", status_code=303)

    async def interview_change(self, request: Request) -> Response:
        """Ask the question of one answer again (the terminal's change FIELD): the other answers stay, and
        once it is answered the interview asks only what the new answer makes matter. Before, Back was the
        only way to an early answer: it undid every later one, and they were all asked again."""
        _, s, form = await self.checked_form(request)
        c = s.consultation
        field = str(form.get("change") or "")
        s.interview_refusal = None
        if c is not None and field == CASE:  # the parties and the label: the start's form again, filled in
            s.changing, s.changing_case = None, True
            return RedirectResponse("/interview", status_code=303)
        if c is None or not any(h.field == field for h in c.history):  # a stale page: nothing to change
            notice = "Nothing was changed: that answer is no longer among yours (the page was out of date)."
            return self.refuse(s, Refusal(_at(c, s) if c is not None else None, notice=notice))
        s.changing = field
        return RedirectResponse("/interview", status_code=303)

    async def interview_case(self, request: Request) -> Response:
        """Give the parties and the label again (the terminal's change parties, change label), every answer
        kept. They were asked once, at the start: a label left out or mistyped could be put right only by
        Start again, which cleared every answer."""
        _, s, form = await self.checked_form(request)
        c = s.consultation
        s.interview_refusal = None
        if c is None or not s.changing_case:  # a stale page: started again, or the case already given
            s.changing_case = False
            notice = "Nothing was changed: the page was out of date."
            return self.refuse(s, Refusal(_at(c, s) if c is not None else None, notice=notice))
        before = {f: case_value(c, f) for f in ("parties", "declared_label")}
        if form.get("action") == "keep":
            s.changing_case = False
            return self.refuse(s, Refusal(_at(c, s), notice=kept_case_text(c)))
        case, refused = _case_posted(form)
        if refused is not None:
            return self.refuse(s, Refusal(CASE, refused.problems, given=refused.given))
        c.change_case({"parties": case["parties"], "declared_label": case.get("declared_label")})
        s.changing_case = False
        changed = any(case_value(c, f) != was for f, was in before.items())
        notice = case_changed_text(c, before) if changed else kept_case_text(c)
        return self.refuse(s, Refusal(_at(c, s), notice=notice))

    async def interview_reset(self, request: Request) -> Response:
        """Start again; asked first when there are answers to lose (one key press cleared them all)."""
        _, s, form = await self.checked_form(request)
        c = s.consultation
        if c is not None and c.history and form.get("confirm") != "yes":
            # the question is a page got, as a refusal is: a reload asks it again and posts nothing
            return RedirectResponse("/interview/reset", status_code=303)
        s.consultation = None
        s.changing = None
        s.changing_case = False
        s.interview_refusal = None
        return RedirectResponse("/interview", status_code=303)

    async def interview_reset_page(self, request: Request) -> Response:
        """Whether to clear the answers, asked (the address was that of the post, and opened anew no page);
        with no answers to lose, the interview."""
        sid, s, new = self.session(request)
        c = s.consultation
        if c is None or not c.history:
            return RedirectResponse("/interview", status_code=303)
        return self.page(
            request, "interview_reset.html", sid, new, count=len(c.history), parties=c.case.get("parties", [])
        )

    async def interview_start_page(self, request: Request) -> Response:
        """A start's form posted over an interview with answers: nothing started, the interview in progress said
        (its parties, its answers), and the choice: go on with it, or clear it and start the one posted (its
        form again, filled in, to confirm); with nothing posted so, or no answers to lose, the interview."""
        sid, s, new = self.session(request)
        c = s.consultation
        said = s.interview_refusal
        if c is None or not c.history or said is None or said.at != START:
            return RedirectResponse("/interview", status_code=303)
        return self.page(
            request, "interview_reset.html", sid, new, count=len(c.history), parties=c.case.get("parties", []),
            over=_asked(s, c) is None, starting=said, problems=said.problems, given=said.given,
        )  # fmt: skip

    async def interview_download(self, request: Request) -> Response:
        _, s, _ = self.session(request)
        c = s.consultation
        what = request.path_params["what"]
        if what not in ("profile.yaml", "transcript.json"):
            raise HTTPException(404, "no such page")
        if c is None:
            raise HTTPException(404, "no interview in this session")
        if what == "profile.yaml":
            body = (
                "# amity interview answers: `amity interview --resume FILE` goes on, `amity assess FILE` assesses them\n"
            ) + yaml.safe_dump(c.profile(), sort_keys=False, allow_unicode=True, default_flow_style=None)
            return _download(body, "amity-interview.yaml", "application/yaml")
        return _download(dumps(c.transcript()), "amity-interview.transcript.json", "application/json")

    async def quiz_list(self, request: Request) -> Response:
        sid, _, new = self.session(request)
        listed = menu_order(self.scenarios.values())
        return self.page(request, "quiz_list.html", sid, new, scenarios=listed, problems=self.scenario_problems)

    def scenario(self, request: Request) -> Scenario:
        found = self.scenarios.get(request.path_params["scenario"])
        if found is None:
            raise HTTPException(404, "no such scenario")
        return found

    async def quiz(self, request: Request) -> Response:
        name = request.path_params["scenario"]
        if name not in self.scenarios and RENAMED.get(name) in self.scenarios:  # a bookmark of its former name
            return RedirectResponse(f"/quiz/{RENAMED[name]}", status_code=301)
        sid, _, new = self.session(request)
        s = self.scenario(request)
        return self.page(
            request, "quiz.html", sid, new, s=s, questions=_quiz_questions(s), result=None, given={}, trainee=""
        )

    async def quiz_mark(self, request: Request) -> Response:
        _, session, form = await self.checked_form(request)
        s = self.scenario(request)
        answers: dict[str, Any] = {}
        given: dict[str, list[str]] = {}  # what was posted, as posted: the form re-shown after an error keeps it
        problems: list[FormProblem] = []
        for q in questions_of(s):
            if q.multiple:  # nothing ticked: skipped; "none of them": the empty set
                picked = [str(v) for v in form.getlist(q.id)]
                given[q.id] = picked
                odd = _not_offered(q, picked)
                if odd is not None:
                    problems.append(odd)
                elif NONE_OF_THEM in picked and len(picked) > 1:
                    problems.append(_none_and_items(q.prompt))
                elif picked:
                    answers[q.id] = picked if picked != [NONE_OF_THEM] else []
            else:
                value = str(form.get(q.id) or "").strip()
                given[q.id] = [value]
                odd = _not_offered(q, [value] if value else [])
                if odd is not None:
                    problems.append(odd)
                elif value:
                    answers[q.id] = value
        name = str(form.get("trainee") or "")
        trainee = name.strip() or None
        fault = trainee_fault(trainee, s.id) if trainee else None
        if fault:  # the name makes the transcript's file name, as at the terminal
            problems.append(FormProblem("Your name", f"it {fault}", TRAINEE_ADVICE))
        try:
            result = mark(s, self.assessor, answers, trainee)
        except AmityError as exc:
            problems += [_quiz_problem(questions_of(s), p) for p in exc.problems]
        if problems:
            # nothing marked, and the page that says so is got after the post, as a result is: reloading it shows
            # the answers and the problems again, and does not post them again (the refusal was the answer to the
            # post: the browser asked to send the form once more)
            session.refused[s.id] = RefusedMarking(given, name, problems)
            return RedirectResponse(f"/quiz/{s.id}/not-marked", status_code=303)
        session.refused.pop(s.id, None)
        session.quiz[s.id] = result.transcript()
        session.results[s.id] = result
        # the result is a page of its own, got after the post: reloading it shows it again, and does not post
        # the answers again (the browser asked to send the form once more, and marked it a second time)
        return RedirectResponse(f"/quiz/{s.id}/result", status_code=303)

    async def quiz_not_marked(self, request: Request) -> Response:
        """The answers refused last, as they were posted, and why: the form again, to put right."""
        sid, session, new = self.session(request)
        s = self.scenario(request)
        refused = session.refused.get(s.id)
        if refused is None:  # nothing refused in this session (a bookmark, an expired session): the questions
            return RedirectResponse(f"/quiz/{s.id}", status_code=303)
        return self.page(
            request, "quiz.html", sid, new, s=s, questions=_quiz_questions(s), result=None,
            problems=refused.problems, given=refused.given, trainee=refused.trainee, problems_intro=NOT_MARKED,
        )  # fmt: skip

    async def quiz_result(self, request: Request) -> Response:
        sid, session, new = self.session(request)
        s = self.scenario(request)
        result = session.results.get(s.id)
        if result is None:  # nothing marked in this session (a bookmark, an expired session): the questions
            return RedirectResponse(f"/quiz/{s.id}", status_code=303)
        return self.page(
            request, "quiz.html", sid, new, s=s, questions=_quiz_questions(s), result=result,
            report=self.report(s.profile, result.assessment),
        )  # fmt: skip

    async def quiz_transcript(self, request: Request) -> Response:
        _, session, _ = self.session(request)
        s = self.scenario(request)
        data = session.quiz.get(s.id)
        if data is None:
            raise HTTPException(404, "no quiz answered for this scenario in this session")
        return _download(dumps(data), transcript_name(s.id, data.get("trainee")), "application/json")

    async def assess_form(self, request: Request) -> Response:
        sid, _, new = self.session(request)
        return self.page(request, "assess.html", sid, new, text="", problems=[], lines=[], reports=[])

    async def assess(self, request: Request) -> Response:
        sid, _, form = await self.checked_form(request)
        text = str(form.get("text") or "")
        name = "pasted text"
        upload = form.files.get("file")
        problems: list[Problem] = []
        if upload is not None and upload[0]:
            name = Path(upload[0]).name or "upload"
            data = upload[1]
            try:
                text = decode_text(data, name)  # as `amity assess FILE` reads it: located at line:column
            except InputError as exc:
                problems = list(exc.problems)
                text = data.decode("utf-8", errors="replace")
        reports: list[dict[str, Any]] = []
        if not problems:
            try:
                doc = parse_document(text, name)  # as `amity assess FILE` reads it
                profiles, _ = profiles_of(doc)
                reports = [self.report(p, self.assessor.assess(p, checked=True)) for p in profiles]
            except InputError as exc:
                problems = list(exc.problems)
                if name == "pasted text" and problems[0].message == EMPTY:  # no file: the box is empty
                    problems = [Problem("nothing to assess", Location(name), "paste a profile or choose a file")]
        bad_lines = {p.location.line for p in problems if p.location.line}
        lines = [(i, line, i in bad_lines) for i, line in enumerate(text.split("\n"), 1)] if problems else []
        status = 400 if problems else 200
        return self.page(
            request, "assess.html", sid, False, status, text=text, problems=problems, lines=lines, reports=reports
        )


def _download(body: str, filename: str, media: str) -> Response:
    """A file to save, named in full for browsers that read RFC 6266's ``filename*`` (a trainee's name may be
    in any script), and in ASCII for the rest (a header is Latin-1, and a '"' would end the quoted name)."""
    plain_name = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in filename)
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f"attachment; filename=\"{plain_name}\"; filename*=UTF-8''{quote(filename)}"},
    )


def _asked(s: Session, c: Consultation) -> Question | None:
    """The question the page asks: that of the answer being changed, else the next one (None: it is over)."""
    if s.changing is not None and any(h.field == s.changing for h in c.history):
        return c.change_question(s.changing)
    s.changing = None
    return c.next_question()


def _as_given(q: Question, value: Any) -> dict[str, Any]:
    """An answer as the form posts it (the choice checked, the boxes ticked, the number typed): the answer
    being changed, shown as it is."""
    if value is None:
        return {}
    if q.kind == "set":
        return {"items": [str(v) for v in value] or [NONE_OF_THEM]}
    if q.kind == "boolean":
        return {"answer": "yes" if value else "no"}
    return {"answer": str(value)}


@dataclass(frozen=True)
class CaseRefused:
    """Parties the start's form cannot take: why, and what was posted (shown again in the form)."""

    problems: list[FormProblem]
    given: dict[str, Any]


def _case_given(form: Form) -> dict[str, str]:
    """The parties and the label as the start's form posts them, as typed (the form shown again keeps them)."""
    return {
        "parties": str(form.get("parties") or ""),
        "declared_label": unquoted(str(form.get("declared_label") or "")),
    }


def _case_posted(form: Form) -> tuple[dict[str, Any], CaseRefused | None]:
    """The parties and the label as the start's form posts them (the terminal reads them as typed): the case,
    or why the parties are refused."""
    given = _case_given(form)
    raw, label = given["parties"], given["declared_label"]
    try:
        parties = parties_typed(raw)
    except InputError as exc:
        advice = plain.clause(PARTIES_ADVICE.rstrip("."))
        problems = [FormProblem("Parties", p.message, p.suggestion or advice) for p in exc.problems]
        return {}, CaseRefused(problems, given)
    case: dict[str, Any] = {"parties": parties}
    if label and label.lower() not in NO_LABEL:
        case["declared_label"] = label
    return case, None


def kept_case_text(c: Consultation) -> str:
    """What keeping the parties and the label says: 'Kept: parties: USA and IND; official label: not given.'"""
    return f"Kept: parties: {case_value(c, 'parties')}; official label: {case_value(c, 'declared_label')}."


def _label_given(c: Consultation) -> dict[str, str]:
    label = c.case.get("declared_label")
    return {"declared_label": label} if label else {}


def _at(c: Consultation, s: Session) -> str:
    """Where an interview stands: the field of its current question, or '' once it is over."""
    q = _asked(s, c)
    return q.field if q is not None else ""


def _choices(q: Question) -> list[tuple[str, str]]:
    """(value as posted, words) for each choice of a question."""
    if q.kind == "boolean":
        return [("yes", "yes"), ("no", "no")]
    return [(str(v), plain.words(v)) for v in q.choices]


def form_expects(q: Question) -> str:
    """What an answer looks like on the interview's form: chosen or ticked (the terminal's words are for typing)."""
    if q.kind in ("enum", "ordinal", "boolean"):
        return f"choose one of the answers, or {PRESS_UNKNOWN}"
    if q.kind == "set":
        return f"tick every item that applies, or “none of them”; or {PRESS_UNKNOWN}"
    return f"type {q.expects}; or {PRESS_UNKNOWN}"


def _none_and_items(question: str) -> FormProblem:
    return FormProblem(
        question, "“none of them” is ticked, and items too", "tick the items that apply, or “none of them” alone"
    )


def _not_offered(question: QuizQuestion, posted: list[str]) -> FormProblem | None:
    """The values posted for a quiz question that none of its buttons or boxes sends, said in the words
    the page shows for them (``QuizQuestion.refusal``: a crafted request, since a browser sends only what
    the form offers); None when every value is offered, or the question is typed rather than chosen."""
    if not question.choices:
        return None
    offered = {str(v) for v in question.choices} | ({NONE_OF_THEM} if question.multiple else set())
    odd = [value for value in posted if value not in offered]
    if not odd:
        return None
    return FormProblem(
        question.prompt,
        question.refusal(odd, ["none of them"] if question.multiple else []),
        "tick the items that apply, or “none of them”" if question.multiple else "choose one of the answers",
    )


def _quiz_problem(questions: list[QuizQuestion], p: Problem) -> FormProblem:
    """A marking problem said by the quiz question it is about (its pointer names the question's id or field)."""
    pointer = p.location.pointer or ""
    for q in questions:
        field = q.id.partition(":")[2]
        own = [f"/{q.id}"] + ([f"/{field}"] if field else [])  # a coded set's items are checked as the field's
        if any(pointer_within(pointer, at) for at in own):
            if q.multiple:
                return FormProblem(q.prompt, p.message, "tick the items that apply, or “none of them”")
            if q.choices:
                return FormProblem(q.prompt, p.message, "choose one of the answers")
            return FormProblem(q.prompt, p.message, p.suggestion)
    return FormProblem("Your answers", p.message, p.suggestion)


def _quiz_questions(s: Scenario) -> list[dict[str, Any]]:
    """The questions as the page shows them: each choice as posted and its label (``QuizQuestion.labels``)."""
    return [
        {"id": q.id, "prompt": q.prompt, "choices": list(zip(map(str, q.choices), q.labels, strict=True)),
         "multiple": q.multiple}
        for q in questions_of(s)
    ]  # fmt: skip


def narrative_html(paragraph: str) -> Markup:
    """A paragraph of a narrative as HTML: escaped, then its Markdown (**strong**, *emphasis*) as tags."""
    text = str(escape(" ".join(paragraph.split())))
    return Markup(EMPHASIS.sub(r"<em>\1</em>", STRONG.sub(r"<strong>\1</strong>", text)))


def quiz_value(q: QuizQuestion, value: Any) -> str:
    """A quiz answer in words, as the terminal quiz shows it."""
    return answer_text(q, value)


def hierarchy(possible: Any) -> list[dict[str, Any]]:
    """The levels from the top down, each marked possible or ruled out."""
    still = set(possible)
    return [{"level": lv, "name": LEVEL_NAMES[lv], "possible": lv in still} for lv in reversed(LEVELS)]


def outline(lines: Any) -> list[dict[str, Any]]:
    """Lines as the terminal indents them ('- ' bullets, two spaces a level) as a tree for nested lists."""
    out = []
    for line in lines:
        text = str(line)
        body = text.lstrip(" ")
        depth = (len(text) - len(body)) // 2
        out.append((depth, body[2:] if body.startswith("- ") else body))
    return _nest(out)


def _nest(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """(depth, text) pairs as a tree of {text, children}."""
    root: list[dict[str, Any]] = []
    stack: list[tuple[int, list[dict[str, Any]]]] = [(-1, root)]
    for depth, text in lines:
        while stack[-1][0] >= depth:
            stack.pop()
        node: dict[str, Any] = {"text": text, "children": []}
        stack[-1][1].append(node)
        stack.append((depth, node["children"]))
    return root


async def _error_page(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "something went wrong inside amity (this is a bug)"
    from html import escape

    return HTMLResponse(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{code}</title>'
        f'<link rel="stylesheet" href="/static/amity.css"><main><h1>{code}</h1><p>{escape(str(detail))}</p>'
        '<p><a href="/">amity home</a></p></main></html>',
        status_code=code,
    )


def create_app(
    pack: str | Pack = "core",
    scenarios: str | Path | None = None,
    *,
    max_body: int = MAX_BODY,
    loaded_scenarios: Loaded | None = None,
) -> ASGIApp:
    """The ASGI application of ``amity serve``, over a pack (loaded, or by name or path) and the scenarios of a
    folder (``loaded_scenarios``: those of ``scenarios`` loaded already). Raises AmityError for a bad pack or
    scenarios folder."""
    server = Server(pack, scenarios, max_body=max_body, loaded_scenarios=loaded_scenarios)
    routes = [
        Route("/", server.home),
        Route("/interview", server.interview),
        Route("/interview/start", server.interview_start, methods=["POST"]),
        Route("/interview/start", server.interview_start_page, methods=["GET"]),
        Route("/interview/answer", server.interview_answer, methods=["POST"]),
        Route("/interview/back", server.interview_back, methods=["POST"]),
        Route("/interview/change", server.interview_change, methods=["POST"]),
        Route("/interview/case", server.interview_case, methods=["POST"]),
        Route("/interview/reset", server.interview_reset, methods=["POST"]),
        Route("/interview/reset", server.interview_reset_page, methods=["GET"]),
        Route("/interview/{what:str}", server.interview_download),
        Route("/quiz", server.quiz_list),
        Route("/quiz/{scenario:str}", server.quiz, methods=["GET"]),
        Route("/quiz/{scenario:str}", server.quiz_mark, methods=["POST"]),
        Route("/quiz/{scenario:str}/result", server.quiz_result, methods=["GET"]),
        Route("/quiz/{scenario:str}/not-marked", server.quiz_not_marked, methods=["GET"]),
        Route("/quiz/{scenario:str}/transcript.json", server.quiz_transcript),
        Route("/assess", server.assess_form, methods=["GET"]),
        Route("/assess", server.assess, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _error_page, Exception: _error_page})
    app.state.server = server
    return BodyLimit(app, max_body)
