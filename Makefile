# Two commands: `make run` (install, prepare data, start the app) and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501

.PHONY: run test lint install prepare freeze schema clean-venv

# Listens on 127.0.0.1 in single-user mode, on every interface in accounts mode (TRAINER_LISTEN_ADDRESS).
run: $(STAMP) prepare
	addr=$$($(BIN)/python -m trainer serve-address) && \
	  $(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false --server.address "$$addr" --server.port $(PORT)

# Debian's chromium (the browser test) and postgresql (the store tests' PostgreSQL half), when missing.
test: $(STAMP)
	@missing=""; test -x /usr/bin/chromium || missing=" chromium"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  test -z "$$missing" || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) \
	  || echo "warning: could not install Debian's$$missing (needs root and apt); tests/test_browser.py or the PostgreSQL tests will be skipped"
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q

# ruff over the project, mypy over trainer/ and vectorstore/ (configuration: pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

install: $(STAMP)

# Reinstalls only when a requirements file changed; torch comes from the CPU build on disk.
$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@! $(BIN)/python -m pip list 2>/dev/null | grep -i '^nvidia-' || (echo "error: CUDA wheels came in; torch must be the CPU build 2.13.0" && exit 1)
	@touch $(STAMP)

prepare: $(STAMP)
	$(BIN)/python -m trainer prepare

schema: $(STAMP)
	$(BIN)/python -m trainer schema

freeze: $(STAMP)
	(echo "# Full freeze of the venv (make install uses it as constraints). Regenerate: make freeze"; \
	 $(BIN)/python -m pip freeze 2>/dev/null | sed 's/^torch==2.13.0+cpu/torch==2.13.0/') > constraints.txt

clean-venv:
	rm -rf $(VENV)
