"""Figures that read at a glance: display units from the data, one panel per layer of a
stack whose layers differ in thickness by orders of magnitude, round colour-bar labels.

The 2D windows (x_range, z_range) are tested in test_export.py, on its meshes.
"""

import matplotlib
import numpy as np
import pytest

import nfdiff as nf
from nfdiff.plotting import _tick_format, auto_unit

matplotlib.use("Agg")

eV = 1.602176634e-19


@pytest.mark.parametrize(("si", "values", "unit"), [
    ("J", [-7.0e-25, np.nan, 2.1e-25], "ueV"),        # mu_m of a nonlocal device: 4.4 ueV
    ("J", [3e-22, -1e-23], "meV"),                    # 1.9 meV
    ("J", [0.5 * eV], "meV"),                         # 500 meV, not 0.5 eV
    ("J", [2.0 * eV], "eV"),
    ("J", [1e-30], "neV"),                            # below every unit: the smallest
    ("K", [0.0684], "mK"),                            # T - T0 of 68 mK, not 300.0684 K
    ("K", [1.0, 0.3], "K"),
    ("K", [8.7e-6], "uK"),
    ("V", [4.99e-7], "nV"),
    ("V", [5e-3], "mV"),
    ("J", [0.0, -0.0], "neV"),
    ("K", [np.nan, np.nan], "uK"),                    # nothing finite
])
def test_display_unit_is_chosen_from_the_data(si, values, unit):
    assert auto_unit(si, np.array(values)) == unit
    finite = np.abs(np.array(values))[np.isfinite(values)]
    if finite.size and finite.max() > 0 and unit != nf.units.DISPLAY_UNITS[si][-1]:
        shown = finite.max() / nf.units.scale(unit, si)   # numbers of 1 to 1000
        assert 1 <= shown < 1000


@pytest.mark.parametrize(("step", "fmt", "text"), [
    (1.0, "%.0f", "-4"), (0.5, "%.1f", "-4.0"), (2e-4, "%.4f", "-4.0000"), (20.0, "%.0f", "-4"),
])
def test_colour_bar_labels_have_the_decimals_of_their_step(step, fmt, text):
    assert _tick_format(step) == fmt
    assert fmt % -4.0 == text


@pytest.fixture(scope="module")
def lsse():
    """10 nm Pt on 1 um YIG on 500 um GGG, 1 K across."""
    return nf.devices.lsse_stack().solve(temperature_difference=1.0)


def _texts(fig):
    """The titles and axis labels of a drawn figure with their boxes (pixels)."""
    renderer = fig.canvas.get_renderer()
    texts = [fig._suptitle] if fig._suptitle is not None else []
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]


def test_a_layered_stack_gets_one_panel_per_layer(lsse):
    """Each of 500 um GGG, 1 um YIG and 10 nm Pt gets a panel with its own z axis and
    display unit; the curves are T - T0 of each layer in that unit; no text overlaps
    another or leaves the figure."""
    import matplotlib.pyplot as plt

    fig = lsse.plot("T")
    try:
        fig.canvas.draw()
        assert [ax.get_title() for ax in fig.axes] == ["substrate", "magnet", "metal"]
        assert [ax.get_xlabel() for ax in fig.axes] == ["z [µm]", "z [nm]", "z [nm]"]
        assert [ax.get_ylabel() for ax in fig.axes] == ["T - T0 [K]", "T - T0 [mK]",
                                                        "T - T0 [µK]"]
        T0 = lsse.problem.T0
        for ax, region, field, scale in zip(fig.axes, ("substrate", "magnet", "metal"),
                                            ("T_p", "T_p", "T_e"), (1.0, 1e3, 1e6),
                                            strict=True):
            _, T = lsse.field(field, region)
            y = np.concatenate([line.get_ydata() for line in ax.get_lines()])
            assert np.nanmax(y) == pytest.approx((T.max() - T0) * scale, rel=1e-9, abs=0)
            assert np.nanmin(y) == pytest.approx((T.min() - T0) * scale, rel=1e-9, abs=0)
        box = fig.bbox
        texts = _texts(fig)
        for name, extent in texts:
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1, name      # nothing cut
            assert box.y0 <= extent.y0 and extent.y1 <= box.y1, name
        for i, (a, ea) in enumerate(texts):
            for b, eb in texts[i + 1:]:
                assert not ea.overlaps(eb), (a, b)
    finally:
        plt.close(fig)


def test_one_layer_or_similar_layers_share_one_axis(lsse):
    import matplotlib.pyplot as plt

    fig = lsse.plot("mu_m")          # mu_m lives in the magnet only
    try:
        unit = nf.units.pretty(auto_unit("J", lsse.dof_values("mu_m")))
        assert len(fig.axes) == 1 and fig.axes[0].get_ylabel() == f"mu_m [{unit}]"
        assert unit != "J"
        formatter = fig.axes[0].yaxis.get_major_formatter()
        assert formatter.get_useOffset() is False       # no "1e-23" offset above the axis
    finally:
        plt.close(fig)


def test_absolute_temperatures_on_request(lsse):
    import matplotlib.pyplot as plt

    fig = lsse.plot("T", relative=False, units="K")
    try:
        assert [ax.get_ylabel() for ax in fig.axes] == ["T [K]"] * 3   # one unit given
        y = fig.axes[0].get_lines()[0].get_ydata()
        assert np.nanmax(y) == pytest.approx(301.0, rel=1e-9, abs=0)
    finally:
        plt.close(fig)
