"""The interview loop: respondent, questions with autosave, review, scores."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from amc_assess import render
from amc_assess.interview import interrupts, review, widgets
from amc_assess.interview.contacts import ask_contacts
from amc_assess.interview.flow import Flow
from amc_assess.interview.respondent import ask_and_keep, respondent_unfinished
from amc_assess.interview.session import (
    InterviewError,
    default_path,
    instrument_for_resume,
    instrument_words,
    new_response,
    open_for_resume,
    resume_command,
    save,
    score_command,
)
from amc_assess.interview.widgets import BACK, say
from amc_assess.models import (
    Answer,
    Contact,
    Item,
    Questionnaire,
    Respondent,
    Response,
    Rubric,
)
from amc_assess.models.response import PendingNote
from amc_assess.names import shown
from amc_assess.problems import InvalidInput
from amc_assess.validation import instrument, unscored_questionnaire

INTERRUPTED = 130
NEEDS_TERMINAL = "amc assess is an interactive interview and needs a terminal (stdin is not a TTY)"
NOT_A_TERMINAL = (
    f"{NEEDS_TERMINAL}; to score answers already in a file use `amc score FILE`, or "
    "`amc batch` for many files"
)


def run(
    *,
    firm: str | None = None,
    questionnaire: str | None = None,
    rubric: str | None = None,
    out: str | None = None,
    resume: str | None = None,
    assessor: str | None = None,
) -> int:
    """Run an interview (new, or resumed from a response file); return the exit code."""
    if resume:
        questionnaire, rubric = instrument_for_resume(resume, questionnaire, rubric)
    if not sys.stdin.isatty():
        raise InterviewError(not_a_terminal(questionnaire, rubric))
    q, r = _instrument(questionnaire, rubric)
    details = q.contacts_item() is not None

    def resume_for(path: Path) -> str:
        return resume_command(path, questionnaire, rubric)

    if resume:
        path = Path(resume)
        response = open_for_resume(path, q, r)
        if r is not None:
            from amc_assess.scored.responses import (
                score_checked,  # lazy: the engine loads at the scores, not before
            )

            score_checked([response], q, r, [str(path)])  # invalid answers: reported, exit 1
        if not response.answers and respondent_unfinished(response.respondent, details):
            say(f"Resuming {shown(path)}: the respondent's details are not complete yet.")
            if ask_and_keep(q, response, details, lambda _: path, resume_for) is None:
                return INTERRUPTED
    else:
        assert firm is not None
        if out and Path(out).exists():
            raise InterviewError(
                f"{shown(out)} already exists: continue it with "
                f"`{resume_command(out, questionnaire, rubric)}`, or choose another --out"
            )
        _intro(q)
        response = new_response(q, firm, Respondent(), assessor, rubric=r)
        date = response.assessment.date
        assert date is not None

        def path_for(respondent: Respondent) -> Path:
            return Path(out) if out else default_path(firm, respondent.name, date, Path.cwd())

        made = ask_and_keep(q, response, details, path_for, resume_for)
        if made is None:
            return INTERRUPTED
        path = made
    interview = Interview(q, r, response, path, resume_command(path, questionnaire, rubric))
    interview.score_command = score_command(path, questionnaire, rubric)
    interview.instrument_paths = (questionnaire, rubric)
    return interview.run(resumed=bool(resume))


def not_a_terminal(questionnaire: str | None, rubric: str | None) -> str:
    """Why amc assess cannot run without a terminal, and what to do instead: score answers in
    files, or for a relationship audit (nothing to score) collect ties on the ties sheet."""
    try:
        q = unscored_questionnaire(shown(questionnaire)) if questionnaire and not rubric else None
    except InvalidInput:
        q = None  # the interview would report the questionnaire's problems
    if q is None:
        return NOT_A_TERMINAL
    if q.contacts_item() is None:
        return f"{NEEDS_TERMINAL}; its questionnaire is not scored, so amc score does not apply"
    template = shlex.join(["amc", "template", *instrument_words(questionnaire), "-o", "ties.xlsx"])
    return (
        f"{NEEDS_TERMINAL}; without one, collect the relationship audit on the ties sheet: "
        f"write it with `{template}`, have it filled in (one named contact per row) and "
        "analyze it with `amc network ties.xlsx`"
    )


def _instrument(
    questionnaire: str | None, rubric: str | None
) -> tuple[Questionnaire, Rubric | None]:
    """The questionnaire and its rubric; no rubric for a questionnaire nothing scores (the
    relationship audit) unless one is given."""
    if questionnaire and not rubric:
        q = unscored_questionnaire(shown(questionnaire))
        if q is not None:
            return q, None
    return instrument(questionnaire, rubric)


def _intro(q: Questionnaire) -> None:
    say()
    say(q.title, style="bold")
    if q.description:
        say(q.description)
    say()
    if q.contacts_item() is not None:  # a relationship audit: questions, then the list
        say(
            f"{len(q.items()) - 1} short questions, then the list of the people you deal with on "
            'the alliance. The questions offer "Don\'t know", help and a way back; in the list '
            "you add people one at a time and can edit or remove them until you finish it."
        )
        return
    say(
        f"{len(q.items())} questions in {len(q.sections)} sections (some only when they apply). "
        'On every question you can answer "Don\'t know" (it never counts as a low answer), '
        "read the help, add a note or go back."
    )


class Interview:
    """Asks the asked items in order, saving after every answer."""

    def __init__(
        self, q: Questionnaire, r: Rubric | None, response: Response, path: Path, resume: str
    ):
        q = q.for_side(response.respondent.side, response.assessment.firm)  # partner wording
        self.q, self.r, self.path, self.resume = q, r, path, resume
        self.name = shown(path)
        self.flow = Flow(q, response)
        self.score_command = ""
        self.instrument_paths: tuple[str | None, str | None] = (None, None)
        self._section: str | None = None

    @property
    def response(self) -> Response:
        return self.flow.response

    def save(self) -> None:
        save(self.path, self.response, self.q)

    def run(self, resumed: bool = False) -> int:
        """The main loop; Ctrl-C (or end of input) saves and prints the resume command."""
        try:
            if resumed:
                self._resumed()
            else:
                say(f"Answers are saved to {self.name} after every question.", style="green")
                say("Press Ctrl-C at any time to stop; continue later with:")
                widgets.say_command(self.resume)
            return self._loop()
        except (KeyboardInterrupt, EOFError) as stop:
            left = stop if isinstance(stop, interrupts.NoteLeft) else None
            if left is not None and left.answer is not None:  # the note goes with its answer
                self.flow.answer(left.item_id, left.answer)
            elif left is not None:  # no answer yet: kept until the question is answered
                self.response.pending_notes[left.item_id] = PendingNote(
                    note=left.note, evidence=left.evidence
                )
            self.save()
            done, total = self.flow.answered_count()
            say()
            say(f"Stopped. Saved {done} of {total} answers{self._open_lists()} in {self.name}.",
                style="bold")  # fmt: skip
            if left is not None:
                say("The note typed for the last question was saved with its answer."
                    if left.answer is not None else
                    "The note typed for the last question was saved; it is attached to the "
                    "answer once the question is answered.")  # fmt: skip
            say("To continue:")
            widgets.say_command(self.resume)
            return INTERRUPTED

    def _resumed(self) -> None:
        done, total = self.flow.answered_count()
        who = " · ".join(
            x for x in (self.response.assessment.firm, self.response.respondent.name) if x
        )
        say()
        say(f"Resuming {self.name} ({who}): {done} of {total} questions answered.", style="bold")
        if self.response.unfinished:
            say(f"The list of contacts was left unfinished ({self._listed()} so far); it "
                "continues where you stopped.")  # fmt: skip
        if self.response.completed:
            say("This interview was finished; you can review and change answers.")
        say("Answers are saved after every question; Ctrl-C stops again.")

    def _listed(self) -> str:
        """``3 contacts``: how many people the unfinished list of contacts holds."""
        answers = self.response.answers
        count = sum(len(answers[i].contacts()) for i in self.response.unfinished if i in answers)
        return f"{count} contact{'' if count == 1 else 's'}"

    def _open_lists(self) -> str:
        """`` and the 3 contacts listed so far`` while a list of contacts is unfinished."""
        return f" and the {self._listed()} listed so far" if self.response.unfinished else ""

    def _loop(self) -> int:
        current = self.flow.first_unanswered()
        filling = False  # True after a change in the review: go to the next gap, not next item
        while True:
            if current is None:
                action = self._review()
                if action == "finish":
                    return self._finish()
                if action == "stop":
                    self.save()
                    if self.response.completed:
                        say(f"Saved in {self.name}, still finished. To review it later:")
                    else:  # never finished, or changed since: amc score and report mark drafts
                        say(f"Saved in {self.name} as a draft: amc score and amc report mark it "
                            "so until it is finished. To finish it later:")  # fmt: skip
                    widgets.say_command(self.resume)
                    return 0
                changed = review.ask_which(self.flow.review())
                if changed is not None:
                    self._ask(changed, can_go_back=False)
                    filling = True
                    current = self.flow.first_unanswered()
                continue
            result = self._ask(current, can_go_back=self.flow.previous_item(current) is not None)
            if result == BACK:
                previous = self.flow.previous_item(current)
                current = previous or current
                filling = False
            else:
                current = self.flow.first_unanswered() if filling else self.flow.next_item(current)

    def _ask(self, item_id: str, can_go_back: bool) -> Answer | str:
        item = self.q.item_map()[item_id]
        section = self.q.section_of(item_id)
        if section.title != self._section:
            self._section = section.title
            number = self.q.sections.index(section) + 1
            say()
            say(f"── {section.title} (section {number} of {len(self.q.sections)}) ──", style="bold")
            if section.intro:
                say(section.intro)
        if item.type == "contacts":
            result = self._ask_contacts(item, can_go_back)
        else:
            result = widgets.ask_item(
                item,
                self.q.scales,
                str(self.flow.progress(item_id)),
                self.response.answers.get(item_id),
                can_go_back,
                self.response.pending_notes.get(item_id),
            )
        if isinstance(result, Answer):
            self.response.pending_notes.pop(item_id, None)  # attached to the answer
            before = len(self.flow.expected_ids())
            dropped, back = self.flow.answer(item_id, result)
            self.save()  # saved before it is shown: a kill after "→ answer" loses nothing
            widgets.echo_answer(item, result, self.q.scales)
            skipped = before - len(self.flow.expected_ids())
            if dropped:
                say(
                    f"  ({len(dropped)} follow-up answers no longer apply: they stay in the file "
                    "but are not scored)"
                )
            elif skipped > 0:
                say(f"  ({skipped} follow-up questions do not apply and are skipped)", style="dim")
            if back:  # they were kept in the file while the gate did not ask them
                said = "1 earlier answer" if len(back) == 1 else f"{len(back)} earlier answers"
                say(f"  ({said} to follow-up questions apply again and are scored: "
                    f"{', '.join(back)})")  # fmt: skip
        return result

    def _ask_contacts(self, item: Item, can_go_back: bool) -> Answer | str:
        """The roster: each change is saved at once and keeps the item open until finished."""

        def changed(contacts: list[Contact]) -> None:
            self.flow.answer(item.id, Answer(value=contacts))
            if item.id not in self.response.unfinished:
                self.response.unfinished.append(item.id)
            self.save()

        result = ask_contacts(
            item, self.q.scales, str(self.flow.progress(item.id)), self.response.assessment.firm,
            self.response.respondent, self.response.answers.get(item.id), can_go_back, changed,
        )  # fmt: skip
        if isinstance(result, Answer) and item.id in self.response.unfinished:
            self.response.unfinished.remove(item.id)
        return result

    def _review(self) -> str:
        rows = self.flow.review()
        review.show_review(rows, self.q.scales)
        dont_know = sum(
            1
            for row in rows
            if row.item.type != "text" and row.answer and row.answer.state == "dont_know"
        )
        return review.ask_review_action(dont_know, scored=self.r is not None)

    def _finish(self) -> int:
        if self.r is None:
            self.response.completed = True
            self.save()
            return self._finish_unscored()
        if self.response.respondent.side == "partner":  # the firm's to agree, not its partner's
            review.no_targets_for_partner(self.response.assessment.firm)
        else:
            review.agree_targets(self.response, self.r, self.save)
        self.response.completed = True
        self.save()
        from amc_assess.scored.responses import (
            score_checked,  # lazy: the engine loads at the scores, not before
        )

        results = score_checked([self.response], self.q, self.r, [str(self.path)])
        say()
        say("Scores", style="bold magenta")
        print(render.to_table(results, width=widgets.width()), end="")
        done = results[0].completion
        if done is not None and done.not_asked:  # a gate changed in the review
            n = len(done.not_asked)
            say(f"Kept in the file but not scored: {n} answer{'s' * (n > 1)} to questions no "
                f"longer asked ({', '.join(done.not_asked)}); they count again if the answer "
                "that left them out changes back.")  # fmt: skip
        none = all(d.score is None for d in results[0].dimensions)  # no report to offer
        if done is not None and done.draft:  # finished, with too many "don't know"
            say(f"Too few answers to score {'any dimension' if none else 'every dimension'} "
                f"({done.describe()}): a \"don't know\" counts as missing, so amc score and "
                "amc report mark this assessment a draft"
                + (" (amc report needs --allow-incomplete)." if none else "."),
                style="yellow")  # fmt: skip
        say(f"Saved the finished interview in {self.name}.", style="green")
        say("Score it again at any time with:")
        widgets.say_command(self.score_command)
        if not none and review.ask_render_report():
            self._render_report()
        return 0

    def _finish_unscored(self) -> int:
        """A questionnaire no rubric scores (the relationship audit): say how to analyze it."""
        say()
        say(f"Saved the finished interview in {self.name}.", style="green")
        if self.q.contacts_item() is not None:
            say(
                "This relationship audit is not scored. Once the other people on the alliance "
                "team have answered (one file each), analyze the network of all the files "
                "together:"
            )
            widgets.say_command(f"amc network {shlex.quote(self.name)} OTHER-FILES...")
        return 0

    def _render_report(self) -> None:
        """Render the PDF report beside the response file (the same engine scores it)."""
        from amc_assess.reporting import ReportOptions, run  # lazy: reportlab only on request

        pdf = self.path.with_suffix(".pdf")
        if self.path.suffix.lower() == ".json":  # r.json: the record r.json would replace it
            pdf = self.path.with_name(f"{self.path.stem}.report.pdf")
        questionnaire, rubric = self.instrument_paths
        options = ReportOptions(
            files=[str(self.path)], out=str(pdf), questionnaire=questionnaire, rubric=rubric
        )
        for done in run(options).rendered:
            say(f"Wrote {done.wrote(shown)}.",
                style="green")  # fmt: skip
