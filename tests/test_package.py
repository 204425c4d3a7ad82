"""Packaging: light import, public names, version, an import graph without cycles."""

import ast
import subprocess
import sys
from pathlib import Path

import nfdiff as nf


def test_import_does_not_pay_for_vtk_gmsh_meshio_or_matplotlib():
    code = ("import sys, nfdiff; "
            "print(sorted(m for m in ('vtk', 'pyvista', 'gmsh', 'matplotlib', 'dask', 'meshio') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_public_names():
    for name in ("NFInterface", "MagnonGas", "CondensationError", "ConvergenceError",
                 "NfdiffError", "ParameterError", "materials", "units"):
        assert hasattr(nf, name), name
    assert issubclass(nf.CondensationError, nf.NfdiffError)
    assert issubclass(nf.ParameterError, ValueError)
    assert nf.__version__


# ---- the import graph ------------------------------------------------------------------
PACKAGE = Path(nf.__file__).resolve().parent


def _modules() -> dict[str, tuple[Path, bool]]:
    """``{module name: (file, is a package)}`` of every module of nfdiff."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if package else parts)] = (path, package)
    return out


def _is_type_checking(node) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(name: str, path: Path, package: bool, modules, lazy: bool) -> set[str]:
    """The nfdiff modules that ``name`` imports: at module level (not under
    ``if TYPE_CHECKING``), and with ``lazy`` also inside functions and classes."""
    base = name if package else name.rpartition(".")[0]
    found = set()

    def add(module: str, names=()):
        for n in names:
            if f"{module}.{n}" in modules:  # from . import materials: the submodule
                found.add(f"{module}.{n}")
                break
        else:
            if module in modules:
                found.add(module)

    def visit(nodes, top: bool):
        for node in nodes:
            if _is_type_checking(node):
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    parent = base.split(".")[:len(base.split(".")) - node.level + 1]
                    module = ".".join(parent + ([module] if module else []))
                for alias in node.names:
                    add(module, [alias.name])
            nested = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            if nested and not lazy:
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    visit(children, top and not nested)

    visit(ast.parse(path.read_text(encoding="utf-8")).body, True)
    found.discard(name)
    return found


def _graph(lazy: bool) -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, package, modules, lazy)
            for name, (path, package) in modules.items()}


def test_no_import_cycle():
    """The nfdiff-internal imports at module level form no cycle (imports inside
    functions, made when they run, are exempt)."""
    graph = _graph(lazy=False)
    assert {"nfdiff.cli", "nfdiff.cli.run", "nfdiff.params"} <= set(graph)
    state: dict[str, int] = {}

    def visit(module, path):
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycle = path[path.index(other):] + [other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_only_the_command_line_imports_the_command_line():
    """The library never imports nfdiff.cli, not even inside a function (the CLI calls
    the library, not the reverse: the sweep reads units from the declarations)."""
    graph = _graph(lazy=True)
    users = {m for m, imported in graph.items() if any(i.startswith("nfdiff.cli")
                                                       for i in imported)}
    assert users and all(m.startswith("nfdiff.cli") for m in users), sorted(users)


def test_the_import_graph_sees_imports():
    """The analysis finds what it should (else the tests above would pass vacuously)."""
    graph = _graph(lazy=True)
    assert "nfdiff.params" in graph["nfdiff.materials._classes"]
    assert "nfdiff.materials" in graph["nfdiff.devices._common"]   # from .. import materials
    assert "nfdiff.sweep" in graph["nfdiff.cli.sweep"]              # lazy, in a function
    assert "nfdiff.sweep" not in _graph(lazy=False)["nfdiff.cli.sweep"]
