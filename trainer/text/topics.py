"""Topics a client's signal belongs to and a trainee's words touch.

- `topic_hits(text)`: keyword rules, for a trainee's words (fast, every draft).
- `guess_topics(texts)` / `guess_topic(text)`: the topic a client's cultural-signal phrase is about,
  at import. The rules decide when the words they count name exactly one topic ("Ramadan", "my
  mother"); otherwise the phrase's meaning decides (topic_meaning.py: multilingual e5 against
  hand-written prototypes), the rules' best topic counting a little more, and a phrase near no topic
  has none. A nationality name ("I'm German") is not the language topic by the rules: the meaning
  tells "I'm German" from "my German is bad". Without the embedding model the rules decide alone.
- `rule_topic(text)`: the rules alone (the import's tagger until the meaning came; the benchmark's
  "before").
"""
from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import TOPICS

if TYPE_CHECKING:
    from .topic_meaning import TopicMeaning

# Stems matched at a word start; English plus common German, Arabic, Hebrew, Chinese words.
_KEYWORDS: dict[str, list[str]] = {
    "family": ["famil", "parent", "mother", "mom", "mum", "father", "dad", "brother", "sister",
               "sibling", "son", "daughter", "child", "kid", "grandm", "grandf", "aunt", "uncle",
               "cousin", "in-law", "husband", "wife", "relative", "home", "eltern", "mutter",
               "vater", "bruder", "schwester", "kind", "oma", "opa", "أهل", "أم", "أب", "عائل",
               "משפח", "הורים", "אמא", "אבא", "家", "父", "母", "妈", "爸"],
    "faith": ["faith", "god", "allah", "pray", "relig", "church", "mosque", "masjid", "synagog",
              "shul", "rabbi", "imam", "priest", "quran", "koran", "torah", "bible", "halach",
              "halakh", "kosher", "kashrut", "shabbat", "shabbos", "ramadan", "fast", "sin",
              "spiritual", "belief", "believ", "muslim", "islam", "christian", "jewish", "judaism",
              "orthodox", "haram", "halal", "glaube", "gott", "kirche", "religi", "دين", "الله",
              "صلا", "إيمان", "ديني", "אלוה", "תפיל", "דת", "信仰", "宗教", "佛", "神", "教会"],
    "community": ["communit", "neighbo", "people here", "friends", "congregation", "village",
                  "society", "others think", "what people", "gossip", "reputation", "shame",
                  "ashamed", "face", "gemeinde", "nachbar", "leute", "مجتمع", "ناس", "קהיל",
                  "面子", "社区", "别人"],
    "language": ["language", "english", "german", "arabic", "hebrew", "yiddish", "chinese",
                 "mandarin", "cantonese", "accent", "translat", "words for", "sprache",
                 "deutsch", "لغة", "שפה", "语言", "中文"],
    "migration": ["migra", "immigra", "emigra", "refugee", "asylum", "visa", "residence",
                  "permit", "citizenship", "passport", "abroad", "moved here", "came here",
                  "back home", "homeland", "deport", "aufenthalt", "flücht", "ausländ", "هجر",
                  "لاجئ", "غرب", "עלי", "הגיר", "移民", "签证", "出国"],
    "work": ["work", "job", "boss", "colleague", "career", "office", "shift", "employ", "fired",
             "salary", "arbeit", "chef", "kolleg", "beruf", "عمل", "شغل", "עבוד", "工作", "老板"],
    "study": ["study", "school", "exam", "universit", "college", "class", "grade", "degree",
              "thesis", "phd", "professor", "advisor", "gaokao", "student", "schule", "studium",
              "prüfung", "دراس", "جامع", "امتحان", "לימוד", "מבחן", "学", "考试", "高考"],
    "health": ["health", "ill", "sick", "doctor", "diagnos", "medic", "hospital", "pain",
               "sleep", "eat", "tired", "exhaust", "therap", "depress", "anxi", "krank", "arzt",
               "schlaf", "مرض", "طبيب", "חול", "רופא", "病", "医"],
    "relationship": ["relationship", "partner", "boyfriend", "girlfriend", "marri", "marry",
                     "divorc", "date", "dating", "love", "engag", "wedding", "beziehung",
                     "freund", "ehe", "زواج", "حب", "נישוא", "זוגי", "婚", "恋", "男朋友", "女朋友"],
    "identity": ["identit", "who i am", "who you are", "belong", "gay", "lesbian", "queer",
                 "trans", "bisexual", "sexualit", "gender", "myself", "self", "fit in",
                 "both worlds", "heritage", "roots", "هوية", "זהות", "认同", "身份"],
    "discrimination": ["discriminat", "racis", "antisemit", "islamophob", "prejudic", "slur",
                       "harass", "bully", "excluded", "stereotyp", "hate", "attack", "rassis",
                       "عنصري", "تمييز", "אנטישמ", "גזענ", "歧视", "种族"],
    "feelings": ["feel", "felt", "emotion", "sad", "angry", "anger", "afraid", "fear", "scared",
                 "lonely", "alone", "guilt", "hurt", "cry", "overwhelm", "stress", "worr", "hopeless",
                 "how are you", "what is it like", "what's it like", "gefühl", "fühl", "traurig",
                 "angst", "شعور", "حزين", "מרגיש", "רגש", "感觉", "难过", "伤心"],
    "safety": ["suicid", "kill yourself", "end your life", "ending your life", "hurt yourself",
               "harm yourself", "self-harm", "self harm", "safe", "die", "dying", "dead",
               "not be here", "not wake up", "plan", "umbringen", "selbstmord", "suizid", "انتحار",
               "התאבד", "自杀", "想死"],
    "money": ["money", "afford", "debt", "rent", "pay", "financ", "income", "loan", "poor",
              "benefit", "grant", "geld", "schulden", "مال", "فلوس", "כסף", "钱"],
    "future": ["future", "next year", "plan", "hope", "years", "long run", "going forward",
               "what next", "zukunft", "مستقبل", "עתיד", "未来", "以后"],
}
_PATTERNS = {t: re.compile("|".join(r"(?<!\w)" + re.escape(k) if k.isascii() else re.escape(k)
                                    for k in ks), re.IGNORECASE)
             for t, ks in _KEYWORDS.items()}
assert set(_PATTERNS) == set(TOPICS), "every topic needs keywords"


def topic_hits(text: str) -> dict[str, list[str]]:
    """topic -> the words of text that touch it."""
    out: dict[str, list[str]] = {}
    for topic, rx in _PATTERNS.items():
        words = [m.group(0) for m in rx.finditer(text)]
        if words:
            out[topic] = words
    return out


# In English a short stem matches only as a word of its own ("sin", "sins"; not "since", "single"); in
# German a stem may open a compound ("Kindergeld"), but a German function word that an English stem
# matches ("die", "sind", "fast": almost) is no topic.
_SHORT = 4
_WORD_END = re.compile(r"^(s|es|ed|ing|ful|ned|ning|ness|nesses)?$")
_GERMAN_FALSE_FRIENDS = {"die", "fast", "hat", "will", "art", "bad", "rat", "sind", "sinn"}


def _counts(stem_hit: str, text: str, start: int, german: bool) -> bool:
    word = re.match(r"\w+", text[start:])
    whole = word.group(0).lower() if word else stem_hit.lower()
    if german:  # German compounds keep a stem inside a longer word ("Kindergeld")
        return whole not in _GERMAN_FALSE_FRIENDS
    if stem_hit.isascii() and len(stem_hit) <= _SHORT:
        return bool(_WORD_END.match(whole[len(stem_hit):]))
    return True


def _rule_counts(text: str) -> dict[str, int]:
    """topic -> how many of text's words the rules count for it (false friends left out)."""
    from .language import detect_language
    german = detect_language(text) == "de"
    hits: dict[str, int] = {}
    for topic, rx in _PATTERNS.items():
        n = sum(1 for m in rx.finditer(text) if _counts(m.group(0), text, m.start(), german))
        if n:
            hits[topic] = n
    return hits


def _best(hits: dict[str, int]) -> str | None:
    return max(hits, key=lambda t: (hits[t], -TOPICS.index(t))) if hits else None


def rule_topic(text: str) -> str | None:
    """The topic the rules alone give a phrase: the one its words touch most, or None."""
    return _best(_rule_counts(text))


# A people's or a country's name is as often who the client is ("I'm German", "Chinese parents")
# as the language they speak; the rules leave that to the meaning.
_NATIONALITY = {"english", "german", "arabic", "hebrew", "yiddish", "chinese", "mandarin", "cantonese", "deutsch"}


def _domain_counts(text: str) -> dict[str, int]:
    hits = _rule_counts(text)
    if "language" in hits:
        own = [m.group(0).lower() for m in _PATTERNS["language"].finditer(text)]
        hits["language"] -= sum(1 for w in own if w in _NATIONALITY)
        if hits["language"] <= 0:
            del hits["language"]
    return hits


def _only_function_words(text: str) -> bool:
    """No word of text says anything on its own ("die", "und so", "the"): it has no topic."""
    from .lexicon import STOP
    return all(w in STOP for w in re.findall(r"\w+", text.lower()))


_meaning: "TopicMeaning | None" = None
_meaning_failed = False
_lock = threading.Lock()


def topic_meaning() -> "TopicMeaning | None":
    """The process's meaning tagger (multilingual e5), built on first use; None when the model
    cannot be loaded."""
    global _meaning, _meaning_failed
    with _lock:
        if _meaning is None and not _meaning_failed:
            try:
                from ..embeddings import get_embedder
                from .topic_meaning import TopicMeaning
                _meaning = TopicMeaning(get_embedder("e5"), cache_dir=_cache_dir())
            except (ImportError, OSError, RuntimeError) as e:
                _meaning_failed = True
                warnings.warn(f"topics by the word rules only: the embedding model did not load ({e})", stacklevel=2)
        return _meaning


def _cache_dir() -> Path:
    from ..config import get_settings
    return get_settings().data_dir / "cache"


def guess_topics(texts: Sequence[str], meaning: "TopicMeaning | None" = None) -> list[str | None]:
    """The topic each client phrase is about (at import), or None. A phrase whose counted words
    name one topic gets it; a phrase of function words alone has none; the others are tagged by
    meaning, in one batch (kept in the data dir's cache/; a given `meaning` keeps them in memory)."""
    counts = [_domain_counts(t) for t in texts]
    out = [next(iter(c)) if len(c) == 1 else None for c in counts]
    todo = [i for i, c in enumerate(counts) if len(c) != 1 and not _only_function_words(texts[i])]
    if todo:
        cache = None if meaning is not None else _cache_dir()
        meaning = meaning or topic_meaning()
        if meaning is None:  # no model: the rules alone, as they were
            for i in todo:
                out[i] = rule_topic(texts[i])
        else:
            found = meaning.topics([texts[i] for i in todo], [_best(counts[i]) for i in todo], cache)
            for i, topic in zip(todo, found):
                out[i] = topic or _best(counts[i])  # words of two topics and a meaning near neither: the rules'
    return out


def guess_topic(text: str) -> str | None:
    """The topic a client's phrase is about (at import), or None; see guess_topics."""
    return guess_topics([text])[0]
