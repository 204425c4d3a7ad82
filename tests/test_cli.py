"""The command line: ``nfdiff run CASE.toml`` in-process, its help and its error messages.

A run writes observables (JSON) equal to calling the template directly, fields (VTU) that
meshio reads and a PNG figure. Every way a case file can be wrong gives exit status 2
and one line ``file:LINE: [table] key: message`` on stderr, never a traceback.
"""

import dataclasses
import functools
import inspect
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import meshio
import numpy as np
import pytest

import nfdiff as nf
from nfdiff import cli
from nfdiff.cli.case import _Locator

CASES = Path(__file__).resolve().parent.parent / "examples" / "cases"

SMR = """\
# 5 nm Pt on YIG
[device]
template = "smr_film"
thickness = "5 nm"
n = [0, 1, 0]
law = "elastic"

[materials.metal]
name = "Pt"
spin_hall_angle = 0.1

[solve]
current_density = 1e10
"""


def write(tmp_path, text, name="case.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def run(*args):
    return cli.main(["run", *map(str, args), "--quiet"])


# ---- a run ---------------------------------------------------------------------------
def test_run_writes_observables_fields_and_figure(tmp_path, capsys):
    case = write(tmp_path, SMR)
    out = tmp_path / "results"
    assert cli.main(["run", str(case), "--output", str(out)]) == 0
    printed = capsys.readouterr()
    assert "rho_long" in printed.out and "Ohm m" in printed.out and printed.err == ""

    record = json.loads((out / "case.json").read_text())
    direct = nf.devices.smr_film(metal=nf.materials.get("Pt").replace(spin_hall_angle=0.1),
                                 thickness=5e-9, n=(0, 1, 0), law="elastic")
    expected = direct.solve(current_density=1e10)
    for name in ("rho_long", "rho_trans", "E_x"):
        assert record["observables"][name] == pytest.approx(expected.observables[name],
                                                            rel=1e-12, abs=1e-300)
    assert record["units"]["rho_long"] == "Ohm m" and record["units"]["E_x"] == "V/m"
    assert record["newton"]["converged"] is True
    assert record["newton"]["iterations"] == expected.newton.iterations
    assert len(record["newton"]["residuals"]) == record["newton"]["iterations"] + 1
    assert record["inputs"]["device"]["thickness"] == 5e-9          # "5 nm" in SI
    assert record["inputs"]["materials"]["metal"]["overrides"] == {"spin_hall_angle": 0.1}
    assert record["inputs"]["materials"]["magnet"]["name"] == "YIG"  # the default, recorded

    mesh = meshio.read(out / "case.vtu")
    assert {"mu_x [J]", "mu_y [J]", "mu_z [J]", "phi [V]"} <= set(mesh.point_data)
    assert np.nanmax(np.abs(mesh.point_data["mu_y [J]"])) > 0
    png = out / "case_mu_s.png"                                  # smr_film's default figure
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert record["files"] == {"vtu": "case.vtu", "figure": "case_mu_s.png",
                               "json": "case.json"}


def test_output_table_and_directory_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    case = write(tmp_path, SMR + '[output]\ndirectory = "out"\nvtu = false\nfigure = false\n')
    assert run(case) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["case.json"]
    case = write(tmp_path, SMR, name="film.toml")   # no [output]: <case>_output here
    assert run(case) == 0
    assert (tmp_path / "film_output" / "film.vtu").is_file()


def test_2d_run_with_a_pyvista_figure(tmp_path):
    """nonlocal_strips on a coarse mesh: R_nl as from the template, a map rendered
    off-screen (pyvista)."""
    case = write(tmp_path, """\
[device]
template = "nonlocal_strips"
distance = "2 um"
extent = "4 um"
h_min = ["30 nm", "5 nm"]
h_max = ["500 nm", "100 nm"]
thermal = false

[solve]
current = "100 uA"
""")
    assert run(case, "-o", tmp_path / "out") == 0
    record = json.loads((tmp_path / "out" / "case.json").read_text())
    direct = nf.devices.nonlocal_strips(distance=2e-6, extent=4e-6, h_min=(30e-9, 5e-9),
                                        h_max=(500e-9, 100e-9),
                                        thermal=False).solve(current=100e-6)
    assert record["observables"]["R_nl"] == pytest.approx(direct.observables["R_nl"],
                                                          rel=1e-12, abs=0)
    assert record["units"]["R_nl"] == "Ohm" and record["units"]["V_det"] == "V"
    assert (tmp_path / "out" / "case_mu_m.png").stat().st_size > 10_000


@pytest.mark.parametrize("path", sorted(CASES.glob("*.toml")), ids=lambda p: p.name)
def test_example_cases_are_valid(path):
    """Every shipped case names real keys and values (checked and built, not solved)."""
    data, _ = cli.read_case(path)
    case = cli.check_case(data)
    assert cli.build(case) is not None


def test_example_smr_case_runs(tmp_path):
    assert run(CASES / "smr.toml", "-o", tmp_path) == 0
    record = json.loads((tmp_path / "smr.json").read_text())
    assert record["observables"]["rho_long"] > 0 and record["newton"]["converged"]


def test_a_failed_solve_exits_1(tmp_path, monkeypatch, capsys):
    @functools.wraps(nf.devices.SMRFilm.solve)  # keeps its declarations (params, units)
    def fail(self, current_density=1e10, *, rtol=1e-10, maxiter=40):
        raise nf.ConvergenceError("Newton's method stalled", 3, [1.0, 0.5, 0.4, 0.4])

    monkeypatch.setattr(nf.devices.SMRFilm, "solve", fail)
    assert run(write(tmp_path, SMR)) == 1
    err = capsys.readouterr().err
    assert "the solve failed" in err and "stalled" in err and "Traceback" not in err


# ---- writing the results: checked first, atomic, interruptible -------------------------
def _never_solve(monkeypatch):
    """Make smr_film's solve fail the test if it is called; returns the list of calls."""
    calls = []

    @functools.wraps(nf.devices.SMRFilm.solve)
    def solve(self, *args, **kwargs):
        calls.append(args)
        raise AssertionError("the solve must not run")

    monkeypatch.setattr(nf.devices.SMRFilm, "solve", solve)
    return calls


def _listed_files_exist(directory, stem="case"):
    record = json.loads((directory / f"{stem}.json").read_text())
    assert all((directory / name).is_file() for name in record["files"].values())
    return record


def test_an_unwritable_output_directory_is_refused_before_the_solve(tmp_path, monkeypatch,
                                                                       capsys):
    calls = _never_solve(monkeypatch)
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    case = write(tmp_path, SMR)
    start = time.process_time()
    assert run(case, "-o", blocker / "out") == 1
    elapsed = time.process_time() - start
    err = capsys.readouterr().err
    assert err == (f"{case}: cannot write to the output directory {blocker / 'out'}: "
                   "Not a directory\n")
    assert calls == [] and elapsed < 1.0


def test_a_directory_that_takes_no_file_is_refused_and_removed(tmp_path, monkeypatch, capsys):
    """As root every directory is writable: a failing test write stands for it."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    calls = _never_solve(monkeypatch)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    out = tmp_path / "new" / "deeper"
    assert run(write(tmp_path, SMR), "-o", out) == 1
    assert f"cannot write to the output directory {out}: Permission denied" in (
        capsys.readouterr().err)
    assert calls == [] and not (tmp_path / "new").exists()   # made for the run, removed


def test_a_full_disk_keeps_the_earlier_results(tmp_path, monkeypatch, capsys):
    """ENOSPC while writing the VTU: the earlier VTU and JSON stay, byte for byte, no
    partial file is left, and the error names the directory and the cause."""
    import errno

    import nfdiff.export

    out = tmp_path / "out"
    case = write(tmp_path, SMR)
    assert run(case, "-o", out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["case.json", "case.vtu", "case_mu_s.png"]

    def full_disk(sol, path):
        Path(path).write_bytes(b"<?xml version=")           # a truncated start
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(nfdiff.export, "save", full_disk)
    case.write_text(SMR.replace("1e10", "2e10"))
    assert run(case, "-o", out) == 1
    err = capsys.readouterr().err
    assert f"cannot write the results in {out}: [Errno 28] No space left on device" in err
    assert "the files there are unchanged" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before   # no partial file
    _listed_files_exist(out)

    fresh = tmp_path / "fresh"            # a first run on a full disk leaves nothing
    assert run(case, "-o", fresh) == 1
    assert not fresh.exists()


def test_the_json_is_written_last_and_lists_the_files_of_the_run(tmp_path):
    out = tmp_path / "out"
    case = write(tmp_path, SMR)
    assert run(case, "-o", out) == 0
    case.write_text(SMR + '[output]\nvtu = false\nfigure = "phi"\n')
    assert run(case, "-o", out) == 0
    record = _listed_files_exist(out)
    assert record["files"] == {"figure": "case_phi.png", "json": "case.json"}
    assert sorted(p.name for p in out.iterdir()) == [      # nothing temporary left
        "case.json", "case.vtu", "case_mu_s.png", "case_phi.png"]


@pytest.mark.parametrize("where", ["solve", "figure"])
def test_ctrl_c_exits_130_with_one_line(tmp_path, monkeypatch, capsys, where):
    import nfdiff.plotting

    out = tmp_path / "out"
    case = write(tmp_path, SMR)
    assert run(case, "-o", out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if where == "solve":
        monkeypatch.setattr(nf.devices.SMRFilm, "solve",
                            functools.wraps(nf.devices.SMRFilm.solve)(interrupt))
    else:
        monkeypatch.setattr(nfdiff.plotting, "plot", interrupt)
    capsys.readouterr()
    assert cli.main(["run", str(case), "-o", str(out)]) == 130
    captured = capsys.readouterr()
    assert captured.err == f"{case}: interrupted\n" and captured.out == ""
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    _listed_files_exist(out)


def test_ctrl_c_of_the_process(tmp_path):
    """A real SIGINT while nfdiff run solves: status 130, one line, no traceback."""
    import signal

    case = write(tmp_path, SMR.replace('"5 nm"', '"500 nm"') + "\n[output]\nvtu = false\n")
    proc = subprocess.Popen([sys.executable, "-c", "import time, nfdiff.devices as d; "
                             "solve = d.SMRFilm.solve\n"
                             "def slow(*a, **k):\n    print('solving', flush=True); "
                             "time.sleep(30)\n"
                             "d.SMRFilm.solve = __import__('functools').wraps(solve)(slow)\n"
                             "from nfdiff.cli import main; raise SystemExit(main(['run', "
                             f"{str(case)!r}, '-o', {str(tmp_path / 'out')!r}]))"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "solving\n"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == f"{case}: interrupted\n"
    assert not (tmp_path / "out").exists()


def test_x_range_of_the_case_file_reaches_the_figure(tmp_path, monkeypatch):
    import nfdiff.plotting

    seen = {}

    def record(sol, field, **kwargs):
        seen.update(kwargs, field=field)
        Path(kwargs["screenshot"]).write_bytes(b"png")

    monkeypatch.setattr(nfdiff.plotting, "plot", record)
    case = write(tmp_path, SMR + '[output]\nx_range = ["-3 um", 5e-6]\nz_range = "all"\n')
    assert run(case, "-o", tmp_path / "out") == 0
    assert seen["x_range"] == (-3e-6, 5e-6) and seen["z_range"] == "all"
    assert seen["units"] is None and seen["field"] == "mu_s"


# ---- help ------------------------------------------------------------------------------
ROLES = ("metal", "magnet", "substrate")


def _documented_keys():
    """Every key a case file may hold, from the signatures and dataclasses themselves."""
    keys = {"template", "name", "directory", "vtu", "xdmf", "figure", "figure_units",
            "x_range", "z_range"}
    for factory in cli.templates().values():
        params = inspect.signature(factory).parameters
        # materials are tables: [materials.metal]
        keys |= {p if p not in ROLES else f"[materials.{p}]" for p in params
                 if p not in ("interface", "strip_interfaces")}  # Python objects
        cls = inspect.signature(factory).return_annotation
        cls = factory.__globals__.get(cls, cls) if isinstance(cls, str) else cls
        if hasattr(cls, "solve"):       # "device" takes a Device object: not a TOML key
            keys |= {p for p in inspect.signature(cls.solve).parameters
                     if p not in ("self", "device")}
    for cls in (nf.materials.NormalMetal, nf.materials.MagneticInsulator,
                nf.materials.Dielectric, nf.materials.InterfaceParameters):
        keys |= {f.name for f in dataclasses.fields(cls)
                 if f.name not in ("name", "sources", "temperature_dependence")}
    return keys


def test_run_help_documents_every_key(capsys):
    assert cli.main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    assert "run" in text and "CASE" in text.upper()
    missing = [k for k in _documented_keys() if f" {k} " not in text and f" {k}\n" not in text]
    assert not missing, f"keys missing from nfdiff run --help: {missing}"
    for name in cli.templates():
        assert f"template = \"{name}\"" in text
    for table in ("[device]", "[materials.metal]", "[interface]", "[solve]", "[output]"):
        assert table in text
    assert "[A/m^2]" in text and "[Ohm m]" in text       # units of keys and observables


def test_help_gives_each_key_its_own_description(capsys):
    """One line per key (wrapped when long) with its unit, range, default and its own
    declared description, not one shared by a pair: h_min and h_max differ."""
    assert cli.main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    smr = text[text.index("smr_film:"):text.index("nonlocal_strips:")]
    assert re.search(r"^    thickness = 5e-9 +\[m\] > 0: Metal thickness d\.$", smr, re.M)
    assert re.search(r"^    growth = 1\.05 +\[1\] > 1: Largest size ratio", smr, re.M)
    assert re.search(r"^    law = \"elastic\" +\"nonlinear\" \| \"linear\" \| \"elastic\"", smr,
                     re.M)
    h_min = re.search(r"^    h_min +(.*)$", smr, re.M).group(1)
    h_max = re.search(r"^    h_max +(.*)$", smr, re.M).group(1)
    assert h_min != h_max and "Largest element" in h_max
    assert len(text.splitlines()) < 250
    assert max(len(line) for line in text.splitlines()) <= 100


def test_top_level_help_is_short_and_lists_the_templates(capsys):
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    assert len(text.splitlines()) < 40 and "nfdiff run --help" in text
    for name, factory in cli.templates().items():
        assert re.search(rf"^  {name} +{re.escape(factory.__doc__.splitlines()[0])}", text,
                         re.M)


def test_no_command_is_a_usage_error(capsys):
    assert cli.main([]) == 2
    assert "usage: nfdiff" in capsys.readouterr().err


def test_console_script():
    script = Path(sys.executable).with_name("nfdiff")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "nfdiff.cli"]
    done = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "smr_film" in done.stdout and "[solve]" in done.stdout


# ---- bad input -------------------------------------------------------------------------
BAD = {
    "unknown key": (SMR.replace("thickness =", "thicknes ="), 4,
                    "[device] thicknes: unknown key; valid keys: template, thickness"),
    "negative thickness": (SMR.replace('"5 nm"', "-5e-9"), 4,
                           "[device] thickness = -5e-09 m is invalid: must be finite and > 0"),
    "unit of another quantity": (SMR.replace('"5 nm"', '"5 K"'), 4,
                                 "[device] thickness: unit 'K' is not a unit of m"),
    "number without unit in quotes": (SMR.replace('"5 nm"', '"5"'), 4,
                                      "[device] thickness: '5' has no unit"),
    "bad choice": (SMR.replace('"elastic"', '"quadratic"'), 6, "[device] law = 'quadratic'"),
    "unknown template": (SMR.replace('"smr_film"', '"smr"'), 3,
                         "[device] template: 'smr' is not a template; templates:"),
    "no template": (SMR.replace('template = "smr_film"\n', ""), 2,
                    "[device] template: required key is missing"),
    "unknown table": (SMR + "\n[devcie]\nx = 1\n", 15,
                      "[devcie]: unknown table; valid tables: device, materials"),
    "unknown material": (SMR.replace('name = "Pt"', 'name = "Platinum"'), 9,
                         "[materials.metal] name: unknown material 'Platinum'; known materials"),
    "material of the wrong kind": (SMR.replace('name = "Pt"', 'name = "YIG"'), 9,
                                   "[materials.metal] name: YIG is a MagneticInsulator; metal "
                                   "takes a NormalMetal: Pt, Ta, W, Cu"),
    "unknown material role": (SMR + '\n[materials.substrate]\nname = "GGG"\n', 15,
                              "[materials.substrate]: smr_film takes no material 'substrate'"),
    "material value out of range": (SMR.replace("= 0.1", "= 2"), 10,
                                    "[materials.metal] spin_hall_angle = 2"),
    "unknown material parameter": (SMR.replace("spin_hall_angle", "hall_angle"), 10,
                                   "[materials.metal] hall_angle: unknown key; valid keys: "
                                   "name, conductivity"),
    "inline material table": (SMR.replace('[materials.metal]\nname = "Pt"\nspin_hall_angle '
                                          '= 0.1', '[materials]\nmetal = { name = "Pt", '
                                          'spin_hall_angle = -3 }'), 9,
                              "[materials.metal] spin_hall_angle = -3"),
    "interface without g_r": (SMR + "\n[interface]\ng_i = 1e18\n", 15,
                              "[interface] g_r: required key is missing"),
    "bad interface value": (SMR + "\n[interface]\ng_r = -1e19\n", 16, "[interface] g_r = -1e"),
    "unknown solve key": (SMR.replace("current_density", "current"), 13,
                          "[solve] current: unknown key; valid keys: current_density"),
    "bad solve value (found while solving)": (SMR.replace("= 1e10", "= 0"), 13,
                                              "[solve] current_density = 0"),
    "bad figure": (SMR + '\n[output]\nfigure = "mu"\n', 16,
                   "[output] figure: 'mu' is not a field"),
    "figure of a field the device lacks": (SMR + '\n[output]\nfigure = "mu_m"\n', 16,
                                           "[output] figure: field = 'mu_m' is invalid: "
                                           "must be one of ['mu_x'"),
    "figure unit of another quantity": (SMR + '\n[output]\nfigure_units = "mK"\n', 16,
                                        "[output] figure_units: 'mK' is not a unit of mu_s "
                                        "[J]; units: J, eV"),
    "x_range not a pair": (SMR + '\n[output]\nx_range = "1 um"\n', 16,
                           '[output] x_range: must be "all" or a pair'),
    "x_range without unit": (SMR + '\n[output]\nx_range = ["1", "2 um"]\n', 16,
                             "[output] x_range: '1' has no unit"),
    "x_range decreasing": (SMR + '\n[output]\nz_range = ["2 um", "1 um"]\n', 16,
                           "[output] z_range: ['2 um', '1 um']: the first value must be "
                           "below the second"),
    "keys outside a table": ("thickness = 5e-9\n" + SMR, 1,
                             "thickness: unknown table; valid tables"),
    "TOML syntax error": (SMR.replace("n = [0, 1, 0]", "n = [0, 1, 0"), 6,
                          "TOML syntax error"),
}


@pytest.mark.parametrize(("text", "line", "message"), BAD.values(), ids=BAD.keys())
def test_bad_case_names_line_table_and_key(tmp_path, capsys, text, line, message):
    case = write(tmp_path, text)
    assert run(case, "-o", tmp_path / "out") == 2
    err = capsys.readouterr().err
    prefix = f"{case}:{line}:" if line is not None else f"{case}: "
    assert err.startswith(prefix), err
    assert message in err, err
    assert "Traceback" not in err and err.count("\n") == 1


def test_syntax_error_has_line_and_column(tmp_path, capsys):
    case = write(tmp_path, SMR.replace("law = ", "law = = "))
    assert run(case) == 2
    assert capsys.readouterr().err.startswith(f"{case}:6:7: TOML syntax error: ")


@pytest.mark.parametrize(("name", "message"), [
    ("missing.toml", "missing.toml: no such file"),
    (".", ".: is a directory"),
])
def test_missing_file(tmp_path, monkeypatch, capsys, name, message):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", name]) == 2
    assert capsys.readouterr().err.strip().startswith(message)


def test_traceback_flag_shows_the_error(tmp_path):
    case = write(tmp_path, SMR.replace("thickness =", "thicknes ="))
    with pytest.raises(cli.CaseError, match="unknown key"):
        cli.main(["run", str(case), "--traceback"])


# ---- pieces ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "unit", "value"), [
    ("10 nm", "m", 1e-8),
    ("1.5nm", "m", 1.5e-9),
    ("2 um", "m", 2e-6),
    ("2 µm", "m", 2e-6),
    ("1 cm", "m", 1e-2),
    ("100 uA", "A", 1e-4),
    ("300 K", "K", 300.0),
    ("-5 mK", "K", -5e-3),
    ("1 MA/cm^2", "A/m^2", 1e10),
    ("1e10 A / m^2", "A/m^2", 1e10),
    ("20 ueV", "J", 20 * nf.units.ueV),
    ("5 W/(m K)", "W/(m K)", 5.0),
])
def test_quantities(text, unit, value):
    assert cli.parse_quantity(text, unit) == pytest.approx(value, rel=1e-15, abs=0)


@pytest.mark.parametrize(("text", "unit", "match"), [
    ("10 K", "m", "not a unit of m"),
    ("10", "m", "has no unit"),
    ("ten nm", "m", "not a number with a unit"),
    ("10 nm m", "m", "not a unit of m"),
    ("1 mA/cm^2", "A/m^2", "not a unit of A/m^2"),
])
def test_bad_quantities(text, unit, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        cli.parse_quantity(text, unit)


def test_locator_finds_keys_in_their_tables():
    loc = _Locator("""\
a = 1
[device]   # comment
template = "x"
[ materials . metal ]
name = "Pt"
[materials]
magnet.name = "YIG"
"quoted key" = 2
substrate = { name = "GGG" }
""")
    assert loc.line(("a",)) == 1
    assert loc.line(("device", "template")) == 3
    assert loc.line(("device", "thickness")) == 2       # not written: its table
    assert loc.line(("materials", "metal", "name")) == 5
    assert loc.line(("materials", "magnet", "name")) == 7
    assert loc.line(("materials", "quoted key")) == 8
    assert loc.line(("materials", "substrate", "name")) == 9
    assert loc.line(("solve", "current")) is None
