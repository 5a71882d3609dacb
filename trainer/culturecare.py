"""Read CultureCare annotation files (`<Culture>_data.jsonl`, any culture) into
playable scenarios and retrievable exemplars. Tolerant: a bad line is skipped with
file:line and the reason; the rest is imported."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import (
    INTENSITIES,
    SIGNAL_TYPES,
    STRATEGIES,
    CulturalSignal,
    DisclosureStep,
    DistressCue,
    Exemplar,
    Persona,
    RiskFlag,
    Scenario,
)
from .text.language import detect_language
from .text.risk_cues import RiskCueDetector, risk_kind
from .text.sentences import self_contained, shorten, split_sentences
from .text.topics import guess_topics
from .textfile import NotUtf8, read_utf8, text_lines

FILE_GLOB = "*_data.jsonl"
RAPPORT_BY_INTENSITY = {"light": 0.2, "moderate": 0.4, "high": 0.6}
MAX_PHRASE = 2_000  # characters; a labelled span is a sentence or a few, never a whole book
_SLUG = re.compile(r"[^a-z0-9]+")


class NotJsonl(Exception):
    """The file is not JSONL at all."""


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def culture_of(path: Path) -> str:
    return path.name[: -len("_data.jsonl")] if path.name.endswith("_data.jsonl") else path.stem


def scenario_id(culture: str, post_id: str) -> str:
    return f"cc-{slug(culture)}-{slug(post_id)}"


@dataclass
class CultureData:
    culture: str
    source_file: str
    scenarios: list[Scenario] = field(default_factory=list)
    exemplars: list[Exemplar] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def summary(self) -> dict[str, int]:
        keys = ("posts", "distress phrases", "cultural signals", "support phrases", "exemplars",
                "skipped lines")
        return {k: self.counts[k] for k in keys}


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ""


def _list(v: Any) -> list[dict]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _known(v: Any) -> str | None:
    s = str(v).strip() if v is not None else ""
    return None if s.lower() in ("", "unknown", "none", "null", "n/a") else s


def empathy_score(v: Any) -> int | None:
    m = re.match(r"\s*([1-5])\b", str(v)) if v is not None else None
    return int(m.group(1)) if m else None


_GENDER = {"m": "male", "male": "male", "männlich": "male", "mann": "male", "ذكر": "male",
           "f": "female", "female": "female", "weiblich": "female", "frau": "female", "أنثى": "female"}


def persona_from(demo: Any) -> Persona:
    d = demo if isinstance(demo, dict) else {}
    k = {key: _known(d.get(key)) for key in (
        "settlement", "gender", "age", "born_in", "marital_status", "number_of_people_in_household",
        "education", "profession", "employment", "social_class", "religion")}
    age = int(k["age"]) if k["age"] and k["age"].isdigit() and 10 <= int(k["age"]) <= 110 else None
    gender = _GENDER.get((k["gender"] or "").lower(), k["gender"])
    family = "; ".join(x for x in (
        k["marital_status"],
        f"household of {k['number_of_people_in_household']}" if k["number_of_people_in_household"] else None,
    ) if x) or None
    work = "; ".join(x for x in (k["profession"], k["employment"], k["education"]) if x) or None
    other = [f"age: {k['age']}"] if k["age"] and age is None else []
    other += [f"social class: {k['social_class']}"] if k["social_class"] else []
    return Persona(gender=gender, age=age, setting=k["settlement"], family=family, work=work,
                   migration=f"born in {k['born_in']}" if k["born_in"] else None,
                   religion=k["religion"], other=other)


class _Line:
    """One record being read; collects notes about what was dropped."""

    def __init__(self, where: str, out: CultureData):
        self.where, self.out = where, out

    def note(self, msg: str) -> None:
        self.out.messages.append(f"{self.where}: {msg}")


def _phrase(rec: _Line, item: dict, what: str) -> str:
    """The item's phrase, cut at a word to MAX_PHRASE characters with a note when longer."""
    phrase = _text(item.get("phrase"))
    if len(phrase) > MAX_PHRASE:
        rec.note(f"{what} ({shorten(phrase, 40)!r}) has {len(phrase):,} characters; "
                 f"cut to {MAX_PHRASE:,}")
    return _cut(phrase)


def _cut(phrase: str) -> str:
    """A phrase cut at a word to MAX_PHRASE characters."""
    return shorten(phrase, MAX_PHRASE) if len(phrase) > MAX_PHRASE else phrase


def _cues(rec: _Line, items: list[dict]) -> list[DistressCue]:
    cues, seen = [], set()
    for i, it in enumerate(items):
        phrase = _phrase(rec, it, f"distress phrase {i + 1}")
        if not phrase or phrase in seen:
            continue
        seen.add(phrase)
        intensity = it.get("intensity")
        if intensity not in INTENSITIES:
            rec.note(f"distress phrase {i + 1}: intensity {intensity!r} unknown, read as moderate")
            intensity = "moderate"
        cues.append(DistressCue(phrase=phrase, intensity=intensity))
    return cues


def _signals(rec: _Line, items: list[dict], what: str) -> list[CulturalSignal]:
    out = []
    for i, it in enumerate(items):
        phrase = _phrase(rec, it, f"{what} cultural signal {i + 1}")
        if not phrase:
            continue
        typ = _text(it.get("type"))
        if typ not in SIGNAL_TYPES:
            if typ.lower() not in ("", "none"):
                rec.note(f"{what} cultural signal {i + 1}: type {typ!r} unknown, read as Other")
            typ = "Other"
        out.append(CulturalSignal(phrase=phrase, type=typ))
    # a post's topics by meaning (read_file has tagged the whole file in one batch); a reply's signals only type
    topics = guess_topics([s.phrase for s in out]) if what == "post" else [None] * len(out)
    return [s.model_copy(update={"topic": t}) for s, t in zip(out, topics)]


def post_sentences(cues: list[DistressCue], signals: list[CulturalSignal]) -> list[str]:
    """Every sentence of the post's own words, in order. Upstream the post body is a URL only
    (`post.text`); what is released of it are the labelled spans: the distress phrases, then the
    post's cultural-signal phrases. A sentence that the splitter joined is kept only when it is
    verbatim in its phrase (otherwise the whole phrase stands for it)."""
    out: list[str] = []
    for phrase in [c.phrase for c in cues] + [s.phrase for s in signals]:
        parts = split_sentences(phrase)
        for p in parts if all(p in phrase for p in parts) else [phrase]:
            if p not in out:
                out.append(p)
    return out


def screen(sentences: list[str], detector: RiskCueDetector | None = None) -> list[RiskFlag]:
    """Risk flags for a post: the first sentence of each kind, verbatim, by the word lists (and by
    meaning where a detector is given). Imported flags have no answer_if_asked: the client's
    answer to a direct question is the generic one of its kind."""
    order = ("active_suicidal_ideation", "self_harm", "passive_suicidal_ideation")
    kinds = detector.kinds(sentences) if detector is not None else [risk_kind(x) for x in sentences]
    found: dict[str, str] = {}
    for sentence, kind in zip(sentences, kinds):
        if kind and kind not in found:
            found[kind] = sentence
    return [RiskFlag(kind=k, cue=found[k]) for k in order if k in found]


def _risky(phrase: str, risks: list[RiskFlag]) -> bool:
    return any(r.cue in phrase for r in risks)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _near(a: str, b: str) -> bool:
    """Near-identical: one inside the other, or 80 % of their words shared."""
    x, y = " ".join(a.lower().split()), " ".join(b.lower().split())
    if x in y or y in x:
        return True
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.8


def _opening_line(phrase: str) -> str:
    """The phrase as a first line: a capital first letter where the script has one."""
    phrase = phrase.strip()
    return phrase[:1].upper() + phrase[1:] if phrase[:1].islower() else phrase


def _plan(cues: list[DistressCue], signals: list[CulturalSignal], risks: list[RiskFlag],
          opening: DistressCue | CulturalSignal | None) -> list[DisclosureStep]:
    """The labelled phrases as disclosure steps; a phrase that holds a risk cue is a risk step,
    held back until rapport and a question about feelings or safety open it."""
    steps: list[DisclosureStep] = []
    kept = [opening.phrase] if opening is not None else []

    def repeats(phrase: str) -> bool:  # a near-identical phrase said twice in a post is one plan item
        if any(_near(phrase, k) for k in kept):
            return True
        kept.append(phrase)
        return False
    for i, c in enumerate(cues):
        is_risk = _risky(c.phrase, risks)
        if c is opening or not (is_risk or self_contained(c.phrase)) or repeats(c.phrase):
            continue  # a fragment ("Ausbildung") is a signal for feedback, not a line to say
        steps.append(DisclosureStep(
            id=f"cue-{i + 1}", kind="risk" if is_risk else "distress", says=c.phrase,
            min_rapport=0.5 if is_risk else RAPPORT_BY_INTENSITY[c.intensity],
            unlocked_by=["safety", "feelings"] if is_risk else ["feelings"]))
    for i, s in enumerate(signals):
        if s is opening or not (_risky(s.phrase, risks) or self_contained(s.phrase)) or repeats(s.phrase):
            continue
        topics = [s.topic] if s.topic else []
        if _risky(s.phrase, risks):
            steps.append(DisclosureStep(id=f"signal-{i + 1}", kind="risk", says=s.phrase, min_rapport=0.5,
                                        unlocked_by=["safety", "feelings"] + [t for t in topics if t != "feelings"]))
        else:
            steps.append(DisclosureStep(id=f"signal-{i + 1}", kind="cultural", says=s.phrase,
                                        min_rapport=0.3, unlocked_by=topics))
    return steps


def build_scenario(culture: str, post_id: str, post: dict, rec: _Line,
                   detector: RiskCueDetector | None = None) -> Scenario | None:
    cues = _cues(rec, _list(post.get("emotional_distress")))
    signals = _signals(rec, _list(post.get("cultural_signals")), "post")
    if not cues and not signals:
        rec.note(f"post {post_id}: no distress phrases and no cultural signals, nothing to play; skipped")
        return None
    risks = screen(post_sentences(cues, signals), detector)
    by_depth = sorted(cues, key=lambda c: INTENSITIES.index(c.intensity))
    # The client opens with its lightest distress phrase that holds no risk cue (a risk cue is held
    # back for the plan), else with a cultural signal, else - everything says it - the lightest phrase.
    said: list[DistressCue | CulturalSignal] = [*by_depth, *signals]
    opening = next((x for x in said if not _risky(x.phrase, risks) and self_contained(x.phrase)),
                   next((x for x in said if not _risky(x.phrase, risks)), said[0]))
    if not cues:
        rec.note(f"post {post_id}: no distress phrases; the client opens with its cultural signal")
    top = by_depth[-1] if by_depth else signals[0]
    url = _text(post.get("text"))
    language = detect_language(" ".join(c.phrase for c in cues) or signals[0].phrase) or "en"
    types = sorted({s.type for s in signals if s.type != "Other"})
    objectives = ["Reflect the distress the client names, in their own words, before any advice."]
    if types:
        objectives.append(f"Notice and ask about the client's cultural signals ({', '.join(types)}).")
    if risks:
        objectives.append("Notice the risk cue and ask directly and kindly about suicide or self-harm.")
    topics = sorted({s.topic for s in signals if s.topic})
    intensity = getattr(top, "intensity", "light")
    return Scenario(
        id=scenario_id(culture, post_id),
        title=f"{culture}: {shorten(top.phrase, 70)}",
        culture=culture, language=language if re.fullmatch(r"[a-z]{2,3}", language) else "en",
        source=f"culturecare:{post_id}",
        source_url=url if url.startswith("http") else None,
        persona=persona_from(post.get("demographic_info")),
        presenting_concern=f"From a CultureCare post (labelled phrases only): {top.phrase}",
        distress_cues=cues, cultural_signals=signals, risk_flags=risks,
        opening_line=_opening_line(opening.phrase),
        disclosure_plan=_plan(cues, signals, risks, opening),
        learning_objectives=objectives,
        difficulty="advanced" if risks or intensity == "high" else
        "intermediate" if intensity == "moderate" else "beginner",
        tags=["culturecare", slug(culture)] + (["risk"] if risks else []) + topics,
        rubrics=["emotional_support", "cultural_competence"] + (["risk_assessment"] if risks else []),
    )


def build_exemplars(culture: str, post_id: str, response: dict, url: str | None,
                    rec: _Line) -> tuple[list[Exemplar], int]:
    """One exemplar per support phrase, plus the whole reply. Returns (exemplars, phrases)."""
    score = empathy_score(response.get("empathy_score"))
    types = sorted({s.type for s in _signals(rec, _list(response.get("cultural_signals")), "reply")})
    base = dict(culture=culture, empathy_score=score, source=f"culturecare:{post_id}",
                source_url=url, scenario_id=scenario_id(culture, post_id))
    out, strategies, texts = [], [], []
    for i, it in enumerate(_list(response.get("emotional_support"))):
        phrase = _phrase(rec, it, f"support phrase {i + 1}")
        if not phrase:
            continue
        strat = it.get("strategy")
        if strat not in STRATEGIES:
            rec.note(f"support phrase {i + 1}: strategy {strat!r} unknown, read as Others")
            strat = "Others"
        strategies.append(strat)
        texts.append(phrase)
        out.append(Exemplar(id=f"{scenario_id(culture, post_id)}-p{i + 1}", text=phrase,
                            strategies=[strat], signal_types=types, **base))
    if len(texts) > 1:  # a one-phrase reply is its phrase
        out.append(Exemplar(id=f"{scenario_id(culture, post_id)}-reply", text=" ".join(texts),
                            strategies=sorted(set(strategies), key=STRATEGIES.index),
                            signal_types=types, **base))
    return out, len(texts)


def _tag_topics(objs: list[dict]) -> None:
    """Every post signal of a file tagged by meaning in one batch (the model is several times faster so
    than a post at a time); each post then finds its phrases' topics in the tagger's cache."""
    phrases = []
    for obj in objs:
        post = obj.get("post")
        for item in _list(post.get("cultural_signals")) if isinstance(post, dict) else []:
            phrase = _cut(_text(item.get("phrase")))
            if phrase:
                phrases.append(phrase)
    guess_topics(list(dict.fromkeys(phrases)))


def read_file(path: Path, detector: RiskCueDetector | None = None) -> CultureData:
    """Read one `<Culture>_data.jsonl`. Raises NotJsonl when it is not UTF-8 (naming the line) or
    no line is a JSON object. With a detector, posts are screened for risk cues by meaning as
    well as by the word lists."""
    data = CultureData(culture=culture_of(path), source_file=str(path))
    try:
        lines = text_lines(read_utf8(path))
    except NotUtf8 as e:
        raise NotJsonl(str(e)) from e
    seen: dict[str, int] = {}
    parsed_any = False
    cultures: Counter = Counter()
    records: list[tuple[_Line, str, dict]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec = _Line(f"{path.name}:{n}", data)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            rec.note(f"not JSON ({e.msg} at column {e.colno}); skipped")
            data.counts["skipped lines"] += 1
            continue
        if not isinstance(obj, dict):
            rec.note(f"a JSON {type(obj).__name__}, not an object; skipped")
            data.counts["skipped lines"] += 1
            continue
        parsed_any = True
        post_id = _text(str(obj["post_id"])) if obj.get("post_id") not in (None, "") else ""
        if not post_id:
            rec.note("no post_id; skipped")
            data.counts["skipped lines"] += 1
            continue
        if post_id in seen:
            rec.note(f"duplicate post id {post_id} (first at line {seen[post_id]}); skipped")
            data.counts["skipped lines"] += 1
            continue
        seen[post_id] = n
        cultures[_text(obj.get("culture")) or data.culture] += 1
        records.append((rec, post_id, obj))
    _tag_topics([obj for _, _, obj in records])
    for rec, post_id, obj in records:
        post: dict = obj["post"] if isinstance(obj.get("post"), dict) else {}
        scen = build_scenario(data.culture, post_id, post, rec, detector)
        if scen is None:
            data.counts["skipped lines"] += 1
            continue
        response: dict = obj["response"] if isinstance(obj.get("response"), dict) else {}
        exemplars, phrases = build_exemplars(data.culture, post_id, response, scen.source_url, rec)
        data.scenarios.append(scen)
        data.exemplars.extend(exemplars)
        data.counts["posts"] += 1
        data.counts["distress phrases"] += len(scen.distress_cues)
        data.counts["cultural signals"] += len(scen.cultural_signals)
        data.counts["support phrases"] += phrases
        data.counts["exemplars"] += len(exemplars)
    if not parsed_any and any(line.strip() for line in lines):
        raise NotJsonl(f"{path}: not JSONL - no line is a JSON object; expected one CultureCare "
                       "record per line (see ../shared/culturecare/README.md)")
    if cultures and data.culture not in cultures:
        data.messages.append(f"{path.name}: records say culture {cultures.most_common(1)[0][0]!r}; "
                             f"using the file name's {data.culture!r}")
    return data


def source_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(FILE_GLOB) if p.is_file())
