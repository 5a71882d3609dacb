"""Feedback that judges like a clinician: the clinician-graded regression set (written before the
scorer was tuned, tests/clinical/regression.yaml), harmful replies, engagement over words,
German, withheld judgements, tips."""
import pytest
from helpers import ROOT

from trainer.feedback.engine import FeedbackEngine
from trainer.regression import ACCEPTABLE, MIN_SPEARMAN, evaluate, load
from trainer.text.harm import harms
from trainer.text.sentences import split_sentences

SET = ROOT / "tests" / "clinical" / "regression.yaml"


@pytest.fixture(scope="module")
def engine(library, analyser):
    return FeedbackEngine(library, analyser)


@pytest.fixture(scope="module")
def report(engine, library):
    rs = load(SET)
    return evaluate(rs, lambda c, d: engine.review(d, library.get(c.scenario), c.client_lines, use_llm=False,
                                                   sent=c.sent))


def test_the_set_covers_what_the_issue_asks():
    rs = load(SET)
    assert len(rs.cases) >= 10 and len({c.scenario for c in rs.cases}) >= 10
    langs = {c.language for c in rs.cases}
    assert {"en", "de"} <= langs
    assert any(c.risk for c in rs.cases) and any(not c.risk for c in rs.cases)
    assert all(len(c.drafts) >= 6 and {"excellent", "adequate", "harmful"} <= {d.grade for d in c.drafts}
               for c in rs.cases)


def test_offline_scores_rank_drafts_as_graded(report):
    judged = [c for c in report["cases"] if c["spearman"] is not None]
    assert {c["language"] for c in judged} >= {"en", "de"}
    low = [(c["id"], c["spearman"]) for c in judged if c["spearman"] < MIN_SPEARMAN]
    assert not low, low


def test_no_harmful_draft_scores_at_or_above_an_acceptable_one(report):
    assert not report["inversions"], report["inversions"]
    for c in report["cases"]:
        for d in c["drafts"]:
            if d["grade"] == "harmful" and d["mean"] is not None:
                assert d["mean"] < 3, (c["id"], d["i"], d["mean"])  # no middling score for harm


def test_drafts_in_a_language_without_rules_are_withheld_not_guessed(report):
    arabic = [d for c in report["cases"] if c["language"] == "ar" for d in c["drafts"]
              if d["grade"] in ACCEPTABLE]
    assert arabic
    for d in arabic:
        assert "empathy" not in d["scores"] and "cultural_context" not in d["scores"]
        assert "English and German only" in d["withheld"]["empathy"]


@pytest.mark.parametrize("kind,text", [
    ("treatment", "Antidepressants are overprescribed - you probably don't need them if you pray."),
    ("treatment", "Die Tabletten brauchst du eigentlich nicht, Sport hilft viel besser."),
    ("faith", "I can't imagine God would want you to be this stressed, maybe keep the rules a bit less strictly."),
    ("faith", "Das sind doch nur Regeln, nimm die Vorschriften nicht so streng."),
    ("religious_authority", "Maybe stop asking your rabbi about every little thing."),
    ("religious_authority", "Fragen Sie nicht mehr Ihren Imam, der versteht das nicht."),
    ("stereotype", "Egyptian families often don't believe in depression."),
    ("stereotype", "Chinese students always face huge pressure, it's part of the culture."),
    ("stereotype", "In vielen türkischen Familien ist das eben so."),
    ("guilt", "Your parents sacrificed so much for you, so keep going."),
    ("guilt", "Denk an deine Eltern, die haben so viel für dich geopfert."),
    ("cut_off", "You should just cut them off and move on with your life."),
    ("cut_off", "Brich den Kontakt zu deiner Familie ab."),
    ("minimising", "Das wird schon wieder. Chronische Schmerzen haben viele, da muss man halt durch."),
    ("minimising", "It'll all work out fine, you'll see."),
])
def test_harmful_moves_are_found_with_their_sentence(kind, text):
    found = {h.kind: h.evidence for h in harms(split_sentences(text))}
    assert kind in found and all(e in text for e in found[kind])


@pytest.mark.parametrize("text", [
    "You said your rabbi told you the cloths were clean - what was it like to hear that?",
    "Keep taking the medication your doctor prescribed, and tell me how it has been.",
    "How does your faith sit with what you are going through?",
    "Du sagst, in deiner Familie gibt man die Mutter nicht ins Heim. Was bedeutet das für dich?",
    "What does your imam say, and how does that sit with you?",
    "It sounds like people in your village don't talk about this, and you carry it alone.",
])
def test_reflecting_or_asking_is_never_a_harm(text):
    assert harms(split_sentences(text)) == []


def test_reassurance_harms_only_where_it_feeds_an_obsessive_cycle():
    text = "I'm sure it was fine, you did everything right."
    assert [h.kind for h in harms(split_sentences(text), obsessive=True)] == ["ocd_reassurance"]
    assert harms(split_sentences(text), obsessive=False) == []


def test_a_harm_caps_the_criteria_it_violates_with_its_evidence(engine, library):
    s = library.get("ar-coptic-depression-jersey-city")
    draft = ("It sounds like you have been carrying so much, and being tired and flat is hard. "
             "Antidepressants are overprescribed - you probably don't need them if you pray.")
    fb = engine.review(draft, s, [s.opening_line], use_llm=False)
    by = {x.criterion: x for x in fb.scores}
    assert by["helpfulness"].score == 1 and "treatment" in by["helpfulness"].reason
    assert any("overprescribed" in e for e in by["helpfulness"].evidence)
    assert [h.kind for h in fb.harms] == ["treatment"]


def test_an_in_group_word_in_advice_does_not_count_as_cultural_engagement(engine, library):
    s = library.get("de-pflege-mutter-ostsee")
    lines = [s.opening_line, s.disclosure_plan[3].says]  # the Pflegegrad line
    advice = engine.review("You should apply for a higher Pflegegrad, the Pflegekasse is there for that.", s, lines,
                           use_llm=False, sent=["That sounds exhausting."])
    asks = engine.review("When you say applying for a higher Pflegegrad feels like begging, what does that mean "
                         "for you?", s, lines, use_llm=False, sent=["That sounds exhausting."])
    a, b = ({x.criterion: x.score for x in f.scores} for f in (advice, asks))
    assert a["cultural_knowledge"] <= 2 and a["cultural_context"] <= 2
    assert b["cultural_knowledge"] >= 4 and b["cultural_context"] >= 4


def test_a_skilled_german_reflection_outranks_german_minimising(engine, library):
    s = library.get("de-pflege-mutter-ostsee")
    lines = ["Meine Hausärztin hat gesagt, ich soll mit jemandem reden. Meine Mutter wohnt bei mir, sie hat Demenz, "
             "und ich bin einfach die ganze Zeit müde, das ist alles."]
    good = engine.review("Sie tragen da sehr viel allein, und dass Sie so müde sind, ist gut nachvollziehbar. Was "
                         "bedeutet es für Sie, Ihre Mutter zu Hause zu pflegen?", s, lines, use_llm=False)
    bad = engine.review("Das wird schon wieder. Müde sind viele, da muss man halt durch.", s, lines, use_llm=False)
    g, b = ({x.criterion: x.score for x in f.scores} for f in (good, bad))
    assert g["empathy"] >= 4 and b["empathy"] == 1
    assert all(g[k] > b[k] for k in ("empathy", "helpfulness", "communication", "cultural_context"))
    assert not good.reliability_notes


def test_tips_vary_keep_the_risk_question_and_speak_one_language(engine, library):
    s = library.get("de-buergergeld-ruhr-gelsenkirchen")
    draft = "That sounds hard. Are you having thoughts of ending your life? Maybe talk to your GP too."
    first = engine.review(draft, s, [s.opening_line], use_llm=False)
    again = engine.review(draft, s, [s.opening_line], use_llm=False, previous_tip=first.tip_key)
    assert first.tip_key != again.tip_key
    for fb in (first, again):
        assert "Are you having thoughts of ending your life?" in fb.tip_reply
        assert "what would help" not in fb.tip_reply.lower()
    de = library.get("de-pflege-mutter-ostsee")
    lines = ["Ich bin einfach die ganze Zeit müde, das ist alles. Meine Mutter hat Demenz."]
    fb = engine.review("Hast du schon mal an ein Heim gedacht?", de, lines, use_llm=False)
    assert "When you say" not in fb.tip_reply and "that sounds like" not in fb.tip_reply
    assert fb.tip_reply.rstrip().endswith(("?", ".", "!"))


def test_an_excellent_draft_is_not_pushed_towards_solutions(engine, library):
    s = library.get("de-pflege-mutter-ostsee")
    strong = next(e for e in s.exemplars if e.grade == "strong")
    fb = engine.review(strong.text, s, [s.opening_line], use_llm=False)
    assert "help" not in (fb.tip_goal or "").lower() or fb.tip_key == "strong"
    assert "what would help" not in (fb.tip_reply or "").lower()


def test_harmful_replies_lower_the_clients_trust(analyser, library):
    from trainer.client.state import rapport_delta
    from trainer.feedback.scoring import score
    s = library.get("ar-coptic-depression-jersey-city")
    rubrics = [library.rubrics[r] for r in s.rubrics]
    trust = {c.id for r in rubrics for c in r.criteria if c.moves_trust}
    warm_harm = ("I can hear how tired you are, and I'm so sorry. Antidepressants are overprescribed - you probably "
                 "don't need them if you pray.")
    a = analyser.analyse(warm_harm, s, s.opening_line)
    delta, mood = rapport_delta(a, score(a, rubrics), trust)
    assert delta < 0 and mood == "pushback"


# --- harm by meaning, where no rules exist (Arabic, Hebrew, Chinese) ---------------------------------

def _meaning_set(split: str) -> list[dict]:
    import yaml
    items = yaml.safe_load((ROOT / "tests" / "clinical" / "harm_meaning.yaml").read_text(encoding="utf-8"))["items"]
    return [i for i in items if i["split"] == split]


def test_harm_by_meaning_on_the_blind_test_half(analyser):
    """The thresholds were set on the dev half; the test half (written blind) is held to what was
    seen there: at least half the harms found, at most 1 in 10 near-misses flagged."""
    import numpy as np

    from trainer.text.harm_meaning import PROTOTYPES
    items = _meaning_set("test")
    found = []
    for it in items:
        s = split_sentences(it["text"])
        emb = analyser.embedder.encode(s) if s else np.zeros((0, analyser.embedder.dim))
        found.append(analyser.harms_by_meaning(s, emb, set(PROTOTYPES)))
    harmful = [f for it, f in zip(items, found) if it["harm"] != "none"]
    near = [f for it, f in zip(items, found) if it["harm"] == "none"]
    assert sum(map(bool, harmful)) >= len(harmful) / 2
    assert sum(map(bool, near)) <= len(near) / 10
    assert all(h.by_meaning for f in found for h in f)


def test_a_possible_harm_withholds_its_criteria_and_never_caps(report, engine, library):
    arabic = [d for c in report["cases"] if c["language"] == "ar" for d in c["drafts"]]
    flagged_ok = [d for d in arabic if d["grade"] in ACCEPTABLE
                  and any(r.startswith("Possibly harmful") for r in d["withheld"].values())]
    assert not flagged_ok  # no acceptable Arabic draft of the clinician-graded set is called harmful
    s = library.get("ar-sudanese-grief-brother-birmingham")
    fb = engine.review("الصبر جميل يا أختي، والله لا يكلّف نفسًا إلا وسعها، فلا تحزني هكذا وارضي بقضاء الله.",
                       s, [s.opening_line], use_llm=False)
    meaning = [h for h in fb.harms if h.by_meaning]
    assert meaning and meaning[0].kind == "faith"
    held = {w.criterion: w.reason for w in fb.withheld}
    assert "cultural_knowledge" in held and held["cultural_knowledge"].startswith("Possibly harmful")
    assert all(sc.score > 2 or sc.criterion not in held for sc in fb.scores)  # withheld, not capped
