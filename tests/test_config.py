import re
from pathlib import Path

import pytest

from trainer.config import ConfigError, Settings, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_are_offline_and_local(settings):
    assert settings.backend == "offline"
    assert settings.api_key is None
    assert settings.db_url.startswith("sqlite:///") and settings.db_url.endswith("trainer.db")


def test_environment_sets_values(monkeypatch, tmp_path):
    monkeypatch.setenv("TRAINER_BACKEND", "openai")
    monkeypatch.setenv("TRAINER_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("TRAINER_API_KEY", "sk-test")
    monkeypatch.setenv("TRAINER_TIMEOUT", "4.5")
    s = load_settings()
    assert (s.backend, s.base_url, s.timeout) == ("openai", "http://127.0.0.1:11434/v1", 4.5)
    assert s.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(s)


def test_toml_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('model = "llama3.1"\nbackend = "openai"\ntimeout = 9\n')
    monkeypatch.setenv("TRAINER_CONFIG", str(f))
    monkeypatch.setenv("TRAINER_TIMEOUT", "3")
    s = load_settings()
    assert (s.model, s.backend, s.timeout) == ("llama3.1", "openai", 3.0)


@pytest.mark.parametrize("text,needle", [
    ('api_key = "sk-x"\n', "TRAINER_API_KEY"),
    ('modle = "x"\n', "modle"),
    ('model = \n', "not valid TOML"),
])
def test_bad_toml_says_what_to_do(monkeypatch, tmp_path, text, needle):
    f = tmp_path / "t.toml"
    f.write_text(text)
    monkeypatch.setenv("TRAINER_CONFIG", str(f))
    with pytest.raises(ConfigError, match=needle) as e:
        load_settings()
    assert str(f) in str(e.value)


def test_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("TRAINER_BACKEND", "gpt")
    with pytest.raises(ConfigError, match="TRAINER_BACKEND"):
        load_settings()


def test_every_setting_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `(TRAINER_[A-Z_]+)` \|", README.read_text(), re.M))
    declared = {f"TRAINER_{name.upper()}" for name in Settings.model_fields}
    assert declared - documented == set(), "settings missing from README's table"
    assert documented - declared <= {"TRAINER_CONFIG"}, "README documents settings that do not exist"
