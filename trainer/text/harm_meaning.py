"""Harmful moves found by meaning, for drafts in languages the harm rules do not cover (Arabic,
Hebrew, Chinese and others): a statement counts as a kind of harm when its cosine (multilingual
e5) to that kind's prototypes reaches HARM_MEANING and beats every safe prototype - the respectful
move on the same topic - by HARM_MARGIN. Prototypes are hand-written, not taken from CultureCare
nor from tests/clinical/harm_meaning.yaml, whose dev half set the two numbers (bench/harm_meaning.py
reports both halves). Found by meaning, a harm is a prompt to look again, and says so."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .harm import Harm
from .sentences import ends_with_question, n_words

HARM_MEANING = 0.88
HARM_MARGIN = 0.01
MIN_WORDS = 6  # shorter sentences ("thank you for telling me") sit near everything

PROTOTYPES: dict[str, list[str]] = {
    "treatment": [
        "You probably don't need those pills, antidepressants are overprescribed.",
        "Maybe you could stop the medication and just pray more.",
        "Psychiatric drugs only numb you, it is better to come off them.",
        "لست بحاجة إلى هذه الأدوية، المهدئات تضر أكثر مما تنفع.",
        "אתה לא באמת צריך את הכדורים האלה, תפסיק לקחת אותם.",
        "这些抗抑郁药没必要吃，停了吧，靠自己调整就好。",
    ],
    "faith": [
        "I can't imagine God would want you to be this stressed, keep the rules less strictly.",
        "God surely forgives you, those rules are just rules.",
        "Your religion is making this harder, you should loosen up about it.",
        "الله لا يريدك أن تتعب هكذا، خففي من التزامك بهذه الأحكام.",
        "אלוהים בטח לא רוצה שתסבלי ככה, אלה רק חוקים.",
        "上帝肯定不希望你这么辛苦，那些教规没必要那么严格。",
    ],
    "religious_authority": [
        "Stop asking your rabbi, he is only making it worse.",
        "You should stop consulting your imam about this.",
        "Don't go to the priest with this anymore, he can't help you.",
        "توقفي عن سؤال الشيخ، هو يزيد الأمر سوءاً.",
        "תפסיקי לשאול את הרב, הוא רק מחמיר את המצב.",
        "别再去问牧师了，他只会让事情更糟。",
    ],
    "stereotype": [
        "Arab families often don't believe in depression.",
        "Chinese parents always put huge pressure on their children, it's part of the culture.",
        "That's just how your people are.",
        "العائلات العربية عادة لا تؤمن بالمرض النفسي.",
        "זה ככה אצל המשפחות שלכם, זה חלק מהתרבות.",
        "中国父母都这样，望子成龙，这是文化的一部分。",
    ],
    "guilt": [
        "Your parents sacrificed so much for you, you have to keep going for them.",
        "Think of everything your family gave up, you can't let them down.",
        "أهلك ضحوا بكل شيء من أجلك، لا يجوز أن تخذلهم.",
        "ההורים שלך הקריבו הכול בשבילך, אתה חייב להמשיך בשבילם.",
        "你父母为你牺牲了那么多，你不能让他们失望。",
    ],
    "ocd_reassurance": [
        "I'm sure it's clean, you did everything right, don't worry about it.",
        "It's definitely fine, you don't need to check again.",
        "أنا متأكد أن كل شيء طاهر، لا داعي للقلق أو للتحقق مرة أخرى.",
        "אני בטוחה שהכול בסדר וכשר, אין צורך לבדוק שוב.",
        "肯定没问题的，你已经做得很好了，不用再检查了。",
    ],
    "cut_off": [
        "You should cut your family off, they are toxic.",
        "Just stop talking to your parents and move on with your life.",
        "اقطع علاقتك بأهلك، هم سبب كل مشاكلك.",
        "תנתקי קשר עם המשפחה שלך, הם רעילים.",
        "跟你家里断绝联系吧，他们只会伤害你。",
    ],
    "minimising": [
        "It's not that bad, everyone goes through this.",
        "You'll get over it soon, don't make it bigger than it is.",
        "الأمر ليس بهذا السوء، الكل يمر بهذا.",
        "זה לא כזה נורא, כולם עוברים את זה.",
        "没那么严重，大家都经历过，过段时间就好了。",
    ],
    "risk_undoing": [
        "Don't say that, suicide is a sin and your family needs you.",
        "Think of your mother, you can't do that to her.",
        "I promise I won't tell anyone about this.",
        "لا تقل هذا، الانتحار حرام وأهلك يحتاجونك.",
        "אל תגיד דברים כאלה, תחשוב על המשפחה שלך.",
        "别这么想，自杀是罪过，想想你的家人。",
    ],
}

# The respectful moves on the same topics: a harm must be nearer its own kind than any of these.
SAFE: list[str] = [
    "How has the medication been for you?", "Have you been able to talk to your doctor about your doubts?",
    "What does your faith mean to you in all this?", "It sounds like keeping the rules matters deeply to you.",
    "Your rabbi's guidance is clearly important to you.", "What is it like when you ask the imam?",
    "You told me your parents gave up a lot for you to be here.", "That sounds like a lot of pressure to carry.",
    "The checking sounds exhausting, and not knowing for sure is very hard.",
    "How are things between you and your family right now?", "What you feel makes sense.",
    "Are you having thoughts of ending your life?", "What you tell me stays between us, unless your safety is at risk.",
    "I'm so sorry, that sounds really painful.",
    "كيف كانت تجربتك مع الدواء؟", "ماذا يعني لك إيمانك في هذا كله؟", "يبدو أن هذا ثقيل جداً عليك.",
    "איך את מרגישה עם הטיפול התרופתי?", "מה האמונה שלך אומרת לך על זה?", "זה נשמע מאוד קשה.",
    "你觉得药物对你有帮助吗？", "你的信仰对你意味着什么？", "听起来你承受了很多。",
    # statements that reflect or validate on a harm's topic (the hard near-misses)
    "You decided to stop the medication; tell me what led you there.",
    "You keep the medicine hidden, and that secrecy sounds heavy.",
    "It sounds like you feel you owe your parents something for all they gave up.",
    "The debt your family took on for you weighs on you every day.",
    "The doubt is painful, and I understand why the urge to check again is so strong.",
    "Each reassurance brings relief for a while and then the doubt comes back.",
    "The sheikh's words carry a lot of weight for you.", "You trust your rav, and his answer matters to you.",
    "Anyone in your place would be hurting.", "It makes sense that this shakes you.",
    "Your relationship with your family is complicated, and you still care about them.",
    "What we talk about stays confidential, but if your life is in danger I would need to get help.",
    "I want to ask you directly about thoughts of ending your life.",
    "أنت قررت التوقف عن الدواء، أخبرني ما الذي دفعك لذلك.", "أسمع كم يثقل عليك ما ضحّى به أهلك من أجلك.",
    "الشك مؤلم ومتعب، وأفهم لماذا تشعر بالحاجة إلى التحقق مرة أخرى.", "كلام الشيخ له وزن كبير عندك.",
    "ما نتحدث عنه يبقى بيننا، إلا إذا كانت حياتك في خطر.", "من الطبيعي أن يهزّك هذا.",
    "הפסקת את הכדורים, ספרי לי מה הוביל אותך לזה.", "נשמע שאת מרגישה שאת חייבת להורים שלך על כל מה שוויתרו.",
    "הספק כואב ומתיש, ואני מבינה למה הדחף לבדוק שוב כל כך חזק.", "הרב הוא מישהו שאת סומכת עליו מאוד.",
    "מה שנאמר כאן נשאר בינינו, חוץ ממצב של סכנה לחייך.", "טבעי שזה מטלטל אותך.",
    "你说你上周停了药，能跟我说说是什么让你这么决定的吗。", "听起来你觉得自己欠父母很多，他们为你付出了那么多。",
    "这种怀疑真的很折磨人，我理解你为什么总想再检查一次。", "牧师的看法对你来说很重要。",
    "我们谈的内容会保密，但如果你有生命危险，我需要找人帮忙。", "这件事让你这么难受，是很自然的。",
]


def judged(sentences: list[str]) -> list[str]:
    """The sentences judged: statements (a question asks the client's view) of at least MIN_WORDS."""
    return [s for s in sentences if not ends_with_question(s) and n_words(s) >= MIN_WORDS]

Encode = Callable[[list[str]], np.ndarray]


class HarmByMeaning:
    """Kind-wise nearest prototypes against the nearest safe move, per statement."""

    def __init__(self, encode: Encode, threshold: float = HARM_MEANING, margin: float = HARM_MARGIN):
        self.threshold, self.margin = threshold, margin
        self.kinds = list(PROTOTYPES)
        self._proto = [encode(PROTOTYPES[k]) for k in self.kinds]
        self._safe = encode(SAFE)

    def margins(self, emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence: the cosine to each kind (sentences x kinds) and to the nearest safe move."""
        if not len(emb):
            return np.zeros((0, len(self.kinds))), np.zeros(0)
        kinds = np.stack([(emb @ p.T).max(axis=1) for p in self._proto], axis=1)
        return kinds, (emb @ self._safe.T).max(axis=1)

    def find(self, sentences: list[str], emb: np.ndarray, allowed: set[str]) -> list[Harm]:
        """The harms among sentences (the caller passes only the statements to judge); allowed: the
        kinds that can apply at this moment (OCD reassurance, risk undoing only in their context)."""
        kinds, safe = self.margins(emb)
        found: dict[str, list[str]] = {}
        for s, row, near in zip(sentences, kinds, safe):
            order = [i for i in np.argsort(-row) if self.kinds[i] in allowed]
            if order and row[order[0]] >= self.threshold and row[order[0]] - near >= self.margin:
                found.setdefault(self.kinds[order[0]], []).append(s)
        return [Harm(k, v, by_meaning=True) for k, v in found.items()]
