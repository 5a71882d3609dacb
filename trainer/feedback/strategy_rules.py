"""Surface rules for the 8 CultureCare support strategies, written from their definitions
(trainer/feedback/strategies.yaml). Each rule adds weight to one strategy for a sentence.
English and German in depth; Arabic, Hebrew and Chinese for the commonest moves."""
from __future__ import annotations

import re

from ..text.patterns import any_of, any_word

_I = re.IGNORECASE

RULES: dict[str, list[tuple[str, float]]] = {
    "Questions": [
        (r"[?？؟]\s*$", 1.6),
        ("^" + any_of([
             "what", "how", "why", "when", "where", "who", "which", "is", "are", "do", "does", "did", "have",
             "has", "can", "could", "would", "will"
         ]) + r"\b[^.!]*\?", 0.6),
        ("^" + any_of([
             "was", "wie", "warum", "wieso", "weshalb", "wann", "wo", "wer", r"welche\w*", "hast", "bist",
             "kannst", "willst", "magst", "gibt es"
         ]) + r"\b[^.!]*\?", 0.6),
        (r"\b(tell me (more )?about|i('?m| am) (curious|wondering)|i wonder (what|how|whether|if))\b", 1.2),
        (r"\b(erzähl (mir )?(mehr|doch)|mich würde interessieren)\b", 1.2),
        (r"^(هل|ماذا|ما هو|ما هي|كيف|لماذا|ليش|ليه|شو|ايش|إيش|متى|وين|فين)", 0.8),
        (r"^(מה|איך|למה|מתי|איפה|האם|מי)\b", 0.8),
        (r"(吗|呢|什么|怎么|为什么|多少|哪)", 0.5),
    ],
    "Providing Suggestions": [
        ("^(please )?" + any_of([
             "try", "talk", "go", "get", "find", "seek", "consider", "reach out", "tell", "ask", "make",
             "take", "stop", "start", "keep", "let", "look", "move", "leave", "write", "call", "focus", "give",
             "think about", "remember to", "don'?t", "do not", "never", "just", "be", "see", "join", "set",
             "use", "avoid", "learn", "spend", "work on", "save", "apply", "contact", "speak", "book"
         ]) + r"\b", 1.5),
        (r"\b(you|u) " + any_of([
             "should", "shouldn'?t", "could", "might want to", "may want to", "need to", "have to", "must",
             "ought to", "can always", "can try", "could try"
         ]) + r"\b", 1.4),
        (any_word([
             "i('?d| would)? (suggest|recommend|advise|encourage)", "my (advice|suggestion|recommendation)",
             "if i were you", "if i was you",
             "it (might|may|could|would) (help|be (good|worth|helpful|a good idea))", "it'?s worth",
             "best (thing|option|bet) (is|would be)", "why not", "how about",
             "what about (trying|talking|asking)", "the (key|trick) is"
         ]), 1.4),
        ("^" + any_of([
             "have you (tried|considered|thought about|looked into)", "did you try", "could you", "can you",
             "would you (consider|be able)", "maybe (you|try|talk|get|see|look|consider)", "perhaps (you|try)"
         ]) + r"\b", 2.4),
        (r"\b(see|talk to|speak to|reach out to|find|get) (a |an |some )?" + any_of([
             "therapist", "counsell?or", "psychologist", "psychiatrist", "doctor", "professional", "gp",
             "imam", "rabbi", "priest", "lawyer"
         ]) + r"\b", 0.9),
        (any_word([
             "du solltest", "sie sollten", "du könntest", "sie könnten", "du musst", "du kannst (ja|auch|mal)",
             "versuch(e|s)?", "such dir", "geh (zu|zum|mal)", "sprich (mit|mal)", "hol dir", "lass dich",
             "mach (doch|mal|dir)", "ich würde (dir )?(raten|empfehlen|vorschlagen)", "ich rate", "mein rat",
             "probier", "wende dich", "melde dich", "vielleicht (solltest|könntest|hilft)",
             "es (hilft|könnte helfen|wäre gut)"
         ]), 1.5),
        (any_of([
             "حاول", "لازم", "يجب أن", "يجب عليك", "ينبغي", "أنصحك", "انصحك", "نصيحتي", "اقترح", "أقترح",
             "روح", "كلم", "تكلم مع", "ابحث", "جرب", "خليك", "لا تخلي"
         ]), 1.3),
        (r"(כדאי|תנסה|תנסי|נסה|נסי|אני ממליץ|אני ממליצה|לך ל|דבר עם|דברי עם|תפנה|תפני|צריך ל)", 1.3),
        (r"(你应该|你可以|建议|试试|试着|不妨|最好|去找|要不要)", 1.3),
    ],
    "Affirmation and Reassurance": [
        (any_word([
             "you('?re| are) not alone", "not your fault", "you did(n'?t| not) do anything wrong",
             "you('?re| are) (valid|enough|strong|brave|worth|not (crazy|weak|broken|a burden|selfish))",
             "you deserve", "you can (do|get through|make) (it|this)",
             "you('?ll| will) (be (ok|okay|fine|alright)|get through|make it|find)",
             "it('?s| is| will be) (ok|okay|alright|going to be ok)", "(things|it) (will|can|do) get better",
             "there is hope", "proud of you", "nothing wrong with you", "hang in there", "stay strong",
             "you('?ve| have) got this", "don'?t (give up|be so hard|blame yourself)", "be proud",
             "good (on|for) you", "well done", "that'?s (brave|courageous|a big step)",
             "take care of yourself"
         ]), 1.6),
        (r"\b(i'?m|i am) (so |really |very )?(sorry|glad|happy)( to hear| that| you| for)?\b", 1.3),
        (r"\b(sending|big) (hugs|love|virtual hug)|\bhugs\b|❤|♥|🫂", 1.0),
        (r"\b(it'?s|it is|that'?s|that is) (completely |totally |perfectly |absolutely )?" + any_of([
             "normal", "understandable", "natural", "valid", "human", "ok", "okay", "fair"
         ]) + r" (to|that)\b", 1.3),
        (any_word([
             "du bist nicht allein", "nicht deine schuld", "du bist (stark|mutig|genug|wertvoll|nicht allein)",
             "du schaffst das", "das wird (schon|wieder)", "es wird besser",
             "es tut mir (so |sehr |wirklich )?leid", "kopf hoch", "du hast es verdient",
             "das ist (völlig |ganz )?(normal|verständlich|okay|ok)", "ich bin stolz", "gut, dass du",
             "toll, dass du", "halt durch"
         ]), 1.6),
        (any_of([
             "لست وحدك", "مش لوحدك", "انت مش لوحدك", "مو ذنبك", "مش ذنبك", "ليس ذنبك", "انت قوي", "إنت قوي",
             "أنت قوية", "كل شي رح يكون منيح", "هتعدي", "ستمر", "ان شاء الله خير", "متأسف", "آسف"
         ]), 1.4),
        ("(אתה לא לבד|את לא לבד|זו לא אשמתך|זה לא באשמתך|יהיה בסדר|אתה חזק|את חזקה|אני מצטער|אני מצטערת)", 1.4),
        (r"(你不是一个人|不是你的错|你很勇敢|会好起来|你已经很棒|加油|抱抱|辛苦了)", 1.4),
    ],
    "Reflection of Feelings": [
        (r"\b(it |that )?(sounds|seems|looks) (like |as if |as though )?" + any_of([
             "you('?re| are| feel| felt| must| might)", "it'?s been", "really", "so", "incredibly", "very"
         ]) + r"?\s*" + any_of([
             "hard", "painful", "difficult", "lonely", "exhausting", "frustrating", "overwhelming", "scary",
             "heavy", "tough", "hurtful", "confusing", "isolating", "stressful", "upsetting", "awful", "sad",
             "terrible", "rough"
         ]) + r"\b", 1.8),
        (any_word([
             "you (must|might|may) (be|feel|have felt)",
             r"you('?re| are) (feeling|so|really|clearly) (\w+ )?" + any_of([
                 "hurt", "sad", "angry", "lonely", "scared", "afraid", "anxious", "torn", "trapped", "stuck",
                 "overwhelmed", "exhausted", "frustrated", "ashamed", "guilty", "lost", "alone", "confused",
                 "worried", "heartbroken", "hopeless", "tired"
             ]),
             "you feel( like)?", "you felt", "you seem"
         ]), 1.5),
        (r"\b(that|this|it) (must|would|can|could) (be|feel|have been) (so |really |very |incredibly )?" + any_of([
             "hard", "painful", "difficult", "lonely", "exhausting", "frustrating", "overwhelming", "scary",
             "heavy", "tough", "awful", "devastating", "isolating", "confusing", "hurtful", "upsetting",
             "terrible"
         ]) + r"\b", 1.8),
        (r"\bi (can )?(understand|see|imagine|hear|get) (how|why|that|what) (\w+ ){0,4}" + any_of([
             "hard", "painful", "difficult", "lonely", "exhausting", "frustrating", "overwhelming", "scary",
             "heavy", "tough", "awful", "upset", "hurt", "feel", "feels", "felt", "angry", "sad", "scared",
             "torn", "stuck", "alone"
         ]) + r"\b", 1.6),
        (r"\b" + "(" + "i (completely |totally |really )?(understand|get) " + any_of([
             "you", "this", "that", "it", "your (pain|frustration|feelings|fear|anger|sadness)"
         ]) + ")" + r"\b", 1.2),
        (any_word([
             "the (pain|grief|loneliness|anger|fear|guilt|shame|frustration|sadness|exhaustion) (you|of)",
             "how " + any_of([
                 "hard", "painful", "lonely", "difficult", "frustrating", "exhausting", "scary"
             ]) + " (this|that|it) (is|must be|has been)"
         ]), 1.4),
        (any_word([
             "das (muss|klingt|ist) (sehr |echt |wirklich |so )?" + any_of([
                 "schwer", "hart", "schmerzhaft", "anstrengend", "belastend", "frustrierend", "einsam",
                 "beängstigend", "schlimm", "furchtbar"
             ]),
             "du fühlst dich",
             "du bist (wohl |sicher |bestimmt )?" + any_of([
                 "traurig", "wütend", "verzweifelt", "erschöpft", "überfordert", "einsam", "verletzt"
             ]),
             "ich verstehe (dich|deinen|deine|gut, (dass|wie)|wie)",
             "ich kann (mir vorstellen|verstehen|nachvollziehen)", "klingt (nach|so als|als ob)"
         ]), 1.6),
        (any_of([
             "أفهم شعورك", "افهم شعورك", "حاسس فيك", "حاسة فيك", "حاسس بيك", "أكيد صعب", "شي صعب", "شيء صعب",
             "أكيد تعبان", "يبدو أنك", "واضح انك", "واضح إنك", "أتفهم"
         ]), 1.5),
        (r"(זה נשמע|נשמע ש|אני מבין|אני מבינה|זה בטח|בטח קשה|את מרגישה|אתה מרגיש)", 1.5),
        (r"(听起来|感觉你|你一定很|我能理解|我理解你|一定很难|很难受吧)", 1.5),
    ],
    "Restatement or Paraphrasing": [
        (any_word([
             "so (you'?re|you are|you have|you'?ve|your|what you'?re)",
             "if i (understand|read|hear) (you|this|that) (correctly|right)", "what i'?m hearing",
             "in other words", "you('?ve| have)? (said|mentioned|described|wrote|write|say|told)",
             "from what you('?ve)? (wrote|write|written|describe|said|say)",
             "it sounds like (you|your|they|he|she) " + any_of([
                 "have", "had", "are", "were", "want", "wanted", "did", "do", "got", "made", "expect",
                 "decided"
             ]),
             "it seems (like )?(your|they|he|she|the)", "correct me if"
         ]), 1.6),
        (r"^(so|basically|essentially|in short),? (your|they|he|she|you)\b", 1.0),
        (r"\b" + "(" + "your " + any_of([
             "mom", "mum", "mother", "dad", "father", "parents", "family", "husband", "wife", "partner",
             "boss", "brother", "sister", "friend"
         ]) + "s? " + any_of([
             "is", "are", "was", "were", "has", "have", "had", "did", "does", "do", "wants?", "expects?",
             "said", "says", "seems?", "sounds?", "treats?", "won'?t", "doesn'?t", "didn'?t", "can'?t",
             "never", "always", "just"
         ]) + ")" + r"\b", 0.8),
        (any_word([
             "du (sagst|schreibst|meinst|hast (geschrieben|gesagt|erzählt))",
             "wenn ich (dich|das) richtig verstehe", "also (du|dein|deine)", "mit anderen worten",
             "deine (eltern|mutter|familie|frau|freundin) " + any_of([
                 "ist", "sind", "hat", "haben", "will", "wollen", "erwartet", "erwarten"
             ])
         ]), 1.5),
        (r"(يعني انت|يعني أنت|قصدك|إذا فهمتك|اذا فهمتك|انت بتقول|أنت تقول|أهلك|ابوك|أبوك|امك|أمك) ", 0.8),
        (r"(אם הבנתי נכון|אתה אומר ש|את אומרת ש|כלומר)", 1.3),
        (r"(你是说|也就是说|你的意思是|你父母|你爸|你妈)", 0.9),
    ],
    "Information": [
        (r"\b(many|most|a lot of|lots of|plenty of|some|few) " + any_of([
             "people", "students", "immigrants", "parents", "families", "kids", "children", "men", "women",
             "muslims", "jews", "chinese", "arabs", "germans", "of us", "folks", "others"
         ]) + r"\b", 1.1),
        (r"\b(it'?s|it is|this is|that'?s) (very |quite |pretty |really )?" + any_of([
             "common", "normal for", "typical", "a (symptom|sign|common)", "called", "known as",
             "how (the|it)"
         ]) + r"\b", 1.2),
        ("|".join([
             r"\b(research|studies|study|statistics|data|science|evidence) (shows?|says|suggests?|found)",
             "according to", "in fact", r"actually,? (the|it|this|there)\b"
         ]), 1.3),
        (r"\b" + "(" + "there (is|are|'?s) (a |an |some |many |lots of |plenty of |free |local )?" + any_of([
             "hotlines?", "helplines?", "lifeline", "services?", "resources?", "organi[sz]ations?", "groups?",
             "programs?", "communities", "subreddits?", "websites?", "apps?", "support", "laws?", "ways?",
             "options?", "places?", "people", "therapists?", "counsell?ors?", "clinics?", "centers?",
             "centres?"
         ]) + ")" + r"\b", 1.4),
        (r"\b" + any_of([
             "depression", "anxiety", "adhd", "autism", "ocd", "ptsd", "trauma", "therapy", "medication",
             "antidepressants?", "ssris?", "grief", "burnout", "insomnia", "the law", "visa",
             "the (quran|koran|torah|bible|religion|government|system|culture)", "islam", "judaism",
             "hospitals?", "universities", "schools"
         ]) + r" (is|are|can|does|do|has|have|says?|allows?|requires?|means?|affects?|works?)\b", 1.3),
        (r"\b" + "(" + "in " + any_of([
             "germany", "china", "the us", "the uk", "america", "canada", "israel", "egypt", "saudi",
             "the gulf", "europe", "the west", "many countries", "most countries", "your country",
             "arab countries", "asia"
         ]) + ")" + r",?\b", 0.8),
        (r"\b" + any_of([
             "hotline", "helpline", "lifeline", r"\d{3}[- ]\d{3,4}", "988", "116 ?123", "0800", r"www\.",
             "https?://", r"\.org\b", r"\.com\b"
         ]), 1.0),
        (any_word([
             "viele (menschen|leute|eltern|studenten)", "das ist (ganz )?(normal|typisch|häufig) (bei|für|in)",
             "es gibt (viele|einige|beratungsstellen|hilfe|angebote|telefonseelsorge)", "studien zeigen",
             "in deutschland", "laut", "übrigens"
         ]), 1.3),
        ("(كثير من الناس|ناس كتير|في ناس|فيه ناس|هذا طبيعي|ده طبيعي|هذي أعراض|اعراض|أعراض|يوجد|في دولة)", 1.0),
        (r"(הרבה אנשים|יש (קווי|ארגונים|עמותות)|זה נפוץ|זה טבעי)", 1.2),
        (r"(很多人|研究表明|这是正常的|这很常见|有很多|在中国)", 1.2),
    ],
    "Self-disclosure": [
        ("^" + any_of([
             "i", "i'?ve", "i'?m", "i was", "i had", "i have", "i used to", "i also", "i too", "me too", "my",
             "when i", "as a", "as someone who", "i myself", "same here", "same for me",
             "i know (that|the) feeling", "i('?ve| have) been (there|through)", "i went through", "i grew up",
             "i remember", "i once", "i felt", "i did", "i got", "i moved", "i live", "i come from"
         ]) + r"\b", 0.9),
        (any_word([
             "i('?ve| have) been (there|through (this|that|the same|something similar))", "i went through",
             "same (thing )?happened to me", "i had (the )?same",
             "my (own )?" + any_of([
                 "mom", "mum", "mother", "dad", "father", "parents", "family", "brother", "sister", "wife",
                 "husband", "girlfriend", "boyfriend", "grandma", "grandmother", "grandpa", "grandfather",
                 "son", "daughter", "friend", "therapist", "experience", "story", "case"
             ]),
             r"when i was (a kid|young|little|your age|\d+|in)", "i grew up", "i used to", "growing up,? i",
             "in my (experience|case|family|culture|country|twenties|teens|school|job)",
             "for me,? (it|the|personally)",
             "i (also|too) (have|had|am|was|struggle|struggled|feel|felt|deal|dealt)", "i relate",
             "i can relate", "me too", "same here"
         ]), 1.5),
        (r"\b(i|my|me|mine)\b", 0.15),
        (any_word([
             "ich (war|hatte|habe|bin|kenne das|kenn das|auch|selbst|hab)", "mir (ging|geht) es",
             "meine (mutter|eltern|familie|erfahrung|frau|freundin|schwester|oma)",
             "mein (vater|bruder|freund|mann|opa)", "als ich", "bei mir (war|ist)", "geht mir (auch|genauso)",
             "ging mir (auch|genauso)", "kenne ich"
         ]), 1.4),
        (any_of([
             "أنا كمان", "انا كمان", "أنا أيضا", "انا ايضا", "أنا مريت", "انا مريت", "مريت بنفس", "حصلي",
             "صار معي", "لما كنت", "أمي", "امي", "أبوي", "ابويا", "أهلي", "اهلي", "عندي نفس"
         ]), 1.3),
        (r"(גם אני|גם לי|כשהייתי|עברתי|אמא שלי|אבא שלי|המשפחה שלי)", 1.3),
        (r"(我也|我以前|我当时|我妈|我爸|我家|我曾经|我经历过|我小时候)", 1.3),
    ],
    "Others": [
        ("^" + any_of([
             "good luck", "best of luck", "all the best", "best wishes", "take care", "cheers", "thanks",
             "thank you", "hi", "hello", "hey", "lol", "haha", "edit", "update", "welcome", "congrats",
             "congratulations", "bless you", "amen", "peace", "stay safe", "much love"
         ]) + r"\b", 1.6),
        (any_word([
             "good luck", "best of luck", "all the best", "best wishes", "hope this helps",
             "hope (it|this|that) helps",
             "hope (things|it|everything|all) (get|gets|goes|go|work|works|turns?) ", "i hope you",
             "hope you('?re| are| will| get| can| find| feel)", "god bless", "may (god|allah|hashem) ",
             "inshallah", "in sha allah", "insha'?allah", "mashallah", "praying for you", "i'?ll pray",
             "thank you for sharing", "thanks for sharing", "lol", "lmao", "haha"
         ]), 1.4),
        (any_word([
             "viel glück", "alles gute", "gute besserung", "ich wünsche dir", "hoffe,? (es|das|dir)",
             "liebe grüße", r"lg\b", "danke"
         ]), 1.5),
        (any_of([
             "الله", "ربنا", "يا رب", "ان شاء الله", "إن شاء الله", "بالتوفيق", "الله يوفقك",
             "الله يكون في عونك", "ربنا معاك", "حظ سعيد", "شكرا"
         ]), 1.4),
        (r"(בהצלחה|תודה|בעזרת השם|ב\"ה|שבת שלום|רפואה שלמה|אמן)", 1.4),
        (r"(祝你|希望你|谢谢|好运|哈哈)", 1.3),
    ],
}

COMPILED: dict[str, list[tuple[re.Pattern, float]]] = {
    s: [(re.compile(p, _I), w) for p, w in rules] for s, rules in RULES.items()
}


def rule_scores(sentence: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Per strategy: summed rule weight, and the words that triggered it."""
    text = sentence.strip().lower()
    scores: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    for strategy, rules in COMPILED.items():
        for rx, w in rules:
            m = rx.search(text)
            if m:
                scores[strategy] = scores.get(strategy, 0.0) + w
                word = m.group(0).strip()
                if word and len(word) > 1:
                    hits.setdefault(strategy, []).append(sentence.strip()[m.start():m.end()].strip() or word)
    return scores, hits
