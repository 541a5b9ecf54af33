# peacekit: `make lab` opens the lessons, `make test` runs every test.
# Both create .venv (python3 -m venv) when it is missing and install the kit
# into it; nothing is reinstalled while pyproject.toml is unchanged (the stamp
# file's name carries a checksum of pyproject.toml).
# Windows without make: see README.md ("Without make").

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first python on PATH that is 3.10 or newer (override: make PYTHON=python3.12 ...)
ifndef PYTHON
PYTHON := $(firstword $(foreach p,python3 python3.13 python3.12 python3.11 python3.10 python,\
  $(shell command -v $(p) >/dev/null 2>&1 && $(p) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null && echo $(p))))
endif

VENV := .venv
VPY := $(VENV)/bin/python
KEY := $(shell cksum < pyproject.toml | cut -d' ' -f1)
STAMP_RUN := $(VENV)/.stamp-runtime-$(KEY)
STAMP_TEST := $(VENV)/.stamp-test-$(KEY)

# -n 2 --dist loadgroup: notebook runs are spread over 2 workers; tests marked
# xdist_group (the browser tests) stay together on one worker.
PYTEST_ARGS ?= -n 2 --dist loadgroup --durations=15

.PHONY: help lab app test check exercises guide bench site handouts install install-test clean release printables

help:
	@echo "make lab         open JupyterLab on lessons/00-start-here.ipynb"
	@echo "make check NB=exercises/00-start-here.ipynb   check your exercise notebook"
	@echo "make app         serve the projector app (apps/compare-claims.ipynb) with Voila"
	@echo ""
	@echo "For teachers and authors:"
	@echo "make test        run every test (unit, notebooks, browser)"
	@echo "make exercises   generate exercises/ from solutions/ (skips notebooks students ran or edited; FORCE=1 replaces them, keeping a .bak)"
	@echo "make guide       rebuild docs/teacher-guide.md from docs/teacher-guide/"
	@echo "make bench       run every bench/*.py"
	@echo "make release DIR=../student   write a copy for students (no solutions, no teacher guide)"
	@echo "make printables  write the printable sheets (printables/*.html) from the data"
	@echo "make site        build the course as an offline web site in _site/ (runs every lesson)"
	@echo "make handouts    print each lesson page of the site to a PDF in _site/handouts/ (Chromium)"
	@echo "make clean       remove .venv and test artifacts"

$(VPY):
	@test -n "$(PYTHON)" || { echo "No Python 3.10 or newer found on PATH (tried python3, python3.1x, python)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): | $(VPY)
	rm -f $(VENV)/.stamp-runtime-*
	$(VPY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): | $(VPY)
	rm -f $(VENV)/.stamp-test-* $(VENV)/.stamp-runtime-*
	$(VPY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-test: $(STAMP_TEST)

lab: $(STAMP_RUN)
	$(VPY) -m peacekit lab

# Voila reads apps/voila.json (an offline Content-Security-Policy) only from
# the folder it is started in.
app: $(STAMP_RUN)
	cd apps && ../$(VPY) -m voila compare-claims.ipynb

# make exits 2 when a recipe fails; the line below names pytest's own status.
test: $(STAMP_TEST)
	@$(VPY) -m pytest $(PYTEST_ARGS) || { rc=$$?; echo "make test: pytest exited with status $$rc"; exit $$rc; }

# On a JupyterHub the kit is installed in the image and there is no .venv: check with that
# Python instead of building a private environment (several hundred MB, from the internet).
ifeq ($(wildcard $(VPY)),)
HOST_KIT := $(shell $(PYTHON) -c 'import peacekit.data, nbformat, nbclient' >/dev/null 2>&1 && echo yes)
endif
CHECK_PY := $(if $(HOST_KIT),$(PYTHON),$(VPY))

# "Not done yet" is an answer, not a failure of make: the check's status 1 ends
# with a plain line and make exits 0, so no "make: *** Error 1" follows it.
# Status 2 (the notebook could not be checked) still fails make. Scripts that
# need the status call `python -m peacekit check` directly (0 / 1 / 2).
check: $(if $(HOST_KIT),,$(STAMP_RUN))
	@test -n "$(NB)" || { echo "Say which notebook: make check NB=exercises/00-start-here.ipynb"; exit 2; }
	@$(CHECK_PY) -m peacekit check "$(NB)"; rc=$$?; \
	if [ $$rc -eq 1 ]; then echo "make check: finished; some exercises are not done yet (see the lines above)."; exit 0; fi; \
	exit $$rc

exercises: $(STAMP_RUN)
	$(VPY) -m peacekit build-exercises $(if $(FORCE),--force)

guide: $(STAMP_RUN)
	$(VPY) tools/build_teacher_guide.py

# The course as an offline static site: every lesson executed, charts as SVG (tools/build_site.py).
site: $(STAMP_RUN)
	$(VPY) tools/build_site.py

handouts: site
	$(VPY) tools/print_handouts.py

bench: $(STAMP_TEST)
	@shopt -s nullglob; files=(bench/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no bench/*.py scripts"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; $(VPY) "$$f" || exit $$?; done

release: $(STAMP_RUN)
	@test -n "$(DIR)" || { echo "Say where: make release DIR=../peacekit-student"; exit 2; }
	$(VPY) -m peacekit release "$(DIR)"

printables: $(STAMP_RUN)
	$(VPY) tools/build_printables.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache _site
