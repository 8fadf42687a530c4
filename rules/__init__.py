"""The knowledge base: one module per clinical domain.

Each module defines ``RULES``, a list of documented rules (see
``expert.dsl``). To add knowledge, add a rule to the module of its domain; to
add a domain, add its module name to ``DOMAINS``.
"""
from __future__ import annotations

from importlib import import_module

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


def knowledge_base() -> list:
    """Every rule of every domain, in module order, each tagged with its module."""
    from dataclasses import replace

    seen: dict[str, str] = {}
    collected = []
    for domain in DOMAINS:
        module = import_module(f"rules.{domain}")
        for defined in module.RULES:
            if defined.id in seen:
                raise ValueError(
                    f"rule id {defined.id!r} is defined in both rules.{seen[defined.id]} and rules.{domain}")
            seen[defined.id] = domain
            collected.append(replace(defined, module=domain))
    return collected
