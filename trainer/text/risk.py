"""How a trainee's draft responds to risk, by meaning and form, never by a word alone: a question
to the client about suicide or self-harm, the follow-ups that explore it (plan, means, safety
tonight ...), and the moves that undo it (arguing, promising secrecy). English and German by
rules; the feedback adds meaning (multilingual embeddings) for languages the rules barely cover."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import any_of, any_word

_I = re.IGNORECASE

# Suicide or self-harm as something the client may think, wish or do (said to them: "you").
_RISK_TOPIC = re.compile("|".join([
    any_word([
        r"suicid\w*", r"kill(ing)? (yourself|themselves)", r"end(ing)? (your|their) (own )?li(fe|ves)",
        r"tak(e|ing) (your|their) (own )?li(fe|ves)(?! (in|into|to|forward|back|somewhere))",
        r"(hurt|harm|cut|injur|burn)(ing|e)? (yourself|themselves)", r"self[- ]?(harm|injur)\w*",
        r"(wish|want)(ed|ing)?( you)? (to die|(were|was|to be) dead|to not be (here|alive)|not to be (here|alive))",
        r"thoughts? (of|about) (dying|death|not (being|wanting to be) (here|alive)|not living)",
        r"(not|no longer) (want|wanting) to (live|be alive|be here|wake up|go on)",
        r"not (being|be) (here|alive) any ?more", r"(go to sleep|fall asleep|sleep) and not wake up",
        r"(not|never) wake up", "better off dead", "end it all", "no (reason|point) (in|to) (living|live|going on)",
        # German
        r"(dir|sich|ihnen|dich) (selbst )?das leben (zu )?nehmen", r"(dich|sich) (selbst )?umzubringen",
        r"(dich|sich) (selbst )?umbringen", r"suizid\w*", r"selbstmord\w*", r"lebensmüde\w*",
        r"nicht mehr (leben|da sein|aufwachen)", r"(dich|sich) (selbst )?(zu )?verletzen", r"verletzt(est)? du dich",
        r"verletzen sie sich", r"ritzt", r"sterben (zu )?wollen", r"tot sein (zu )?wollen",
        r"(dir|sich|ihnen|mir) (selbst )?(etwas|was) an(zu)?tun", r"nicht mehr da (zu )?(sein|wärst|wären|wäre|wärest)",
        r"lieber tot", r"nicht mehr leben (zu )?(wollen|willst|möchtest|möchten)",
    ]),
    # Arabic, Hebrew, Chinese
    "انتحار", "تنتحر", "إيذاء نفسك", "تؤذي نفسك", "أذية نفسك", "إنهاء حياتك", "تنهي حياتك", "تقتل نفسك",
    "להתאבד", "התאבדות", "אובדני", "לפגוע בעצמך", "פוגע בעצמך", "פוגעת בעצמך", "לשים קץ לחייך",
    "自杀", "轻生", "伤害自己", "自残", "结束自己的生命", "结束生命", "不想活", "想死", "活不下去",
]), _I)
# A question form: a question mark, or "I want to ask / I wonder", or a language's question word.
_ASKING = re.compile("|".join([
    r"[?？؟]", any_word([r"i('d| would)? (want|like) to ask", r"(can|may|could) i ask", "i('m| am) asking",
                         "i wonder", "i('m| am) wondering", "let me ask", r"ich (möchte|will|muss) (dich|sie) fragen",
                         "ich frage (dich|sie)"]),
    r"^\s*(هل|האם)\s", "吗", "有没有", "会不会", "是否",
]), _I)
# A question that refers back to a risk statement just before it ("... Is that something you've felt?").
_BACK = re.compile(any_word([
    "that", "this", "it", "those thoughts", "such thoughts", "thoughts like (that|these|this)", "so", "das",
    "so etwas", "sowas", "so was",
    "solche gedanken", "darüber", "daran", "ذلك", "هذا", "זה", "这样", "这种"]), _I)
# Addressed to the client (you, du, Sie; Arabic suffixes; Hebrew; Chinese).
_YOU = re.compile(any_word(["you", "your", "yourself", "du", "dich", "dir", "dein\\w*", "sie", "ihnen", "ihr\\w*"])
                  + "|" + any_of(["ك\\b", "كِ\\b", "تفكر", "أنت", "לך", "אתה", "את\\b", "בך", "你", "您"]), _I)

# Follow-ups once the client has answered: each exploring one part of safety (CONTENT.md).
_TOPICS: dict[str, re.Pattern[str]] = {k: re.compile(any_word(v), _I) for k, v in {
    "plan": [r"(a|any) plans?", r"(konkrete|einen|irgendwelche) pläne", r"how you (would|might|'d) (do|end|go about)",
             r"planned", r"how (would|might) you do it",
             r"(thought|think|thinking) about how", r"(einen|einem) plan", r"wie (du|sie) es (tun|machen)", "خطة",
             "תוכנית", "计划", "打算怎么"],
    "means": [r"access to", r"(pistol|gun|firearm|weapon|rifle)s?", r"(pills|tablets|medications?|medicines?|drugs)",
              r"(razor|blade|knife|rope|bridge)s?", r"anything (at home |else )?(you|that you) could use",
              r"what (would|might|could|do) you use",
              r"where do you keep (it|them)", r"waffe\w*", "pistole", r"tabletten", r"medikament\w*", "سلاح",
              "حبوب", "أدوية", "נשק", "אקדח", "כדורים", "药", "刀", "枪"],
    "intent": [r"act on (them|it|these|those|the thoughts)", r"(going|intend\w*) to (do it|act|go through)",
               r"intention\w*", r"when you (might|would|will) do it", r"how (likely|close)", r"(ever )?(tried|attempted)",
               r"attempts?", "vorhaben", "umsetzen", "versucht"],
    "protective": [r"(stopped|stops|stopping|held|holds|holding) you( back)?",
                   r"(kept|keeps|keeping) you (going|safe|alive|here)",
                   r"reasons? (for|to) (living|live|stay\w*|keep going)", r"helps? you (hold on|keep going|get through)",
                   r"was hält (dich|sie)", r"(dich|sie) (davon )?abgehalten"],
    "supports": [r"who (could|can|would|might) (be with|stay with|you call|you tell|you talk to|come over)",
                 r"(someone|anyone|somebody|anybody) (you (could|can|would)|who (could|can|would)|to) "
                 r"(call|talk|be with|stay|tell)",
                 r"(is there|do you have) (someone|anyone|somebody|anybody)",
                 r"wer (könnte|kann|würde) (heute (nacht|abend) )?(bei (dir|ihnen)|dich|sie)", r"jemand\w*,? (der|die|den|dem)"],
    "tonight": [r"safe (tonight|right now|today|at the moment|now|this (evening|weekend))", r"how safe", "tonight",
                r"heute (nacht|abend)", r"sicher (fühlst|fühlen)", "الليلة", "הלילה", "今晚"],
    "if_worse": [r"if (it|the thoughts|things|they|the urges?|the feelings?) (get|gets|got|become|becomes) "
                 r"(worse|stronger|too (much|strong))",
                 r"when it gets (that |this |really )?(bad|worse)", r"if (the )?urges?", r"wenn es schlimmer wird",
                 r"if ([\w']+ ){1,3}(get|gets|got|become|becomes|feels?) (\w+ )?(worse|heavier|darker) than",
                 r"what would you do if ([\w']+ ){0,4}(worse|stronger|heavier)"],
    "means_restriction": [r"(give|hand|pass)\w* [\w' ]{0,30}(the )?(key|pills|tablets|gun|pistol|weapon|medication)s?",
                          r"(keep|hold|look after|mind)\w* [\w' ]{0,20}(on to |onto )?(the|your) "
                          r"(key|pills|tablets|gun|pistol|weapon|medication)s?",
                          r"hold on to (the|your|them|it)", r"out of (reach|the house)", r"lock\w* (it|them|up|away)",
                          r"get rid of", r"put [\w' ]{0,30}(away|out of reach)", "wegschließen", "abgeben",
                          r"(not|avoid) (go|going) (up )?to the (top floor|roof|bridge|tracks)( alone)?"],
    "next_step": [r"(gp|doctor|psychiatrist|therapist|counsell?or|crisis (line|team|service)|helpline|hotline)",
                  r"988", r"116 ?123", r"samaritans", "emergency", "a&e", "hospital", r"appointment", r"follow[- ]?up",
                  r"come (back )?(here )?(to (see|talk to) me|and (see|talk to) me)", r"(see|talk to) (me|you) again",
                  r"next (session|week|step)", "hausarzt", "telefonseelsorge", "termin", "notaufnahme"],
}.items()}

_DISMISS = re.compile(
    any_word([
        "you don'?t (really )?mean (that|it)", "don'?t (say|talk like) (that|this)", "don'?t think like that",
        "that'?s (a )?(selfish|silly|crazy)",
        "think (of|about) (your|how) (family|parents|kids|children|daughters|sons|wife|husband)",
        "suicide is (a sin|haram|selfish)", r"i'?m sure (your \w+|they|he|she) (would(n'?t)?|could(n'?t)?) (manage|cope|be fine)",
        "so much to live for", "(things|it) will (look|be|get) better (in the morning|tomorrow|soon)",
        "sag so was nicht", "denk an deine (familie|kinder|eltern)",
        r"(your|the) (kids|children|family|parents|wife|husband|mother|daughters?|sons?) needs? "
        r"(you|their (mother|father|mom|mum|dad))",
        r"imagine (what|how) (it|this|that) would (do to|feel for|affect|mean (to|for)) (them|your)", r"stay strong for",
        r"promise me (you|that you) (won'?t|will not|wouldn'?t|will never)",
        r"(so )?(was|etwas) (dürfen|darfst) (sie|du) (nicht mal|nicht einmal|gar nicht|nicht) (denken|sagen)",
        r"(wie|was) (\w+ )?(sich )?fühlen würde",
        r"denk(en sie)? (doch )?(mal )?an (ihre|deine) (frau|kinder|familie|eltern|mutter|tochter|sohn)",
        r"jetzt hören sie (aber )?auf", r"hör (aber )?auf (so )?zu reden", r"(would|will) feel if (you|she|he)",
        "لا يجوز", "لا تقول(ي)? (هذا|كده|كدا|هيك)", "في مكان أفضل", "الله مع الصابرين", "حرام عليك"
    ]), _I)
_SECRECY = re.compile(
    any_word([
        r"(won'?t|will not|never|don'?t) tell (anyone|anybody|a soul)", r"stays? between (us|you and me)", "between us",
        r"(our|a) (little )?secret", r"keep (it|this) (a )?secret", r"promise (not to|i won'?t) tell",
        r"bleibt (\w+ ){0,2}unter uns",
        r"(ich )?(sag|sage|erzähl|erzähle)\w* (deinen|ihren|niemandem|keinem) (\w+ )?nichts",
        r"versprochen"
    ]), _I)
# Confidentiality with its limits said is good practice, not a promise of secrecy.
_LIMITS = re.compile(
    any_word([
        "unless", "except (if|when|where)", r"only (share|tell|break|pass)\w*",
        "if (your|you'?re|you are) (life|safety|in danger)",
        "(life|safety) (is|was|were|would be|might be) (at risk|in danger)", "in (immediate )?danger", "at risk",
        "limits?", "es sei denn", "außer (wenn|bei)", r"gefahr\w*", r"gefährd\w*",
    ]) + "|إلا إذا|الا اذا|אלא אם|חוץ מ|除非", _I)
_CONCERN = re.compile(
    "|".join([
        r"\b(worried|concerned|scared) (about|for) you", r"that sounds (really |very )?(serious|worrying|concerning)",
        r"i('?m| am) (really )?(worried|concerned)", "i want to (make sure|check)", r"mache mir sorgen\b",
        r"(it|that|this) worries me",
        # Arabic, Hebrew, Chinese: "it worries me", "I'm worried about you"
        r"(يقلقني|يقلقنى|تقلقني|قلقان عليك|قلقانة عليك|قلقة عليك|قلق عليك|خايف عليك|خايفة عليك|أشعر بالقلق|اشعر بالقلق)",
        r"(אני דואג לך|אני דואגת לך|אני דואג לגבי|אני דואגת לגבי|זה מדאיג אותי|מדאיג אותי)",
        r"(我很担心你|我担心你|让我(很|有点)?担心|我有点担心)"
    ]), _I)


_TOPIC_ADVICE = re.compile(any_word(["take (a|some) (few )?(days?|time|break)", "have you tried", "could you try"]), _I)


def is_question(sentence: str) -> bool:
    return bool(_ASKING.search(sentence))


def addressed(sentence: str) -> bool:
    return bool(_YOU.search(sentence))


def asks_about_risk(sentences: list[str], i: int) -> bool:
    """Sentence i asks the client about suicide or self-harm: the topic in a question to them,
    or a risk statement followed by a question that refers back to it."""
    s = sentences[i]
    if not _RISK_TOPIC.search(s):
        return False
    if is_question(s) and (addressed(s) or _BACK.search(s) or not re.search(r"[a-z]", s, _I)):
        return True
    nxt = sentences[i + 1] if i + 1 < len(sentences) else ""
    return is_question(nxt) and bool(_BACK.search(nxt)) and addressed(nxt) and not _TOPIC_ADVICE.search(nxt)



@dataclass(frozen=True)
class SafetyResponse:
    """How a draft responds to risk; every field holds the draft's words that show it."""
    asks: list[str] = field(default_factory=list)                # sentences asking about suicide or self-harm
    explores: dict[str, list[str]] = field(default_factory=dict)  # risk topic -> the sentences exploring it
    concern: list[str] = field(default_factory=list)             # worry, without asking
    dismisses: list[str] = field(default_factory=list)           # arguing with or dismissing the cue
    secrecy: list[str] = field(default_factory=list)             # promising to keep it secret

    @property
    def undoes(self) -> list[str]:
        return self.dismisses + self.secrecy

    @property
    def acts(self) -> bool:
        """Asks or explores: the draft does risk work."""
        return bool(self.asks or self.explores)


def explores(sentence: str) -> list[str]:
    """The risk topics a sentence explores (a question or proposal to the client)."""
    if not (is_question(sentence) or addressed(sentence)):
        return []
    return [k for k, rx in _TOPICS.items() if rx.search(sentence)]


def safety_response(draft: str, sentences: list[str], asks: list[str] | None = None) -> SafetyResponse:
    """The risk moves of a draft by rules. asks: sentences already known to ask (by meaning)."""
    found = list(asks or [])
    found += [s for i, s in enumerate(sentences) if s not in found and asks_about_risk(sentences, i)]
    topics: dict[str, list[str]] = {}
    for s in sentences:
        for k in explores(s):
            topics.setdefault(k, []).append(s)
    return SafetyResponse(
        asks=[s for s in sentences if s in found],
        explores=topics,
        concern=[m.group(0) for m in _CONCERN.finditer(draft)],
        dismisses=[m.group(0) for m in _DISMISS.finditer(draft)],
        secrecy=[] if _LIMITS.search(draft) else [m.group(0) for m in _SECRECY.finditer(draft)],
    )


# For the meaning-based check (multilingual embeddings), where the rules barely reach (Arabic,
# Hebrew, Chinese, other languages): a question counts when it is closer to these than to advice.
RISK_QUESTION_PROTOTYPES = ["Are you having thoughts of suicide?", "Have you thought about ending your life?",
                            "Are you thinking of killing yourself?", "Do you have thoughts of hurting yourself?",
                            "Do you sometimes wish you were dead?"]
NEAR_MISS_PROTOTYPES = ["Could you take a few days off?", "Have you thought about changing jobs?",
                        "Have you tried cutting down on coffee?", "What do you do to relax at night?",
                        "Have you talked to your doctor about your sleep?", "Are you looking forward to seeing your family?",
                        "Have you thought about ending the contract?"]
