"""The package is layered: ``facts`` (vocabulary, input) imports nothing of
``expert`` or ``rules``; ``rules`` (knowledge) imports only ``facts`` and the
rule language; the engine never imports ``rules``; and no first-party import
hides inside a function, except where laziness is the point (documented in
those modules: ``import expert`` and the console script stay light)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("expert", "facts", "rules")
LAZY_ON_PURPOSE = {"expert/__init__.py", "expert/launch.py", "expert/web/__init__.py",
                   # the fhir extra may be missing: these import the FHIR mapping only once it is known present
                   "expert/fhir/loading.py", "expert/cli/questionnaire.py"}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, inside a function?) for every import in the file,
    leaving out those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function: bool, type_checking: bool):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            checking = type_checking or (isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
            if isinstance(child, ast.Import) and not type_checking:
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and not type_checking:
                found.append((child.module, in_function))
            visit(child, inner, checking)

    visit(tree, False, False)
    return found


def first_party(name: str) -> str:
    return name.split(".")[0] if name.split(".")[0] in FIRST_PARTY else ""


@pytest.mark.parametrize("path", modules("facts"), ids=lambda p: p.name)
def test_facts_import_nothing_of_the_engine_or_the_knowledge(path):
    assert [m for m, _ in imports(path) if first_party(m) in ("expert", "rules")] == []


@pytest.mark.parametrize("path", modules("rules"), ids=lambda p: p.name)
def test_rules_import_only_facts_and_the_rule_language(path):
    assert [m for m, _ in imports(path) if first_party(m) == "expert" and m != "expert.dsl"] == []


def test_the_engine_never_imports_the_knowledge():
    for path in modules("expert/engine") + [ROOT / "expert" / "trace.py", ROOT / "expert" / "dsl.py"]:
        assert [m for m, _ in imports(path) if first_party(m) == "rules"] == [], path.name


@pytest.mark.parametrize("package", ["expert", "facts", "rules"])
def test_only_the_engine_package_imports_experta(package):
    """experta, and every reach into its internals, lives behind one backend:
    ``expert.engine``."""
    outside = [(str(path.relative_to(ROOT)), m) for path in modules(package)
               if ROOT / "expert" / "engine" not in path.parents
               for m, _ in imports(path) if m.split(".")[0] == "experta"]
    assert outside == []


def test_the_rule_language_is_plain_data_that_knows_no_backend():
    assert [m for m, _ in imports(ROOT / "expert" / "dsl.py")
            if m.split(".")[0] == "experta" or m.startswith("expert.engine")] == []


def test_experta_itself_is_imported_in_one_module():
    importers = sorted(str(path.relative_to(ROOT)) for path in modules("expert")
                       if any(m == "experta" for m, _ in imports(path)))
    assert importers == ["expert/engine/experta_import.py"]


@pytest.mark.parametrize("path", modules("expert"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_first_party_import_hides_in_a_function(path):
    relative = str(path.relative_to(ROOT))
    hidden = [m for m, in_function in imports(path) if in_function and first_party(m)]
    if relative in LAZY_ON_PURPOSE:
        return
    assert hidden == [], f"{relative} imports {hidden} inside a function"
