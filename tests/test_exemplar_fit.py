"""Exemplar fit: what a model reply assumes about the person it answers, the check against the
client, and retrieval that screens by both (trainer/text/persona_fit.py, vectorstore/retrieve.py)."""
import pytest
from fakes import FakeRetriever
from helpers import SHARED, record, write_jsonl

from trainer.culturecare import read_file
from trainer.text.persona_fit import client_profile, fits, read_exemplar

# --- what a reply assumes ------------------------------------------------------------------------


def _assumed(text):
    return {(a.dimension, a.value) for a in read_exemplar(text).assumptions}


@pytest.mark.parametrize("text, religion", [
    ("Inshallah it gets easier with time.", "Muslim"),
    ("Have you talked to the imam at your mosque?", "Muslim"),
    ("i thought you probably muslim since your parents say it is because you are not close to Allah", "Muslim"),
    ("Maybe read the Quran before you sleep.", "Muslim"),
    ("Vielleicht kann dir jemand in der Moschee helfen.", "Muslim"),
    ("داوم على أذكار الصباح والمساء مع صفحتين من سورة البقرة", "Muslim"),
    ("你可以去清真寺找阿訇聊聊。", "Muslim"),
    ("Could your pastor or someone at church support you?", "Christian"),
    ("你可以去教会找牧师聊聊。", "Christian"),
    ("Have you spoken to your rabbi about it before Shabbat?", "Jewish"),
])
def test_a_faith_specific_word_assumes_that_faith(text, religion):
    assert _assumed(text) == {("religion", religion)}
    a = read_exemplar(text).assumptions[0]
    assert a.words and a.words.lower() in text.lower()  # the words that show it


@pytest.mark.parametrize("text", [
    "I'll keep you in my prayers.",
    "God is with you, and I will pray for you.",
    "Thank God you told someone.",
    "Jesus, that sounds awful.",
    "That sounds really hard. What has it been like for you?",
    "الله يعينك",                              # God help you: Arab Christians say it as Muslims do
    "إن شاء الله تتحسن الأمور",
    "Ich bete für dich, Gott sieht dich.",
    "Whether you're Muslim or Christian, you deserve respect.",  # naming two faiths assumes neither
    "Maybe talk to your rabbi, or your priest, whichever you have.",
])
def test_generic_faith_words_and_generic_replies_assume_nothing(text):
    assert _assumed(text) == set()


@pytest.mark.parametrize("text, gender", [
    ("Hey bro just know the sun always comes after the storm.", "man"),
    ("Hey man, sorry to hear that.", "man"),
    ("they keep talking about marriage BUT sister just don't let it get to you", "woman"),
    ("Sis, I feel you.", "woman"),
    ("You're a grown ass woman now, you can choose for yourself.", "woman"),
    ("Alter, das ist echt hart.", "man"),
    ("兄弟，加油！", "man"),
    ("اختي اشي طبيعي ما توتري حالك", "woman"),
    ("وغير هيك قوم ادرس يخوي", "man"),
])
def test_forms_of_address_assume_a_gender(text, gender):
    assert ("gender", gender) in _assumed(text)


@pytest.mark.parametrize("text", [
    "My brother went through this too.", "Your sister sounds kind.", "Man, that sucks.", "Im Alter von 30 Jahren war ich auch so.",
    "你的兄弟姐妹呢？", "You've been carrying your mother's care on your own.", "I hope you're dating a girl who gets you.",
])
def test_words_for_people_that_are_not_address_assume_no_gender(text):
    assert not any(d == "gender" for d, _ in _assumed(text))


@pytest.mark.parametrize("text, expected", [
    ("Does your wife know how you feel?", ("partner", "wife")),
    ("Being stuck between your boyfriend and your parents", ("partner", "husband")),
    ("Lass deinen Mann übernehmen, so gut er kann.", ("partner", "husband")),
    ("How are your kids taking it?", ("children", "children")),
    ("Du bist keine schlechte Mutter.", ("children", "children")),
    ("Is your school helping at all?", ("study", "student")),
    ("Hast du mit deinem Chef gesprochen?", ("work", "job")),
])
def test_situations_said_of_the_person_addressed(text, expected):
    assert expected in _assumed(text)


def test_risk_moves_of_a_reply():
    asks = read_exemplar("That sounds so heavy. When you have that wish, are you having thoughts of ending your life?")
    assert asks.risk_question and asks.addresses_risk and asks.asks_risk
    referral = read_exemplar("If you ever feel like you're in immediate danger, please dial 911.")
    assert referral.addresses_risk and not referral.risk_question
    # everyday words that the risk follow-ups share ("have you tried", "a plan", "safe now") are no risk work
    for text in ("Have you tried a sleep app or some chamomile tea before bed?",
                 "Maybe a tandem partner could help you practise before the next attempt?",
                 "You're home and safe now, that's what matters."):
        r = read_exemplar(text)
        assert not r.addresses_risk and not r.speaks_of_risk, text
    assert read_exemplar("Don't say that, your family needs you!").undoes_risk


# --- against the client --------------------------------------------------------------------------


def _verdict(text, scenario, client_text=""):
    f = fits(text, scenario, client_text)
    return "conflict" if f.conflicts else "unsupported" if f.unsupported else "fits"


def test_conflicts_with_the_coptic_client(library):
    s = library.get("ar-coptic-depression-jersey-city")  # Marina: a Coptic Orthodox woman, no partner, no children
    assert _verdict("i thought you probably muslim since your parents say you are not close to Allah", s) == "conflict"
    assert _verdict("This is hard. I am a hijabi by choice and I can't imagine being forced.", s) == "conflict"
    assert _verdict("Have you been able to talk to the priest at your church?", s) == "fits"
    assert _verdict("Hey bro, the sun always comes after the storm.", s) == "conflict"
    assert _verdict("Does your husband know?", s) == "conflict"
    assert _verdict("How are your kids taking it?", s) == "conflict"
    assert _verdict("I'll keep you in my prayers. What has it been like for you?", s) == "fits"
    c = fits("Inshallah it gets easier, sister.", s).conflicts
    assert [x.assumption.value for x in c] == ["Muslim"] and "Coptic" in c[0].known  # the woman addressed as sister fits
    assert "Coptic Orthodox" in c[0].describe() and "Inshallah" in c[0].describe()


def test_conflicts_follow_each_persona(library):
    lebanese = library.get("ar-lebanese-partner-visa-sydney")  # Shia Muslim woman, married to Hassan, no children
    assert _verdict("Inshallah it gets easier, sister.", lebanese) == "fits"
    assert _verdict("Does your husband know?", lebanese) != "conflict"
    assert _verdict("How are your kids taking it?", lebanese) == "conflict"
    syrian = library.get("ar-syrian-integrationskurs-gelsenkirchen")  # a man, husband of Rasha, three children
    assert _verdict("Does your husband know?", syrian) == "conflict"
    assert _verdict("Does your wife know? And your kids?", syrian) == "fits"
    gaokao = library.get("zh-gaokao-fudu-henan")  # a resit student, no job, no religion
    assert _verdict("Have you told your boss?", gaokao) == "conflict"
    assert _verdict("How are your exams going?", gaokao) == "fits"
    assert _verdict("Maybe your pastor can help.", gaokao) == "conflict"
    widower = library.get("jw-kaddish-widower-montreal")  # retired, widowed
    assert _verdict("Have you told your boss?", widower) == "conflict"
    assert _verdict("I'm very sorry about your wife.", widower) != "conflict"
    shenzhen = library.get("zh-chaoshan-shenzhen-xinghun")  # a man with a boyfriend of four years
    assert _verdict("Does your boyfriend know?", shenzhen) == "fits"
    assert _verdict("Does your wife know?", shenzhen) == "conflict"


def _imported(tmp_path, demo):
    path = write_jsonl(tmp_path / "Arabic_data.jsonl", [record("t1", culture="Arabic", demo=demo)])
    return read_file(path).scenarios[0]


def test_a_thin_persona_excludes_only_what_contradicts_it(tmp_path):
    s = _imported(tmp_path, {"gender": "F", "religion": "unknown"})
    assert client_profile(s).thin
    assert _verdict("Hey bro, you got this.", s) == "conflict"
    assert _verdict("Inshallah it gets easier.", s) == "unsupported"  # not known: ranked lower, not excluded
    assert _verdict("Does your husband know?", s) == "unsupported"
    assert _verdict("That sounds lonely. What is it like for you?", s) == "fits"
    # what the client says fills in what the persona leaves open
    assert _verdict("Inshallah it gets easier.", s, "I stopped going to the mosque after I moved.") == "fits"
    assert _verdict("Inshallah it gets easier.", s, "I'm a Christian and my church is everything to me.") == "conflict"
    assert _verdict("Does your husband know?", s, "My husband works abroad.") == "fits"
    christian = _imported(tmp_path, {"gender": "female", "religion": "Christian"})
    assert _verdict("Inshallah it gets easier.", christian) == "conflict"


# --- retrieval over the real index ---------------------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/culturecare")


@pytest.fixture(scope="module")
def full_index(tmp_path_factory, embedder, library):
    """The authored library plus the shared CultureCare replies, built once for this module. Only
    what retrieval can return: whole replies (every query asks for kind "reply"), not the phrases
    of a joined reply, a third of the items and of the build time."""
    from vectorstore.index import ExemplarIndex
    cc = [e for f in sorted(SHARED.glob("*_data.jsonl")) for e in read_file(f).exemplars]
    joined = {e.source for e in cc if e.id.endswith("-reply")}
    replies = [e for e in cc if e.id.endswith("-reply") or e.source not in joined]
    idx = ExemplarIndex(path=tmp_path_factory.mktemp("fit-index") / "index", embedder=embedder)
    st = idx.ensure(library.exemplars + replies)
    assert st.built and sum(st.counts["culturecare"].values()) == len(replies) > 300
    return idx


def _select(idx, embedder, s, line, **kw):
    from vectorstore.retrieve import select
    q = embedder.encode([line], query=True)[0]
    return select(idx, q, s, client_text=f"{s.opening_line}\n{line}", **kw)


def _religions(exemplars):
    return {a.value for e in exemplars for a in read_exemplar(e.text).assumptions if a.dimension == "religion"}


@needs_shared
def test_no_model_assumes_islam_for_the_coptic_client(full_index, embedder, library):
    s = library.get("ar-coptic-depression-jersey-city")
    lines = [s.opening_line] + [c.phrase for c in s.distress_cues + s.cultural_signals] + [d.says for d in s.disclosure_plan]
    embedder.encode(lines, query=True)  # one batch; _select finds each line's vector in the embedder's cache
    unscreened = set()
    for line in lines:
        sel = _select(full_index, embedder, s, line)
        assert "Muslim" not in _religions(sel.exemplars), line
        assert sum(e.role == "model" for e in sel.exemplars) == 3, line
        unscreened |= _religions(_select(full_index, embedder, s, line, screen=False).exemplars)
        assert all(x.role in ("model", "contrast") and x.detail for x in sel.excluded)
    assert "Muslim" in unscreened  # without screening, her faith moments drew a Muslim peer's reply


def _advice_only(e):
    r = read_exemplar(e.text)
    return not r.addresses_risk and bool({"Providing Suggestions", "Information"} & set(e.strategies))


@needs_shared
def test_a_risk_moment_shows_no_advice_without_risk_work(full_index, embedder, library):
    s = library.get("zh-gaokao-fudu-henan")  # a suicidal resit student
    before = []
    embedder.encode([s.opening_line, s.risk_flags[0].cue], query=True)
    for line in (s.opening_line, s.risk_flags[0].cue):
        sel = _select(full_index, embedder, s, line, risk_live=True)
        models = [e for e in sel.exemplars if e.role == "model"]
        assert models and not any(_advice_only(e) for e in models), [e.id for e in models]
        assert read_exemplar(models[0].text).addresses_risk  # the model that leads does risk work
        assert not any(read_exemplar(e.text).undoes_risk for e in models)
        assert any(x.reason == "advice_at_risk" for x in sel.excluded)
        before += [e for e in _select(full_index, embedder, s, line, risk_live=True, screen=False).exemplars
                   if e.role == "model"]
    assert any(_advice_only(e) for e in before)  # unscreened: advice (about comics) shown as a model


@needs_shared
def test_outside_a_risk_moment_no_model_asks_about_suicide(full_index, embedder, library):
    unscreened = 0
    scenarios = library.filter(source="authored", risk=False)
    embedder.encode([s.opening_line for s in scenarios], query=True)
    for s in scenarios:
        sel = _select(full_index, embedder, s, s.opening_line, risk_live=False)
        for e in sel.exemplars:
            r = read_exemplar(e.text)
            assert not r.risk_question and not r.crisis, (s.id, e.id)
        unscreened += sum(read_exemplar(e.text).risk_question
                          for e in _select(full_index, embedder, s, s.opening_line, screen=False).exemplars)
    assert unscreened  # without screening, other clients' suicide questions were shown


# --- the engine passes the moment on -------------------------------------------------------------


def test_the_engine_tells_the_retriever_whether_risk_is_live(library, analyser):
    from trainer.feedback.engine import FeedbackEngine
    fake = FakeRetriever()
    engine = FeedbackEngine(library, analyser, fake)
    gaokao = library.get("zh-gaokao-fudu-henan")  # the opening line already hints at the risk
    engine.review("That sounds exhausting. What has this year been like?", gaokao, [gaokao.opening_line])
    assert fake.calls[-1]["risk_live"] is True and fake.calls[-1]["client_text"] == gaokao.opening_line
    coptic = library.get("ar-coptic-depression-jersey-city")
    lines = [coptic.opening_line, coptic.cultural_signals[0].phrase]
    engine.review("That sounds lonely. What is it like for you?", coptic, lines)
    assert fake.calls[-1]["risk_live"] is False and fake.calls[-1]["client_text"] == "\n".join(lines)
    assert fake.calls[-1]["scenario"] is coptic
