"""Topic tagging of a client's cultural-signal phrases (trainer/text/topics.py, topic_meaning.py):
clinician-style cases, the gold set's held-out half against the word rules, the cache, the
file-level batch."""
import importlib.util

import pytest
from helpers import ROOT, SHARED, record, write_jsonl

from trainer.text import topics
from trainer.text.topic_meaning import TopicMeaning
from trainer.text.topics import guess_topic, guess_topics, rule_topic


@pytest.fixture(scope="module")
def meaning(embedder):
    return TopicMeaning(embedder)  # no cache dir: the phrases' topics stay in memory


@pytest.mark.parametrize("phrase,allowed", [
    ("gesetzlich versichert", {"money", "health", None}),  # statutory health insurance: never faith ("sin")
    ("Wir sind gesetzlich versichert, aber die Kasse zahlt das nicht", {"money", "health"}),
    ("Ramadan", {"faith"}),
    ("Im Ramadan faste ich jeden Tag", {"faith"}),
    ("Kopftuch", {"faith", "identity"}),
    ("الحجاب", {"faith", "identity"}),
    ("I'm German", {"identity"}),  # who the client is, not the language topic
    ("Mein Deutsch ist nicht gut", {"language"}),
    ("אני לא שומרת שבת יותר", {"faith"}),
    ("面子很重要", {"community"}),
    ("my parents want me to marry a man from our village", {"family", "relationship"}),
])
def test_a_clinician_would_accept_the_topic(meaning, phrase, allowed):
    assert guess_topics([phrase], meaning)[0] in allowed


@pytest.mark.parametrize("phrase", ["die", "und", "sind", "aber auch", "the", "...", ""])
def test_function_words_alone_are_no_topic(meaning, phrase):
    assert guess_topics([phrase], meaning) == [None]


@pytest.fixture(scope="module")
def gold(meaning):
    """The gold set's phrases tagged once, before (rules) and after (rules and meaning)."""
    if not SHARED.is_dir():
        pytest.skip("needs ../shared/culturecare")
    spec = importlib.util.spec_from_file_location("topic_tagging", ROOT / "bench" / "topic_tagging.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    items = bench.load_gold(SHARED)
    texts = [it["phrase"] for it in items]
    return bench, items, [rule_topic(t) for t in texts], guess_topics(texts, meaning)


def test_the_gold_set_is_what_its_head_says(gold):
    bench, items, _, _ = gold
    assert len(items) == 200 and [{k: it[k] for k in ("file", "post", "signal", "check", "split")} for it in items] == \
        [dict(r, post=str(r["post"])) for r in bench.sample(SHARED)]
    assert sum(it["split"] == "test" for it in items) == 99


def test_on_the_held_out_half_meaning_beats_the_rules(gold):
    """The thresholds were chosen on dev; on test the tagger is at least as accurate as the rules
    were, and gives no more wrong topics (a wrong topic teaches a wrong lesson)."""
    bench, items, before, after = gold
    b, a = bench.judge(items, before)["test"], bench.judge(items, after)["test"]
    assert bench.accuracy(a) >= bench.accuracy(b) + 0.1, (b, a)  # 0.545 -> 0.747 when written
    assert a["wrong"] <= b["wrong"], (b, a)


def test_topics_are_kept_in_the_cache(embedder, tmp_path, monkeypatch):
    phrases = ["Meine Oma betet jeden Abend den Rosenkranz", "the imam at our mosque says therapy is weakness"]
    first = TopicMeaning(embedder, cache_dir=tmp_path).topics(phrases, [None, "faith"], cache_dir=tmp_path)
    again = TopicMeaning(embedder, cache_dir=tmp_path)  # a new process, as far as the cache goes

    def no_model(*a, **k):
        raise AssertionError("encoded again")
    monkeypatch.setattr(embedder, "encode", no_model)
    assert again.topics(phrases, [None, "faith"], cache_dir=tmp_path) == first
    assert first[0] in ("faith", "family")


def test_a_file_is_tagged_in_one_batch(embedder, tmp_path, monkeypatch):
    from trainer.culturecare import read_file
    topics.topic_meaning()  # the prototypes encoded (they are not what this test counts)
    phrases = [f"Zum Zuckerfest Nummer {i} trage ich wieder das Kopftuch" for i in range(3)] + ["Walla, so ist das"]
    assert not any(topics._domain_counts(p) for p in phrases)  # for the meaning to tag
    recs = [record(f"p{i}", signals=[{"phrase": p, "type": "Values"}]) for i, p in enumerate(phrases)]
    calls = []
    real = embedder._encode
    monkeypatch.setattr(embedder, "_encode", lambda texts, query: calls.append(list(texts)) or real(texts, query))
    d = read_file(write_jsonl(tmp_path / "Batch_data.jsonl", recs))
    batches = [c for c in calls if set(c) & set(phrases)]
    assert len(batches) == 1 and set(phrases) <= set(batches[0]), batches
    assert [s.cultural_signals[0].topic for s in d.scenarios] == ["faith"] * 3 + [None]


def test_without_the_model_the_rules_decide(monkeypatch):
    monkeypatch.setattr(topics, "topic_meaning", lambda: None)
    assert guess_topic("I feel like a sinner, it is a sin to think this") == rule_topic(
        "I feel like a sinner, it is a sin to think this") == "faith"
    assert guess_topic("I'm German") == "language"  # the rules' only reading
