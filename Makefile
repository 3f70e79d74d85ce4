# Huurwijzer. The README's two commands: `make run` and `make test`.
PY := .venv/bin/python
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: install browser run train seed test lint validate stories eval eval-real compare spacy-model lock clean \
	kennis-controle kennis-nieuw kennis-verouderd kennis-rapport kennis-engels-klopt privacy-opschonen privacy-vergeet

install:
	@scripts/install.sh

run: install
	$(PY) -m bot.cli run

train: install
	$(PY) -m bot.cli train

lint: install
	.venv/bin/ruff check actions bot bench console huurwijzer tests
	.venv/bin/mypy

validate: train
	$(PY) -m bot.cli validate

stories: train
	$(PY) -m bot.cli stories

seed: install
	$(PY) -m huurwijzer.tenancy.seed

browser:
	@scripts/install-browser.sh

# Lint, data validation and test stories first; pytest last (its summary is the closing line).
test: install browser lint validate stories
	$(PY) -m pytest

eval: train
	$(PY) bench/eval_dev.py --errors

# Blind set of real tenant questions beside the dev set; aggregate figures only (bench/eval_real.py).
eval-real: train
	$(PY) bench/eval_real.py

compare: install
	$(PY) bench/nlu_compare.py

spacy-model: install
	scripts/install-spacy-model.sh

lock:
	$(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf models results .rasa data/nlu/generated

# Staff tools for knowledge/ (Dutch; see knowledge/README.md)
kennis-controle: install
	$(PY) -m bot.kennis controleer

kennis-nieuw: install
	@test -n "$(ID)" -a -n "$(ONDERWERP)" || { echo "Gebruik: make kennis-nieuw ID=glasschade-melden ONDERWERP=insurance"; exit 2; }
	$(PY) -m bot.kennis nieuw "$(ID)" "$(ONDERWERP)"

kennis-verouderd: install
	$(PY) -m bot.kennis verouderd

kennis-rapport: install
	$(PY) -m bot.kennis rapport

# The English texts of ID (an answer or a repair part; more: ID="a b") still match the Dutch text;
# without ID only English texts that were never recorded (never overwrites a record).
kennis-engels-klopt: install
	$(PY) -m bot.kennis engels-klopt $(ID)

# AVG/GDPR (Dutch): retention period and erasure requests (bot/avg.py)
privacy-opschonen: install
	$(PY) -m bot.avg bewaartermijn

privacy-vergeet: install
	@test -n "$(HUURDER)" || { echo "Gebruik: make privacy-vergeet HUURDER=123"; exit 2; }
	$(PY) -m bot.avg vergeet --huurder "$(HUURDER)"
