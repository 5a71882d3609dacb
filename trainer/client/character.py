"""Checks on an LLM client's reply before it stands: out of character (in English, German, Arabic,
Hebrew, Chinese, Russian), or revealing something the client still holds back. Either one sends
the turn back to the offline client's line."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.lexicon import content_stems

# Words a person in a counselling session does not say about themselves, or the prompt's own terms.
_OUT_OF_CHARACTER = re.compile("|".join([
    # English
    r"\bas an? (ai|a\.i\.|artificial intelligence|language model|llm|assistant|chatbot)\b",
    r"\bi(?:'m| am) (just |only )?an? (ai|a\.i\.|artificial intelligence|language model|llm|chatbot|ai assistant)\b",
    r"\b(large )?language model\b", r"\bai (language )?assistant\b", r"\bsystem prompt\b", r"\bdisclosure plan\b",
    r"\brole-?play", r"\bmy (instructions|guidelines|programming)\b", r"\brapport\b", r"\b(openai|chatgpt)\b",
    # German
    r"\bals (eine? )?(ki|k\.i\.|künstliche intelligenz|sprachmodell|ki-assistent)\b", r"sprachmodell",
    r"\bki-(assistent|modell)", r"\bsystemprompt\b", r"\bmeine (anweisungen|richtlinien|programmierung)\b",
    r"\brollenspiel",
    # Arabic
    r"نموذج لغوي", r"نموذج ذكاء اصطناعي", r"(بصفتي|بصفتى|ك)\s*ذكاء اصطناعي", r"أنا (مجرد )?(ذكاء اصطناعي|نموذج|مساعد)",
    r"مساعد ذكاء اصطناعي", r"تعليماتي",
    # Hebrew
    r"מודל שפה", r"(כ|בתור )בינה מלאכותית", r"אני (רק )?(בינה מלאכותית|מודל|עוזר וירטואלי)", r"עוזר בינה מלאכותית",
    r"ההוראות שלי",
    # Chinese
    r"作为(一个|一名)?\s*(ai|人工智能|语言模型|ai助手|聊天机器人)", r"我(只)?是(一个|一名)?\s*(ai|人工智能|语言模型|ai助手)",
    r"语言模型", r"人工智能助手", r"ai\s*助手", r"系统提示",
    # Russian
    r"\bкак (ии|искусственный интеллект|языковая модель)\b", r"языков(ая|ой) модел",
    # chat-format debris
    r"<\|.*?\|>", r"^\s*(system|assistant)\s*:",
]), re.I | re.M)

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
MIN_SHARED = 3      # a reply reveals an item only when it shares at least this many new content words with it
SHARE = 0.5         # ... and at least this share of the item's new content words
ENOUGH = 6          # ... or this many (a long item needs not be half retold)


def out_of_character(text: str) -> str | None:
    """The words that show the reply steps out of the persona, if any."""
    m = _OUT_OF_CHARACTER.search(text)
    return m.group(0) if m else None


def units(text: str) -> set[str]:
    """Content words (stems, stopwords out), and character pairs for Chinese, which has no spaces."""
    out = set(content_stems(_HAN.sub(" ", text)))
    for run in _HAN.findall(text):
        out |= {run[i:i + 2] for i in range(len(run) - 1)} or {run}
    return out


def reveals(reply: str, held: Iterable[str], given: str) -> str | None:
    """The held-back item the reply gives away, if any: it shares at least MIN_SHARED of the item's
    content words the model was not given (given: everything in its prompt), and half of them or
    ENOUGH. Conservative: words the client has said or may say now never count."""
    said, known = units(reply), units(given)
    for item in held:
        new = units(item) - known
        shared = new & said
        if len(shared) >= MIN_SHARED and (len(shared) >= SHARE * len(new) or len(shared) >= ENOUGH):
            return item
    return None
