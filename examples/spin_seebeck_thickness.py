r"""Longitudinal spin Seebeck voltage versus magnet thickness: the magnon diffusion length.

Pt(10 nm) / YIG(t) / GGG(500 um), built-in parameters, 300 K, with a heater on the Pt
(a fixed heat flux q = 1e4 W/m^2 flowing down through the stack to the bath under the
GGG): the heat current through the YIG is the same for every t, so only the amount of
magnet it crosses changes. ``nf.devices.lsse_stack(...).solve(heat_flux=q)`` for t
from 20 nm to 50 um; the open-circuit inverse spin Hall voltage V_ISHE over 1 mm of Pt
grows with t and saturates once t exceeds the magnon diffusion length.

Bulk magnon model (docs/theory.md#theory-bulk, 1D along z, YIG on -t < z < 0). Beyond the
magnon-phonon length l_mp = 100 nm the magnons share the phonon temperature, T_m = T_p
= T, and the heat current through the magnet is constant::

    j   = -sigma_m mu' - varsigma T'                  magnon spin current (up, +z)
    q_z = -(varsigma T0/hbar) mu' - kappa T'  = -q     heat current (kappa = kappa_m + kappa_p)
    j'  = -sigma_m mu / lambda_m^2                    magnon relaxation

Eliminating T' with the fixed heat flux gives ``j = -sigma* mu' - varsigma q/kappa`` and
``mu'' = mu / lambda*^2`` with the magnon "figure of merit" and the renormalised length

    zeta = varsigma^2 T0 / (hbar sigma_m kappa),   sigma* = sigma_m (1 - zeta),
    lambda* = lambda_m sqrt(1 - zeta)

(the magnon Peltier heat ``varsigma T0 mu'/hbar`` of the accumulation feeds back on the
temperature gradient it comes from; built-in YIG: zeta = 0.131, lambda* = 8.76 um for
lambda_m = 9.4 um). The GGG below blocks magnons, j(-t) = 0; the metal on top absorbs
them, j(0) = G mu(0), with G = (1/g + 1/g_N)^-1 the interface magnon conductance g in
series with the spin sink of the Pt, g_N = (hbar sigma/4e^2 lambda) tanh(d/lambda).
With c = cosh(t/lambda*), s = sinh(t/lambda*) and r = G lambda*/sigma* the magnon
current into the metal is

    j(t) = (varsigma q / kappa) (c - 1) / (c + s/r)
         -> (varsigma q / kappa) (1 - sech(t/lambda*))        (r >> 1; here r = 2.4e3)

and ``V_ISHE = -theta (lambda/d) tanh(d/2lambda) (2e/hbar) j L / (sigma (1 + 2 theta^2
(lambda/d) tanh(d/2lambda)))`` (exact 1D open circuit, nf.devices.lsse_stack Notes).
So V(t) ~ t^2/(2 lambda*^2) for thin films and saturates on lambda*: it reaches half of
its thick-film value at ``t_1/2 = lambda* arccosh 2 = 1.32 lambda* = 11.5 um``. (For a
reflecting instead of absorbing top, r -> 0, the familiar tanh(t/2 lambda*) =
(c - 1)/s would follow, with t_1/2 = 1.10 lambda*.)

Which length governs: the magnon diffusion length lambda_m (as lambda*) sets the
saturation; the magnon-phonon length l_mp only sets where the t^2 law starts. Below a
few l_mp the magnon temperature cannot follow the phonons (T_m is flat at the
magnon-blocking GGG), the magnon temperature drop across the film is smaller than
t q/kappa, and V falls further below the model (to 0.1 of it at 20 nm). The interfacial
spin Seebeck term S (T_m - T_e) is short-circuited: a film thinner than lambda* cannot
relax the magnons it would pump, so the back-flow g mu_m cancels it (its contribution
is reduced by tanh(t/lambda*)/r).

The script fits lambda (and the amplitude) of the closed form to the points with
t >= 10 l_mp and compares: the fit gives lambda* within about 1 %.

Writes ``spin_seebeck_thickness.png`` and ``spin_seebeck_thickness.vtu`` (the solution
nearest t_1/2) and prints a table.

References: K. Uchida et al., Appl. Phys. Lett. 97, 172505 (2010) (LSSE);
L. J. Cornelissen, K. J. H. Peters, G. E. W. Bauer, R. A. Duine and B. J. van Wees,
Phys. Rev. B 94, 014412 (2016) (bulk magnon transport); A. Kehlberger et al., Phys. Rev.
Lett. 115, 096602 (2015) (thickness dependence of the LSSE in YIG, saturation on a
magnon length); S. A. Bender and Y. Tserkovnyak, Phys. Rev. B 91, 140402(R) (2015)
(interface).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.constants import e, hbar
from scipy.optimize import brentq, least_squares

import nfdiff as nf
import nfdiff.devices  # nf.devices
from nfdiff.progress import progress

#: Pt thickness, GGG thickness [m], heater flux [W/m^2], length of the voltage probe [m].
METAL, SUBSTRATE, HEAT_FLUX, LENGTH = 10e-9, 500e-6, 1e4, 1e-3


def model(stack, heat_flux):
    """Closed-form bulk-magnon model of the stack: a dict of lengths and a V(t) function.

    ``V(t)`` [V] for magnet thicknesses t [m] (see the module docstring); also
    ``zeta``, ``lambda_star``, ``r``, ``G`` and ``t_half`` (where V is half its
    thick-film value).
    """
    yig, pt = stack.magnet, stack.metal
    T0 = stack.temperature
    kappa = yig.magnon_thermal_conductivity + yig.phonon_thermal_conductivity
    sigma_m, varsigma = yig.magnon_conductivity_spin, yig.spin_seebeck_spin
    zeta = varsigma**2 * T0 / (hbar * sigma_m * kappa)
    lam = yig.magnon_diffusion_length * np.sqrt(1 - zeta)
    itf = stack.interface_law()
    itf = nf.NFInterface(g_r=itf.g_r, g_i=itf.g_i, magnons=yig.magnon_gas())
    g = float(itf.linear_coefficients(T0).g)
    d, lam_n, sigma = stack.thickness, pt.spin_diffusion_length, pt.conductivity
    g_n = hbar * sigma / (4 * e**2 * lam_n) * np.tanh(d / lam_n)
    G = 1.0 / (1.0 / g + 1.0 / g_n)
    r = G * lam / (sigma_m * (1 - zeta))
    # exact open-circuit ISHE conversion of the 1D film: V = -factor * j
    theta, tau = pt.spin_hall_angle, np.tanh(d / (2 * lam_n))
    factor = (theta * (lam_n / d) * tau * (2 * e / hbar) * stack.length
              / (sigma * (1 + 2 * theta**2 * (lam_n / d) * tau)))
    j_sat = varsigma * heat_flux / kappa

    def shape(t, length=lam):
        x = np.asarray(t) / length
        # (cosh x - 1)/(cosh x + sinh x / r), written without overflow for large x
        return (1 - 1 / np.cosh(x)) / (1 + np.tanh(x) / r)

    def V(t, length=lam):
        return -factor * j_sat * shape(t, length)

    v_inf = 1.0 / (1.0 + 1.0 / r)
    t_half = brentq(lambda t: shape(t) - 0.5 * v_inf, 1e-3 * lam, 10 * lam)
    return {"V": V, "shape": shape, "V_inf": -factor * j_sat * v_inf, "zeta": zeta,
            "lambda_star": lam, "r": r, "G": G, "t_half": t_half}


def fit_length(thickness, V, m, t_min):
    """Fit amplitude and length of the closed form to the points with t >= t_min.

    Returns ``(lambda_fit, t_half_fit)`` [m]: the fitted length, and where the fitted
    curve reaches half its thick-film value.
    """
    keep = thickness >= t_min
    t, v = thickness[keep], np.abs(V[keep])

    def residual(p):
        amplitude, length = np.exp(p)
        return np.log(amplitude * m["shape"](t, length)) - np.log(v)

    start = np.log([abs(m["V_inf"]), m["lambda_star"]])
    lam = float(np.exp(least_squares(residual, start).x[1]))
    # the shape depends on t/length only: t_1/2 scales with the length
    return lam, m["t_half"] * lam / m["lambda_star"]


def main(out_dir=".", n_points=16, heat_flux=HEAT_FLUX, law="nonlinear", show_table=True):
    """Sweep the YIG thickness, compare with the closed form, plot; returns the results.

    Parameters
    ----------
    out_dir : path
        Where the PNG and VTU go.
    n_points : int
        Thicknesses, log-spaced from 20 nm to 50 um (16; 4 for a quick run).
    heat_flux : float
        Heater flux on the Pt [W/m^2] (default 1e4; with the nonlinear law the
        accumulation at the bottom of a thick film must stay below the 0.1 T Zeeman
        gap, which it does up to about 7e4 W/m^2).
    law : str
        Interface law.

    Returns
    -------
    dict
        ``thickness`` [m], ``V`` [V], ``V_model`` [V], ``magnon_current`` [J/m^2], the
        model's ``lambda_star``, ``t_half``, ``zeta``, ``r``, and the fit's
        ``lambda_fit``, ``t_half_fit`` [m]; ``l_mp``, ``lambda_m`` [m].
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    thickness = np.geomspace(20e-9, 50e-6, n_points)
    base = nf.devices.lsse_stack(thicknesses=(METAL, thickness[0], SUBSTRATE), n=(0, 1, 0),
                                 law=law, length=LENGTH)
    m = model(base, heat_flux)
    yig = base.magnet
    l_mp, lam_m = yig.magnon_phonon_length, yig.magnon_diffusion_length

    V, jm, sols = [], [], []
    keep_at = int(np.argmin(np.abs(np.log(thickness / m["t_half"]))))
    for k, t in enumerate(progress(thickness, desc="YIG thickness")):
        sol = base.replace(thicknesses=(METAL, t, SUBSTRATE)).solve(heat_flux=heat_flux)
        V.append(sol.observables["V_ISHE"])
        jm.append(sol.observables["magnon_current"])
        sols.append(sol if k == keep_at else None)
    V, jm = np.array(V), np.array(jm)
    V_model = m["V"](thickness)
    lam_fit, t_half_fit = fit_length(thickness, V, m, 10 * l_mp)
    vtu = out_dir / "spin_seebeck_thickness.vtu"
    sols[keep_at].save(vtu)

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    t_fine = np.geomspace(thickness[0], thickness[-1], 400)
    um = 1e-6
    ax = axes[0]
    ax.loglog(thickness / um, -V, "o", color="C0", label="nfdiff (nonlinear law)"
              if law == "nonlinear" else f"nfdiff ({law} law)")
    ax.loglog(t_fine / um, -m["V"](t_fine), "-", color="k", lw=1,
              label=r"bulk model, $\lambda^*=\lambda_m\sqrt{1-\zeta}$ (no fit)")
    ax.loglog(t_fine / um, -m["V_inf"] * (t_fine / m["lambda_star"]) ** 2 / 2, ":",
              color="grey", label=r"$\propto t^2/2\lambda^{*2}$")
    ax.set_ylim((-V).min() / 3, -m["V_inf"] * 3)
    ax.set_xlabel(r"YIG thickness $t$ [$\mu$m]")
    ax.set_ylabel(r"$-V_\mathrm{ISHE}$ [V]  (1 mm of Pt)")
    ax.set_title(f"heater {heat_flux:.0e} W/m$^2$ on Pt(10 nm)/YIG/GGG")
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[1]
    ax.semilogx(thickness / um, V / m["V_inf"], "o", color="C0", label="nfdiff")
    ax.semilogx(t_fine / um, m["V"](t_fine) / m["V_inf"], "-", color="k", lw=1,
                label=r"$(1-\mathrm{sech}(t/\lambda^*))/(1+\tanh(t/\lambda^*)/r)\cdot(1+1/r)$")
    ax.semilogx(t_fine / um, np.tanh(t_fine / (2 * m["lambda_star"])), "--", color="grey",
                lw=1, label=r"reflecting top: $\tanh(t/2\lambda^*)$")
    ax.axhline(0.5, color="grey", lw=0.5)
    marks = ((l_mp, r"$l_{mp}$ ", "C2", "right"),
             (m["lambda_star"], r"$\lambda^*$ ", "C3", "right"),
             (m["t_half"], r" $t_{1/2}$", "C1", "left"))
    for x, text, color, side in marks:
        ax.axvline(x / um, color=color, lw=0.8, ls="--")
        ax.text(x / um, 0.95, text, color=color, ha=side, va="top",
                transform=ax.get_xaxis_transform())
    ax.plot(t_half_fit / um, 0.5, "x", color="C1", ms=10, label=f"fit: $t_{{1/2}}$ = "
            f"{t_half_fit / um:.2f} $\\mu$m")
    ax.set_xlabel(r"YIG thickness $t$ [$\mu$m]")
    ax.set_ylabel(r"$V_\mathrm{ISHE} / V_\infty$ (model)")
    ax.legend(fontsize=7, loc="center left")

    ax = axes[2]
    ax.semilogx(thickness / um, V / V_model, "o-", color="C0")
    ax.axhline(1.0, color="k", lw=0.5)
    ax.axvline(l_mp / um, color="C2", lw=0.8, ls="--")
    ax.text(l_mp / um, 0.95, r" $l_{mp}$", color="C2", ha="left", va="top",
            transform=ax.get_xaxis_transform())
    ax.set_ylim(0, 1.15)
    ax.set_xlabel(r"YIG thickness $t$ [$\mu$m]")
    ax.set_ylabel(r"$V_\mathrm{ISHE}$ / bulk model")
    ax.text(0.97, 0.05, "below a few $l_{mp}$ the magnon temperature\nlags the phonons: "
            "thin-film onset", ha="right", va="bottom", transform=ax.transAxes, fontsize=9)
    fig.suptitle(rf"LSSE thickness dependence: saturation on $\lambda^*$ = "
                 rf"{m['lambda_star'] / um:.2f} $\mu$m ($\lambda_m$ = {lam_m / um:.1f} "
                 rf"$\mu$m, $\zeta$ = {m['zeta']:.3f}), not on $l_{{mp}}$ = "
                 rf"{l_mp * 1e9:.0f} nm")
    png = out_dir / "spin_seebeck_thickness.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)

    if show_table:
        print(f"zeta = {m['zeta']:.4f}, lambda* = {m['lambda_star'] * 1e6:.3f} um "
              f"(lambda_m = {lam_m * 1e6:.2f} um), r = {m['r']:.3g}, l_mp = "
              f"{l_mp * 1e9:.0f} nm")
        print(f"t_1/2: model {m['t_half'] * 1e6:.3f} um, fit {t_half_fit * 1e6:.3f} um; "
              f"fitted length {lam_fit * 1e6:.3f} um")
        print(f"{'t [um]':>10} {'V_ISHE [V]':>12} {'V/V_inf':>9} {'V/model':>9}")
        for t, v, vm in zip(thickness, V, V_model, strict=True):
            print(f"{t * 1e6:10.4g} {v:12.4e} {v / m['V_inf']:9.4f} {v / vm:9.4f}")
        print(f"figure: {png}\nsolution at t = {thickness[keep_at] * 1e6:.3g} um: {vtu}")
    return {"thickness": thickness, "V": V, "V_model": V_model, "magnon_current": jm,
            "V_inf": m["V_inf"], "lambda_star": m["lambda_star"], "t_half": m["t_half"],
            "zeta": m["zeta"], "r": m["r"], "lambda_fit": lam_fit, "t_half_fit": t_half_fit,
            "l_mp": l_mp, "lambda_m": lam_m}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("--quick", action="store_true", help="4 thicknesses instead of 16")
    args = parser.parse_args()
    main(args.out_dir, n_points=4 if args.quick else 16)
