"""experta is imported in one place, at the version its internals were
written against, and leaves the process as it found it."""
import collections
import configparser
import logging
import re
from importlib.metadata import version
from pathlib import Path

from expert.engine.experta_import import EXPERTA_VERSION, experta

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_experta_is_the_version_the_backend_was_written_for():
    assert version("experta") == EXPERTA_VERSION


def test_setup_cfg_pins_that_version_exactly():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    pins = re.findall(r"^\s*experta\s*==\s*([\w.]+)\s*$", config["options"]["install_requires"], re.M)
    assert pins == [EXPERTA_VERSION]


def test_the_collections_alias_frozendict_needed_is_gone_after_the_import():
    # frozendict 1.2 reads collections.Mapping once, to define its class.
    assert not hasattr(collections, "Mapping")
    # ...and works without it afterwards (experta freezes fact values with it).
    assert experta.utils.freeze({"a": [1]}) == experta.utils.freeze({"a": [1]})
    assert hash(experta.utils.freeze({"a": [1]}))


def test_importing_experta_adds_no_root_log_handler():
    assert all(not isinstance(h, logging.StreamHandler) or h.stream is not None
               for h in logging.getLogger().handlers)
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("experta").handlers)
