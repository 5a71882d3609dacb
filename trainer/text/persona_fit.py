"""Whether a reply written for someone else fits this client: what the reply assumes about the
person it answers (religion, gender, partner, children, study, work), with the words that show it,
and whether it does risk work (asks about suicide or self-harm) - then a check of those
assumptions against what is known of the client (the scenario's persona and what they have said).

Pure text, rules only. Deliberately lenient: a missed assumption only leaves a retrieved model in
place, a false one hides a good model, so words that many faiths share count for none of them:
"God", praying, "I'll keep you in my prayers", "God bless", and in Arabic script الله,
إن شاء الله, الحمد لله, الله يعينك (Arab Christians - Copts among them - say them as Muslims do).
In Latin script "Allah", "inshallah" and the like do frame the reader as Muslim. A reply that names
two faiths or more is talking about religion, not assuming one."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal

from ..models import RiskKind, Scenario
from .patterns import any_of, any_word
from .risk import safety_response
from .risk_cues import risk_kind
from .sentences import split_sentences

Dimension = Literal["religion", "gender", "partner", "children", "study", "work"]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]

_I = re.IGNORECASE
_AR = "\u0600-\u06FF"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def _ar(words: list[str]) -> str:
    """Arabic words with an optional attached prefix (و ف ب ل), not inside a longer word."""
    return rf"(?<![{_AR}])[وفبل]?" + any_of(words) + rf"(?![{_AR}])"


def _ar_prefix(words: list[str]) -> str:
    """Arabic words (with an optional prefix) that may take a suffix."""
    return rf"(?<![{_AR}])[وفبل]?" + any_of(words)


def _rx(latin: list[str], script: list[str] | None = None, arabic: list[str] | None = None) -> re.Pattern[str]:
    parts = [any_word(latin)] if latin else []
    if script:
        parts.append(any_of(script))
    if arabic:
        parts.append(_ar(arabic))
    return re.compile("|".join(parts), _I)


# --- religion -----------------------------------------------------------------------------------
# Words that place the reader in one faith. Not listed on purpose: god, lord, pray(er)s, bless,
# faith, religion, heaven, amen, psalms, sabbath, temple, headscarf (several faiths use each).
_RELIGION: dict[str, re.Pattern[str]] = {
    "Muslim": _rx([
        "allah", r"in ?sh?a?'?[ -]?allah", r"ma ?sh?a?'?[ -]?allah", r"al-?hamdu ?li-?l?lah", r"alhamdulill?ah",
        r"subhan ?allah", r"astaghfirullah", "bismillah", r"jazak(a|i|um)? ?allah\w*", r"barak ?allah\w*",
        r"du'?as?", "duaa", "salah", "salat", "namaz", r"masjids?", r"mosques?", r"imams?", r"qur'?an\w*", r"koran\w*",
        r"ramadh?an", "halal", "haram", r"hijabi?s?", r"niqabi?s?", r"sheikh?s?", "shaykh", "deen", "sunnah", r"hadiths?",
        "islam", "islamic", "ummah", r"jumm?u'?ah", "fajr", "tahajjud", "istikhara", "wudu", "prophet muhammad",
        r"(you'?re|you are|as|being) (a )?muslim", "fellow muslims?",
        # German
        r"moscheen?", r"imame?", "fastenmonat",
    ], [
        "清真寺", "真主", "古兰经", "可兰经", "伊斯兰", "穆斯林", "斋月", "阿訇",
    ], [
        "القرآن", "القران", "قرآن", "سورة", "مسجد", "المسجد", "رمضان", "الحجاب", "حجاب", "حجابك", "الشيخ", "شيخ",
        "أذكار", "اذكار", "الأذكار", "الاذكار", "استغفر", "استغفره", "أستغفر", "الاستغفار", "الإستغفار",
        "الحج", "العمرة", "الرسول",
    ]),
    "Christian": _rx([
        r"(pray\w*|prayer|trust|faith|believe|love|in|to|with|through|ask) (to |in )?jesus", r"jesus (loves|is with|died|will)",
        r"(in|of|through) christ", "christianity", r"church(es)?", r"priests?", r"pastors?", r"bibles?", "biblical", "coptic",
        r"liturg(y|ical)", r"(the|go to|went to|attend|attending) mass", "rosary", "go to confession",
        r"abou?na", "gospel", "virgin mary", "holy spirit", "sunday school", r"catholic\w*", "protestant", "lutheran",
        "evangelical", "pentecostal", "anglican", "methodist", "presbyterian", r"(you'?re|you are|as|being) (a )?christian",
        "fellow christians?",
        # German
        r"kirchen?", "pfarrer", r"priester", "gottesdienst", "bibel", "christus", "beichte", "kommunion", "konfirmation",
        "firmung", "katholisch", r"evangelische[nr]? kirche",
    ], [
        "教会", "教堂", "牧师", "神父", "耶稣", "圣经", "基督", "团契", "受洗", "祷告",
    ], [
        "الكنيسة", "كنيسة", "أبونا", "ابونا", "القداس", "قداس", "المسيح", "يسوع", "الإنجيل", "الانجيل", "قبطي", "القبطي",
    ]),
    "Jewish": _rx([
        r"rabbis?", "rebbe", "shul", r"synagogues?", "torah", r"shabbat", "shabbos", "kosher", "hashem", r"mikvah?e?",
        "talmud", r"halach(a|ah|ic|os)", "yeshiva", r"mitzvah?s?", "mitzvot", "kaddish", "minyan", r"sit(ting)? shiva",
        r"b'?ezrat hashem", "bli neder", r"daven(ing)?", "tehillim", "siddur", "yom kippur", r"rosh hashanah?", "pesach",
        "chabad", "frum", r"(you'?re|you are|as|being) (a )?jew(ish)?",
        # German
        "rabbiner", r"synagogen?", "schabbat", "koscher",
    ], [
        "犹太教", "犹太会堂", "拉比", "安息日",
        "בית כנסת", "בית הכנסת", "בעזרת השם", "ברוך השם", "תורה", "שבת שלום",
    ], [
        "حاخام", "كنيس",
    ]),
    "Buddhist": _rx([
        "buddha", r"buddhis(m|t)", "dharma", "sangha", "bodhisattva", "guanyin", "kwan yin",
    ], [
        "佛祖", "菩萨", "拜佛", "念佛", "观音", "佛法", "佛教", "阿弥陀佛",
    ]),
}
RELIGIONS: tuple[str, ...] = tuple(_RELIGION)
# Faiths named at all ("whether you're Muslim or Christian"): two or more named, none is assumed.
_NAMED = {r: re.compile(any_word(w), _I) for r, w in (
    ("Muslim", [r"muslims?", "islam", "islamic", "moslem", r"muslim(e|in|innen)"]),
    ("Christian", [r"christians?", "christianity", r"christ(en|in|innen|entum)", r"catholics?", "protestants?"]),
    ("Jewish", [r"jews?", "jewish", "judaism", r"jud(e|en|in|entum)", r"jüdisch\w*"]),
    ("Buddhist", [r"buddhis(m|ts?)", r"buddhist(en|in)"]))}

# --- gender of the person addressed ---------------------------------------------------------------
_NOT_AFTER = r"(?<!\bmy )(?<!\byour )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bour )(?<!\bthe )(?<!\ba )(?<!\bmein )" \
             r"(?<!\bmeine )(?<!\bdein )(?<!\bdeine )(?<!\bder )(?<!\bdie )"
# Words that are almost only ever forms of address.
_ADDRESS_MAN = [r"bro", r"bruh", r"bruv", r"brah", r"dude", r"habibi", r"akhi", r"lil bro", r"little bro", r"digga", r"diggi",
                r"brudi", r"my (man|guy|dude|boy)"]
_ADDRESS_WOMAN = [r"sis", r"habibti", r"ukhti", r"girlie", r"lil sis", r"little sis", r"my (girl|queen)"]
# Words that are nouns too: only as address (after a greeting or a pause, or alone before a pause).
_VOCATIVE_BEFORE = (r"(?:^|[.!?,;:…(]\s*|\b(?:hey|hi|hello|yo|oh|ah|thanks|thank you|dear|my dear|listen|look|sorry|but|so|ok|"
                    r"okay|lol)\s+)")
_VOCATIVE_MAN = [r"brother", r"bruder", r"man", r"sir", r"mate"]
_VOCATIVE_WOMAN = [r"sister", r"schwester", r"girl", r"gurl", r"ma'?am", r"madam", r"lady", r"mädel"]
_STATED = r"(?:you'?re|you are|u r)"
# Up to two describing words between "you're a" and the noun: "a grown ass woman", not "dating a girl"
# or "carrying your mother".
_A = r" (?:a |an |such a |the )?"
_NOT_A_NOUN = r"(?!'s| of| who| and| or)"
_FILLER = r"(?:(?!(?:your|my|his|her|their|our|a|an|the|to|for|with|of)\b)(?![\w-]+ing\b)[\w-]+ ){0,2}"
_YOU_AS = r"(?:you,? as (?:a|an|the|his|her|their|our)|du als|du bist (?:eine?|keine?|die|der)?)"
_GENDER: dict[str, re.Pattern[str]] = {
    "man": re.compile("|".join([
        _NOT_AFTER + any_word(_ADDRESS_MAN),
        _VOCATIVE_BEFORE + r"(?:" + "|".join(v for v in _VOCATIVE_MAN if v not in ("man", "mate")) + r")\b" + _NOT_A_NOUN,
        r"\b(?:hey|hi|yo|oh|thanks|thank you|sorry|listen|look|damn|dude|bro)\s+man\b", r",\s*man\s*(?:[.!?,…]|$)",
        r"\b" + _STATED + _A + _FILLER + r"(?:man|guy|gentleman|husband|father|dad|brother|son|boy)\b(?! of)",
        r"\b" + _YOU_AS + r" " + _FILLER + r"(?:man|guy|husband|father|dad|brother|son|mann|vater|papa|ehemann)\b",
        r"(?<!\w)(?:,|^)\s*alter\s*(?:[.!?,…]|$)", r"\bmein lieber\b",
    ]) + "|" + any_of([r"(?<!的)(?<!你)(?<!我)兄弟(?!姐妹)", "哥们", "老哥", "老弟", "兄台", "小哥", "大兄弟", "老铁"])
        + "|" + _ar_prefix(["يا أخي", "يا اخي", "ياخي", "يخوي", "يا خوي", "يا صديقي", "يا حبيبي", "يا ابني", "يا رجل",
                            "يا زلمة"])
        + "|" + _ar(["أنتا", "انتا", "إنتا", "انتَ", "أنتَ"])
        + rf"|^\s*[وفبل]?(أخي|اخي|حبيبي)(?![{_AR}])", _I),
    "woman": re.compile("|".join([
        _NOT_AFTER + any_word(_ADDRESS_WOMAN),
        _VOCATIVE_BEFORE + r"(?:" + "|".join(_VOCATIVE_WOMAN) + r")\b" + _NOT_A_NOUN,
        r"\b" + _STATED + _A + _FILLER + r"(?:woman|girl|lady|wife|mother|mom|mum|sister|daughter)\b(?! of)",
        r"\b" + _YOU_AS + r" " + _FILLER + r"(?:woman|girl|lady|wife|mother|mom|mum|sister|daughter|frau|mutter|mama|ehefrau)\b",
        r"\bmeine liebe\s*(?:[.!?,…]|$)",
    ]) + "|" + any_of([r"(?<!的)(?<!你)(?<!我)(?<!兄弟)姐妹(?!们?兄弟)", "姐们", "小姐姐", "妹子", "老妹", "集美"])
        + "|" + _ar_prefix(["يا أختي", "يا اختي", "ياختي", "يختي", "يا صديقتي", "يا حبيبتي", "يا بنتي", "يا بنت"])
        + "|" + _ar(["أنتي", "انتي", "إنتي", "انتِ", "أنتِ"])
        + rf"|^\s*[وفبل]?(أختي|اختي|حبيبتي)(?![{_AR}])", _I),
}

# --- partner, children, study, work (said of the person addressed: "your ...") -------------------
_YOUR = r"\b(?:your|ur|yer)\s+(?:own\s+|new\s+|current\s+|future\s+)?"
_DEIN = r"\b(?:dein|deine|deinen|deinem|deiner|deines|ihr|ihre|ihren|ihrem)\s+(?:eigene[nmr]?\s+)?"
_NI = r"你(?:的)?"
_SITUATION: list[tuple[Dimension, str, re.Pattern[str]]] = [
    ("partner", "wife", re.compile(
        _YOUR + any_of(["wife", "wifey", "fianc[eé]e", "girlfriend", "gf"]) + r"\b(?!s)"
        + "|" + _DEIN + any_of(["frau", "ehefrau", "verlobte", "feste freundin", "festen freundin"]) + r"\b"
        + "|" + _NI + any_of(["老婆", "妻子", "太太", "媳妇", "女朋友", "女友"])
        + "|" + _ar(["زوجتك", "مراتك", "مرتك", "خطيبتك"]), _I)),
    ("partner", "husband", re.compile(
        _YOUR + any_of(["husband", "hubby", "fianc[eé]", "boyfriend", "bf"]) + r"\b(?!s)"
        + "|" + _DEIN + any_of(["mann", "ehemann", "verlobter", "verlobten", "fester freund", "festen freund"]) + r"\b"
        + "|" + _NI + any_of(["老公", "丈夫", "先生", "男朋友", "男友"])
        + "|" + _ar(["زوجك", "جوزك", "خطيبك"]), _I)),
    ("partner", "partner", re.compile(
        _YOUR + any_of(["partner", "spouse", "marriage", "in-laws", "mother-in-law", "father-in-law", "wedding"]) + r"\b(?!s)"
        + "|" + _DEIN + any_of(["partner", "partnerin", "ehe", "schwiegermutter", "schwiegereltern", "schwiegervater"]) + r"\b"
        + "|" + _NI + any_of(["对象", "伴侣", "另一半", "婚姻", "公婆", "婆婆"]), _I)),
    ("children", "children", re.compile(
        _YOUR + any_of(["kids?", "children", "child", "sons?", "daughters?", "babys?", "babies", "little ones", "toddler",
                        "newborn", "twins", "grandchildren", "grandkids"]) + r"\b"
        + r"|\b" + _STATED + _A + _FILLER + r"(?:mother|mom|mum|father|dad|parent)\b(?! of)"
        + r"|\byou,? as (?:a|an|the|his|her|their) (?:mother|mom|mum|father|dad|parent)\b"
        + "|" + _DEIN + any_of(["kind", "kinder", "kindern", "sohn", "söhne", "tochter", "töchter", "baby", "kleinen?"]) + r"\b"
        + r"|\bdu (?:bist|als) (?:eine?|keine?) (?:[\w-]+ )?(?:mutter|mama|vater|papa)\b"
        + "|" + _NI + any_of(["孩子", "儿子", "女儿", "宝宝", "小孩"])
        + "|" + _ar(["ولادك", "اولادك", "أولادك", "ابنك", "بنتك", "عيالك", "أطفالك", "اطفالك"]), _I)),
    ("study", "student", re.compile(
        _YOUR + any_of(["exams?", "studies", "school", "schoolwork", "class", "classes", "classmates?", "teachers?",
                        "professors?", "lecturers?", "university", "uni", "college", "homework", "grades", "gpa", "thesis",
                        "dissertation", "major", "semester", "coursework", "gaokao", "finals", "studying"]) + r"\b"
        + r"|\b" + _STATED + r" (?:still )?(?:a |an )?(?:[\w-]+ )?"
        + r"(?:student|pupil|in (?:high )?school|in college|at uni(?:versity)?)\b"
        + "|" + _DEIN + any_of(["studium", "schule", "prüfung", "prüfungen", "klausur", "klausuren", "uni", "lehrer", "lehrerin",
                                "abi", "abitur", "ausbildung", "klasse", "noten", "studiengang", "doktorarbeit", "masterarbeit",
                                "bachelorarbeit", "abschlussarbeit"]) + r"\b"
        + "|" + _NI + any_of(["学业", "考试", "学校", "老师", "成绩", "功课", "作业", "高考", "大学", "学习"])
        + "|" + _ar(["دراستك", "امتحانك", "امتحاناتك", "جامعتك", "مدرستك"]), _I)),
    ("work", "job", re.compile(
        _YOUR + any_of(["job", "boss", "bosses", "coworkers?", "co-workers?", "colleagues?", "workplace", "manager", "employer",
                        "shifts?", "work colleagues"]) + r"\b"
        + "|" + _DEIN + any_of(["job", "chef", "chefin", "kollegen", "kolleginnen", "arbeitgeber", "arbeitsplatz", "firma",
                                "schicht", "schichten"]) + r"\b"
        + "|" + _NI + any_of(["工作", "老板", "上司", "同事", "公司", "领导"])
        + "|" + _ar(["شغلك", "مديرك", "مديرتك"]), _I)),
]

# A referral to urgent help: what a reply at a risk moment may offer besides asking.
_CRISIS = re.compile(any_word([
    r"crisis (lines?|teams?|services?|cent(re|er)s?|text lines?)", r"(crisis |suicide |mental health )?(help|hot|life)lines?",
    "988", "911", "999", "112", r"116 ?123", "samaritans",
    r"emergency (room|services|number|department)", "a&e", "in (immediate )?danger", "telefonseelsorge", r"krisendienst\w*",
    "notruf", "notaufnahme",
]) + "|" + any_of(["热线", "危机干预", "急救"]), _I)
# Risk topics that only a risk conversation explores (not supports or a next step, which everyday
# advice shares; not means or what keeps someone going, which match talk of medication and hobbies).
_DEEP_TOPICS = {"plan", "intent", "tonight", "if_worse", "means_restriction"}


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return " ".join(text.translate(_APOSTROPHES).split())


@dataclass(frozen=True)
class Assumption:
    """Something a reply takes for granted about the person it answers."""
    dimension: Dimension
    value: str   # religion: Muslim/Christian/Jewish/Buddhist; gender: man/woman; partner: wife/husband/partner;
    #              children: children; study: student; work: job
    words: str   # the words of the reply that show it

    def describe(self) -> str:
        what = {"religion": f"is {self.value}", "gender": f"is a {self.value}", "children": "has children",
                "study": "is a student", "work": "has a job",
                "partner": "has a partner" if self.value == "partner" else f"has a {self.value}"}[self.dimension]
        return f"assumes the person {what} (“{self.words}”)"


@dataclass(frozen=True)
class ExemplarReading:
    """What a reply assumes about the person it answers, and its risk moves."""
    assumptions: tuple[Assumption, ...] = ()
    asks_risk: tuple[str, ...] = ()      # sentences asking about suicide or self-harm
    explores_risk: tuple[str, ...] = ()  # risk topics it explores that only a risk conversation does (plan, tonight ...)
    crisis: tuple[str, ...] = ()         # words referring to urgent help
    undoes_risk: tuple[str, ...] = ()    # arguing with a cue, promising secrecy
    speaks_of_risk: RiskKind | None = None  # its own words hold a risk cue (a peer's story)

    @property
    def risk_question(self) -> bool:
        """A risk-assessment reply: it asks about suicide or self-harm, or explores a plan, intent, tonight."""
        return bool(self.asks_risk or self.explores_risk)

    @property
    def addresses_risk(self) -> bool:
        """Does risk work: asks, explores, or points to urgent help."""
        return self.risk_question or bool(self.crisis)

    def dimensions(self) -> set[str]:
        return {a.dimension for a in self.assumptions}


def _assumptions(text: str) -> list[Assumption]:
    out: list[Assumption] = []
    religions = [(r, m.group(0).strip()) for r, rx in _RELIGION.items() if (m := rx.search(text))]
    named = {r for r, _ in religions} | {r for r, rx in _NAMED.items() if rx.search(text)}
    if len(religions) == 1 and len(named) == 1:  # two faiths or more: talk about religion, not an assumption of one
        out.append(Assumption("religion", religions[0][0], religions[0][1]))
    genders = [(g, m.group(0).strip(" ,.!?")) for g, rx in _GENDER.items() if (m := rx.search(text))]
    if len(genders) == 1:  # addressed as both: no reading
        out.append(Assumption("gender", genders[0][0], genders[0][1]))
    for dim, value, rx in _SITUATION:
        m = rx.search(text)
        if m and not any(a.dimension == dim and dim != "partner" for a in out):
            out.append(Assumption(dim, value, m.group(0).strip()))
    partners = [a for a in out if a.dimension == "partner"]
    if len(partners) > 1:  # "your husband" and "your marriage": the gendered one says more
        keep = next((a for a in partners if a.value != "partner"), partners[0])
        if {a.value for a in partners} >= {"wife", "husband"}:
            keep = Assumption("partner", "partner", keep.words)
        out = [a for a in out if a.dimension != "partner"] + [keep]
    return out


def read_exemplar(text: str) -> ExemplarReading:
    """What a reply assumes about the person it answers (with the words that show it) and how it
    responds to risk (through trainer.text.risk and risk_cues)."""
    clean = _clean(text)
    sentences = split_sentences(clean)
    safety = safety_response(clean, sentences)
    speaks = risk_kind(clean)
    # The follow-up topics alone are everyday words ("have you tried ...", "a plan", "safe now"): they
    # count only in a reply that is about suicide or self-harm at all.
    explores = sorted(set(safety.explores) & _DEEP_TOPICS) if safety.asks or speaks else []
    return ExemplarReading(
        assumptions=tuple(_assumptions(clean)),
        asks_risk=tuple(safety.asks),
        explores_risk=tuple(explores),
        crisis=tuple(m.group(0) for m in _CRISIS.finditer(clean)),
        undoes_risk=tuple(safety.undoes),
        speaks_of_risk=speaks,
    )


# --- what is known of the client -----------------------------------------------------------------
_PERSONA_RELIGION: dict[str, re.Pattern[str]] = {
    "Muslim": _rx([r"muslims?", "islam", "islamic", "sunni", r"shi'?a", "shiite", "alevi", r"mosques?", "quran", "ramadan",
                   r"hijabi?", "fajr", "majlis", "muharram", r"muslim\w*", "moschee"], ["穆斯林", "伊斯兰"], ["مسلم", "مسلمة"]),
    "Christian": _rx([r"christian\w*", r"catholic\w*", "protestant", r"lutheran", "baptist", r"baptised", r"baptized",
                      "coptic", r"orthodox (church|christian)",
                      r"(coptic|greek|russian|eastern|serbian|syriac|armenian|ethiopian) orthodox",
                      "evangelical", "pentecostal", "anglican", "methodist", "presbyterian", "church", "mass", "liturgy",
                      "rosary", "jesus", "maronite", "chaldean", "firmung", r"konfirm\w*", "kirche", r"evangelisch\w*",
                      r"katholisch\w*", r"christ\w*"], ["基督", "天主", "教会", "教堂"], ["مسيحي", "مسيحية", "قبطي", "قبطية"]),
    "Jewish": _rx([r"jew(ish)?", "judaism", r"hasid\w*", r"chassid\w*", "haredi", "satmar", "chabad", r"synagogues?", "shabbat",
                   "shabbos", "kosher", "kashrut", "kashrus", "kaddish", "minyan", r"rabbi\w*", r"halach\w*", "masorti",
                   "hiloni", "seder", "sephardic", "ashkenazi", r"jüdisch\w*", r"juden\w*"], ["犹太"], ["يهودي", "يهودية"]),
    "Buddhist": _rx([r"buddhis\w*", "guanyin", "wesak", "vesak"], ["佛教", "佛", "观音"]),
}
_OTHER_FAITH = re.compile(any_word(["hindu", "sikh", "folk religion", "ancestor", "taoist", "daoist", "shinto", "bahá'?í",
                                    "bahai", "jain", "yazidi", "druze", "zoroastrian"]), _I)
_NO_FAITH = re.compile(any_word(["none", "no religion", r"not religious", r"non-?religious", "irreligious", "secular",
                                 "atheist", "agnostic", "without religion", "not a believer", "no faith", r"konfessionslos",
                                 "nicht religiös", "atheistisch", "kein(e)? religion"]) + "|无宗教|无神论|不信教", _I)
_WOMAN = re.compile(any_word(["woman", "female", "f", "girl", "w", "frau", "weiblich", "she", "her", "mädchen"])
                    + "|女|أنثى|امرأة|بنت", _I)
_MAN = re.compile(any_word(["man", "male", "m", "boy", "mann", "männlich", "he", "him", "junge"]) + "|男|ذكر|رجل", _I)
_NONBINARY = re.compile(any_word([r"non-?binary", "enby", "they", "genderqueer", "agender", "divers", "nb"]), _I)
_TRANS = re.compile(any_word([r"trans (man|woman|boy|girl)"]), _I)

# A partner the persona has or had: female (wife ...), male (husband ...), or one whose gender is not said.
_FEMALE_PARTNER = re.compile(any_word([r"wife(?! of)", r"girlfriend", r"fianc[eé]e", "widower", r"husband of", "ehefrau",
                                       "freundin", "verlobte", "witwer"]) + "|妻子|老婆|女朋友|太太|زوجة|زوجته|مراته", _I)
_MALE_PARTNER = re.compile(any_word([r"husband(?! of)", r"boyfriend", r"fianc[eé](?!e)", r"widow(?!er)",
                                     r"wife of", "ehemann", "verlobter", "witwe"])
                           + "|丈夫|老公|男朋友|زوج(?!ة|ته)|جوز", _I)
_ANY_PARTNER = re.compile(any_word([r"married", "spouse", r"partner", r"divorced", r"widowed", r"engaged", r"separated",
                                    r"in-laws?", r"mother-in-law", "verheiratet", "geschieden", "verwitwet", "verlobt",
                                    r"schwieger\w*"]) + "|已婚|离婚|结婚|متزوج|مطلق|أرمل", _I)
_SINGLE = re.compile(any_word(["single", "never married", "unmarried", "ledig", "not married", "no partner"])
                     + "|未婚|单身|أعزب|عزباء", _I)
# The persona's own children: any child word, except where it describes the persona as a child
# ("elder child and only daughter", "eldest son of", "elder of two children").
_CHILD_WORD = re.compile(any_word([r"sons?", r"daughters?", r"child(ren)?", r"kids?", r"bab(y|ies)", "twins", r"grandchild\w*",
                                   r"grandsons?", r"granddaughters?", r"sohn", r"söhne", r"tochter", r"töchter", r"kinder",
                                   r"enkel\w*"]) + "|儿子|女儿|孩子|ابن|ابنة|أولاد|اولاد|أطفال|اطفال", _I)
_CHILD_SELF = re.compile(any_word([
    r"(only|elder|eldest|older|oldest|younger|youngest|middle|first|second|third|fourth|firstborn|first-born|adult|"
    r"dutiful|good|only-child) (son|daughter|child)", r"(son|daughter|child|children) of", r"of (two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\d+) (children|kids)", r"(a|the|their|his|her) (son|daughter) (who|that)",
    r"(als|ältestes|ältester|älteste|einziges|einzige|einziger|jüngstes|jüngste|jüngster) (kind|sohn|tochter)",
    "no children", "no kids", "childless", "kinderlos", "keine kinder",
    r"(her|his|their) (younger |older |little |big )?(sister|brother)'?s? (\w+ ){0,3}(son|daughter|baby)",
    r"(with|has) a (baby|young) (son|daughter)", r"(sister|brother) is married with (a|two) [\w ]{0,15}(son|daughter|child)",
]) + "|长子|长女|独生", _I)
_NO_CHILDREN = re.compile(any_word(["no children", "no kids", "childless", "kinderlos", "keine kinder"]) + "|没有孩子|无子女", _I)
_STUDY = re.compile(any_word([r"student\w*", r"stud(y|ies|ying)", r"school\w*", r"universit\w*", "uni", r"college\w*",
                              r"ph\.?d\w*", r"doctora\w*", r"course\w*", r"class(es)?", r"exams?", r"major", r"minor", "semester",
                              r"gaokao", r"resit", r"msc", r"ba", r"bsc", "ma", r"masters?", r"bachelor'?s?", r"pupil", "htl",
                              r"gymnasium", r"apprentic\w*", r"trainee", r"ausbildung", r"studium", r"studiert", r"schüler\w*",
                              r"azubi", r"integrationskurs", r"thesis", r"dissertation", r"ged", r"esol", r"undergrad\w*"])
                    + "|学生|复读|高考|读书|大学|学校|طالب|طالبة|جامعة|دراسة", _I)
_JOB = re.compile(any_word([r"work(s|ing|ed|er|ers)?", r"jobs?", r"employ(ed|ee|er|ment)", r"shifts?", r"paid", r"salary",
                            r"nurse", r"pharmacist", r"engineer", r"developer", r"teach(es|er|ing)", r"receptionist",
                            r"assistant", r"bookkeeper", r"lead", r"minijob", r"researcher", r"mitarbeiter\w*", r"arbeitet",
                            r"beruf\w*", r"erzieherin", r"kauffrau", r"angestellt\w*", r"self-employed", r"freelanc\w*",
                            r"contractor", r"driver", r"cashier", r"manager", r"owner"])
                  + "|工作|上班|职员|工程师|موظف|يعمل|تعمل", _I)
_NO_JOB = re.compile(any_word([r"unemployed", r"retired", r"not working", r"jobless", r"out of work", r"no job",
                               r"arbeitslos\w*", r"rentner\w*", r"in rente", r"bürgergeld", r"homemaker", r"housewife",
                               r"stay-at-home", r"hausfrau"]) + "|失业|退休|待业|عاطل", _I)
# What the client says of themself (in any of their lines so far).
_SAYS_FAITH: dict[str, re.Pattern[str]] = {
    r: re.compile(any_word([rf"i'?m (a )?{w}", rf"i am (a )?{w}", rf"as a {w}", rf"my {w} (faith|family|community|parents)"]), _I)
    for r, w in (("Muslim", "muslim"), ("Christian", r"(christian|catholic|protestant|coptic|orthodox christian)"),
                 ("Jewish", r"(jew|jewish|orthodox jew)"), ("Buddhist", "buddhist"))}
_I_AM = r"(?:i'?m|i am|as) a (?:\w+ )?"
_SAYS_GENDER = {
    "woman": re.compile(any_word([_I_AM + "(woman|girl|mother|mom|mum|wife|daughter)", r"\(?\d{2} ?f\)?",
                                  r"ich bin (eine )?frau", r"als frau"]), _I),
    "man": re.compile(any_word([_I_AM + "(man|guy|boy|father|dad|husband|son)", r"\(?\d{2} ?m\)?",
                                r"ich bin (ein )?mann", r"als mann"]), _I),
}
_SAYS_PARTNER = re.compile(
    any_word([r"my (ex-?)?(wife|husband|hubby|girlfriend|boyfriend|gf|bf|fianc[eé]e?|partner|spouse)",
              r"my (marriage|in-laws|mother-in-law|father-in-law)", r"mein(e|em|en)? (frau|mann|ehe|freundin|freund)",
              r"i'?m married", "i am married"])
    + "|我(的)?(老婆|老公|丈夫|妻子|男朋友|女朋友|对象)|" + _ar(["زوجي", "زوجتي", "جوزي", "مراتي"]), _I)
_SAYS_CHILDREN = re.compile(
    any_word([r"my (kids?|children|child|sons?|daughters?|baby|babies|toddler|grandchildren)",
              r"mein(e|em|en)? (kind|kinder|sohn|tochter|baby)", _I_AM + "(mother|mom|mum|father|dad|parent)"])
    + "|我(的)?(孩子|儿子|女儿|宝宝)|" + _ar(["ابني", "بنتي", "أولادي", "اولادي", "ولادي", "أطفالي"]), _I)
_SAYS_STUDY = re.compile(
    any_word([r"my (exams?|studies|school|class|classes|classmates|teachers?|professors?|university|uni|college|homework|"
              r"grades|thesis|dissertation|major|semester|advisor|supervisor|phd)", r"i'?m a student", r"i am a student",
              r"mein(e|em)? (studium|schule|prüfung\w*|uni|ausbildung|doktorarbeit)"])
    + "|高考|复读|考试|我的学校|我的老师|月考|" + _ar(["دراستي", "امتحاني", "امتحاناتي", "جامعتي", "مدرستي"]), _I)
_SAYS_WORK = re.compile(
    any_word([r"my (job|boss|coworkers?|co-workers?|colleagues?|workplace|manager|shifts?|employer)", r"at work",
              r"after (a |my )?shifts?", r"mein(e|en|em)? (job|chef\w*|arbeit|kollegen|schicht\w*)", r"auf der arbeit"])
    + "|我的工作|老板|上班|加班|" + _ar(["شغلي", "مديري"]), _I)


@dataclass(frozen=True)
class ClientProfile:
    """What is known of the client, for checking a reply's assumptions. None: not known."""
    gender: str | None = None            # "woman", "man", "nonbinary"
    religions: frozenset[str] = frozenset()  # faiths named for the client (raised in, practising, around them)
    religion_stated: bool = False        # the persona says something about religion (a faith, or none)
    no_religion: bool = False            # the persona says none / secular / not religious
    partners: frozenset[str] = frozenset()   # "wife" (a female partner), "husband" (a male one), "spouse" (gender not said)
    partner_known: bool = False          # the family is described well enough that no partner means none
    children: bool | None = None
    student: bool | None = None
    working: bool | None = None
    thin: bool = True                    # the persona is a few demographic words (imported posts)
    evidence: dict[str, str] = field(default_factory=dict)  # dimension -> what is known, in the persona's words


def _words(text: str | None) -> int:
    return len((text or "").split())


def _gender(raw: str | None) -> str | None:
    g = (raw or "").strip()
    if not g or g.lower() in ("unknown", "n/a", "none", "-"):
        return None
    if m := _TRANS.search(g):
        return "woman" if m.group(0).lower().endswith(("woman", "girl")) else "man"
    if _NONBINARY.search(g):
        return "nonbinary"
    woman, man = bool(_WOMAN.search(g)), bool(_MAN.search(g))
    return "woman" if woman and not man else "man" if man and not woman else None


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def client_profile(scenario: Scenario, client_text: str = "") -> ClientProfile:
    """What the persona and the client's own words say about religion, gender, partner, children,
    study and work. The client's words only add what they reveal (never take away), and fill in
    religion and gender where the persona says nothing of them."""
    p = scenario.persona
    said = _clean(client_text)
    evidence: dict[str, str] = {}
    thin = _words(p.family) < 6 and _words(p.work) < 6 and _words(p.religion) < 3

    gender = _gender(p.gender)
    if gender:
        evidence["gender"] = p.gender or ""
    else:
        found = [g for g, rx in _SAYS_GENDER.items() if rx.search(said)]
        if len(found) == 1:
            gender, evidence["gender"] = found[0], "in the client's words"

    religion_text = _clean(p.religion or "")
    if religion_text.lower() in ("unknown", "n/a", "-"):
        religion_text = ""
    religions = {r for r, rx in _PERSONA_RELIGION.items() if rx.search(religion_text)}
    other_faith = bool(_OTHER_FAITH.search(religion_text))
    no_religion = bool(_NO_FAITH.search(religion_text))
    stated = bool(religions or other_faith or no_religion)
    said_faiths = {r for r, rx in _RELIGION.items() if rx.search(said)} | {
        r for r, rx in _SAYS_FAITH.items() if rx.search(said)}
    if stated:  # the persona's word stands: a Coptic client who mentions a Muslim colleague is still Coptic
        evidence["religion"] = _short(religion_text)
    elif said_faiths:
        religions, stated = said_faiths, True
        evidence["religion"] = "in the client's words: " + ", ".join(sorted(said_faiths))

    family = _clean(p.family or "")
    partners: set[str] = set()
    if _FEMALE_PARTNER.search(family):
        partners.add("wife")
    if _MALE_PARTNER.search(family):
        partners.add("husband")
    if not partners and _ANY_PARTNER.search(family):
        partners.add("spouse")
    for m in _SAYS_PARTNER.finditer(said):  # "my husband": a male partner; "my partner": gender not said
        words = m.group(0)
        gendered = {k for k, rx in (("wife", _FEMALE_PARTNER), ("husband", _MALE_PARTNER)) if rx.search(words)}
        partners |= gendered or {"spouse"}
    partner_known = bool(partners) or bool(_SINGLE.search(family)) or _words(family) >= 6
    if family:
        evidence["partner"] = evidence["children"] = _short(family)

    children: bool | None = None
    if _SAYS_CHILDREN.search(said):
        children = True
    elif _NO_CHILDREN.search(family):
        children = False
    elif family:
        own = _CHILD_WORD.findall(_CHILD_SELF.sub(" ", family))
        children = True if own else (False if _words(family) >= 6 else None)

    work = _clean(p.work or "")
    if work:
        evidence["study"] = evidence["work"] = _short(work)
    student: bool | None = None
    if _STUDY.search(work) or _SAYS_STUDY.search(said):
        student = True
    elif _words(work) >= 4:
        student = False
    working: bool | None = None
    if _SAYS_WORK.search(said):
        working = True
    elif work:
        employed = re.sub(r"\bnot working\b", " ", work, flags=_I)
        if _NO_JOB.search(work) and not re.search(r"\bworks?\b|\bworking (as|at|in|for)\b", employed, _I):
            working = False
        elif _JOB.search(employed):
            working = True
        elif student:
            working = False
    return ClientProfile(gender=gender, religions=frozenset(religions), religion_stated=stated,
                         no_religion=no_religion, partners=frozenset(partners), partner_known=partner_known,
                         children=children, student=student, working=working, thin=thin, evidence=evidence)


@dataclass(frozen=True)
class Conflict:
    assumption: Assumption
    known: str  # what is known of the client that contradicts it

    def describe(self) -> str:
        return f"{self.assumption.describe()}, but the client: {self.known}"


@dataclass(frozen=True)
class Fit:
    conflicts: tuple[Conflict, ...] = ()
    unsupported: tuple[Assumption, ...] = ()  # neither confirmed nor contradicted by what is known
    supported: tuple[Assumption, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.conflicts


def _judge(a: Assumption, c: ClientProfile) -> Literal["conflict", "supported", "unsupported"]:
    if a.dimension == "religion":
        if a.value in c.religions:
            return "supported"
        return "conflict" if c.religion_stated else "unsupported"
    if a.dimension == "gender":
        if c.gender is None:
            return "unsupported"
        return "supported" if c.gender == a.value else "conflict"
    if a.dimension == "partner":
        if not c.partners:
            return "conflict" if c.partner_known else "unsupported"
        if a.value == "partner" or a.value in c.partners:
            return "supported"
        # a wife assumed where only a husband is known (or the other way round); a spouse whose gender is not said
        return "unsupported" if "spouse" in c.partners else "conflict"
    known = {"children": c.children, "study": c.student, "work": c.working}[a.dimension]
    return "unsupported" if known is None else "supported" if known else "conflict"


def _known(a: Assumption, c: ClientProfile) -> str:
    text = c.evidence.get(a.dimension, "")
    if a.dimension == "partner" and c.partners:
        return f"{', '.join(sorted(c.partners))} in the family ({text})"
    if a.dimension in ("partner", "children"):
        return f"none in the family as described ({text})"
    if a.dimension == "study":
        return f"not a student ({text})"
    if a.dimension == "work":
        return f"no job ({text})"
    return text


def check(reading: ExemplarReading, client: ClientProfile) -> Fit:
    """A reply's assumptions against what is known of the client."""
    conflicts, unsupported, supported = [], [], []
    for a in reading.assumptions:
        verdict = _judge(a, client)
        if verdict == "conflict":
            conflicts.append(Conflict(a, _known(a, client)))
        elif verdict == "unsupported":
            unsupported.append(a)
        else:
            supported.append(a)
    return Fit(tuple(conflicts), tuple(unsupported), tuple(supported))


def fits(text: str, scenario: Scenario, client_text: str = "") -> Fit:
    """check(read_exemplar(text), client_profile(scenario, client_text))."""
    return check(read_exemplar(text), client_profile(scenario, client_text))
