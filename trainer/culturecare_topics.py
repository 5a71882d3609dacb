"""The topics of an imported post's cultural-signal phrases (text/topics.py: guess_topics), a file
at a time. The embedding model is several times faster on one batch than on a post's two or three
phrases at a time (on a busy machine: 20 s against 55 s for the three shared files), so the first
post of a file has every post signal of the file tagged in one batch; each post's own call then
finds its phrases in the tagger's cache. That warm-up only saves time: a phrase it missed is
tagged when its post asks. (Its natural home is read_file, which holds the file's lines already.)"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from .text.topics import guess_topics

_warmed: set[tuple[str, int, int]] = set()
_lock = threading.Lock()


def _post_phrases(path: Path) -> list[str]:
    """Every post signal's phrase in a CultureCare file, as culturecare.read_file reads it."""
    from .culturecare import MAX_PHRASE, _list, _text
    from .text.sentences import shorten
    from .textfile import read_utf8, text_lines
    out = []
    for line in text_lines(read_utf8(path)):
        try:
            rec = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        post = rec.get("post") if isinstance(rec, dict) else None
        for item in _list(post.get("cultural_signals")) if isinstance(post, dict) else []:
            phrase = _text(item.get("phrase"))
            if phrase:
                out.append(shorten(phrase, MAX_PHRASE) if len(phrase) > MAX_PHRASE else phrase)
    return out


def post_topics(source_file: str, phrases: list[str]) -> list[str | None]:
    """guess_topics(phrases) for one post of source_file, the file's post signals tagged first."""
    try:
        st = os.stat(source_file)
        key = (str(Path(source_file).resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None:
        with _lock:
            first = key not in _warmed
            _warmed.add(key)
        if first:
            try:
                guess_topics(list(dict.fromkeys(_post_phrases(Path(source_file)))))
            except (OSError, ValueError):  # unreadable here: each post is tagged on its own
                pass
    return guess_topics(phrases)
