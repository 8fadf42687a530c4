"""The knowledge base a command runs on: the shipped one, or one without
some rules (``--without-rule ID``) or with draft rules (``--rules FILE.py``),
for teaching what a rule contributes and for trying a draft."""
from __future__ import annotations

from typing import Callable

import click

from expert.cli import UsageProblem
from expert.dsl import RuleDefinitionError
from expert.knowledge_base import KnowledgeBase, UnknownRule, default_knowledge_base, load_rules_file


def knowledge_base_options(command: Callable) -> Callable:
    """``--without-rule ID`` and ``--rules FILE.py``, both repeatable."""
    command = click.option("--rules", "rules_files", multiple=True, metavar="FILE.py",
                           help="Add the RULES of a draft rules module, checked as shipped rules are "
                                "(repeatable).")(command)
    return click.option("--without-rule", "without_rules", multiple=True, metavar="ID",
                        help="Leave this rule out of the knowledge base (repeatable): see what it contributes.")(
        command)


def knowledge_base_from(without_rules=(), rules_files=()) -> KnowledgeBase:
    """The knowledge base the options ask for; a misspelt rule id or a bad
    rules file is a usage problem (exit 2) naming it."""
    kb = default_knowledge_base()
    try:
        for path in rules_files:
            kb = kb.with_rules(load_rules_file(path))
        if without_rules:
            kb = kb.without(without_rules)
    except UnknownRule as error:
        raise UsageProblem(f"--without-rule: {error}") from None
    except RuleDefinitionError as error:
        raise UsageProblem(f"--rules: {error}") from None
    return kb
