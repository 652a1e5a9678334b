"""A show's seasons, announcements and scores as the outlook's questions (pure)."""

from series.status import Decision, current_decision

from .model import CANCELLED, RENEWED, Answer, Question, outcome


def show_questions(show, network, seasons, reports, scores, today):
    """The questions a show's seasons ask, each with its answers in the order they came.

    `seasons` are `SeasonState`s; `reports` and `scores` map a season number to its
    `Report`s and to its (retrieved on, aggregator, score) snapshots. A season asks a
    question once it has a premiere date (`Question.asked` says from which day); one
    announced as the final season asks none. Season N + 1's reports answer it, each
    from the last day of its date's period; a premiere of season N + 1 answers
    "renewed" once it has passed; a season the facts imply was made, without any date
    for it, answers "renewed" undated (`Answer.known` None), counted today only.
    """
    by_number = {state.number: state for state in seasons}
    questions = []
    for state in seasons:
        if state.premiere is None or state.decision == Decision.FINAL:
            continue
        answers = _answers(state, by_number.get(state.number + 1), seasons, reports, today)
        questions.append(
            Question(
                show=show,
                network=network,
                number=state.number,
                premiere=state.premiere,
                finale=state.finale,
                answers=tuple(answers),
                scores=tuple(scores.get(state.number, ())),
            )
        )
    return questions


def _answers(state, following, seasons, reports, today):
    timeline = []
    if state.decision == Decision.CANCELLED:
        # A cancellation misplaced on the season that aired still ends the show after it.
        timeline += [r for r in reports.get(state.number, ()) if r.decision == CANCELLED]
    if following is not None:
        timeline += reports.get(following.number, [])
    timeline.sort(key=lambda r: (r.announced.sort_key(), r.entry))
    answers = [Answer(r.announced.end, outcome(r.decision), r.announced) for r in timeline]
    if following is None:
        return answers
    if following.premiere is not None and following.premiere.has_arrived(today):
        answers.append(Answer(following.premiere.end, RENEWED))
    elif not answers:
        later = [s for s in seasons if s.number > following.number]
        if current_decision(following, later, today) == Decision.MADE:
            answers.append(Answer(None, RENEWED))
    return answers
