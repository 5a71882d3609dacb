"""How many imported CultureCare posts carry a risk flag, before and after the re-screen. Run by hand:
    .venv/bin/python bench/risk_screen.py [DIR] [--detector]
DIR defaults to ../shared/culturecare. "Before" is the old import: the old word lists (kept below,
as they were in trainer/text/risk_cues.py before the re-screen) over the labelled distress phrases
only. "After" is trainer.culturecare.read_file: the current word lists over every sentence of the
post's own words (distress phrases and the post's cultural-signal phrases). Prints the counts per
culture, then every newly flagged post (id, kind, cue) for clinician review, every post that lost a
flag, and posts whose kinds changed. --detector also runs the meaning-based RiskCueDetector
(multilingual-e5) and lists what it adds on top of the word lists; it is not part of the import."""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's trainer, not another installed copy

from trainer.culturecare import read_file, source_files  # noqa: E402
from trainer.text.patterns import any_of, any_word  # noqa: E402
from trainer.text.sentences import shorten  # noqa: E402

# The old rules, verbatim (trainer/text/risk_cues.py at d25f760).
_OLD_CUES: list[tuple[str, str]] = [
    ("self_harm", "|".join([
                      any_word([
                          r"self[- ]?harm\w*", "cut(ting)? (myself|my (arms?|wrists?|legs?))",
                          "hurt(ing)? myself", "burn(ing)? myself", "ritzen", "ritze mich",
                          r"selbstverletz\w*"
                      ]),
                      "أؤذي نفسي", "جرح نفسي", "פוגע(ת)? בעצמי", "自残", "割腕"
                  ])),
    ("active_suicidal_ideation",
     "|".join([
         any_word([
             "kill(ing)? myself", r"suicid\w*", "end(ing)? my (own )?life", "take my (own )?life",
             "plan(ned|ning)? to die", "overdose", "jump(ing)? off", "hang(ing)? myself", "(mich )?umbringen",
             r"selbstmord\w*", r"suizid\w*", "mir das leben nehmen"
         ]),
         "انتحار", "أنتحر", "انتحر", "أقتل نفسي", r"התאבד\w*", "להתאבד", "自杀", "轻生", "结束(我的)?生命"
     ])),
    ("passive_suicidal_ideation",
     "|".join([
         any_word([
             "want(ed)? to die", "wish(ed)? (i was|i were|to be) dead", "better off dead",
             "(don'?t|do not) want to (live|be alive|exist|be here)", "no reason to live", "not wake up",
             "never wake up", "wish i (could )?(disappear|wasn'?t here|had never been born)",
             "(would|will) be better off without me", "end it all",
             "(simpler|easier|better) (for everyone )?if i (just )?" + any_of([
                 "disappeared", "wasn'?t (here|there|around)", "weren'?t (here|there|around)",
                 "hadn'?t come back", "didn'?t wake up"
             ]),
             "(manage|be) (fine|better) without me", "(wish|want) i didn'?t (have to )?wake up",
             "nicht mehr leben", "will sterben", "möchte sterben", "tot sein", "lebensmüde"
         ]),
         "أتمنى الموت", "أريد أن أموت", "نفسي أموت", "בא לי למות", "רוצה למות", "想死", "不想活"
     ])),
]
_OLD = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _OLD_CUES]
ORDER = ("active_suicidal_ideation", "self_harm", "passive_suicidal_ideation")


def old_flags(distress: list[str]) -> dict[str, str]:
    """{kind: cue} as the old import found them: the first labelled distress phrase of each kind."""
    found: dict[str, str] = {}
    for phrase in distress:
        kind = next((k for k, rx in _OLD if rx.search(phrase)), None)
        if kind and kind not in found:
            found[kind] = phrase
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=str(ROOT.parent / "shared" / "culturecare"))
    ap.add_argument("--detector", action="store_true", help="also list what the meaning-based detector adds")
    args = ap.parse_args()
    files = source_files(Path(args.dir))
    if not files:
        print(f"{args.dir}: no *_data.jsonl files")
        return 1
    detector = None
    if args.detector:
        from trainer.embeddings import get_embedder
        from trainer.text.risk_cues import RiskCueDetector
        detector = RiskCueDetector(get_embedder("e5"))
    rows, new, lost, changed, extra = [], [], [], [], []
    t0 = time.perf_counter()
    for f in files:
        data = read_file(f)
        withdet = {s.id: s for s in read_file(f, detector=detector).scenarios} if detector else {}
        before = after = 0
        for s in data.scenarios:
            old = old_flags([c.phrase for c in s.distress_cues])
            now = {r.kind: r.cue for r in s.risk_flags}
            before += bool(old)
            after += bool(now)
            if now and not old:
                new.append((s.id, now))
            elif old and not now:
                lost.append((s.id, old))
            elif set(old) != set(now):
                changed.append((s.id, old, now))
            if detector:
                more = {r.kind: r.cue for r in withdet[s.id].risk_flags if r.kind not in now}
                if more:
                    extra.append((s.id, bool(now), more))
        rows.append((data.culture, len(data.scenarios), before, after))
    took = time.perf_counter() - t0

    print(f"{'culture':<10}{'posts':>7}{'flagged before':>16}{'flagged after':>15}")
    for culture, posts, before, after in rows:
        print(f"{culture:<10}{posts:>7}{before:>16}{after:>15}")
    print(f"{'total':<10}{sum(r[1] for r in rows):>7}{sum(r[2] for r in rows):>16}{sum(r[3] for r in rows):>15}")
    print(f"({took:.1f} s{' with the detector' if detector else ''})")

    def show(flags: dict[str, str]) -> None:
        for kind in ORDER:
            if kind in flags:
                print(f"    {kind}: {shorten(flags[kind], 160)}")

    print(f"\nNewly flagged ({len(new)}), for clinician review:")
    for sid, flags in new:
        print(f"  {sid}")
        show(flags)
    print(f"\nLost a flag ({len(lost)}):")
    for sid, flags in lost:
        print(f"  {sid} (old rules)")
        show(flags)
    print(f"\nFlagged before and after, kinds changed ({len(changed)}):")
    for sid, old, now in changed:
        print(f"  {sid}: {', '.join(k for k in ORDER if k in old)} -> {', '.join(k for k in ORDER if k in now)}")
        show({k: v for k, v in now.items() if k not in old})
    if detector:
        print(f"\nThe detector adds ({len(extra)} posts; not part of the import):")
        for sid, flagged, flags in extra:
            print(f"  {sid}{'' if flagged else ' (otherwise unflagged)'}")
            show(flags)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
