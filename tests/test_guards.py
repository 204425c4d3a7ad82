"""Guards of a solve: solver options, the domain of the model, the drive named in
every error that a too strong drive causes, the size of a mesh refused before it is
made (a length without its unit), and warnings for lengths and currents far outside a
device's."""

from __future__ import annotations

import runpy
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import nfdiff as nf
from nfdiff.errors import NfdiffWarning, StateError

YIG = nf.materials.get("YIG")


@pytest.fixture(scope="module")
def small():
    return nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6)


@pytest.mark.parametrize("rtol", [float("nan"), float("inf"), 1e300, 0.0, -1e-8, 1.0,
                                  [1e-10], "1e-10"])
def test_rtol_must_be_a_number_in_0_1(small, rtol):
    with pytest.raises(nf.ParameterError) as info:
        small.solve(current=50e-6, rtol=rtol)
    assert info.value.name == "rtol"


@pytest.mark.parametrize("maxiter", [0, -3, 2.5, "10", True, None])
def test_maxiter_must_be_a_positive_integer(small, maxiter):
    with pytest.raises(nf.ParameterError) as info:
        small.solve(current=50e-6, maxiter=maxiter)
    assert info.value.name == "maxiter"


def test_numpy_integers_are_fine_for_maxiter(small):
    assert small.solve(current=10e-6, maxiter=np.int64(30)).newton.converged


def test_a_bath_at_or_above_the_curie_temperature_is_refused():
    tc = YIG.curie_temperature
    for T in (tc, tc + 1.0, 1e6):
        with pytest.raises(nf.ParameterError, match="Curie temperature") as info:
            nf.devices.nonlocal_strips(temperature=T).device()
        assert info.value.name == "temperature"
    with pytest.warns(NfdiffWarning, match="outside .*-300 K"):  # beyond YIG's data
        nf.devices.nonlocal_strips(temperature=tc - 1.0, thermal=False).device()  # ordered


def test_a_drive_that_overheats_names_the_drive_and_the_threshold(small):
    """50 A instead of 50 uA: Joule heating takes the magnet past its Curie temperature
    long before the drive is reached (the linear law: no gap to stop at first); the error
    says where, what and under which drive (after the warning on the current density)."""
    with pytest.raises(StateError) as info, pytest.warns(NfdiffWarning, match="amperes"):
        small.replace(law="linear").solve(current=50.0)
    err = info.value
    assert err.field in ("T_m", "T_p") and err.region == "film"
    assert err.bounds == (0.0, YIG.curie_temperature)
    assert err.value >= YIG.curie_temperature
    assert "current={'A': 50.0}" in str(err) and "continuation" in str(err)


def test_states_outside_the_bounds_are_not_admissible(small):
    """The admissibility check of the system: a temperature below 0 K, or one at the
    Curie temperature of the magnet, makes the state inadmissible; equilibrium is fine."""
    problem = nf.problem.Problem(small.device())
    x = np.zeros(problem.size)
    assert problem.admissible(x) is None
    in_film = problem._region_dofs("film")  # T_p also lives in the GGG, which has no T_C
    hot = x.copy()
    hot[problem.gidx["T_p"][in_film[0]]] = (YIG.curie_temperature - 300.0) / problem.scale["T_p"]
    err = problem.admissible(hot)
    assert isinstance(err, StateError) and err.field == "T_p"
    T_e = problem.gidx["T_e"][problem.field_dofs["T_e"]]
    cold = x.copy()
    cold[T_e[3]] = -1.0  # T = 0 K in scaled units (T0 + dT with dT = -T0)
    err = problem.admissible(cold)
    assert isinstance(err, StateError) and err.field == "T_e" and err.value == 0.0


def test_the_linear_law_warns_past_the_gap_and_the_nonlinear_law_stops():
    """The linear law has no gap limit of its own: past the gap it warns (region, point,
    value); the nonlinear law raises CondensationError there."""
    low = YIG.replace(gap=YIG.gap / 20)
    dev = nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6, thermal=False,
                                     law="linear", magnet=low)
    with pytest.warns(NfdiffWarning, match=r"x the magnon gap .* in film at") as record:
        sol = dev.solve(current=-100e-6)
    p = sol.problem
    ratio = p.gap_ratio(p.to_fields(sol.x)[0])[0]
    assert ratio > 1 and f"{ratio:.3g} x the magnon gap" in str(record[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dev.solve(current=-1e-6)  # below the gap: no warning
    with pytest.raises(nf.CondensationError, match=r"current=\{'A': -0.0001\}"):
        dev.replace(law="nonlinear").solve(current=-100e-6)


def test_a_zero_gap_is_refused_with_a_gap_limited_law():
    """The nonlinear law needs mu_m < gap; mu_m = 0 in equilibrium: gap = 0 cannot start."""
    gapless = nf.materials.get("YIG").replace(gap=0.0)
    t = time.process_time()
    with pytest.raises(nf.ParameterError, match=r"materials\['film'\]\.gap = 0.0 J .*"
                                                r"'nonlinear' law") as info:
        nf.devices.nonlocal_strips(magnet=gapless, thermal=False).solve(50e-6)
    assert time.process_time() - t < 1.0 and info.value.name == "materials['film'].gap"
    nf.devices.nonlocal_strips(magnet=gapless, thermal=False, law="linear").device()


def test_a_voltage_along_a_direction_without_current_is_refused(small):
    sol = small.replace(thermal=False).solve(current=10e-6)
    with pytest.raises(nf.ParameterError, match=r"one of \('y',\)") as info:
        sol.voltage("B", direction="z")
    assert info.value.name == "direction"
    assert sol.voltage("B", direction="y") == sol.voltage("B")


# ---- a length without its unit: refused before anything is meshed --------------------
def _refused(make, name):
    """The ParameterError of ``make()`` (a construction and solve), which must name
    ``name`` and come in well under a second (no mesh is made: meshing these would take
    gigabytes)."""
    t0 = time.process_time()
    with pytest.raises(nf.ParameterError) as info:
        make()
    elapsed = time.process_time() - t0
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert info.value.name == name, str(info.value)
    assert "lengths are in metres" in str(info.value)
    return str(info.value)


@pytest.mark.parametrize(("make", "name", "meant"), [
    (lambda: nf.devices.nonlocal_strips(distance=5).solve(), "distance", "5e-6"),
    (lambda: nf.devices.nonlocal_strips(film_thickness=200).solve(), "film_thickness",
     "2e-7"),
    (lambda: nf.devices.nonlocal_strips(strip_thickness=10).solve(), "strip_thickness",
     "1e-8"),
    (lambda: nf.devices.nonlocal_strips(substrate_thickness=500).solve(),
     "substrate_thickness", "5e-4"),
    (lambda: nf.devices.smr_film(thickness=5).solve(), "thickness", "5e-9"),
    (lambda: nf.devices.lsse_stack(thicknesses=(200, 1e-6, 500e-6)).solve(),
     "thicknesses[0]", "2e-7"),
    (lambda: nf.devices.lsse_stack(thicknesses=(10e-9, 200, 500e-6)).solve(),
     "thicknesses[1]", "2e-4"),
    (lambda: nf.devices.spin_peltier(thicknesses=(5, 1e-6, 500e-6)).solve(),
     "thicknesses[0]", "5e-9"),
])
def test_a_length_without_its_unit_is_refused_at_once(make, name, meant):
    message = _refused(make, name)
    assert f"(did you mean {meant}?)" in message


def test_the_message_says_what_the_mesh_would_be():
    """The node count (1D, and a 2D grid) or the aspect ratio of the elements (2D: the
    graded grid stays small but its cells become metres by 0.1 nm, past what double
    precision resolves: 1/sqrt(eps) = 6.7e7), from the same sizes the mesh would take."""
    film = nf.devices.smr_film
    message = _refused(lambda: film(thickness=5), "thickness")
    lam = film().metal.spin_diffusion_length
    count = nf.mesh.graded_count([0.0, 5.0], min(lam / 24, 5 / 16), lam / 2, 1.05) + 1
    assert count > 1e9 and f"~{count:.1e} nodes (more than 1e+06)" in message
    message = _refused(lambda: nf.devices.nonlocal_strips(distance=5), "distance")
    # the default sizes: hx_max a quarter of the half-extent (the outer strip edge plus
    # ten stack thicknesses, thermally), hz_min = min(lambda/16, t/8) at the strips
    lam = nf.materials.get("Pt").spin_diffusion_length
    hx_max = (5 / 2 + 150e-9 + 10 * (200e-9 + 500e-6)) / 4
    hz_min = min(lam / 16, 10e-9 / 8)
    assert f"elements {hx_max / hz_min:.2g} times wider than thick" in message
    assert "6.7e+07" in message


def test_refused_sizes_name_the_mesh_sizes_when_the_lengths_are_right():
    """Tiny element sizes with plausible lengths: the sizes are to blame."""
    with pytest.raises(nf.ParameterError, match="coarser element sizes") as info:
        nf.devices.nonlocal_strips(h_max=1e-9)
    assert info.value.name == "h_max"
    with pytest.raises(nf.ParameterError, match="coarser element sizes") as info:
        nf.devices.smr_film(magnet_thickness=1e-6, h_min=1e-13, h_max=1e-13)
    assert info.value.name == "h_max"


def test_a_case_file_with_a_length_without_its_unit_is_refused_at_once(tmp_path, capsys):
    """``distance = 2`` in a case file: exit status 2 and the line of the key, at once."""
    from nfdiff import cli

    case = tmp_path / "case.toml"
    case.write_text('[device]\ntemplate = "nonlocal_strips"\ndistance = 2\n'
                    'thermal = false\n[solve]\ncurrent = "100 uA"\n')
    t0 = time.process_time()
    status = cli.main(["run", str(case), "--output", str(tmp_path / "out"), "--quiet"])
    elapsed = time.process_time() - t0
    err = capsys.readouterr().err
    assert status == 2 and elapsed < 1.0, (status, elapsed)
    assert err.startswith(f"{case}:3: [device] distance = 2.0 m is invalid"), err
    assert "lengths are in metres (did you mean 2e-6?)" in err
    assert not (tmp_path / "out").exists()


def test_strips_wider_than_a_chip_blame_the_widths_not_the_distance():
    message = _refused(lambda: nf.devices.nonlocal_strips(widths=300), "widths")
    assert "(did you mean 3e-7?)" in message
    with pytest.raises(nf.ParameterError, match="the strips would overlap") as info:
        nf.devices.nonlocal_strips(widths=3e-6, distance=2e-6)  # plausible, but overlap
    assert info.value.name == "distance"


@pytest.mark.parametrize("args", [([0.0, 1e-6], 1e-9, 1e-7, 1.3),
                                  ([0.0, 1e-8, 5e-6, 5.2e-6], [1e-10, 5e-10, 1e-9, 2e-9],
                                   1e-7, 1.05),
                                  ([-3e-3, 0.0, 2e-7], [1e-6, 1e-10, 1e-9], 1e-4, 1.25)])
def test_graded_count_is_the_number_of_elements_graded_points_makes(args):
    assert nf.mesh.graded_count(*args) == len(nf.mesh.graded_points(*args)) - 1


@pytest.mark.parametrize("thermal", [False, True])
def test_rectangles_size_is_the_grid_of_rectangles(thermal):
    regions, options = nf.devices.nonlocal_strips(thermal=thermal)._grid()
    mesh = nf.mesh.rectangles(regions, **options)
    nx, nz = nf.mesh.rectangles_size(regions, **options)
    assert (len(np.unique(mesh.p[0])), len(np.unique(mesh.p[1]))) == (nx, nz)


# ---- plausibility: warnings for values far outside a device's -------------------------
def test_a_current_in_amperes_for_a_strip_warns_with_its_current_density():
    """50 A (meant 50 uA) through a 300 nm x 10 nm strip is 1.7e16 A/m^2, three decades
    above the current density at which metal films fail: a warning says so, naming the
    drive and the current density, before the solve (which here ends in a StateError or
    not, depending on the model)."""
    dev = nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6, thermal=False,
                                     law="elastic")
    with pytest.warns(NfdiffWarning) as record:
        dev.solve(current=50.0)
    message = str(record[0].message)
    assert len(record) == 1 and record[0].filename == __file__
    j = 50.0 / (300e-9 * 10e-9)
    assert f"current = 50 A through strip A (300 nm x 10 nm) gives a current density of " \
           f"{float(f'{j:.2g}'):.1e}".replace("e+", "e") in message
    assert "above the 1e13 A/m^2" in message and "(did you mean 5e-5?)" in message
    with pytest.warns(NfdiffWarning, match=r"current_density = 1e15 A/m\^2 is above"):
        nf.devices.smr_film().solve(current_density=1e15)


def test_lengths_outside_a_device_warn():
    with pytest.warns(NfdiffWarning, match=r"strip_length = 100 m is outside .* "
                                           r"\(did you mean 1e-4\?\)") as record:
        nf.devices.nonlocal_strips(strip_length=100)
    assert record[0].filename == __file__
    with pytest.warns(NfdiffWarning, match=r"thicknesses\[2\] = 500 m is outside"):
        nf.devices.lsse_stack(thicknesses=(10e-9, 1e-6, 500))
    with pytest.warns(NfdiffWarning, match=r"length = 5 m .* \(did you mean 5e-3\?\)"):
        nf.devices.lsse_stack(length=5)
    with pytest.warns(NfdiffWarning, match=r"thickness = 1e-11 m is outside"):
        nf.devices.smr_film(thickness=1e-11)


def test_defaults_and_device_scales_do_not_warn():
    """No warning for any default, nor for the ranges the examples use (also checked by
    the whole suite, which turns warnings into errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for factory in nf.devices.TEMPLATES.values():
            factory()
        nf.devices.nonlocal_strips(distance=40e-6, widths=1e-6, extent=1e-3, temperature=500)
        nf.devices.lsse_stack(thicknesses=(2e-9, 50e-6, 1e-3), length=5e-3)
        nf.devices.smr_film(thickness=0.5e-9, magnet_thickness=10e-6)


# ---- every example takes --quick ------------------------------------------------------
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_takes_quick(script, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [str(script), "--help"])
    with pytest.raises(SystemExit) as info:
        runpy.run_path(str(script), run_name="__main__")
    assert info.value.code == 0
    assert "--quick" in capsys.readouterr().out
