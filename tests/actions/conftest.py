"""The seeded tenancy databases of tests/huurwijzer/conftest.py, for the SDK adapters' tests."""

from tests.huurwijzer.conftest import engine, flows_engine, svc  # noqa: F401 - fixtures
