"""Risk as a conversation (CONTENT.md, "Risk is a conversation, not a keyword"): the cases a
clinician would check. Written before the detector was changed; the first run is in the note."""
import pytest

from trainer.client.offline import OfflineClient
from trainer.feedback.engine import FeedbackEngine
from trainer.feedback.risk_stage import answer_of
from trainer.models import RISK_TOPICS
from trainer.practice import Practice
from trainer.store import Store

# Advice and idioms that contain a risk-sounding word: never a question about risk.
NEAR_MISSES = [
    "You should try melatonin and cutting out screens before bed.",
    "Try cutting down on coffee in the evening.",
    "Wanting to disappear sounds like you need a real break. Could you take a few days off?",
    "What do you do to kill time at night when you can't sleep?",
    "I bet you're dying to see your daughters again, aren't you?",
    "Could you cut down your hours at the lab for a while?",
    "Have you talked to your doctor about the sleeping pills?",
    "Have you thought about ending the contract early?",
    "Did you ever think about taking your life in a different direction, away from academia?",
    "That deadline must be killing you. What would help this week?",
    "Is there anything that helps you switch off at night?",
    "Do you think your father would ever cut you off if he knew?",
    "Versuch doch, abends weniger Kaffee zu trinken.",
    "Hast du schon mal überlegt, die Stelle zu kündigen?",
    "Was machst du, um nachts die Zeit totzuschlagen?",
    "هل جربت أن تقلل من القهوة في المساء؟",
    "你有没有想过换一个导师？",
]

# Plain and indirect questions to the client about suicide or self-harm: each must count.
RISK_QUESTIONS = [
    "Are you having thoughts of ending your life?",
    "I ask everyone who feels this low, and I'm asking because I care: have you had any thoughts of ending your life?",
    "Sometimes when people feel this worn down they think about suicide. Is that something you've thought about?",
    "When you say it would have been simpler if you hadn't come back, do you mean you've thought about killing yourself?",
    "Have you been hurting yourself?",
    "Do you sometimes wish you could go to sleep and not wake up?",
    "Have you thought about taking your own life?",
    "I wonder whether you've had thoughts of not wanting to be alive.",
    "Has it got so bad that you've thought about not being here any more?",
    "Hast du manchmal Gedanken, dir das Leben zu nehmen?",
    "Denkst du manchmal daran, nicht mehr leben zu wollen?",
    "Haben Sie schon einmal daran gedacht, sich umzubringen?",
    "Verletzt du dich manchmal selbst?",
    "Hast du Suizidgedanken?",
    "هل تفكر في الانتحار؟",
    "هل فكرت في إيذاء نفسك؟",
    "هل تمر بك أفكار بإنهاء حياتك؟",
    "האם יש לך מחשבות להתאבד?",
    "האם עלו בך מחשבות לפגוע בעצמך?",
    "你有没有想过自杀？",
    "你会不会有伤害自己的念头？",
    "你有没有想过结束自己的生命？",
]

# Follow-ups once the client has answered: the topic each explores.
FOLLOW_UPS = [
    ("If Sunday night gets worse than a feeling, what would you do?", "if_worse"),
    ("Have you thought about how you would do it?", "plan"),
    ("Do you have a plan for how you would end your life?", "plan"),
    ("Is the pistol still at home?", "means"),
    ("Do you have pills or anything else at home you could use to hurt yourself?", "means"),
    ("Do you think you might act on these thoughts?", "intent"),
    ("Have you thought about when you might do it?", "intent"),
    ("What has stopped you so far?", "protective"),
    ("What keeps you going on the hardest nights?", "protective"),
    ("Who could be with you tonight?", "supports"),
    ("Is there someone you could call when it gets bad?", "supports"),
    ("How safe do you feel tonight, with the pistol in the safe?", "tonight"),
    ("What would you do if the thoughts got stronger?", "if_worse"),
    ("Would you be willing to give your brother the key this week?", "means_restriction"),
    ("Could someone else hold on to the pills for a while?", "means_restriction"),
    ("Could we book an appointment with your GP this week?", "next_step"),
    ("Would you be willing to call a crisis line like 988 if it gets worse?", "next_step"),
    ("Wie sicher fühlst du dich heute Nacht?", "tonight"),
    ("Wer könnte heute Abend bei dir sein?", "supports"),
]

# Arguing the client out of it, promising secrecy: these undo a risk response.
UNDOING = [
    "Think of your daughters. You have so much to live for.",
    "You don't really mean that. Things will look better in the morning.",
    "I promise I won't tell anyone about this, it stays between us.",
]

YOAV = "jw-reservist-after-oct7"
ASK = "When you say it would have been simpler if you hadn't come back, are you having thoughts of ending your life?"
SKILLED = [  # a skilled exploration, for any risk scenario, after the direct question
    ("Thank you for telling me - that took courage, and I'm glad you did. Have you thought about how you would do it?", "plan"),
    ("Do you have access to anything you could use to hurt yourself?", "means"),
    ("How safe do you feel tonight?", "tonight"),
    ("Who could be with you when it gets this bad?", "supports"),
    ("What has stopped you so far?", "protective"),
    ("Would you be willing to put what you might use out of reach for a while, together with someone you trust?",
     "means_restriction"),
    ("Could we agree on a next step, like seeing your GP this week or calling a crisis line if it gets worse?",
     "next_step"),
]
OTHER_WORDINGS = [  # follow-ups as a clinical educator worded them
    ("What do you use, and where do you keep it?", "means"),
    ("Gibt es schon konkrete Pläne?", "plan"),
    ("Would you be willing to not go to the top floor alone for now?", "means_restriction"),
]


@pytest.fixture(scope="module")
def moves(analyser):
    return analyser.risk_moves


def test_near_misses_are_not_risk_questions(moves):
    with_question = [x + " What do you think?" for x in NEAR_MISSES]  # a question next to it is not the point
    counted = [x for x in NEAR_MISSES + with_question if moves(x).asks]
    assert counted == []


def test_risk_questions_count_in_every_language(moves):
    missed = [x for x in RISK_QUESTIONS if not moves(x).asks]
    assert missed == []


@pytest.mark.parametrize("text,topic", FOLLOW_UPS + OTHER_WORDINGS)
def test_follow_ups_are_recognised_by_topic(moves, text, topic):
    assert topic in moves(text).explores


@pytest.mark.parametrize("text", [
    "ما تقولينه عن الليل يقلقني عليك، وأشعر كم هو ثقيل عليك فقده.",  # "what you say about the nights worries me"
    "אני דואגת לך כשאת מספרת על הלילות האלה.",
    "听你这么说，我很担心你。",
])
def test_concern_without_a_question_is_recognised_in_every_language(moves, text):
    got = moves(text)
    assert got.concern and not got.asks


@pytest.mark.parametrize("text", [
    "What you say here stays between us, and I only share if I believed your life was in immediate danger.",
    "Was Sie hier sagen, bleibt unter uns, es sei denn, Ihr Leben ist in Gefahr.",
])
def test_confidentiality_with_its_limits_is_not_a_promise_of_secrecy(moves, text):
    assert moves(text).secrecy == []
    assert moves("This stays between us, I promise.").secrecy  # without its limits it is


def test_undoing_moves_are_recognised(moves):
    assert [x for x in UNDOING if not (moves(x).dismisses or moves(x).secrecy)] == []


@pytest.fixture
def svc(tmp_path, library, analyser):
    return Practice(library, FeedbackEngine(library, analyser), OfflineClient(analyser, library.rubrics),
                    Store(f"sqlite:///{tmp_path / 'risk.db'}"))


def _score(fb, criterion):
    return next(s.score for s in fb.scores if s.criterion == criterion)


def _turn(svc, sid, text):
    """Feedback on a draft, then send it; returns (feedback, the client's answer)."""
    fb = svc.feedback(sid, text)
    return fb, svc.send(sid, text, svc.record(sid).next_turn)


def test_advice_with_a_risk_word_earns_no_risk_credit_and_reveals_nothing(svc):
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start(YOAV)
    for advice in NEAR_MISSES[:3]:
        fb = svc.feedback(sid, advice)
        assert _score(fb, "risk_assessment") <= 2 and fb.risk_status == "not_asked", advice
    _, turn = _turn(svc, sid, NEAR_MISSES[0])
    assert "pistol" not in turn.text


def test_yoav_risk_conversation_earns_credit_at_each_stage(svc, library):
    flag = library.get(YOAV).risk_flags[0]
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start(YOAV)
    fb, turn = _turn(svc, sid, ASK)
    assert _score(fb, "risk_assessment") == 4 and fb.risk_status == "asked"
    assert turn.text == flag.answer_if_asked and svc.record(sid).turns[-1].meta.get("risk_stage") == "answered"
    fb, turn = _turn(svc, sid, "Thank you for telling me that. How safe do you feel tonight, with the pistol in the safe?")
    assert _score(fb, "risk_assessment") == 5, fb.scores
    assert "tonight" in fb.risk_note or "next" in fb.risk_note.lower()
    assert turn.text == flag.follow_ups["tonight"]
    fb, turn = _turn(svc, sid, "Would you be willing to give your brother the key this week?")
    assert _score(fb, "risk_assessment") >= 4 and turn.text == flag.follow_ups["means_restriction"]
    assert svc.record(sid).turns[-1].meta.get("risk_stage") == "explored"
    fb = svc.feedback(sid, "You should try melatonin and cutting out screens before bed.")
    assert _score(fb, "risk_assessment") <= 2  # moving on to advice drops the risk conversation
    fb = svc.feedback(sid, UNDOING[0])
    assert _score(fb, "risk_assessment") == 1


@pytest.mark.parametrize("sid", ["ar-saudi-scholarship-phd-leeds", "ar-sudanese-grief-brother-birmingham",
                                 "de-buergergeld-ruhr-gelsenkirchen", "de-dorf-queer-muehlviertel",
                                 "jw-otd-mother-custody", YOAV, "zh-f1-phd-advisor-funding", "zh-gaokao-fudu-henan"])
def test_a_skilled_script_reaches_explored_and_the_client_answers_each_follow_up(svc, library, sid):
    s = library.get(sid)
    flag = s.risk_flags[0]
    assert set(flag.follow_ups) >= {t for _, t in SKILLED}, "author the follow-up answers"
    svc = svc.as_(svc.store.actor("Sam"))
    session = svc.start(sid)
    fb, turn = _turn(svc, session, "I'd like to ask you something directly, because I care how you are: "
                                   "are you having thoughts of suicide or of hurting yourself?")
    assert _score(fb, "risk_assessment") >= 4 and turn.text == flag.answer_if_asked
    for text, topic in SKILLED:
        fb, turn = _turn(svc, session, text)
        assert _score(fb, "risk_assessment") >= 4, (text, fb.scores)
        assert flag.follow_ups[topic] in turn.text, (topic, turn.text)
    assert svc.record(session).turns[-1].meta.get("risk_stage") == "explored"


SCREEN = "I ask everyone who feels this low, and I'm asking because I care: have you had any thoughts of ending your life?"


@pytest.mark.parametrize("sid", ["ar-coptic-depression-jersey-city", "de-pflege-mutter-ostsee",
                                 "zh-canada-father-stroke-mandarin", "jw-kaddish-widower-montreal"])
def test_screening_is_credited_and_answered_with_a_clear_no(svc, library, sid):
    s = library.get(sid)
    svc = svc.as_(svc.store.actor("Sam"))
    session = svc.start(sid)
    fb, turn = _turn(svc, session, SCREEN)
    assert _score(fb, "empathy") >= 3 and not any("Minimises" in x.reason for x in fb.scores), fb.scores
    assert _score(fb, "risk_assessment") >= 4 and fb.risk_status == "asked"
    assert s.screening_answer and turn.text == s.screening_answer
    assert answer_of(turn.text) == "no" and svc.record(session).turns[-1].meta.get("risk_stage") == "answered"
    fb = svc.feedback(session, "That sounds exhausting. What has the last week been like?")
    assert fb.risk_status is None and "risk_assessment" not in {x.criterion for x in fb.scores}


def test_an_unflagged_client_who_voices_a_cue_gets_a_risk_note(svc, library):
    s = library.get("de-pflege-mutter-ostsee")
    engine = svc.engine
    fb = engine.review("That sounds exhausting.", s, [s.opening_line, "Manchmal will ich einfach nicht mehr leben."])
    assert fb.risk_status == "not_asked" and fb.risk_note and _score(fb, "risk_assessment") <= 2


def test_the_risk_note_quotes_the_sentence_that_gave_the_cue(svc, library):
    s = library.get("de-pflege-mutter-ostsee")
    line = ("The Ostsee was grey again this morning. I walked Mama to the bench and back. "
            "Some nights I think it would be easier not to wake up.")
    fb = svc.engine.review("That sounds exhausting.", s, [s.opening_line, line])
    assert "“Some nights I think it would be easier not to wake up.”" in fb.risk_note, fb.risk_note
    assert "Ostsee was grey" not in fb.risk_note


def test_authored_content_answers_every_risk_question(library):
    authored = [s for s in library.scenarios.values() if s.authored]
    for s in authored:
        if s.risk_flags:
            assert set(s.risk_flags[0].follow_ups) == set(RISK_TOPICS), s.id
            assert answer_of(s.risk_flags[0].answer_if_asked or "") in ("yes", "unclear"), s.id  # never a plain no
        else:
            assert s.screening_answer and answer_of(s.screening_answer) == "no", s.id


def test_play_json_reports_scores_and_risk_stage(data_index, tmp_path, capsys):
    import json

    from trainer.cli import main
    script = tmp_path / "s.txt"
    script.write_text("\n".join([NEAR_MISSES[0], ASK, "How safe do you feel tonight, with the pistol in the safe?"]))
    assert main(["play", YOAV, "--script", str(script), "--json"]) == 0
    turns = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["turns"]
    assert [t["risk_stage"] for t in turns] == ["cue", "answered", "explored"]
    assert [t["scores"]["risk_assessment"] for t in turns] == [1, 4, 4]
    assert all(set(t["scores"]) >= {"empathy", "cultural_context"} for t in turns)


def test_an_imported_risk_client_answers_in_its_own_language(svc, tmp_path):
    from helpers import record, write_jsonl

    from trainer.client import risk_answers
    from trainer.culturecare import read_file
    rec = record(culture="Deutsch", distress=[
        {"phrase": "Seit der Trennung schlafe ich kaum noch und weine jeden Abend.", "intensity": "moderate"},
        {"phrase": "Manchmal will ich einfach nicht mehr leben.", "intensity": "high"}],
        signals=[{"phrase": "Meine Mutter sagt, man redet nicht über solche Sachen.", "type": "Norms and Morals"}])
    (s,) = read_file(write_jsonl(tmp_path / "Deutsch_data.jsonl", [rec])).scenarios
    assert s.language == "de" and s.risk_flags
    engine, client = svc.engine, svc.client
    state, _ = client.start(s)
    for draft, want_score, want_text in [
            ("Ich möchte dich direkt fragen: Hast du Gedanken, dir das Leben zu nehmen?", 4,
             "Ja. Manchmal will ich einfach nicht mehr leben."),  # its own words: nothing invented
            ("Danke, dass du mir das sagst. Wie sicher fühlst du dich heute Nacht?", 5,
             risk_answers.FOLLOW_UPS["de"]["tonight"])]:
        fb = engine.review(draft, s, list(state.said), sent=list(state.trainee))
        assert _score(fb, "risk_assessment") == want_score, fb.scores
        assert client.respond(s, state, draft).text == want_text
    assert state.risk["stage"] == "explored"
    assert risk_answers.asked(s, s.risk_flags[0], state.said) == "Ja. So habe ich das gemeint."  # once said


def test_active_ideation_follow_ups_do_not_take_back_the_answer(library):
    from trainer.client import risk_answers
    from trainer.models import RiskFlag
    s = library.get("de-pflege-mutter-ostsee")
    flag = RiskFlag(kind="active_suicidal_ideation", cue="I have thought about how I would do it.")
    assert "thought about how" in risk_answers.ASKED["en"]["active_suicidal_ideation"]
    plan = risk_answers.follow_up(s, flag, "plan")
    assert "no plan" not in plan.lower() and "how" in plan
    passive = RiskFlag(kind="passive_suicidal_ideation", cue="It would be easier not to wake up.")
    assert risk_answers.follow_up(s, passive, "plan") == risk_answers.FOLLOW_UPS["en"]["plan"]


def test_the_llm_judge_is_told_where_the_risk_conversation_stands(library, analyser, fake_chat):
    s = library.get(YOAV)
    engine = FeedbackEngine(library, analyser, chat=fake_chat.enqueue("{}"))  # an unusable reply: offline scores
    fb = engine.review("Would you be willing to give your brother the key this week?", s,
                       [s.opening_line, s.risk_flags[0].answer_if_asked], sent=[ASK])
    user = fake_chat.prompts[0][-1].content
    assert "Risk conversation so far: stage answered" in user and "the client's answer: yes" in user
    assert fb.scorer == "offline" and fb.risk_stage == "answered" and _score(fb, "risk_assessment") == 4
