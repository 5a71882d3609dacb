import pytest
from helpers import golden, rounded

from trainer.feedback.scoring import empathy_estimate, score

PADDING = " The bus was on time that morning. The building has four floors and a car park."


def _scores(analyser, library, scenario, text, client=None):
    rubrics = [library.rubrics[r] for r in scenario.rubrics]
    a = analyser.analyse(text, scenario, client or scenario.opening_line)
    return {s.criterion: s for s in score(a, rubrics)}, a


def _authored(library):
    return [s for s in library.scenarios.values() if s.authored]


def test_library_has_exemplars_to_score(library):
    assert len(_authored(library)) >= 24


# strong > weak on every criterion of every authored scenario: test_eval.py, through `eval consistency`.


def test_scores_match_the_golden_file(analyser, library):
    """Same draft, same scores across runs and machines (tests/golden/scores.json; see helpers.golden)."""
    s = library.get("de-pflege-mutter-ostsee")
    got = {e.grade: [x.model_dump() for x in _scores(analyser, library, s, e.text)[0].values()]
           for e in s.exemplars}
    assert rounded(got) == golden("scores", got)


def test_padding_with_neutral_sentences_never_raises_empathy(analyser, library):
    checked = 0
    for s in _authored(library):
        for e in s.exemplars:
            base = _scores(analyser, library, s, e.text)[0]["empathy"].score
            padded = _scores(analyser, library, s, e.text + PADDING)[0]["empathy"].score
            assert padded <= base, (s.id, e.grade)
            checked += 1
    assert checked >= 72


def test_padding_does_not_raise_the_empathy_estimate(analyser, library):
    s = library.get("zh-penang-melbourne-racism")
    for e in s.exemplars:
        a = analyser.analyse(e.text, s, s.opening_line)
        b = analyser.analyse(e.text + PADDING, s, s.opening_line)
        assert empathy_estimate(b) <= empathy_estimate(a) + 1e-9


def test_every_criterion_is_scored_and_every_score_points_at_evidence(analyser, library):
    for s in _authored(library):
        criteria = {c.id for r in s.rubrics for c in library.rubrics[r].criteria}
        for e in s.exemplars:
            scores = _scores(analyser, library, s, e.text)[0]
            assert set(scores) == criteria, (s.id, e.grade)
            for sc in scores.values():
                assert sc.reason and sc.evidence, (s.id, e.grade, sc.criterion)


def test_risk_is_scored_only_when_the_client_gave_a_cue(analyser, library):
    s = library.get("zh-gaokao-fudu-henan")
    calm = "I'm a student and my rank fell in the monthly exam."
    scores, a = _scores(analyser, library, s, "That sounds hard. What happened?", client=calm)
    assert "risk_assessment" not in scores and not a.risk_applicable
    scores, a = _scores(analyser, library, s, "That sounds hard. What happened?")
    assert scores["risk_assessment"].score <= 2 and a.risk_applicable
    asks = "You wish you could sleep and not wake up. Are you having thoughts of ending your life? Are you safe tonight?"
    scores, _ = _scores(analyser, library, s, asks)
    assert scores["risk_assessment"].score == 4  # the top level needs the client's answer first (tests/test_risk.py)


@pytest.mark.parametrize("draft,criterion,most", [
    ("In your culture parents are strict, so that's just how they are.", "cultural_knowledge", 1),
    ("Honestly, you should just cut them off and move out.", "cultural_context", 1),
    ("Everyone feels that way sometimes, don't worry about it.", "empathy", 1),
])
def test_weak_moves_are_named(analyser, library, draft, criterion, most):
    s = library.get("ar-coptic-depression-jersey-city")
    sc = _scores(analyser, library, s, draft)[0][criterion]
    assert sc.score <= most and sc.evidence[0].startswith("“")


def _estimate(analyser, library, draft, client):
    return empathy_estimate(analyser.analyse(draft, library.get("de-pflege-mutter-ostsee"), client))


def test_the_estimate_rewards_attunement_to_what_the_client_said(analyser, library):
    client = "My mother has dementia and I drive to Rostock every weekend to care for her, and I am exhausted."
    on = _estimate(analyser, library, "Driving to Rostock every weekend to care for your mother sounds exhausting.",
                   client)
    off = _estimate(analyser, library, "Buying a new phone and learning its features sounds exhausting.", client)
    assert on > off


@pytest.mark.parametrize("warm, plain", [
    ("I'm so sorry your mother no longer knows you.", "Your mother no longer knows you."),
    ("Es tut mir so leid, dass deine Mutter dich nicht mehr erkennt.", "Deine Mutter erkennt dich nicht mehr."),
    ("الله يعينك، أمك ما عادت تعرفك.", "أمك ما عادت تعرفك."),
])
def test_the_estimate_rewards_care_in_any_of_our_languages(analyser, library, warm, plain):
    client = "My mother does not recognise me any more."
    assert _estimate(analyser, library, warm, client) > _estimate(analyser, library, plain, client)


def test_arabic_you_is_heard_in_its_suffix():
    from trainer.feedback.strategies import addressed
    assert addressed("حياتك صعبة الآن") and addressed("أهلك بيحبوك")
    assert not addressed("ذلك صعب") and not addressed("هناك مشكلة في النظام")
