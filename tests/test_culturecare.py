import pytest
from helpers import SHARED, record, write_jsonl

from trainer import dataset
from trainer.culturecare import MAX_PHRASE, NotJsonl, read_file


def test_a_record_becomes_a_scenario_and_exemplars(tmp_path):
    f = write_jsonl(tmp_path / "Testish_data.jsonl", [record("Ab12X")])
    d = read_file(f)
    (s,) = d.scenarios
    assert s.id == "cc-testish-ab12x" and s.source == "culturecare:Ab12X"
    assert s.source_url == "https://www.reddit.com/comments/Ab12X"
    assert s.culture == "Testish" and s.persona.age == 24 and s.persona.gender == "female"
    assert s.opening_line == "I feel so alone since I moved here."  # lightest cue opens
    assert [c.intensity for c in s.distress_cues] == ["light", "high"]
    assert s.cultural_signals[0].type == "Norms and Morals" and s.cultural_signals[0].topic == "family"
    assert {st.kind for st in s.disclosure_plan} == {"distress", "cultural"}
    assert s.risk_flags == [] and "risk_assessment" not in s.rubrics
    phrases = [e for e in d.exemplars if not e.id.endswith("-reply")]
    assert [e.strategies for e in phrases] == [["Reflection of Feelings"], ["Questions"]]
    assert all(e.empathy_score == 4 for e in d.exemplars)
    reply = next(e for e in d.exemplars if e.id.endswith("-reply"))
    assert reply.text == "That sounds so lonely. What do the Friday calls mean to you?"
    assert d.summary() == {"posts": 1, "distress phrases": 2, "cultural signals": 1,
                           "support phrases": 2, "exemplars": 3, "skipped lines": 0}


def test_risk_phrase_flags_the_scenario(tmp_path):
    rec = record(distress=[{"phrase": "Some days I just want to die.", "intensity": "high"},
                           {"phrase": "Work is hard.", "intensity": "light"}])
    (s,) = read_file(write_jsonl(tmp_path / "X_data.jsonl", [rec])).scenarios
    assert [r.kind for r in s.risk_flags] == ["passive_suicidal_ideation"]
    assert "risk_assessment" in s.rubrics and "risk" in s.tags
    assert any(st.kind == "risk" and "want to die" in st.says for st in s.disclosure_plan)
    assert s.opening_line == "Work is hard."  # the risk cue is held back, not the opener


def test_fragments_are_signals_but_never_lines_the_client_says(tmp_path):
    rec = record(distress=[{"phrase": "I hate ramadan", "intensity": "moderate"},
                           {"phrase": "Work is hard.", "intensity": "light"},
                           {"phrase": "so tired", "intensity": "moderate"}],
                 signals=[{"phrase": "Ausbildung", "type": "Concepts"},
                          {"phrase": "Palestinian Muslim family", "type": "Demographics"},
                          {"phrase": "Mein Vater redet seit der Ausbildung nicht mehr mit mir.", "type": "Values"}])
    (s,) = read_file(write_jsonl(tmp_path / "X_data.jsonl", [rec])).scenarios
    says = [st.says for st in s.disclosure_plan] + [s.opening_line]
    assert {"Ausbildung", "Palestinian Muslim family", "so tired"}.isdisjoint(says)
    assert "I hate ramadan" in says and "Mein Vater redet seit der Ausbildung nicht mehr mit mir." in says
    assert {c.phrase for c in s.cultural_signals} >= {"Ausbildung", "Palestinian Muslim family"}  # still signals


def test_tolerates_messy_records(tmp_path):
    rows = [
        record("ok1"),
        "{not json",
        "[1, 2]",
        record("ok1"),  # duplicate
        {"culture": "Testish", "post": {}},  # no post_id
        record("nulls", distress=[{"phrase": "Ich bin so müde.", "intensity": None},
                                  {"phrase": None, "intensity": "high"}, "garbage"],
               signals=[{"phrase": "Oma", "type": "Kinship"}, {"phrase": "x", "type": "None"}],
               support=[{"phrase": "Kopf hoch", "strategy": None}, {"phrase": "", "strategy": "Questions"}],
               empathy="", demo=None),
        {"culture": "Testish", "post_id": "bare"},  # nothing to play
        {"culture": "Testish", "post_id": 12345, "post": {"emotional_distress": [{"phrase": "我很难过", "intensity": "moderate"}]}},
    ]
    rows[5]["post"]["demographic_info"] = None
    d = read_file(write_jsonl(tmp_path / "Testish_data.jsonl", rows))
    assert [s.id for s in d.scenarios] == ["cc-testish-ok1", "cc-testish-nulls", "cc-testish-12345"]
    msgs = "\n".join(d.messages)
    for line, reason in [(2, "not JSON"), (3, "not an object"), (4, "duplicate post id ok1 (first at line 1)"),
                         (5, "no post_id"), (6, "intensity None unknown"), (6, "'Kinship' unknown"),
                         (6, "strategy None unknown"), (7, "nothing to play")]:
        assert f"Testish_data.jsonl:{line}: " in msgs and reason in msgs, (line, reason)
    nulls = d.scenarios[1]
    assert nulls.distress_cues[0].intensity == "moderate" and nulls.language == "de"
    assert [s.type for s in nulls.cultural_signals] == ["Other", "Other"]
    assert d.scenarios[2].language == "zh" and d.scenarios[2].source_url is None
    ex = [e for e in d.exemplars if e.scenario_id == "cc-testish-nulls"]
    assert ex[0].strategies == ["Others"] and ex[0].empathy_score is None
    assert d.counts["skipped lines"] == 5


def test_not_jsonl_fails_in_one_line(tmp_path):
    f = tmp_path / "Bad_data.jsonl"
    f.write_text("culture,post_id\nArabic,1\n")
    with pytest.raises(NotJsonl) as e:
        read_file(f)
    assert "not JSONL" in str(e.value) and "\n" not in str(e.value) and str(f) in str(e.value)
    f.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(NotJsonl, match=":1: not UTF-8 text"):
        read_file(f)


def test_bad_utf8_is_reported_by_line_not_byte(tmp_path):
    f = write_jsonl(tmp_path / "Bad_data.jsonl", [record("a"), record("b"), record("c")])
    lines = f.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"alone", b"allein \xe4")  # a Latin-1 umlaut
    f.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))  # behind a byte-order mark
    with pytest.raises(NotJsonl) as e:
        read_file(f)
    assert str(e.value).startswith(f"{f}:3: not UTF-8 text (invalid continuation byte)")
    assert "byte " not in str(e.value) and "position" not in str(e.value)


def test_line_separators_inside_a_json_string_do_not_split_the_line(tmp_path):
    rec = record("a", distress=[{"phrase": "I feel alone.\u2028Every night.", "intensity": "light"}])
    f = write_jsonl(tmp_path / "Testish_data.jsonl", [rec, record("b")])
    assert "\u2028" in f.read_text(encoding="utf-8")  # written raw, as JSON allows
    d = read_file(f)
    assert [s.id for s in d.scenarios] == ["cc-testish-a", "cc-testish-b"] and d.messages == []


def test_an_overlong_phrase_is_cut_with_a_note(tmp_path):
    huge = "I cannot sleep. " * 12_500  # 200,000 characters
    rec = record("long", distress=[{"phrase": "Work is hard.", "intensity": "light"},
                                   {"phrase": huge, "intensity": "high"}],
                 support=[{"phrase": "That sounds hard. " * 200, "strategy": "Reflection of Feelings"}])
    d = read_file(write_jsonl(tmp_path / "Testish_data.jsonl", [record("ok"), rec]))
    (s,) = [x for x in d.scenarios if x.id == "cc-testish-long"]
    cut = s.distress_cues[1].phrase
    assert len(cut) <= MAX_PHRASE < len(huge.strip()) and cut.startswith("I cannot sleep.") and cut.endswith("…")
    assert all(len(e.text) <= MAX_PHRASE for e in d.exemplars if e.id.endswith("-p1"))
    assert d.messages == [
        "Testish_data.jsonl:2: distress phrase 2 ('I cannot sleep. I cannot sleep. I…') has 199,999 characters; "
        "cut to 2,000",
        "Testish_data.jsonl:2: support phrase 1 ('That sounds hard. That sounds hard.…') has 3,599 characters; "
        "cut to 2,000"]


def test_import_is_idempotent_and_any_culture_name_works(tmp_path):
    src = tmp_path / "src"
    write_jsonl(src / "Klingon_data.jsonl", [record("k1", culture="Klingon"), record("k2", culture="Klingon")])
    write_jsonl(src / "Testish_data.jsonl", [record("t1")])
    out = tmp_path / "out"
    first = dataset.import_dir(src, out)
    assert [(r.data.culture, r.changed) for r in first.imported] == [("Klingon", True), ("Testish", True)]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = dataset.import_dir(src, out)
    assert [r.changed for r in again.imported] == [False, False] and again.failed == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    scenarios, exemplars, errors = dataset.load(out)
    assert sorted(s.id for s in scenarios) == ["cc-klingon-k1", "cc-klingon-k2", "cc-testish-t1"]
    assert errors == [] and len(exemplars) == 9
    assert dataset.stats(out)["Klingon"]["posts"] == 2


def test_corrupt_store_is_reported_not_fatal(tmp_path):
    out = tmp_path / "out"
    write_jsonl(tmp_path / "src" / "A_data.jsonl", [record("a1", culture="A")])
    dataset.import_dir(tmp_path / "src", out)
    (out / "b.json").write_text("{trunc")
    scenarios, _, errors = dataset.load(out)
    assert [s.id for s in scenarios] == ["cc-a-a1"]
    assert len(errors) == 1 and "b.json" in errors[0] and "re-import" in errors[0]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/culturecare")
def test_imports_all_shipped_posts(tmp_path):
    report = dataset.import_dir(SHARED, tmp_path / "out")
    results = report.imported
    assert report.failed == []
    posts = {r.data.culture: r.data.counts["posts"] for r in results}
    assert posts == {"Arabic": 110, "Chinese": 141, "German": 119}
    assert all(r.data.counts["skipped lines"] == 0 for r in results)
    scenarios, exemplars, errors = dataset.load(tmp_path / "out")
    assert len(scenarios) == 370 and len({s.id for s in scenarios}) == 370 and not errors
    assert all(s.source_url and s.source_url.startswith("https://www.reddit.com/") for s in scenarios)
    assert sum(1 for s in scenarios if s.risk_flags) >= 20
    assert {s.language for s in scenarios} >= {"en", "de", "ar"}
    assert all(e.empathy_score in (None, 1, 2, 3, 4, 5) for e in exemplars)


@pytest.mark.parametrize("phrase,topic", [
    ("Wir sind ganz normale Leute, gesetzlich versichert, und keiner hilft uns", "community"),  # not "sin" -> faith
    ("Ich bin hier im Sauerland auf die Welt gekommen und groß geworden", "identity"),  # "die" is an article, not safety; born here is not migration
    ("Ich bekomme BAB und Kindergeld", "family"),  # a German compound keeps its stem
    ("I feel like a sinner, it is a sin to think this", "faith"),
    ("She has been single-minded ever since she started school", "study"),  # not "sin"
    ("In my culture mental illness is totally stigmatized", "health"),
])
def test_a_signals_topic_is_not_a_false_friend(phrase, topic):
    from trainer.text.topics import guess_topic
    assert guess_topic(phrase) == topic
