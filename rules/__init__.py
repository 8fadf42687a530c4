"""The knowledge base: one module per clinical domain.

Each module defines ``RULES``, a list of documented rules (see
``expert.dsl``). To add knowledge, add a rule to the module of its domain; to
add a domain, add its module name to ``DOMAINS``.
"""
from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from types import ModuleType

DOMAINS = (
    "red_flags",
    "safety_net",
    "mechanical",
    "neurological",
    "circulatory",
    "systemic",
    "psychological",
    "infection",
    "beyond_scope",
    "triage",
)


def domain_modules() -> list[ModuleType]:
    """The module of every domain, in ``DOMAINS`` order."""
    return [import_module(f"rules.{domain}") for domain in DOMAINS]


def knowledge_base() -> list:
    """Every rule of every domain, in module order, each tagged with its module."""
    seen: dict[str, str] = {}
    collected = []
    for module in domain_modules():
        domain = module.__name__.rpartition(".")[2]
        for defined in module.RULES:
            if defined.id in seen:
                raise ValueError(
                    f"rule id {defined.id!r} is defined in both rules.{seen[defined.id]} and rules.{domain}")
            seen[defined.id] = domain
            collected.append(replace(defined, module=domain))
    return collected
