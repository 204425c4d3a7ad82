"""Figures of a solution: pyvista maps of 2D cross-sections, matplotlib profiles in 1D.

Both work on the per-region grid of :func:`nfdiff.export.to_meshio`, so a figure shows
exactly what ParaView shows for the exported file: fields that jump at interfaces stay
sharp, regions where a field does not live are grey (2D) or empty (1D).

pyvista (VTK) and matplotlib are imported when a figure is made, never at
``import nfdiff``. Without a display (Linux with neither ``DISPLAY`` nor
``WAYLAND_DISPLAY``) VTK renders off-screen through EGL: :func:`plot` sets
``VTK_DEFAULT_OPENGL_WINDOW=vtkEGLRenderWindow`` unless the user has set it.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import units as _units
from ._validate import finite as _finite
from .errors import ParameterError
from .export import FIELD_UNITS, to_meshio
from .physics.terms import SPIN

if TYPE_CHECKING:
    import meshio
    import pyvista
    from matplotlib.figure import Figure

    from .solution import Solution

__all__ = ["plot"]

_COMPONENTS = {"x": 0, "y": 1, "z": 2, 0: 0, 1: 1, 2: 2}
#: Rendered height / width of a 2D device below which ``scale_z="auto"`` stretches z.
_MIN_ASPECT = 0.2
#: Thickness ratio of the thickest to the thinnest layer above which a 1D profile is
#: drawn as one panel per layer.
_PANEL_RATIO = 10.0
#: Layout of the 2D figure (fractions of the window): device box and scalar bar.
_FRAME = {"left": 0.08, "width": 0.74, "height": 0.55, "centre_y": 0.5}


def _headless() -> bool:
    """True on Linux without an X11 or Wayland display (CI, clusters, containers)."""
    return (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY"))


def _nice(x: float) -> float:
    """The number of the 1-2-5 series nearest to ``x > 0`` on a log scale."""
    e = math.floor(math.log10(x))
    m = x / 10**e
    return min((1, 2, 5, 10), key=lambda c: abs(math.log(m / c))) * 10**e


def _auto_scale_z(width: float, height: float) -> float:
    """z stretch that makes a flat device at least ``_MIN_ASPECT`` high (1-2-5 series)."""
    if height <= 0 or height >= _MIN_ASPECT * width:
        return 1.0
    return float(_nice(1.25 * _MIN_ASPECT * width / height))


def _length_unit(extent: float) -> tuple[float, str]:
    """Axis unit for coordinates spanning ``extent`` [m]: nm below 2 um, else um."""
    unit = "nm" if extent < 2e-6 else "um"
    return _units.scale(unit, "m"), _units.pretty(unit)


def _abs_label(name: str) -> str:
    # "abs(...)", not "|...|": VTK's text rendering drops the "|" glyph
    return name if name.startswith("abs(") else f"abs({name})"


def auto_unit(si_unit: str, values: np.ndarray) -> str:
    """The display unit for ``values`` [``si_unit``]: :func:`nfdiff.units.display_unit`
    of their largest finite size (energies in eV, meV, ueV or neV, never J).

    Examples
    --------
    >>> auto_unit("J", np.array([-7.0e-25, np.nan, 2.1e-25])), auto_unit("K", np.array([0.068]))
    ('ueV', 'mK')
    """
    finite = np.abs(values[np.isfinite(values)])
    return _units.display_unit(si_unit, float(finite.max()) if finite.size else 0.0)


def _select(sol: Solution, mesh: meshio.Mesh, field: str, *, component: str | int | None,
            units: str | None, relative: bool | None, log: bool
            ) -> tuple[np.ndarray, list[str], str, str]:
    """Values to plot, curve labels, quantity label and display unit.

    Returns ``values`` (npoints, ncurves) in the display unit, one label per curve, the
    label of the quantity (axis / scalar-bar title without unit) and the unit. Only
    ``mu_s`` without a component in 1D has several curves (its three components); in
    2D it is shown as its magnitude. ``units=None`` chooses the unit from the values
    (:func:`auto_unit`); ``relative=None`` is True for temperatures.
    """
    available = [*mesh.point_data, "region"]
    if field not in available:
        raise ParameterError("field", field, f"must be one of {available}")
    npoints = len(mesh.points)
    if field == "region":
        ids = np.empty(npoints)
        ids[mesh.cells[0].data] = mesh.cell_data["region"][0][:, None]
        return ids[:, None], ["region"], "region", ""
    si = FIELD_UNITS[field]
    if units is not None and units not in _units.DISPLAY_UNITS[si]:
        raise ParameterError("units", units, f"for {field} [{si}] must be one of "
                             f"{list(_units.DISPLAY_UNITS[si])}")
    values = np.asarray(mesh.point_data[field], dtype=float).reshape(npoints, -1)
    curves = [field]
    if field == "mu_s":
        if component is None and sol.problem.dim == 1:
            curves = list(SPIN)
        elif component is None or component == "magnitude":
            values, curves = np.linalg.norm(values, axis=1, keepdims=True), ["norm(mu_s)"]
        elif component in _COMPONENTS:
            i = _COMPONENTS[component]
            values, curves = values[:, [i]], [SPIN[i]]
        else:
            raise ParameterError("component", component,
                                 "must be 'x', 'y', 'z' (or 0, 1, 2), 'magnitude' or None")
    elif component is not None:
        raise ParameterError("component", component,
                             f"{field!r} is a scalar; components apply to 'mu_s'")
    quantity = curves[0] if len(curves) == 1 else field
    if relative is None:
        relative = si == "K"
    if relative:
        if si != "K":
            raise ParameterError("relative", relative, "applies to temperatures only")
        values = values - float(sol.device.temperature)
        quantity = curves[0] = f"{quantity} - T0"
    unit = units if units is not None else auto_unit(si, values)
    values = values / _units.scale(unit, si)
    if log:
        values = np.abs(values)
        values[values == 0] = np.nan
        curves, quantity = [_abs_label(n) for n in curves], _abs_label(quantity)
    return values, curves, quantity, unit


def plot(sol: Solution, field: str = "mu_m", *,
         screenshot: str | os.PathLike[str] | None = None,
         component: str | int | None = None, units: str | None = None,
         relative: bool | None = None, show_edges: bool = False, cmap: str | None = None,
         clim: tuple[float, float] | None = None, log: bool = False,
         title: str | None = None, scale_z: float | str = "auto", outline: bool = True,
         window_size: tuple[int, int] | None = None, off_screen: bool | None = None,
         x_range: tuple[float, float] | str | None = None,
         z_range: tuple[float, float] | str | None = None,
         **kwargs: Any) -> Path | pyvista.Plotter | Figure:
    """Plot a field of a solution: a colour map (2D) or profiles along z (1D).

    Parameters
    ----------
    sol : nfdiff.solution.Solution
    field : str, default: "mu_m"
        A field of ``sol.problem.fields`` (``mu_x, mu_y, mu_z`` [J], ``phi`` [V],
        ``T_e``, ``T_m``, ``T_p`` [K], ``mu_m`` [J]), ``"mu_s"`` (spin accumulation,
        see ``component``), ``"T"`` (lattice temperature, thermal model) or
        ``"region"``. Anything else raises :class:`~nfdiff.ParameterError` listing the
        fields of the solution.
    screenshot : str or os.PathLike, optional
        Write the figure to this PNG file and return its path instead of the figure.
    component : {"x", "y", "z", 0, 1, 2, "magnitude"}, optional
        Component of ``mu_s``. Default: the magnitude in 2D, all three components as
        separate curves in 1D.
    units : str, optional
        Display unit. Energies (``mu_*``): ``"J"``, ``"eV"``, ``"meV"``, ``"ueV"``,
        ``"neV"``; potentials: ``"V"``, ``"mV"``, ``"uV"``, ``"nV"``; temperatures:
        ``"K"``, ``"mK"``, ``"uK"``. Only the display changes. Default: chosen from the
        data, the largest unit in which the largest value is >= 1
        (:func:`nfdiff.units.display_unit`; energies in electronvolts).
    relative : bool, optional
        Temperatures: plot ``T - T0`` with ``T0 = sol.device.temperature`` (the
        default for temperatures); False: absolute temperatures.
    show_edges : bool, default: False
        2D: draw the mesh edges. 1D: mark the vertices.
    cmap : str, optional
        2D colour map (matplotlib name); default ``"coolwarm"`` for signed data,
        ``"viridis"`` otherwise.
    clim : (float, float), optional
        Colour range (2D) or y range (1D), in the display unit.
    log : bool, default: False
        Logarithmic colour (2D) or y (1D) scale of the absolute value; zeros are
        left out.
    title : str, optional
        Figure title; default the field and, in 2D, the z stretch (``"z x 50"``).
    scale_z : float or "auto", default: "auto"
        2D: factor by which the rendered geometry is stretched along z (the data are
        not changed; axis labels show true coordinates). ``"auto"`` stretches devices
        flatter than 1 : 5 (height : width) to about 1 : 4, by a factor of the 1-2-5
        series (1 for devices that are not flat), and states it in the title.
    outline : bool, default: True
        2D: draw the outline of every region (interfaces in black).
    window_size : (int, int), optional
        2D window / screenshot size in pixels; default 1600 wide, the height fitted
        to the stretched device. 1D figures are 6.4 x 4 inches at 200 dpi.
    off_screen : bool, optional
        2D: render without a window. Default: when ``screenshot`` is given or there is
        no display.
    x_range : (float, float) or "all", optional
        2D: show only the cells whose centres lie in ``x_min <= x <= x_max`` [m] (a
        window around a strip of a wide device); ``"all"``: the whole width. Default:
        if some regions are much narrower than the device (strips on a film), the
        window around them, widened on each side by their span (at least three times
        the widest of them); else the whole width.
    z_range : (float, float) or "all", optional
        2D: show only the cells whose centres lie in ``z_min <= z <= z_max`` [m];
        ``"all"``: every region. Default: the regions where the field lives and a
        quarter of their height around them (a thin film, not its 500 um substrate,
        for ``mu_m``) and, when the x window is around strips, no deeper below the
        strips than the window is wide.
    **kwargs
        Passed on to :meth:`pyvista.Plotter.add_mesh` (2D) or
        :meth:`matplotlib.axes.Axes.plot` (1D).

    Returns
    -------
    pathlib.Path or pyvista.Plotter or matplotlib.figure.Figure
        The PNG path if ``screenshot`` is given (the plotter / figure is closed);
        otherwise the pyvista plotter (2D; call ``.show()``) or the matplotlib figure
        (1D, made with pyplot).

    Raises
    ------
    ParameterError
        For a 3D solution: no figure yet (``sol.save("device.vtu")`` and ParaView or
        pyvista show it).
    """
    if sol.problem.dim == 3:
        raise ParameterError("sol", "3D solution", "has no figure yet: write it with "
                             "sol.save('device.vtu') and open it in ParaView or pyvista")
    mesh = to_meshio(sol)
    values, curves, quantity, unit = _select(sol, mesh, field, component=component,
                                             units=units, relative=relative, log=log)
    if title is None:
        title = field if field != "mu_s" or component is None else curves[0]
    if sol.problem.dim == 1:
        rescale = (None if units is not None or clim is not None or field == "region"
                   else FIELD_UNITS[field])  # clim is in one unit: every panel in it
        return _profile(sol, mesh, values, curves, quantity, unit, screenshot=screenshot,
                        show_edges=show_edges, clim=clim, log=log, title=title,
                        rescale=rescale, **kwargs)
    return _map(sol, mesh, values[:, 0], quantity, _units.pretty(unit), screenshot=screenshot,
                categorical=field == "region", show_edges=show_edges, cmap=cmap,
                clim=clim, log=log, title=title, scale_z=scale_z, outline=outline,
                window_size=window_size, off_screen=off_screen, x_range=x_range,
                z_range=z_range, **kwargs)


# ---- 2D: pyvista ----------------------------------------------------------------------
def _map(sol: Solution, mesh: meshio.Mesh, values: np.ndarray, name: str, unit: str, *,
         screenshot: str | os.PathLike[str] | None, categorical: bool, show_edges: bool,
         cmap: str | None, clim: tuple[float, float] | None, log: bool, title: str,
         scale_z: float | str, outline: bool, window_size: tuple[int, int] | None,
         off_screen: bool | None, x_range: tuple[float, float] | str | None,
         z_range: tuple[float, float] | str | None, **kwargs: Any) -> Path | pyvista.Plotter:
    if _headless() and "VTK_DEFAULT_OPENGL_WINDOW" not in os.environ:
        os.environ["VTK_DEFAULT_OPENGL_WINDOW"] = "vtkEGLRenderWindow"
    import pyvista as pv

    grid = pv.from_meshio(mesh)
    grid.clear_data()
    label = name if categorical else f"{name} [{unit}]"
    grid.point_data[label] = values
    strips = _strips(mesh) if x_range is None else None
    if strips is not None:
        x_range = strips
    if x_range is not None and not _all(x_range, "x_range"):
        grid = _window(grid, 0, x_range, "x_range")
        values = np.asarray(grid.point_data[label])
    if z_range is None and not categorical:
        # z: the regions where the field lives, with a margin around them
        centres = grid.cell_centers().points[:, 2]
        conn = next(iter(grid.cells_dict.values()))  # one cell type: the cells in order
        alive = np.isfinite(values[conn]).any(axis=1)
        lo, hi = centres.min(), centres.max()
        if alive.any() and not alive.all():
            lo, hi = centres[alive].min(), centres[alive].max()
            lo, hi = lo - 0.25 * (hi - lo), hi + 0.25 * (hi - lo)
        if strips is not None:  # no deeper below the strips than the window is wide
            lo = max(lo, float(grid.points[:, 2].max()) - (strips[1] - strips[0]))
        z_range = (lo, hi)
    if z_range is not None and not _all(z_range, "z_range"):
        grid = _window(grid, 2, z_range, "z_range")
        values = np.asarray(grid.point_data[label])
    (x0, z0), (x1, z1) = grid.points[:, [0, 2]].min(axis=0), grid.points[:, [0, 2]].max(axis=0)
    width, height = x1 - x0, z1 - z0
    if isinstance(scale_z, str) and scale_z == "auto":
        scale_z = _auto_scale_z(width, height)
    elif not (isinstance(scale_z, (int, float)) and math.isfinite(scale_z) and scale_z > 0):
        raise ParameterError("scale_z", scale_z, "must be a positive number or 'auto'")
    length, length_name = _length_unit(width)

    shown = grid.points / length
    shown[:, 2] = z0 / length + (shown[:, 2] - z0 / length) * scale_z
    grid.points = shown
    W, H = width / length, height / length * scale_z

    if window_size is None:
        h = _FRAME["width"] / _FRAME["height"] * 1600 * H / W
        window_size = (1600, int(np.clip(h, 450, 1200)))
    if off_screen is None:
        off_screen = True if screenshot is not None or _headless() else None
    plotter = pv.Plotter(off_screen=off_screen, window_size=list(window_size))
    plotter.set_background("white")

    finite = values[np.isfinite(values)]
    signed = finite.size and finite.min() < 0 < finite.max()
    bar = dict(title=label, vertical=True, color="black", fmt="%.3g",
               position_x=_FRAME["left"] + _FRAME["width"] + 0.05, position_y=0.2,
               width=0.05, height=0.6, title_font_size=20, label_font_size=18)
    options = dict(scalars=label, nan_color="lightgrey", show_edges=show_edges,
                   edge_color="dimgrey", log_scale=log, scalar_bar_args=bar, lighting=False)
    if categorical:
        names = sol.problem.region_names
        options.update(categories=True, cmap=cmap or "tab10", clim=[-0.5, len(names) - 0.5],
                       annotations={float(i): r for i, r in enumerate(names)},
                       n_colors=len(names))
        bar.update(n_labels=0, title="region")
    else:
        if clim is None and signed and cmap is None and not log:
            clim = (-np.max(np.abs(finite)), np.max(np.abs(finite)))   # white at zero
        options.update(cmap=cmap or ("coolwarm" if signed else "viridis"), clim=clim)
    options.update(kwargs)
    actor = plotter.add_mesh(grid, **options)
    if not categorical and not log:
        _round_labels(plotter.scalar_bars[label], actor.mapper.scalar_range)
    if outline:
        edges = grid.extract_feature_edges(boundary_edges=True, feature_edges=False,
                                           manifold_edges=False, non_manifold_edges=False)
        plotter.add_mesh(edges, color="black", line_width=1.5)

    stretch = f"  (z x {scale_z:g})" if scale_z != 1 else ""
    plotter.add_text(f"{title}{stretch}", position="upper_edge", font_size=14,
                     color="black")
    box = (x0 / length, z0 / length, W, H)
    focal, half_height, ppu = _fit(box, window_size)
    # rulers before the camera: pyvista resets the camera when it adds them
    _axes(plotter, box, ((x0 / length, x1 / length), (z0 / length, z1 / length)),
          length_name, (W * ppu, H * ppu))
    _look_along_y(plotter, focal, half_height, max(W, H))
    top_left = (window_size[0] / 2 + (box[0] - focal[0]) * ppu,
                window_size[1] / 2 + (box[1] + H - focal[1]) * ppu)
    ztitle = plotter.add_text(f"z [{length_name}]", position=(top_left[0], top_left[1] + 18),
                              font_size=11, color="black")
    ztitle.GetTextProperty().SetJustificationToCentered()

    if screenshot is None:
        return plotter
    out = Path(os.fspath(screenshot))
    plotter.screenshot(out)
    plotter.close()
    return out


def _round_labels(bar: Any, scalar_range: tuple[float, float]) -> None:
    """Scalar-bar labels at round values (1-2-5 steps) inside the colour range, with
    as many decimals as the step needs: 0, 1, 2, 3, 4 rather than -0.0003885, 1.092."""
    from vtkmodules.vtkCommonCore import vtkDoubleArray

    lo, hi = scalar_range
    if not (math.isfinite(lo) and math.isfinite(hi) and hi > lo):
        return
    ticks = _ticks(lo, hi, 7)
    if len(ticks) < 2:
        return
    labels = vtkDoubleArray()
    for t in ticks:
        labels.InsertNextValue(t)
    bar.SetUseCustomLabels(True)
    bar.SetCustomLabels(labels)
    bar.SetLabelFormat(_tick_format(ticks[1] - ticks[0]))


def _tick_format(step: float) -> str:
    """printf format of ticks ``step`` apart: the decimals the step needs, no more."""
    return f"%.{max(0, -math.floor(math.log10(step) + 1e-9))}f"


def _all(window: tuple[float, float] | str, name: str) -> bool:
    """True for the window ``"all"``; a ParameterError for any other string."""
    if isinstance(window, str):
        if window != "all":
            raise ParameterError(name, window, "must be a pair (min, max) [m] or 'all'")
        return True
    return False


def _window(grid: pyvista.UnstructuredGrid, axis: int, window: tuple[float, float] | str,
            name: str) -> pyvista.UnstructuredGrid:
    """The cells of ``grid`` whose centres lie in ``window`` along ``axis`` (0: x, 2: z)."""
    try:
        lo, hi = (_finite(name, v, "m") for v in window)
    except (TypeError, ValueError):
        raise ParameterError(name, window, "must be a pair (min, max) [m] or 'all'",
                             "m") from None
    centres = grid.cell_centers().points[:, axis]
    inside = np.flatnonzero((centres >= lo) & (centres <= hi))
    if not len(inside) or hi <= lo:
        raise ParameterError(name, tuple(window), f"must be an increasing pair that "
                             f"overlaps the device, {name[0]} in [{centres.min():.4g}, "
                             f"{centres.max():.4g}] m", "m")
    return grid.extract_cells(inside)


def _strips(mesh: meshio.Mesh) -> tuple[float, float] | None:
    """The x window of the default view: around the regions much narrower than the device.

    Regions narrower than a fifth of the device (the strips on a film) span together
    ``[a, b]``; the window is ``[a - pad, b + pad]`` with ``pad`` = ``b - a``, at least
    three times the widest strip, clipped to the device. None if there are no such
    regions or they span half the device or more (nothing to zoom into).
    """
    x = mesh.points[:, 0]
    cells = mesh.cells[0].data
    region = mesh.cell_data["region"][0]
    lo, hi = float(x.min()), float(x.max())
    narrow = []
    for r in np.unique(region):
        xr = x[cells[region == r]]
        if xr.max() - xr.min() < 0.2 * (hi - lo):
            narrow.append((float(xr.min()), float(xr.max())))
    if not narrow:
        return None
    a, b = min(n[0] for n in narrow), max(n[1] for n in narrow)
    if b - a >= 0.5 * (hi - lo):
        return None
    pad = max(b - a, 3 * max(n[1] - n[0] for n in narrow))
    return max(lo, a - pad), min(hi, b + pad)


def _fit(box: tuple[float, float, float, float], window_size: tuple[int, int]
         ) -> tuple[tuple[float, float], float, float]:
    """Camera of a parallel view that fits ``box`` = (x0, z0, W, H) in ``_FRAME``.

    The device fills ``_FRAME["width"]`` of the window width or ``_FRAME["height"]`` of
    its height, whichever is tighter. Returns the focal point (x, z), the parallel scale
    (half the view height) and the pixels per rendered unit.
    """
    x0, z0, W, H = box
    w, h = window_size
    half_height = max(W * h / (2 * _FRAME["width"] * w), H / (2 * _FRAME["height"]))
    view_w = 2 * half_height * w / h
    fx = x0 + W / 2 + (0.5 - _FRAME["left"] - _FRAME["width"] / 2) * view_w
    fz = z0 + H / 2 + (0.5 - _FRAME["centre_y"]) * 2 * half_height
    return (fx, fz), half_height, h / (2 * half_height)


def _look_along_y(plotter: pyvista.Plotter, focal: tuple[float, float], half_height: float,
                  extent: float) -> None:
    """Parallel projection from -y towards +y: x to the right, z up."""
    plotter.enable_parallel_projection()
    plotter.camera_position = [(focal[0], -10 * extent, focal[1]), (focal[0], 0.0, focal[1]),
                               (0.0, 0.0, 1.0)]
    plotter.camera.parallel_scale = half_height
    plotter.reset_camera_clipping_range()


def _ticks(lo: float, hi: float, most: int) -> np.ndarray:
    """At most ``most`` (>= 2) round tick values (1-2-5 steps) inside [lo, hi]."""
    step = _nice((hi - lo) / max(most - 1, 1))
    ticks = np.arange(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1) * step
    while len(ticks) > most:
        step = _nice(2.2 * step)
        ticks = np.arange(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1) * step
    return ticks + 0.0          # no "-0"


def _axes(plotter: pyvista.Plotter, box: tuple[float, float, float, float],
          ranges: tuple[tuple[float, float], tuple[float, float]], length_name: str,
          pixels: tuple[float, float]) -> None:
    """x and z axes along the bottom and left edges of the device.

    ``box`` = (x0, z0, W, H) of the rendered device, ``ranges`` = ((x0, x1), (z0, z1))
    its true coordinates (in ``length_name``), ``pixels`` = its size on screen (px).
    vtkAxisActor2D rulers in world coordinates run from the first to the last round
    tick, labelled with true coordinates. The z ruler has no title (VTK would draw it
    over the labels); the caller puts one above the axis.
    """
    x0, z0, W, H = box
    for name, (lo, hi), size, px in (("x", ranges[0], W, pixels[0]),
                                     ("z", ranges[1], H, pixels[1])):
        ticks = _ticks(lo, hi, int(np.clip(px // (90 if name == "x" else 35), 2, 9)))
        at = (ticks - lo) / (hi - lo) * size
        if name == "x":
            a, b, shown = (x0 + at[0], 0.0, z0), (x0 + at[-1], 0.0, z0), (ticks[0], ticks[-1])
        else:       # top to bottom: labels on the left of the axis
            a, b, shown = (x0, 0.0, z0 + at[-1]), (x0, 0.0, z0 + at[0]), (ticks[-1], ticks[0])
        ruler = plotter.add_ruler(a, b, title=f"{name} [{length_name}]", label_format="%g",
                                  number_labels=len(ticks), label_color="black",
                                  tick_color="black", font_size_factor=0.8,
                                  label_size_factor=0.8)
        ruler.SetRange(*shown)
        ruler.SetTitleVisibility(name == "x")
        for prop in (ruler.GetLabelTextProperty(), ruler.GetTitleTextProperty()):
            prop.SetItalic(False)
            prop.SetBold(False)
            prop.SetShadow(False)


# ---- 1D: matplotlib -------------------------------------------------------------------
def _profile(sol: Solution, mesh: meshio.Mesh, values: np.ndarray, curves: list[str],
             quantity: str, unit: str, *, screenshot: str | os.PathLike[str] | None,
             show_edges: bool, clim: tuple[float, float] | None, log: bool, title: str,
             rescale: str | None = None, **kwargs: Any) -> Path | Figure:
    """Profiles along z, one line per region and curve, with the regions shaded.

    ``values`` are in ``unit``. A stack whose layers differ in thickness by more than
    :data:`_PANEL_RATIO` (10 nm Pt on 1 um YIG on 500 um GGG) gets one panel per
    layer, side by side, each with its own z axis and y range, so that every layer and
    what happens in it can be seen; with ``rescale`` (the SI unit of the values, when
    the unit was not chosen by the caller) each panel also gets its own display unit.
    """
    if screenshot is not None:
        from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

        fig = Figure(figsize=(6.4, 4.0), dpi=200, layout="constrained")
    else:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(6.4, 4.0), layout="constrained")
    z = mesh.points[:, 2]
    cells = mesh.cells[0].data
    region = mesh.cell_data["region"][0]
    layers = []  # (index, name, vertices in z order, break positions), bottom first
    for idx, r in enumerate(sol.problem.region_names):
        seg = cells[region == idx]
        order = np.unique(seg)
        if not np.isfinite(values[order]).any():
            continue  # the field does not live here
        order = order[np.argsort(z[order])]
        # consecutive vertices (by z) that no cell joins: break the line there
        rank = np.empty(len(z), dtype=int)
        rank[order] = np.arange(len(order))
        joined = np.zeros(len(order), dtype=bool)
        joined[np.minimum(rank[seg[:, 0]], rank[seg[:, 1]])] = True
        layers.append((idx, r, order, np.nonzero(~joined[:-1])[0] + 1))
    layers.sort(key=lambda layer: float(z[layer[2][0]]))
    thickness = [float(np.ptp(z[layer[2]])) for layer in layers]
    panels = (len(layers) > 1 and min(thickness) > 0
              and max(thickness) > _PANEL_RATIO * min(thickness))
    if panels:
        fig.set_size_inches(max(6.4, 2.6 * len(layers)), 4.0)
        axes = list(fig.subplots(1, len(layers), squeeze=False)[0])
    else:
        axes = [fig.add_subplot()]
    span = float(np.ptp(z[np.concatenate([layer[2] for layer in layers])])) if layers else 0.0
    units = [unit] * len(axes)
    if panels and rescale is not None:  # a display unit per layer, from its own values
        si_values = values * _units.scale(unit, rescale)
        units = [auto_unit(rescale, si_values[layer[2]]) for layer in layers]
    styles = ("-", "--", ":")  # mu_x, mu_y, mu_z: a curve on top of another still shows
    labelled = set()
    for i, (idx, r, order, breaks) in enumerate(layers):
        ax = axes[i] if panels else axes[0]
        length, length_name = _length_unit(thickness[i] if panels else span)
        zr = np.insert(z[order] / length, breaks, np.nan)
        lo, hi = np.nanmin(zr), np.nanmax(zr)
        ax.axvspan(lo, hi, color=f"C{idx % 10}", alpha=0.08, lw=0)
        if panels:
            ax.set_title(r, fontsize=9)
        else:
            ax.text((lo + hi) / 2, 1.0, r, transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=8)
        ax.set_xlabel(f"z [{length_name}]")
        factor = _units.scale(unit, rescale) / _units.scale(units[i], rescale) if (
            panels and rescale is not None) else 1.0
        for c, name in enumerate(curves):
            vr = np.insert(values[order, c] * factor, breaks, np.nan)
            if np.all(np.isnan(vr)):
                continue
            ax.plot(zr, vr, color=f"C{c}", ls=styles[c % len(styles)],
                    marker="o" if show_edges else None, ms=2,
                    label=None if name in labelled else name, **kwargs)
            labelled.add(name)
    from matplotlib.ticker import MaxNLocator

    for ax in axes:
        ax.grid(alpha=0.3)
        ax.ticklabel_format(axis="both", useOffset=False)  # 300.07, not 0.07 + 3e2
        if panels:
            ax.xaxis.set_major_locator(MaxNLocator(3))
    if len(curves) > 1:
        axes[-1].legend(fontsize=8)
    for ax, shown in zip(axes, units, strict=True):
        if log:
            ax.set_yscale("log")
        if clim is not None:
            ax.set_ylim(*clim)
        ax.set_ylabel(f"{quantity} [{_units.pretty(shown)}]" if shown else quantity)
    if panels:
        fig.suptitle(f"{title} (each layer on its own scale)", fontsize=11)
    else:
        axes[0].set_title(title, pad=14)
    if screenshot is None:
        return fig
    out = Path(os.fspath(screenshot))
    fig.savefig(out)
    return out
