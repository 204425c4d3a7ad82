"""Sphinx extension of the nfdiff documentation: the pages generated at build time.

Everything goes to ``docs/_generated/`` (not version-controlled) when the builder starts:

- ``gallery/<example>.rst`` and ``gallery_summary.rst.inc``: every ``examples/*.py`` found at
  build time is run with ``--out-dir`` (and ``--quick`` where it has that option), in
  parallel subprocesses; its page shows the module docstring, the figures it wrote, its
  printed output, download links for its VTU files and its source. A run is reused while
  neither the example nor the package has changed (``.stamp`` holds the hash). A failing
  example is a build warning (an error with ``-W``).
- ``cli_*.txt``: ``nfdiff run --help`` (and ``nfdiff sweep --help`` when the command
  exists), the complete case-file reference.
- ``api_<module>.rst``: the API of modules being written (:mod:`nfdiff.sweep`,
  :mod:`nfdiff.dynamics`) once they exist (a note meanwhile, for the sweep);
  ``sweep_note.md.inc`` and ``cli_sweep.md.inc``: the same for the how-to pages.
- ``validation.md.inc`` and its figures: the validation report rendered from the data in
  ``docs/validation/`` (``python docs/validation.py`` writes it).

When ``materials.md`` is read, the block between its ``BEGIN sources_table`` and
``END sources_table`` markers is replaced by :func:`nfdiff.materials.sources_table`, so
the built table always shows the values and sources of the code being documented.

Docstrings (API reference and gallery) are plain-text friendly: an indented block after
a plain paragraph (an equation) is shown as a literal block, ``|x|`` outside literals
is an absolute value, not a reST substitution, and a citation ``docs/<page>.md#<label>``
(the way nfdiff's docstrings cite these docs) is a link to that section; so is a
citation in the table of material sources.
"""

from __future__ import annotations

import ast
import concurrent.futures
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

GENERATED = "_generated"
#: ``NFDIFF_DOCS_GALLERY=keep`` reuses the figures of earlier runs even when the package
#: changed (for quick local rebuilds of the text); the default re-runs what changed.
GALLERY_ENV = "NFDIFF_DOCS_GALLERY"
#: Seconds an example may run before the build gives up on it.
EXAMPLE_TIMEOUT = 600
#: Environment of the subprocesses: one BLAS thread each (they run in parallel), no
#: display, no progress bars.
SUBPROCESS_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                  "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "NFDIFF_PROGRESS": "0",
                  "COLUMNS": "100", "PYTHONHASHSEED": "0"}


def _env(root: Path) -> dict:
    env = dict(os.environ, **SUBPROCESS_ENV)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH")) if p)
    return env


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (keeps Sphinx's cache valid)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Gallery
# ---------------------------------------------------------------------------------------


def _escape_rst(text: str) -> str:
    """Text as reST with ``|`` escaped outside literals, so that ``|R2|`` or ``|mu_s|``
    (an absolute value, not a substitution) renders as written, and every citation
    ``docs/<page>.md#<label>`` a link to that section (:data:`CITATION`). Inline
    literals, literal blocks (after ``::``) and doctest blocks (``>>>`` to the next blank
    line) are left alone."""
    return "\n".join(_escape_lines(text.splitlines()))


#: How docstrings cite a section of these docs: ``docs/theory.md#theory-bulk`` (a page and
#: the label of one of its sections; ``tests/test_docs.py`` checks that both exist).
CITATION = re.compile(r"docs/[\w/-]+\.md#([\w-]+)")


def _cite(text: str) -> str:
    """Every ``docs/<page>.md#<label>`` in ``text`` as a reST link to the section."""
    return CITATION.sub(lambda m: f":ref:`{m.group(0)} <{m.group(1)}>`", text)


def _escape_lines(lines: list[str]) -> list[str]:
    out, in_block, block_indent, in_doctest, in_literal = [], False, 0, False, False
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if in_block and stripped and indent <= block_indent:
            in_block = False
        if stripped.startswith(">>>"):
            in_doctest = True
        elif not stripped:
            in_doctest = in_literal = False  # an inline literal ends with its paragraph
        if in_block or in_doctest or not stripped:
            out.append(line)
        else:
            parts = line.split("``")  # inline literals may span lines
            for k, part in enumerate(parts):
                if not in_literal:
                    parts[k] = _cite(re.sub(r"(?<!\\)\|", r"\\|", part))
                if k < len(parts) - 1:
                    in_literal = not in_literal
            out.append("``".join(parts))
        if stripped.endswith("::") and not in_block:
            in_block, block_indent = True, indent
    return out


#: Lines at which an indented block is reST markup, not an equation (directives, list
#: items, fields, doctests, line blocks).
_MARKUP = re.compile(r"(\.\. |[*+-] |\d+[.)] |#\. |:[\w ]+:|>>>|\| )")


def _literal_blocks(lines: list[str]) -> list[str]:
    """An indented block after a plain paragraph becomes a literal block.

    nfdiff's docstrings write equations as indented plain text after a paragraph (as
    docs/theory.md does); in reST that is a block quote, in which a further indented line
    (a continued equation) is an error. Such blocks are shown verbatim instead: a
    ``::`` line is inserted before them. Blocks after ``::``, directives, list items
    and fields are left alone.
    """
    out: list[str] = []
    prev, blank = None, False
    for line in lines:
        stripped = line.strip()
        if (stripped and line[0].isspace() and blank and prev is not None
                and not prev[0].isspace() and not prev.rstrip().endswith("::")
                and not _MARKUP.match(prev)):
            out += ["::", ""]
        out.append(line)
        if stripped:
            prev, blank = line, False
        else:
            blank = True
    return out


def _plain_text_to_rst(lines: list[str]) -> list[str]:
    """Equations as literal blocks, then ``|x|`` escaped outside literals."""
    return _escape_lines(_literal_blocks(lines))


def process_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    """``autodoc-process-docstring``, after napoleon: :func:`_plain_text_to_rst`."""
    lines[:] = _plain_text_to_rst(lines)


def _example_hash(script: Path, root: Path) -> str:
    digest = hashlib.sha256(script.read_bytes())
    for path in sorted((root / "nfdiff").rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _command(script: Path, out_dir: Path) -> list[str]:
    source = script.read_text(encoding="utf-8")
    cmd = [sys.executable, str(script)]
    if '"--out-dir"' in source:
        cmd += ["--out-dir", str(out_dir)]
    if '"--quick"' in source:
        cmd.append("--quick")
    return cmd


def _run_example(script: Path, out_dir: Path, root: Path) -> tuple[bool, str, float]:
    """Run one example unless its stamp is current: (ok, message, seconds)."""
    stamp = out_dir / ".stamp"
    key = _example_hash(script, root)
    done = stamp.exists() and (out_dir / "output.txt").exists()
    if done and (stamp.read_text() == key or os.environ.get(GALLERY_ENV) == "keep"):
        return True, "up to date", 0.0
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        if old.is_file():
            old.unlink()
    start = time.perf_counter()
    try:
        proc = subprocess.run(_command(script, out_dir), cwd=out_dir, env=_env(root),
                              capture_output=True, text=True, timeout=EXAMPLE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {EXAMPLE_TIMEOUT} s", EXAMPLE_TIMEOUT
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return False, f"exit status {proc.returncode}:\n{proc.stderr[-3000:]}", seconds
    (out_dir / "output.txt").write_text(proc.stdout, encoding="utf-8")
    (out_dir / "seconds.txt").write_text(f"{seconds:.1f}\n")
    stamp.write_text(key)
    return True, f"ran in {seconds:.1f} s", seconds


def _docstring(script: Path) -> tuple[str, str]:
    """(title, body) of a script's module docstring."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    title, _, body = doc.partition("\n")
    return title.strip().rstrip("."), body.strip("\n")


def _gallery_page(script: Path, out_dir: Path) -> str:
    name = script.stem
    title, body = _docstring(script)
    quick = "--quick" in _command(script, out_dir)
    lines = [f".. _gallery-{name}:", "", title, "=" * len(title), "",
             "\n".join(_plain_text_to_rst(body.splitlines())), "", "Run it",
             "------", "",
             "From the repository root (it writes its files into the current directory)::",
             "", f"    python examples/{name}.py"]
    if quick:
        lines.append(f"    python examples/{name}.py --quick   # coarse: what this page shows")
    lines.append("")
    seconds = (out_dir / "seconds.txt").read_text().strip() \
        if (out_dir / "seconds.txt").exists() else "?"
    what = "with ``--quick``" if quick else "as is"
    lines += [f"The figures and the output below come from running it {what} when these "
              f"pages were built ({seconds} s on the build machine).", ""]
    images = sorted(out_dir.glob("*.png"))
    if images:
        lines += ["Figures", "-------", ""]
        for img in images:
            lines += [f".. figure:: {name}/{img.name}", "   :width: 100%", "",
                      f"   ``{img.name}``", ""]
    text = (out_dir / "output.txt").read_text(encoding="utf-8").rstrip()
    if text:
        lines += ["Output", "------", "", ".. code-block:: text", ""]
        lines += [f"   {line}" if line.strip() else "" for line in text.splitlines()]
        lines.append("")
    files = sorted(p for p in out_dir.iterdir()
                   if p.suffix in (".vtu", ".xdmf", ".h5", ".json", ".csv", ".nc"))
    if files:
        lines += ["Files", "-----", "",
                  "Open the VTU files in ParaView (:doc:`/getting_started`); "
                  "point data hold every field.", ""]
        lines += [f"- :download:`{p.name} <{name}/{p.name}>`" for p in files]
        lines.append("")
    lines += ["Source", "------", "", f".. literalinclude:: ../../../examples/{name}.py",
              "   :language: python", ""]
    return "\n".join(lines)


def generate_gallery(root: Path, out: Path) -> None:
    scripts = sorted((root / "examples").glob("*.py"))
    gallery = out / "gallery"
    gallery.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(len(scripts), os.cpu_count() or 1))
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_example, s, gallery / s.stem, root): s for s in scripts}
        results = {futures[f]: f.result() for f in concurrent.futures.as_completed(futures)}
    ok_scripts = []
    for script in scripts:
        ok, message, _ = results[script]
        if ok:
            logger.info(f"gallery: {script.name} {message}")
            ok_scripts.append(script)
        else:
            logger.warning(f"gallery: examples/{script.name} failed ({message})")
    logger.info(f"gallery: {len(scripts)} examples in {time.perf_counter() - start:.1f} s")
    names = {s.stem for s in ok_scripts}
    for page in gallery.glob("*.rst"):
        if page.stem not in names:
            page.unlink()
    summary = []
    for script in ok_scripts:
        name = script.stem
        write_if_changed(gallery / f"{name}.rst", _gallery_page(script, gallery / name))
        title, body = _docstring(script)
        first = " ".join(body.split("\n\n")[0].split())
        if first.endswith("::"):  # the literal block it introduces is not shown here
            first = first[:-1]
        summary += [f":doc:`{title} <_generated/gallery/{name}>`",
                    f"    ``examples/{name}.py``. {_escape_rst(first)}", ""]
        images = sorted((gallery / name).glob("*.png"))
        if images:
            summary += [f"    .. image:: _generated/gallery/{name}/{images[0].name}",
                        "       :width: 60%", f"       :target: _generated/gallery/{name}.html",
                        ""]
    write_if_changed(out / "gallery_summary.rst.inc", "\n".join(summary) + "\n")


# ---------------------------------------------------------------------------------------
# Command line help, sweep API
# ---------------------------------------------------------------------------------------


def generate_cli_help(root: Path, out: Path) -> None:
    """``nfdiff run --help`` and, when the command exists, ``nfdiff sweep --help``."""
    sweep_help = None
    for command in ("run", "sweep"):
        proc = subprocess.run([sys.executable, "-m", "nfdiff.cli", command, "--help"],
                              cwd=root, env=_env(root), capture_output=True, text=True,
                              timeout=120)
        if proc.returncode == 0:
            write_if_changed(out / f"cli_{command}_help.txt",
                             f"$ nfdiff {command} --help\n{proc.stdout}")
            if command == "sweep":
                sweep_help = proc.stdout
        elif command == "run":
            logger.warning(f"nfdiff run --help failed: {proc.stderr[-2000:]}")
    if sweep_help is not None:
        text = ("## Sweeps: `nfdiff sweep`\n\n`nfdiff sweep CASE.toml` runs a sweep described "
                "in a case file ({doc}`/howto/sweeps`). Its help, generated when these pages "
                "were built:\n\n```{literalinclude} /_generated/cli_sweep_help.txt\n"
                ":language: text\n```\n")
    else:
        text = ("## Sweeps: `nfdiff sweep`\n\n```{note}\n`nfdiff sweep CASE.toml` (a sweep "
                "from a case file) is not in this version of nfdiff yet: it is being "
                "written. Sweeps run from Python meanwhile ({doc}`/howto/sweeps`).\n```\n")
    write_if_changed(out / "cli_sweep.md.inc", text)


#: Public modules that may not exist yet: module -> note shown while it is missing
#: (None: no page at all until it exists).
OPTIONAL_MODULES = {
    "sweep": ("``nf.sweep`` is not part of this version of nfdiff yet: it is being\n"
              "   written. Its interface is fixed by the design and described in\n"
              "   :doc:`/howto/sweeps`; this page shows its reference once it is in."),
    "dynamics": None,
}


def generate_optional_api(out: Path) -> None:
    """``api_<module>.rst`` for modules being written (sweep, dynamics)."""
    for name, note in OPTIONAL_MODULES.items():
        title = f"nfdiff.{name}\n{'=' * (len(name) + 7)}\n\n"
        path = out / f"api_{name}.rst"
        if importlib.util.find_spec(f"nfdiff.{name}") is not None:
            write_if_changed(path, f"{title}.. automodule:: nfdiff.{name}\n   :members:\n")
        elif note is not None:
            write_if_changed(path, f"{title}.. note::\n\n   {note}\n")
        elif path.exists():
            path.unlink()
    exists = importlib.util.find_spec("nfdiff.sweep") is not None
    write_if_changed(out / "sweep_note.md.inc", "" if exists else (
        "```{note}\n`nf.sweep` is not part of this version of nfdiff yet: it is being "
        "written. This page documents the interface fixed by its design; its snippets "
        "run once it is in.\n```\n"))


def generate_validation(root: Path, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("_nfdiff_validation",
                                                  root / "docs" / "validation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    problems = module.render(root / "docs" / "validation", out, "validation.md.inc")
    problems += module.render_performance(root / "docs" / "validation" / "performance", out)
    for problem in problems:
        logger.warning(f"validation report: {problem}")


# ---------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------


def generate(app) -> None:
    srcdir = Path(app.srcdir)
    root = srcdir.parent
    out = srcdir / GENERATED
    out.mkdir(exist_ok=True)
    generate_cli_help(root, out)
    generate_optional_api(out)
    generate_validation(root, out)
    generate_gallery(root, out)


_BEGIN = re.compile(r"<!-- BEGIN sources_table[^>]*-->")
_END = "<!-- END sources_table -->"


def materials_table(app, docname: str, source: list[str]) -> None:
    """Replace the generated block of materials.md by the table of this nfdiff."""
    if docname != "materials":
        return
    from nfdiff.materials import sources_table

    text = source[0]
    begin = _BEGIN.search(text)
    end = text.find(_END)
    if begin is None or end < begin.end():
        logger.warning("materials.md: no 'BEGIN sources_table' ... 'END sources_table' block")
        return
    table = CITATION.sub(lambda m: f"{{ref}}`{m.group(0)} <{m.group(1)}>`", sources_table())
    source[0] = text[:begin.end()] + "\n" + table + text[end:]


def setup(app):
    app.connect("builder-inited", generate)
    app.connect("source-read", materials_table)
    app.connect("autodoc-process-docstring", process_docstring, priority=600)  # after napoleon
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
