"""Risk cues in a client's words (trainer.text.risk_cues) and the re-screen of imported posts.

The cases are written by hand, as a clinician would list them: what IS a cue (a passive wish to be
gone, active thoughts or means, self-harm including a relapse) in the languages of the data, and the
everyday idioms that are NOT ("I'm dying to see her", "todmüde", "笑死我了"). Sentences whose reading
is open (is "I relapsed" about drink or about cutting?) are left out on purpose. The CultureCare
labels are not used to fit anything here; the shared posts only check that the re-screen finds the
explicit statements a reader finds."""
import time

import pytest
from helpers import SHARED, record, write_jsonl

from trainer.cli import main
from trainer.culturecare import read_file
from trainer.text import risk_cues
from trainer.text.risk_cues import risk_kind

P, A, S = "passive_suicidal_ideation", "active_suicidal_ideation", "self_harm"

CUES = [
    # passive: a wish to be dead or gone, not living, not waking up
    ("I wish I could just not exist", P),
    ("I still want to not exist", P),
    ("Sometimes I wish I wouldn't wake up.", P),
    ("I want to die.", P),
    ("But at night I wish Allah would just take me in my sleep.", P),  # a faith-framed wish to die
    ("Life has ended for me here I don't feel like living one more day..I just wanna die.", P),
    ("I don't want to live like this anymore.", P),
    ("في ليالي بتمنّى بس ما أصحى.", P),  # Sudanese: "some nights I wish I just wouldn't wake up" (with shadda)
    ("في ليالي بقول لو ما صحيت كان أسهل، وكنت حأكون معاهو.", P),  # "if I didn't wake up it'd be easier"
    ("أفكر أنه سيكون أسهل لو لم أستيقظ.", P),
    ("ساعات ما بدي اصحى.", P),
    ("Ich weiß nicht, wie lange ich das noch durchhalte.", P),
    ("Ich weiß nicht, ob ich das alles noch lange überlebe.", P),
    ("Ich will nicht mehr.", P),
    ("Ich will einfach nicht mehr leben.", P),
    ("أتمنى أن أموت", P),
    ("ما بدي عيش", P),
    ("活着没意思", P),
    ("我真的不想活了", P),
    ("有时候我想一了百了", P),
    ("אני לא רוצה לחיות", P),
    # active: thoughts of a method, looking for means, how they would do it
    ("I locked the bathroom door and had thought of drowning myself.", A),
    ("I went looking for something to cut with in the bathroom.", A),
    ("I've thought about how I'd do it.", A),
    ("I want to kill myself.", A),
    ("Ich habe daran gedacht, mich zu ertränken.", A),
    ("فكرت أن أنتحر", A),
    ("我想过跳楼", A),
    ("חשבתי להתאבד", A),
    # self-harm, a relapse included
    ("I started cutting again.", S),
    ("After two years clean I relapsed and cut my arm last night.", S),
    ("I relapsed into self-harm after five years.", S),
    ("I burned myself with a lighter again.", S),
    ("Ich habe mich wieder geritzt.", S),
    ("Ich habe mich vor 3 Monaten wieder selbst verletzt, nach 5 Jahren bin ich rückfällig geworden.", S),
    ("我又开始割自己了", S),
    ("رجعت أجرح نفسي", S),
    ("חתכתי את עצמי שוב", S),
]

# Near-misses for the word lists only (the meaning detector, a review aid, reads waking late as a wish).
WAKING_NEAR_MISSES = [
    "لو ما صحيت بدري كان فاتني الباص",  # "if I hadn't woken early I'd have missed the bus"
    "اتمنى ما اصحى متأخر بكرة",  # "I hope I don't wake up late tomorrow"
    "ما بدي اصحى الصبح على الدوام",  # "I don't want to get up for work in the morning"
]

NEAR_MISSES = [
    "I'm dying to see her.",
    "This job is killing me.",
    "I could kill for a coffee.",
    "I'm dead tired.",
    "Ich bin todmüde.",
    "Ich könnte sterben vor Lachen.",
    "I need to cut down on sugar.",
    "I want to disappear into a book for a weekend.",
    "I cut ties with my family last year.",
    "My father said they will cut me off.",
    "I accidentally cut myself while cooking.",
    "My grandmother died last year.",
    "I'm scared of dying in a plane crash.",
    "Ich will nicht mehr verletzt werden.",
    "Das bringt mich noch um.",
    "我想死你了！",
    "笑死我了",
    "我快累死了",
    "بموت فيك",
    "אני מת עליה",
    # negation: not wanting to die is not a cue (not wanting to live is, above)
    "I don't want to die.",
    "Ich will nicht sterben.",
    "我不想死",
]


@pytest.mark.parametrize("text,kind", CUES, ids=[t[:40] for t, _ in CUES])
def test_rules_find_the_cue(text, kind):
    assert risk_kind(text) == kind


@pytest.mark.parametrize("text", NEAR_MISSES + WAKING_NEAR_MISSES, ids=[t[:40] for t in NEAR_MISSES + WAKING_NEAR_MISSES])
def test_rules_leave_the_near_miss(text):
    assert risk_kind(text) is None


def test_rules_are_fast_enough_for_every_client_line():
    texts = [t for t, _ in CUES] + NEAR_MISSES + [
        "I feel so alone since I moved here and my mother expects me to call every Friday. " * 4]
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for t in texts:
            risk_kind(t)
        best = min(best, (time.perf_counter() - t0) / len(texts))
    assert best < 0.5e-3, f"{best * 1e3:.3f} ms a line"


def test_the_literal_shortcut_never_changes_an_answer():
    """Each rule runs its regex only when a literal the regex needs is in the line; for every case
    (and every sentence of the shared posts, when present) the answer is the regex's own."""
    texts = [t for t, _ in CUES] + NEAR_MISSES
    if SHARED.is_dir():
        texts += [c.phrase for f in sorted(SHARED.glob("*_data.jsonl")) for s in read_file(f).scenarios
                  for c in s.distress_cues]
    rules = risk_cues._MASK + [r for _, rs in risk_cues._COMPILED for r in rs]
    assert all(r.anchor for r in rules if "(" not in r.rx.pattern.strip("()\\b"))  # plain words have one
    for t in map(risk_cues.normalise, texts):
        assert [r.search(t) for r in rules] == [r.rx.search(t) is not None for r in rules], t


# Meaning-based: sentences the word lists are not expected to catch, and everyday distress that
# must stay quiet. The detector's threshold is set on these (see RiskCueDetector).
PARAPHRASES = [
    ("Lately I lie awake thinking everyone would be happier if I were gone for good.", P),
    ("I keep imagining falling asleep and simply never coming back.", P),
    ("Es wäre für alle leichter, wenn es mich nicht mehr gäbe.", P),
    ("我觉得我是家里的负担，没有我他们会过得更好。", P),
    ("הייתי רוצה להירדם ולא להתעורר", P),
    ("Sometimes on the platform I think about taking one step forward when the train comes.", A),
    ("I've been saving up my sleeping pills, just in case.", A),
    ("Manchmal stehe ich auf der Brücke und denke ans Springen.", A),
    ("I scratch my arms until they bleed when it gets too much.", S),
    ("Ich drücke Zigaretten auf meinem Arm aus, wenn der Druck zu groß wird.", S),
]
QUIET = [
    "I'm so tired I could sleep for a week.",
    "My grandfather passed away last spring and I miss him.",
    "This exam is going to be the death of me.",
    "I need a break from everyone for a few days.",
    "I cut my hair short last week.",
    "I don't want to go to the wedding.",
    "I cry every night and can't sleep.",
    "I feel so alone since I moved here.",
    "My parents don't accept who I am.",
    "I'm scared I will fail the exam again and disappoint my father.",
    "Ich bin so müde, ich könnte eine Woche schlafen.",
    "Meine Mutter will alles in meinem Leben kontrollieren.",
    "我最近工作太累了，想好好睡一觉。",
    "我很想念在中国的家人。",
    "أنا تعبانة كثير من الشغل",
    "أهلي ما بيفهموني أبداً",
    "אני מתגעגעת למשפחה שלי",
    # and plain narrative, the bulk of what a client says
    "We moved to Hamburg when I was twelve.",
    "My brother drove me to the station on Sunday.",
    "She told everyone at the party about my new job.",
    "I've been learning to drive since the summer.",
    "Honestly I don't know why I'm even writing this.",
    "Mein Chef hat mich gestern vor allen kritisiert.",
    "Wir haben uns am Wochenende mit Freunden getroffen.",
    "Die Polizei kam, weil die Nachbarn sich beschwert haben.",
    "سافرت مع عائلتي إلى القاهرة في الصيف الماضي.",
    "أبي يريدني أن أدرس الطب مثل أخي.",
    "我妈妈每天晚上都给我打电话。",
    "我上个月搬到了一个新城市。",
    "אחי התחתן בשנה שעברה.",
]


@pytest.fixture(scope="module")
def detector(embedder):
    from trainer.text.risk_cues import RiskCueDetector
    return RiskCueDetector(embedder)


def test_detector_finds_what_the_words_miss(detector):
    got = detector.kinds([t for t, _ in PARAPHRASES])
    wrong = [(t, k, g) for (t, k), g in zip(PARAPHRASES, got) if g != k]
    assert not wrong


def test_detector_stays_quiet_on_everyday_distress(detector):
    got = detector.kinds(QUIET + NEAR_MISSES)
    assert [(t, g) for t, g in zip(QUIET + NEAR_MISSES, got) if g] == []


def test_detector_agrees_with_the_rules(detector):
    assert detector.kinds([t for t, _ in CUES]) == [k for _, k in CUES]
    assert detector.kind("I want to die.") == P and detector.kind("") is None


# The re-screen of imported posts: every sentence of the post's own words (the labelled distress
# phrases and the post's cultural-signal phrases; the post body itself is a URL upstream).

def test_a_risk_sentence_inside_a_long_phrase_is_the_cue(tmp_path):
    rec = record(distress=[
        {"phrase": "I'm finally back at my grandparents' house. I'm still unhappy... I still want to not exist",
         "intensity": "high"},
        {"phrase": "Work is hard.", "intensity": "light"}])
    (s,) = read_file(write_jsonl(tmp_path / "X_data.jsonl", [rec])).scenarios
    (flag,) = s.risk_flags
    assert flag.kind == P and flag.cue == "I still want to not exist" and flag.answer_if_asked is None
    (step,) = [st for st in s.disclosure_plan if st.kind == "risk"]
    assert flag.cue in step.says and "safety" in step.unlocked_by
    assert s.opening_line == "Work is hard." and "risk_assessment" in s.rubrics


def test_a_risk_sentence_in_a_cultural_signal_is_flagged(tmp_path):
    rec = record(signals=[{"phrase": "My family cut me off. Ich habe mich wieder geritzt.", "type": "Norms and Morals"},
                          {"phrase": "We pray together on Fridays.", "type": "Values"}])
    (s,) = read_file(write_jsonl(tmp_path / "X_data.jsonl", [rec])).scenarios
    assert [(r.kind, r.cue) for r in s.risk_flags] == [(S, "Ich habe mich wieder geritzt.")]
    assert any(st.kind == "risk" and "geritzt" in st.says for st in s.disclosure_plan)
    assert "geritzt" not in s.opening_line


def test_the_detector_can_screen_an_import(tmp_path, detector):
    rec = record(distress=[{"phrase": "I keep imagining falling asleep and simply never coming back.",
                            "intensity": "high"},
                           {"phrase": "I feel so alone since I moved here.", "intensity": "light"}])
    path = write_jsonl(tmp_path / "X_data.jsonl", [rec])
    assert read_file(path).scenarios[0].risk_flags == []
    (flag,) = read_file(path, detector=detector).scenarios[0].risk_flags
    assert flag.kind == P and flag.cue.startswith("I keep imagining")


def test_data_stats_counts_the_risk_flagged_scenarios(tmp_path, capsys):
    rows = [record("r1", distress=[{"phrase": "Work is hard. I just wanna die.", "intensity": "high"}]),
            record("r2")]
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", rows)
    assert main(["data", "import", str(tmp_path / "src")]) == 0
    capsys.readouterr()
    assert main(["data", "stats"]) == 0
    head, testish, total = capsys.readouterr().out.splitlines()
    assert head.split()[-2:] == ["risk", "flagged"]
    assert testish.split()[0] == "Testish" and testish.split()[-1] == "1" and total.split()[0] == "total"


ISSUE_POSTS = {  # the explicit statements of the issue, by post
    "cc-arabic-542iqv": P,    # "I just wanna die."
    "cc-arabic-7a9m9d": P,    # "I still want to not exist"
    "cc-chinese-1c225cw": A,  # thoughts of drowning, looking for something to cut
    "cc-german-18r62vc": S,   # a self-harm relapse after five years
    "cc-german-1bnm6at": P,   # doubts surviving much longer
}


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/culturecare")
def test_the_shared_posts_of_the_issue_are_flagged():
    scenarios = {s.id: s for f in sorted(SHARED.glob("*_data.jsonl")) for s in read_file(f).scenarios}
    for sid, kind in ISSUE_POSTS.items():
        s = scenarios[sid]
        assert kind in [r.kind for r in s.risk_flags], sid
        for r in s.risk_flags:
            said = [c.phrase for c in s.distress_cues] + [x.phrase for x in s.cultural_signals]
            assert any(r.cue in p for p in said), (sid, r.cue)  # verbatim, the client's own words
            assert any(st.kind == "risk" and r.cue in st.says for st in s.disclosure_plan), (sid, r.cue)
