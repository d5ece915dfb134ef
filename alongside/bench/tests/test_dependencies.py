"""`alongside bench` is a command everyone who installs Alongside has, so what it imports must come with a
plain `pip install .`, not only with the test extra (it once failed with `No module named 'httpx'`)."""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

import alongside

PACKAGE = Path(alongside.__file__).parent


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules(path):
    """Top-level modules a file imports, leaving out imports inside `try: … except ImportError:` (optional
    speed-ups such as uvloop)."""
    tree = ast.parse(path.read_text())
    optional = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(handler.type, ast.Name)
            and handler.type.id in {"ImportError", "ModuleNotFoundError"}
            for handler in node.handlers
        ):
            optional |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_every_module_the_benchmarks_import_comes_with_a_plain_install():
    main = {
        _normal(Requirement(text).name)
        for text in metadata.requires("alongside") or []
        if "extra ==" not in text
    }
    distributions = metadata.packages_distributions()
    sources = [*(PACKAGE / "bench").glob("*.py"), *PACKAGE.glob("*/bench.py")]
    assert len(sources) > 5
    missing = {}
    for source in sources:
        for module in _imported_modules(source):
            if module in sys.stdlib_module_names or module == "alongside":
                continue
            names = {_normal(name) for name in distributions.get(module, [module])}
            if not names & main:
                missing.setdefault(module, []).append(source.relative_to(PACKAGE).as_posix())
    assert not missing, (
        f"`alongside bench` imports modules that only the test extra installs: {missing}. "
        "Add their packages to [project] dependencies in pyproject.toml."
    )
