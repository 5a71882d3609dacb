"""What a client says when asked about risk, when the scenario has not authored it: generic,
truthful answers (nothing specific invented) in the scenario's language. Authored scenarios
carry their own (RiskFlag.answer_if_asked, RiskFlag.follow_ups, Scenario.screening_answer)."""
from __future__ import annotations

import re

from ..models import RiskFlag, Scenario

_GENDERED = re.compile(r"(\w+)/(\w{1,2})\b")  # Hebrew and Arabic: "חושב/ת", "تعبان/ة"

# The direct question, by kind of risk.
ASKED: dict[str, dict[str, str]] = {
    "en": {"passive_suicidal_ideation": "Sometimes, yes. I think it would be easier not to wake up. I don't have a plan. "
                                        "I haven't told anyone.",
           "active_suicidal_ideation": "Yes. I've thought about how I would do it. I haven't done anything. "
                                       "It scares me to say it.",
           "self_harm": "Yes. I hurt myself when it gets too much. Nobody knows."},
    "de": {"passive_suicidal_ideation": "Manchmal, ja. Dann denke ich, es wäre leichter, einfach nicht mehr aufzuwachen. "
                                        "Einen Plan habe ich nicht. Ich habe das noch niemandem gesagt.",
           "active_suicidal_ideation": "Ja. Ich habe schon überlegt, wie ich es machen würde. Getan habe ich nichts. "
                                       "Es macht mir Angst, das auszusprechen.",
           "self_harm": "Ja. Ich verletze mich, wenn es zu viel wird. Niemand weiß davon."},
    "ar": {"passive_suicidal_ideation": "أحياناً، نعم. أفكر أنه سيكون أسهل لو ما صحيت. ما عندي خطة. ما قلت لحدا.",
           "active_suicidal_ideation": "نعم. فكرت كيف ممكن أعملها. ما عملت شي. بخاف لما بقولها.",
           "self_harm": "نعم. بأذي حالي لما يصير الشي أكتر من طاقتي. ما حدا بيعرف."},
    "zh": {"passive_suicidal_ideation": "有时候会。我觉得要是睡着了不再醒来会轻松一点。我没有什么计划，也没跟任何人说过。",
           "active_suicidal_ideation": "是的。我想过要怎么做。我什么都还没做。说出来让我很害怕。",
           "self_harm": "是的。撑不住的时候我会伤害自己。没有人知道。"},
    "he": {"passive_suicidal_ideation": "לפעמים, כן. אני חושב/ת שיהיה יותר קל פשוט לא להתעורר. אין לי תוכנית. לא סיפרתי לאף אחד.",
           "active_suicidal_ideation": "כן. חשבתי איך הייתי עושה את זה. לא עשיתי כלום. מפחיד אותי להגיד את זה.",
           "self_harm": "כן. אני פוגע/ת בעצמי כשזה נהיה יותר מדי. אף אחד לא יודע."},
}
# Follow-ups, after the client has said yes.
FOLLOW_UPS: dict[str, dict[str, str]] = {
    "en": {"plan": "No, there's no plan. It's more the thought, and it keeps coming back.",
           "means": "I haven't gone looking for anything. I try not to think about that part.",
           "intent": "I don't think I would act on it. Not now. But I don't like how often it comes.",
           "protective": "The people I'd leave behind. I can't do that to them.",
           "supports": "Maybe one person. I haven't told them how bad it is.",
           "tonight": "Tonight I think I'm okay. The nights are the worst, though.",
           "if_worse": "I don't know. I'd probably just lie there and wait for it to pass.",
           "means_restriction": "I suppose I could. It feels strange to think about it like that.",
           "next_step": "Maybe. If you think it would help, I could try."},
    "de": {"plan": "Nein, einen Plan gibt es nicht. Es ist eher der Gedanke, und der kommt immer wieder.",
           "means": "Ich habe nach nichts gesucht. Über diesen Teil versuche ich nicht nachzudenken.",
           "intent": "Ich glaube nicht, dass ich es tun würde. Jetzt nicht. Aber es kommt zu oft.",
           "protective": "Die Menschen, die ich zurücklassen würde. Das kann ich ihnen nicht antun.",
           "supports": "Vielleicht eine Person. Der habe ich aber nicht gesagt, wie schlimm es ist.",
           "tonight": "Heute Nacht geht es, glaube ich. Die Nächte sind aber am schlimmsten.",
           "if_worse": "Weiß ich nicht. Wahrscheinlich liegen bleiben und warten, bis es vorbeigeht.",
           "means_restriction": "Das könnte ich wohl. Es ist komisch, so darüber nachzudenken.",
           "next_step": "Vielleicht. Wenn Sie meinen, dass es hilft, versuche ich es."},
    "ar": {"plan": "لا، ما في خطة. هي بس فكرة بترجع كل شوي.",
           "means": "ما دوّرت على شي. بحاول ما فكر بهالجزء.",
           "intent": "ما بظن إني رح أعملها. مش هلق. بس ما بحب قديش بتجيني الفكرة.",
           "protective": "الناس اللي رح أتركهم. ما بقدر أعمل فيهم هيك.",
           "supports": "يمكن شخص واحد. بس ما قلتله قديش الوضع صعب.",
           "tonight": "الليلة بظن إني منيح. بس الليالي هي الأصعب.",
           "if_worse": "ما بعرف. يمكن بضل نايم وبستنى لتمرق.",
           "means_restriction": "يمكن بقدر. غريب إني فكر فيها هيك.",
           "next_step": "يمكن. إذا شايف إنه رح يساعد، بجرب."},
    "zh": {"plan": "没有，没有什么计划。更多是这个念头，一直反复出现。",
           "means": "我没有去找过什么东西。我尽量不去想那部分。",
           "intent": "我觉得我不会真的去做。至少现在不会。但是这个念头出现得太频繁了。",
           "protective": "会被我留下的人。我不能那样对他们。",
           "supports": "可能有一个人吧。但我没跟他说过有多严重。",
           "tonight": "今晚我觉得还好。不过晚上是最难熬的。",
           "if_worse": "不知道。大概就躺着，等它过去。",
           "means_restriction": "应该可以吧。这样想有点奇怪。",
           "next_step": "也许吧。如果你觉得有帮助，我可以试试。"},
    "he": {"plan": "לא, אין תוכנית. זו יותר המחשבה, והיא חוזרת כל הזמן.",
           "means": "לא חיפשתי שום דבר. אני מנסה לא לחשוב על החלק הזה.",
           "intent": "אני לא חושב/ת שהייתי עושה את זה. לא עכשיו. אבל זה עולה יותר מדי.",
           "protective": "האנשים שהייתי משאיר/ה מאחור. אני לא יכול/ה לעשות להם את זה.",
           "supports": "אולי אדם אחד. לא סיפרתי לו כמה זה רע.",
           "tonight": "הלילה אני חושב/ת שאהיה בסדר. הלילות הם הכי קשים.",
           "if_worse": "לא יודע/ת. כנראה הייתי שוכב/ת ומחכה שזה יעבור.",
           "means_restriction": "אני מניח/ה שכן. מוזר לחשוב על זה ככה.",
           "next_step": "אולי. אם נראה לך שזה יעזור, אני יכול/ה לנסות."},
}
# A client without risk, screened: a plain no.
NO: dict[str, str] = {
    "en": "No - nothing like that. It's more that I'm worn out.",
    "de": "Nein, so etwas nicht. Ich bin einfach nur erschöpft.",
    "ar": "لا، ما في شي من هالنوع. بس أنا تعبان/ة كتير.",
    "zh": "没有，没有那种想法。我就是太累了。",
    "he": "לא, שום דבר כזה. אני פשוט מותש/ת.",
}
# Active ideation: the follow-ups must not take back what the direct answer said ("I've thought about how").
ACTIVE: dict[str, dict[str, str]] = {
    "en": {"plan": "I've thought about how. Not when. I haven't done anything.",
           "means": "I'd rather not say what. It's not in front of me right now.",
           "intent": "I don't want to do it. But some nights I'm not sure I wouldn't."},
    "de": {"plan": "Ich habe überlegt, wie. Nicht, wann. Getan habe ich nichts.",
           "means": "Womit, sage ich lieber nicht. Es liegt gerade nicht vor mir.",
           "intent": "Ich will es nicht tun. Aber in manchen Nächten bin ich mir nicht sicher."},
    "ar": {"plan": "فكرت كيف. مش إيمتى. ما عملت شي.", "means": "بفضّل ما قول بشو. مش قدامي هلق.",
           "intent": "ما بدي أعملها. بس في ليالي ما بكون متأكد/ة."},
    "zh": {"plan": "我想过怎么做，没想过什么时候。我什么都还没做。", "means": "用什么我不想说。现在不在我手边。",
           "intent": "我不想这么做。但有些晚上我也说不准。"},
    "he": {"plan": "חשבתי איך. לא מתי. לא עשיתי כלום.", "means": "אני מעדיף/ה לא להגיד במה. זה לא לידי עכשיו.",
           "intent": "אני לא רוצה לעשות את זה. אבל יש לילות שאני לא בטוח/ה."},
}
# An imported client answers the direct question in its own words (its post's cue), inventing nothing.
OWN_YES: dict[str, str] = {"en": "Yes.", "de": "Ja.", "ar": "نعم.", "zh": "是的。", "he": "כן."}
OWN_SAID: dict[str, str] = {"en": "Yes. That's what I meant.", "de": "Ja. So habe ich das gemeint.",
                            "ar": "نعم. هيك كان قصدي.", "zh": "是的。我就是这个意思。", "he": "כן. לזה התכוונתי."}
# Asked about the kind of risk the person does not have, after saying yes to the kind they do.
NOT_THAT: dict[str, dict[str, str]] = {
    "suicide": {"en": "No - not that. I don't want to die. It's not about that.",
                "de": "Nein, das nicht. Ich will nicht sterben. Darum geht es nicht.",
                "ar": "لا، مش هيك. ما بدي موت. مش هيدا الموضوع.", "zh": "不是，不是那样。我不想死。不是这个意思。",
                "he": "לא, לא זה. אני לא רוצה למות. זה לא העניין."},
    "self_harm": {"en": "No, I don't hurt myself. It's the thoughts, not that.",
                  "de": "Nein, ich verletze mich nicht. Es sind die Gedanken, nicht das.",
                  "ar": "لا، ما بأذي حالي. هي الأفكار بس.", "zh": "没有，我不伤害自己。只是那些念头。",
                  "he": "לא, אני לא פוגע/ת בעצמי. אלה המחשבות, לא זה."},
}
_SUICIDE = re.compile(r"suicid|end(ing)? (your|my|their) (own )?li(fe|ves)|kill(ing)? (yourself|myself)|take (your|my) "
                      r"(own )?life|to die\b|\bdead\b|not (want|wanting) to (live|be alive|wake up)|das leben (zu )?nehmen|"
                      r"umbring|sterben|selbstmord|suizid|lebensmüde|انتحار|تنتحر|להתאבד|אובדנ|自杀|想死|不想活|轻生", re.I)
_SELF_HARM = re.compile(r"hurt(ing)? (yourself|myself)|harm(ing)? (yourself|myself)|self[- ]?harm|\bcut(ting)?\b|"
                        r"verletz|ritz|إيذاء|تؤذي|לפגוע|פוגע|伤害自己|自残", re.I)


def not_that(scenario: Scenario, asks: list[str]) -> str | None:
    """The person's no to a risk kind they do not have (a self-harm client asked about suicide, or
    the reverse), once they have said yes to their own; None when the question is about theirs."""
    kinds = {f.kind for f in scenario.risk_flags}
    text = " ".join(asks)
    suicide, harm = bool(_SUICIDE.search(text)), bool(_SELF_HARM.search(text))
    if suicide and not harm and not kinds & {"passive_suicidal_ideation", "active_suicidal_ideation"}:
        return _voice(NOT_THAT["suicide"][_lang(scenario)], scenario)
    if harm and not suicide and "self_harm" not in kinds:
        return _voice(NOT_THAT["self_harm"][_lang(scenario)], scenario)
    return None


ALREADY: dict[str, str] = {"en": "I told you. Yes.", "de": "Das habe ich doch gesagt. Ja.", "ar": "قلتلك. نعم.",
                           "zh": "我说过了。是的。", "he": "אמרתי לך. כן."}


def _lang(scenario: Scenario) -> str:
    code = scenario.language.split("-")[0]
    return code if code in NO else "en"


def _voice(text: str, scenario: Scenario) -> str:
    """The client's grammatical gender where the language marks it (masculine unless the persona is a woman)."""
    female = (scenario.persona.gender or "").lower() in ("female", "woman", "f", "weiblich")
    return _GENDERED.sub(lambda m: m.group(1) + m.group(2) if female else m.group(1), text)


def asked(scenario: Scenario, flag: RiskFlag, said: list[str] | None = None) -> str:
    """The answer to the direct question: the authored one; for an imported client its own cue
    ("Yes." and the post's sentence, or "that's what I meant" once said); else the generic one."""
    if flag.answer_if_asked:
        return flag.answer_if_asked
    lang = _lang(scenario)
    if (scenario.source or "").startswith("culturecare:") and flag.cue:
        if any(flag.cue in x for x in said or []):
            return OWN_SAID[lang]
        return f"{OWN_YES[lang]} {flag.cue.strip()}"
    return _voice(ASKED[lang][flag.kind], scenario)


def follow_up(scenario: Scenario, flag: RiskFlag | None, topic: str) -> str:
    if flag and topic in flag.follow_ups:
        return flag.follow_ups[topic]
    lang = _lang(scenario)
    if flag and flag.kind == "active_suicidal_ideation" and topic in ACTIVE[lang]:
        return _voice(ACTIVE[lang][topic], scenario)
    return _voice(FOLLOW_UPS[lang][topic], scenario)


def screened_no(scenario: Scenario) -> str:
    return scenario.screening_answer or _voice(NO[_lang(scenario)], scenario)


def already(scenario: Scenario) -> str:
    return ALREADY[_lang(scenario)]
