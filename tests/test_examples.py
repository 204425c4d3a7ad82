"""Every example runs (at reduced resolution) and reproduces one number it teaches."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_is_covered():
    scripts = {p.stem for p in EXAMPLES.glob("*.py")}
    prefix = "test_example_"
    tested = {name[len(prefix):] for name in globals() if name.startswith(prefix)}
    assert scripts <= tested, f"examples without a test: {sorted(scripts - tested)}"


def test_example_interface_temperature_dependence(tmp_path, capsys):
    results = load("interface_temperature_dependence").main(tmp_path, n_points=12)
    assert (tmp_path / "interface_temperature_dependence.png").stat().st_size > 10_000
    c = results["gapless"]
    T = c.temperature
    # gapless band: g ~ T^(3/2) exactly, and g_r_eff = (1 + n/s) g_r
    slope = np.polyfit(np.log(T), np.log(c.g), 1)[0]
    assert slope == pytest.approx(1.5, abs=1e-12)
    assert "g_r^/g_r" in capsys.readouterr().out
