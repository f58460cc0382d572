# Two entry points on a fresh machine: `make demo` and `make test`.
# Both create the virtualenv from the pinned requirements when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: demo test crawl serve export clean

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(PY) -m crawler demo

test: $(INSTALLED)
	scripts/ensure-chromium
	$(PY) -m pytest

clean:
	rm -rf build .scrapy .pytest_cache
