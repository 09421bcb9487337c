"""The apps depend one way, and no two files import each other (docs/architecture.md#layers).

Every `.py` file of the project's apps is read with `ast`: every `import x` and `from x import y`, at module
level or inside a function or class, relative imports resolved; and the lazy model references of the fields
(`ForeignKey("evaluations.Report")`), which tie two apps as surely as an import does. Nothing is imported to
do it, so a file that would fail to import is still read.

1. **Layers.** Each file belongs to the app of its top folder (a migration to its app). An app may import its
   own modules and the apps below it in LAYERS, never one above it nor a sibling on its own level (exports and
   api): `roadmap ← areas ← evaluations ← dashboards ← exports, api ← demo`. `config`, the project shell
   (settings, urls, the Celery app, wsgi), sits on top and may import anything; nothing imports it. The tests
   are no app: they may import anything.
2. **No cycle between files.** The graph of the project's modules (an edge for each import of a project module,
   wherever it stands in the file) has no cycle: Tarjan's strongly connected components are all single files
   without a self-import. `from package import name` is an edge to `package.name` when that is a module, else
   to the package's `__init__`; importing `a.b.c` is an edge to `a.b.c` only, not to the `__init__` of `a` and
   `a.b` that Python runs first (a package's `__init__` may re-export its own modules without making a cycle
   with them). `if TYPE_CHECKING:` blocks are read like any other code: the project has none and needs none.

Strings that name code (settings' dotted paths, Celery task names, `{% load %}`) are not imports and are not
read; they are how the shell and the outbox reach the apps above without importing them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps of one level are siblings: neither imports the other.
LAYERS: list[tuple[str, ...]] = [
    ("roadmap",),
    ("areas",),
    ("evaluations",),
    ("dashboards",),
    ("exports", "api"),
    ("demo",),
    ("config",),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
SHELL = "config"
FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "evaluations.services.reports"
    target: str  # the imported module, resolved, e.g. "dashboards.summary"
    line: int
    lazy: bool  # inside a function or class body, or a model field's string reference

    def __str__(self) -> str:
        where = "in a function" if self.lazy else "at module level"
        return f"{path_of(self.source)}:{self.line} imports {self.target} ({where})"


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the apps: dotted name → file."""
    modules = {}
    for app in LEVEL:
        for path in sorted((root / app).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def path_of(module: str, root: Path = ROOT) -> str:
    path = module_files(root).get(module)
    return str(path.relative_to(root)) if path else module


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([name] if name else [])])


def imports_of(module: str, path: Path, modules: set[str]) -> list[Import]:
    """The project modules that `module` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def target_of(dotted: str) -> str | None:
        # The longest project module that `dotted` names (a.b.c → a.b.c, else a.b, else a).
        parts = dotted.split(".")
        while parts:
            candidate = ".".join(parts)
            if candidate in modules:
                return candidate
            parts.pop()
        return None

    def add(dotted: str, line: int, lazy: bool) -> None:
        target = target_of(dotted)
        if target is not None:
            found.append(Import(module, target, line, lazy))

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, child.lineno, lazy)
            elif isinstance(child, ast.ImportFrom):
                base = _resolve_relative(module, is_package, child.level, child.module) if child.level else child.module
                if base:
                    for alias in child.names:
                        # `from pkg import mod` imports the module pkg.mod when there is one.
                        submodule = f"{base}.{alias.name}"
                        add(submodule if submodule in modules else base, child.lineno, lazy)
            elif isinstance(child, ast.Call) and _field_reference(child):
                app = _field_reference(child)
                if app in LEVEL:
                    add(f"{app}.models", child.lineno, True)
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef)
            # A class body runs at import time, but a model field's reference is lazy: classes count as lazy only
            # for the message; every import counts alike for the rules.
            visit(child, inner)

    visit(tree, False)
    return list(dict.fromkeys(found))  # `from x import a, b` is one import of x


def _field_reference(call: ast.Call) -> str | None:
    """The app label of `ForeignKey("app.Model", ...)` (and OneToOne / ManyToMany), else None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in FIELDS or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
        return first.value.split(".")[0]
    return None


def all_imports(root: Path = ROOT) -> list[Import]:
    files = module_files(root)
    names = set(files)
    return [imp for module, path in files.items() for imp in imports_of(module, path, names)]


def app_of(module: str) -> str:
    return module.split(".")[0]


def upward(imports: list[Import]) -> list[Import]:
    """Imports that point to an app above the importer, to a sibling of its level, or into the shell."""
    wrong = []
    for imp in imports:
        source, target = app_of(imp.source), app_of(imp.target)
        if source in (target, SHELL):
            continue
        if target == SHELL or LEVEL[target] >= LEVEL[source]:
            wrong.append(imp)
    return wrong


def cycles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module, or of one that imports itself (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set()).add(imp.target)
        graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:  # recursive: the module graph is a few hundred files deep at most
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_every_app_has_its_place():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(LEVEL), f"an app without a layer: {sorted(apps - set(LEVEL))} — add it to LAYERS"
    assert (ROOT / SHELL / "settings.py").is_file()


def test_no_import_points_up():
    wrong = upward(all_imports())
    assert not wrong, "imports against the layers (docs/architecture.md#layers):\n" + "\n".join(map(str, wrong))


def test_no_import_cycle_between_files():
    found = cycles(all_imports())
    assert not found, "import cycles between files:\n" + "\n".join(" ⇄ ".join(c) for c in found)


# --- the checker itself, on a small tree --------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_checker_sees_every_kind_of_upward_import(tmp_path):
    root = _tree(
        tmp_path,
        {
            "roadmap/__init__.py": "",
            "roadmap/models.py": "from django.db import models\n",
            "roadmap/lazy.py": "def f():\n    from dashboards import summary\n    return summary\n",
            "roadmap/plain.py": "import evaluations.models\n",
            "roadmap/relative.py": "from . import models\n",
            "roadmap/field.py": 'from django.db import models\nX = models.ForeignKey("areas.Indicator", on_delete=1)\n',
            "areas/__init__.py": "",
            "areas/models.py": "from roadmap.models import models\n",
            "evaluations/__init__.py": "",
            "evaluations/models.py": "from areas import models\n",
            "dashboards/__init__.py": "",
            "dashboards/summary.py": "from evaluations.models import *\n",
            "exports/__init__.py": "",
            "exports/views.py": "from api import views\n",
            "api/__init__.py": "",
            "api/views.py": "from exports.views import *\n",
            "evaluations/uses_shell.py": "from config.settings import DEBUG\n",
            "config/__init__.py": "",
            "config/settings.py": "from demo import x\n",
            "demo/__init__.py": "",
            "demo/x.py": "import roadmap, areas, dashboards\n",
        },
    )
    wrong = {(i.source, i.target, i.lazy) for i in upward(all_imports(root))}
    assert wrong == {
        ("roadmap.lazy", "dashboards.summary", True),
        ("roadmap.plain", "evaluations.models", False),
        ("roadmap.field", "areas.models", True),
        ("exports.views", "api.views", False),
        ("api.views", "exports.views", False),
        ("evaluations.uses_shell", "config.settings", False),
    }


def test_checker_finds_a_cycle_through_a_function_level_import(tmp_path):
    root = _tree(
        tmp_path,
        {
            "evaluations/__init__.py": "",
            "evaluations/services/__init__.py": "",
            "evaluations/services/reminders.py": "def f():\n    from evaluations.tasks.scheduled import t\n",
            "evaluations/services/scheduling.py": "from evaluations.services.reminders import f\n",
            "evaluations/tasks/__init__.py": "",
            "evaluations/tasks/scheduled.py": "from evaluations.services import scheduling\n",
            "evaluations/models.py": "from .services import reminders\n",
        },
    )
    assert cycles(all_imports(root)) == [
        ["evaluations.services.reminders", "evaluations.services.scheduling", "evaluations.tasks.scheduled"]
    ]
    # A package that re-exports its own module is no cycle; the module importing a sibling is none either.
    root = _tree(
        tmp_path / "ok",
        {
            "areas/__init__.py": "",
            "areas/selectors/__init__.py": "from areas.selectors.scores import a\n",
            "areas/selectors/scores.py": "from areas.selectors.cache import b\n",
            "areas/selectors/cache.py": "b = 1\n",
        },
    )
    assert cycles(all_imports(root)) == []
