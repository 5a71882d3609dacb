"""Topics a client's signal belongs to and a trainee's words touch (keyword rules)."""
from __future__ import annotations

import re

from ..models import TOPICS

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


def guess_topic(text: str) -> str | None:
    """The topic a client's phrase is about (at import): the one its words touch most, or None."""
    from .language import detect_language
    german = detect_language(text) == "de"
    hits: dict[str, int] = {}
    for topic, rx in _PATTERNS.items():
        n = sum(1 for m in rx.finditer(text) if _counts(m.group(0), text, m.start(), german))
        if n:
            hits[topic] = n
    if not hits:
        return None
    return max(hits, key=lambda t: (hits[t], -TOPICS.index(t)))
