"""The documentation builds with warnings as errors, and every code snippet in it runs.

- ``test_docs_build``: ``sphinx -W --keep-going -b html docs`` into a temporary
  directory. The build also runs every example of ``examples/`` for the gallery, renders
  the validation report from ``docs/validation/`` and regenerates the table of material
  sources, so a failing example, a failed validation check or a docstring that breaks
  the reST of the API reference fails here.
- ``test_snippets``: the code blocks of every Markdown page of ``docs/`` run, page by
  page, in document order, in a fresh process whose working directory is a temporary
  directory holding links to ``examples/`` and ``meshes/``: ```` ```python ```` blocks
  share one namespace, ```` ```bash ```` blocks run in bash (``-euo pipefail``), and
  other blocks whose first line is ``# file: NAME`` (or ``// file: NAME``) are written
  to that file first. Blocks marked ``console`` or ``text`` (installation commands,
  outputs) are not run. A page that starts with ``<!-- requires: mod1 mod2 -->`` is
  skipped while one of the modules cannot be imported.
- The validation records and ``CITATION.cff`` are consistent with the code.

The builds run in parallel subprocesses started once for the module.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nfdiff

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts
               and "_generated" not in p.parts)
#: Fenced blocks that run, by language.
RUN = ("python", "bash")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^\s`]*)")
_FILE = re.compile(r"^\s*(?:#|//)\s*file:\s*(\S+)\s*$")
_REQUIRES = re.compile(r"<!--\s*requires:\s*(.*?)\s*-->")
ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "MPLBACKEND": "Agg", "NFDIFF_PROGRESS": "0"}
TIMEOUT = 600


def blocks(path: Path) -> list[tuple[str, str, object]]:
    """The steps of a page: ``(kind, label, code)``, kind ``python``, ``bash`` or
    ``file`` (code is then ``(name, text)``), in document order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    steps, i = [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(1), m.group(2), i + 1
        j = start
        while j < len(lines) and not (lines[j].startswith(fence[0] * len(fence))
                                      and not lines[j].strip(fence[0]).strip()):
            j += 1
        body = lines[start:j]
        label = f"{where}:{start + 1}"
        if lang in RUN:
            steps.append((lang, label, "\n".join(body) + "\n"))
        elif body and (f := _FILE.match(body[0])):
            steps.append(("file", label, (f.group(1), "\n".join(body) + "\n")))
        i = j + 1
    return steps


def requirements(path: Path) -> list[str]:
    m = _REQUIRES.search(path.read_text(encoding="utf-8"))
    return m.group(1).split() if m else []


DRIVER = '''\
import subprocess
import sys
from pathlib import Path

STEPS = {steps!r}


def main():
    namespace = {{"__name__": "__main__"}}
    for kind, label, code in STEPS:
        print(f"--- {{label}} ({{kind}})", flush=True)
        if kind == "python":
            exec(compile(code, label, "exec"), namespace)
        elif kind == "bash":
            subprocess.run(["bash", "-euo", "pipefail", "-c", code], check=True)
        else:
            name, text = code
            Path(name).write_text(text, encoding="utf-8")
        sys.stdout.flush()


if __name__ == "__main__":  # Dask workers re-import this file: run once
    main()
'''


def _env() -> dict:
    env = dict(os.environ, **ENV)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run_page(path: Path, workdir: Path) -> subprocess.CompletedProcess:
    workdir.mkdir(parents=True)
    for name in ("examples", "meshes"):
        (workdir / name).symlink_to(ROOT / name, target_is_directory=True)
    driver = workdir / "_snippets.py"
    driver.write_text(DRIVER.format(steps=blocks(path)), encoding="utf-8")
    return subprocess.run([sys.executable, str(driver)], cwd=workdir, env=_env(),
                          capture_output=True, text=True, timeout=TIMEOUT)


def build(builder: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b",
                           builder, "-d", str(out / "doctrees"), str(DOCS),
                           str(out / builder)], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=TIMEOUT)


def _missing(modules: list[str]) -> list[str]:
    out = []
    for name in modules:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            out.append(name)
    return out


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Start the HTML build and every page's snippets at once (2 at a time); the tests
    wait for their own result."""
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    base = tmp_path_factory.mktemp("docs")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1))
    futures = {"build": pool.submit(build, "html", base / "build")}
    for page in PAGES:
        if blocks(page) and not _missing(requirements(page)):
            name = page.relative_to(DOCS).with_suffix("").as_posix()
            futures[name] = pool.submit(run_page, page, base / "pages" / name)
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def _report(proc: subprocess.CompletedProcess, tail: int = 6000) -> str:
    return f"exit status {proc.returncode}\n--- stdout\n{proc.stdout[-tail:]}\n" \
           f"--- stderr\n{proc.stderr[-tail:]}"


def test_docs_build(results):
    """Sphinx builds the site with warnings as errors (gallery, report and tables too)."""
    proc = results["build"].result()
    assert proc.returncode == 0, _report(proc)


@pytest.mark.parametrize("page", [p.relative_to(DOCS).with_suffix("").as_posix()
                                  for p in PAGES if blocks(p)])
def test_snippets(results, page):
    """Every ```python / ```bash block of the page runs, in order, without error."""
    missing = _missing(requirements(DOCS / f"{page}.md"))
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    proc = results[page].result()
    assert proc.returncode == 0, _report(proc)


def test_every_page_with_code_has_runnable_blocks():
    """Python and shell snippets are fenced as ``python``/``bash`` (run) or
    ``console``/``text`` (shown only): no ``py``, ``python3``, ``sh``, ``shell``."""
    unknown = []
    for page in PAGES:
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            m = _FENCE.match(line)
            if m and m.group(2) in ("py", "python3", "sh", "shell", "ipython", "pycon"):
                unknown.append(f"{page.relative_to(ROOT)}:{n}: {m.group(2)}")
    assert not unknown, unknown


def test_snippet_extraction(tmp_path):
    """The parser finds python, bash and file blocks and skips the rest."""
    page = textwrap.dedent('''\
        text
        ```python
        x = 1
        ```
        ```console
        $ pip install nfdiff
        ```
        ````toml
        # file: case.toml
        [device]
        ```
        ````
        ```bash
        echo hi
        ```
        ''')
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    steps = blocks(path)
    assert [s[0] for s in steps] == ["python", "file", "bash"]
    assert steps[0][2] == "x = 1\n"
    assert steps[1][2] == ("case.toml", "# file: case.toml\n[device]\n```\n")
    assert steps[2][1].endswith(":14")


def test_validation_records_belong_to_existing_tests():
    """Every record of docs/validation/checks.jsonl names a test that is collected."""
    records_path = DOCS / "validation" / "checks.jsonl"
    assert records_path.exists(), "run python docs/validation.py"
    records = [json.loads(line) for line in records_path.read_text().splitlines() if line]
    assert records and all(r["passed"] for r in records)
    files = sorted({r["test"].split("::")[0] for r in records})
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *files], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=TIMEOUT)
    collected = {line.strip() for line in proc.stdout.splitlines() if "::" in line}
    gone = sorted({r["test"] for r in records} - collected)
    assert not gone, f"records of tests that no longer exist (python docs/validation.py): {gone}"
    spec = importlib.util.spec_from_file_location("_validation", DOCS / "validation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = {p.relative_to(ROOT).as_posix() for p in module.validation_test_files()}
    assert set(files) == expected, "test files with checks but no records, or the reverse"


def test_relative_validation_checks_claim_only_their_relative_tolerance(monkeypatch):
    """A relative check has no absolute floor unless it states one: 1.7 % off a 5e-11
    Ohm m resistivity fails a 1e-9 check (pytest.approx's default abs=1e-12 passed it)."""
    from conftest import VALIDATION_ENV, Validation

    monkeypatch.delenv(VALIDATION_ENV, raising=False)
    probe = Validation("tests/test_docs.py::probe")
    with pytest.raises(AssertionError, match="within rel 1e-09"):
        probe.check("rho_trans", "probe", 5.45e-11, 5.36e-11, 1e-9, unit="Ohm m")
    with pytest.raises(AssertionError, match="within rel 1e-15"):
        probe.check("20 ueV", "probe", 0.0, 20 * nfdiff.units.ueV, 1e-15, unit="J")


def test_performance_page_cases_match_the_benchmark():
    """The performance page labels problem 1's cases with benchmarks/peers/problem.py's
    lambda and G lambda / sigma; its ratio table states issue 6's targets."""
    def load(name, path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    validation = load("_validation", DOCS / "validation.py")
    problem = load("_peers_problem", ROOT / "benchmarks" / "peers" / "problem.py")
    assert problem.CASES.keys() == validation.PEER_CASES.keys()
    for case, (lam, ratio) in problem.CASES.items():
        assert (lam * 1e6, ratio) == pytest.approx(validation.PEER_CASES[case], rel=1e-12)
    summary = json.loads((DOCS / "validation" / "performance" / "summary.json").read_text())
    assert summary["targets"] == {"peers_ngsolve": 1.0, "peers_fipy": 20.0,
                                  "nonlocal_lu": 3.0, "sweep": 1.8}


#: What the repository's files are: the package, its tests, examples, docs (sources and
#: data, not the build) and benchmarks, and the top-level documents.
CITING = ("nfdiff", "tests", "examples", "docs", "benchmarks", "README.md", "CHANGELOG.md")
#: The developers' design notes (the physics and API specifications) are not part of the
#: repository: a reader cannot follow a citation of them.
_DESIGN_NOTES = re.compile(r"\b(?:physics|api)\.md\b")
#: A citation of the docs: ``docs/<page>.md`` and, optionally, ``#<label>`` of a section.
_DOCS_CITATION = re.compile(r"docs/([\w/-]+\.md)(?!\.\w)(?:#([\w-]+))?")
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.MULTILINE)


def _repository_texts() -> dict[str, str]:
    """Every text file of :data:`CITING` (relative path -> text), without built docs."""
    paths = []
    for name in CITING:
        path = ROOT / name
        paths += [path] if path.is_file() else sorted(path.rglob("*"))
    texts = {}
    for path in paths:
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or {"_build", "_generated", "__pycache__"} & set(parts):
            continue
        try:
            texts[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, archives
            continue
    return texts


def test_nothing_cites_the_design_notes():
    """Docstrings, help texts, docs, tests and examples cite the repository's docs, never
    the developers' design notes, which are not part of it."""
    texts = _repository_texts()
    assert "nfdiff/interface.py" in texts and "docs/theory.md" in texts
    found = [f"{path}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
             for path, text in texts.items() for m in _DESIGN_NOTES.finditer(text)]
    assert not found, "citations of files outside the repository:\n" + "\n".join(found)


def test_every_docs_citation_names_a_page_and_a_label_of_it():
    """``docs/<page>.md#<label>`` (the citation style of docstrings, help texts and the
    validation report) names a page of docs/ and a label ``(label)=`` defined in it."""
    texts = _repository_texts()
    labels: dict[str, set[str]] = {}
    bad, cited = [], 0
    for path, text in texts.items():
        for m in _DOCS_CITATION.finditer(text):
            page, label = m.group(1), m.group(2)
            where = f"{path}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            if page not in labels:
                source = DOCS / page
                labels[page] = set(_LABEL.findall(source.read_text(encoding="utf-8"))) \
                    if source.is_file() else set()
                if not source.is_file():
                    bad.append(f"{where} (no page docs/{page})")
                    continue
            if label is not None:
                cited += 1
                if label not in labels[page]:
                    bad.append(f"{where} (no label ({label})= in docs/{page})")
    assert cited > 50, "the docstrings cite the docs by their labels"
    assert not bad, "citations of missing pages or sections:\n" + "\n".join(bad)


def test_docs_citation_pattern_of_the_report_and_of_the_api_pages():
    """The validation report and the Sphinx extension find citations with the same pattern
    as the test above, so that what this test checks is what they link."""
    ext = importlib.util.spec_from_file_location("_nfdiff_docs", DOCS / "_ext" / "nfdiff_docs.py")
    module = importlib.util.module_from_spec(ext)
    ext.loader.exec_module(module)
    text = "see docs/theory.md#theory-bulk, docs/materials.md#materials-derived."
    assert module._cite(text) == ("see :ref:`docs/theory.md#theory-bulk <theory-bulk>`, "
                                  ":ref:`docs/materials.md#materials-derived "
                                  "<materials-derived>`.")
    assert [m.group(2) for m in _DOCS_CITATION.finditer(text)] == ["theory-bulk",
                                                                  "materials-derived"]


def test_citation_file():
    """CITATION.cff parses, follows CFF 1.2 and carries the package version."""
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "license"):
        assert cff.get(key), key
    assert str(cff["version"]) == nfdiff.__version__
    assert any(r.get("doi") == "10.1103/PhysRevB.91.140402" for r in cff["references"])
