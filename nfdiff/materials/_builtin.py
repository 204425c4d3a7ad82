"""The built-in parameter sets of :mod:`nfdiff.materials`: one block per material, every
number with its source."""

from __future__ import annotations

import math

from .. import units
from ._classes import (
    Dielectric,
    InterfaceParameters,
    MagneticInsulator,
    Material,
    NormalMetal,
    _fmt,
)
from ._formulas import (
    DEFAULT_GAP_FIELD,
    boltzmann_magnon_thermal_conductivity,
    boltzmann_spin_seebeck,
    wiedemann_franz_thermal_conductivity,
)
from ._temperature import PowerLaw

# ---------------------------------------------------------------------------------------
# Built-in parameter sets: one block per material, every number with its source.
# Values at room temperature (300 K).
# ---------------------------------------------------------------------------------------

_ROOM = 300.0  # K
_THIN_FILM_KAPPA = ("thin-film estimate: Wiedemann-Franz L0 sigma T with the film "
                    "conductivity above (L0 = 2.443e-8 W Ohm/K^2, T = 300 K); bulk {bulk} "
                    "W/(m K) (handbook, 300 K): films are several times less conductive")
_ALPHA_ZERO = ("0 by choice: temperature-independent conductivity (the default of NormalMetal); "
               "{note}; set a value to let Joule heating feed back through sigma(T)")
_ROOM_T = "room temperature, where the values of this set hold"


def _pt() -> NormalMetal:
    # One consistent fit: theta, lambda and G_r(Pt|YIG) all from Althammer et al. (2013).
    sigma = 2.5e6  # S/m (40 uOhm cm)
    return NormalMetal(
        "Pt",
        conductivity=sigma,
        spin_diffusion_length=1.5e-9,  # m
        spin_hall_angle=0.11,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "estimate for a few-nm Pt film: 40 uOhm cm, inside the 20-60 "
                            "uOhm cm of 3-10 nm films (bulk 9.4e6 S/m, handbook); "
                            "film resistivity depends on thickness and growth: use the "
                            "measured one",
            "spin_diffusion_length": "Althammer et al., PRB 87, 224401 (2013): 1.5 +- 0.5 nm "
                                     "from the SMR fit with G_r = 4e14 S/m^2; sources "
                                     "disagree (Vlietstra et al., APL 103, 032401 (2013): "
                                     "1.1 nm; Rojas-Sanchez et al., PRL 112, 106602 (2014): "
                                     "3.4 nm with spin-memory loss): Althammer chosen so that "
                                     "theta, lambda and g_r(Pt|YIG) come from one fit",
            "spin_hall_angle": "Althammer et al., PRB 87, 224401 (2013): 0.11 +- 0.08, same "
                               "fit as lambda and G_r (Vlietstra: 0.08; Rojas-Sanchez: "
                               "0.051); positive in the Saitoh convention "
                               "(docs/theory.md#theory-conventions)",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=71.6),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="bulk Pt has 3.85e-3 1/K (IEC 60751 platinum thermometers), thin "
                     "films less"),
            "reference_temperature": _ROOM_T,
        },
    )


def _ta() -> NormalMetal:
    sigma = 1.0 / 190e-8  # S/m (beta-Ta, 190 uOhm cm)
    return NormalMetal(
        "Ta",
        conductivity=sigma,
        spin_diffusion_length=2.5e-9,  # m
        spin_hall_angle=-0.12,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "beta-Ta film, rho = 190 uOhm cm: Liu et al., Science 336, 555 "
                            "(2012)",
            "spin_diffusion_length": "estimate: ~2.5 nm; reported values for "
                                     "beta-Ta spread over roughly 1.5-3 nm (e.g. Hahn et al., "
                                     "PRB 87, 174417 (2013): about 1.8 nm) and do not come "
                                     "from the same fit as theta",
            "spin_hall_angle": "Liu et al., Science 336, 555 (2012): |theta| = 0.12-0.15, "
                               "negative (opposite to Pt); ST-FMR value 0.12 chosen; "
                               "later reports span -0.09 to -0.15",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=57.5),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="the high-resistivity beta phase has a temperature coefficient close "
                     "to zero"),
            "reference_temperature": _ROOM_T,
        },
    )


def _w() -> NormalMetal:
    sigma = 1.0 / 260e-8  # S/m (beta-W, 260 uOhm cm)
    return NormalMetal(
        "W",
        conductivity=sigma,
        spin_diffusion_length=1.5e-9,  # m
        spin_hall_angle=-0.30,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "beta-W film, rho ~ 260 uOhm cm: Pai et al., APL 101, 122404 "
                            "(2012)",
            "spin_diffusion_length": "estimate: middle of the 1-2 nm reported for beta-W; "
                                     "not from the same fit as theta",
            "spin_hall_angle": "Pai et al., APL 101, 122404 (2012): theta ~ -0.30 for beta-W",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=173),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="the high-resistivity beta phase has a small temperature coefficient"),
            "reference_temperature": _ROOM_T,
        },
    )


def _cu() -> NormalMetal:
    sigma = 4.0e7  # S/m (2.5 uOhm cm)
    return NormalMetal(
        "Cu",
        conductivity=sigma,
        spin_diffusion_length=350e-9,  # m
        spin_hall_angle=0.003,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "estimate for a ~100 nm evaporated Cu film: 2.5 uOhm cm (bulk "
                            "5.96e7 S/m, i.e. 1.68 uOhm cm, handbook)",
            "spin_diffusion_length": "Jedema et al., Nature 410, 345 (2001): ~350 nm at room "
                                     "temperature in lateral spin valves (chosen: the "
                                     "nonlocal geometry nfdiff models); other work reports "
                                     "shorter lengths, >= 110 nm (Ji et al., APL 88, 052509 "
                                     "(2006)); lambda_Cu depends strongly on film quality",
            "spin_hall_angle": "order 0.003, the magnitude found by YIG/Cu "
                               "spin pumping (Wang et al., PRL 112, 197201 (2014)); "
                               "uncertain to a factor of a few",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=401),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="bulk Cu has 3.9e-3 1/K (handbook)"),
            "reference_temperature": _ROOM_T,
        },
    )


# YIG: zero-temperature magnetisation from 5 mu_B per formula unit Y3Fe5O12, 8 formula
# units per cubic cell of a = 12.376 A: 1.957e5 A/m.
_YIG_MS0 = 1.96e5  # A/m
_YIG_SIGMA_M = 5e5  # S/m
_YIG_KAPPA_TOTAL = 7.0  # W/(m K), measured bulk value = kappa_m + kappa_p


#: Exponents of the temperature laws of YIG's lambda_m and sigma_m: through the room
#: temperature values and the low-temperature points of Cornelissen et al., PRB 94,
#: 180402(R) (2016): lambda_m(30 K) = 5.5 um, sigma_m(5 K) = 0.7e5 S/m.
_YIG_LAMBDA_EXPONENT = math.log(9.4 / 5.5) / math.log(300.0 / 30.0)
_YIG_SIGMA_EXPONENT = math.log(5e5 / 0.7e5) / math.log(300.0 / 5.0)


def _yig() -> MagneticInsulator:
    g = 2.0
    kappa_m = boltzmann_magnon_thermal_conductivity(_YIG_SIGMA_M, _ROOM)
    return MagneticInsulator(
        "YIG",
        spin_density=_YIG_MS0 / (g * units.mu_B),  # 1/m^3
        exchange_stiffness=8.458e-40,  # J m^2
        applied_field=DEFAULT_GAP_FIELD,  # T; sets the gap (Kittel, derived)
        magnon_conductivity=_YIG_SIGMA_M,  # S/m
        magnon_diffusion_length=9.4e-6,  # m
        spin_seebeck=boltzmann_spin_seebeck(_YIG_SIGMA_M),  # A/(m K)
        magnon_thermal_conductivity=kappa_m,  # W/(m K)
        phonon_thermal_conductivity=_YIG_KAPPA_TOTAL - kappa_m,  # W/(m K)
        magnon_phonon_length=100e-9,  # m
        gilbert_damping=4e-5,  # 1
        saturation_magnetization=1.4e5,  # A/m
        g_factor=g,  # 1
        curie_temperature=559.0,  # K
        reference_temperature=_ROOM,  # K
        sources={
            "spin_density": "derived: s = M_s(0)/(g mu_B) with M_s(0) = 1.96e5 A/m (5 mu_B "
                            "per formula unit, 8 per cubic cell of 12.376 A) "
                            "and g = 2: the zero-temperature value the interface law needs, "
                            "not M_s(300 K)/(g mu_B) = 7.55e27 1/m^3",
            "exchange_stiffness": "Cornelissen et al., PRB 94, 014412 (2016), the value of "
                                  "the nonlocal magnon-transport literature (chosen for "
                                  "comparability); Klingler et al., J. Phys. D 48, 015001 "
                                  "(2015) measure D = 5.18-5.34e-17 T m^2, i.e. "
                                  "J_s = g mu_B D ~ 9.7e-40 J m^2; the band is quadratic "
                                  "below ~14 meV (Shamoto et al., PRB 97, 054429 (2018))",
            "applied_field": f"{_fmt(DEFAULT_GAP_FIELD)} T, a typical in-plane field of "
                             "the nonlocal experiments (Cornelissen et al., Nat. Phys. 11, "
                             "1022 (2015)); it sets the Kittel gap",
            "magnon_conductivity": "Cornelissen et al., Nat. Phys. 11, 1022 (2015) and PRB "
                                   "94, 014412 (2016): 5e5 S/m (charge units) for a 200 nm "
                                   "film at room temperature",
            "magnon_diffusion_length": "Cornelissen et al., Nat. Phys. 11, 1022 (2015): "
                                       "9.4 um for a 200 nm film at room temperature",
            "spin_seebeck": "derived: Boltzmann ratio 5 zeta(5/2)/(2 zeta(3/2)) k_B/e = "
                            "110.6 uV/K (gapless quadratic band, energy-independent "
                            "relaxation time; docs/materials.md#materials-derived) "
                            "times magnon_conductivity",
            "magnon_thermal_conductivity": "derived: Boltzmann value (sigma_m/(2 e^2)) k_B^2 "
                                           "T 35 zeta(7/2)/(4 zeta(3/2)) at 300 K with "
                                           "sigma_m = 5e5 S/m (magnon_conductivity), consistent "
                                           "with sigma_m and varsigma; an estimate: "
                                           "literature values of the magnon heat "
                                           "conductivity of YIG at 300 K vary widely",
            "phonon_thermal_conductivity": "derived: measured bulk YIG thermal conductivity "
                                           "7.0 W/(m K) at 300 K (single-crystal data, e.g. "
                                           "Slack and Oliver, PRB 4, 592 (1971); handbook "
                                           "range 6-8, middle chosen) minus "
                                           "magnon_thermal_conductivity, because a bulk "
                                           "measurement with T_m = T_p sees kappa_m + kappa_p "
                                           "(Sanders and Walton, PRB 15, 1489 (1977))",
            "magnon_phonon_length": "estimate: literature values range from a few nm to "
                                    "~1 um and disagree; 100 nm, near the "
                                    "logarithmic middle, chosen; override it to fit data",
            "gilbert_damping": "typical bulk / liquid-phase-epitaxy YIG, 3-5e-5, "
                               "middle chosen; thin sputtered or laser-"
                               "deposited films have 1e-4 to 1e-3",
            "saturation_magnetization": "standard room-temperature value, 4 pi M_s ~ 1.76 kG; "
                                        "for magnetisation dynamics only",
            "g_factor": "Fe3+ (S = 5/2, L = 0): g = 2.0 (standard)",
            "curie_temperature": "standard value, 555-560 K",
            "reference_temperature": _ROOM_T,
        },
        temperature_dependence={
            "magnon_diffusion_length": PowerLaw(
                _YIG_LAMBDA_EXPONENT, (30.0, 300.0),
                "power law through 9.4 um at 300 K (Cornelissen et al., Nat. Phys. 11, "
                "1022 (2015)) and the minimum 5.5 +- 0.7 um at 30 K of Cornelissen et al., "
                "PRB 94, 180402(R) (2016) (9.6 +- 0.9 um at 293 K there); it rises again "
                "below 30 K, which the law does not follow"),
            "magnon_conductivity": PowerLaw(
                _YIG_SIGMA_EXPONENT, (5.0, 300.0),
                "power law through 5e5 S/m at 300 K (Cornelissen et al. 2015, 2016) and "
                "(0.7 +- 0.4)e5 S/m at 5 K of Cornelissen et al., PRB 94, 180402(R) (2016) "
                "(5.1 +- 0.2e5 S/m at room temperature there)"),
        },
    )


def _ggg() -> Dielectric:
    return Dielectric(
        "GGG",
        thermal_conductivity=8.0,  # W/(m K)
        sources={
            "thermal_conductivity": "Gd3Ga5O12 at 300 K: 7-9 W/(m K) in single-crystal data "
                                    "(e.g. Slack and Oliver, PRB 4, 592 (1971)) and "
                                    "handbooks; middle chosen",
        },
    )


_MATERIALS: dict[str, Material] = {m.name: m for m in (_pt(), _ta(), _w(), _cu(), _yig(),
                                                       _ggg())}

# -- N|F interfaces ------------------------------------------------------------------------
#: Metal/oxide thermal boundary (Kapitza) conductance [W/(m^2 K)], an estimate; used for
#: N|F pairs and, by devices, for metal|dielectric boundaries without a given value.
DEFAULT_KAPITZA_CONDUCTANCE = 2e8
_KAPITZA = DEFAULT_KAPITZA_CONDUCTANCE
_KAPITZA_SOURCE = ("estimate: typical metal/oxide thermal boundary conductance; measured "
                   "metal/dielectric interfaces lie at ~1e8-1e9 W/(m^2 K) at room "
                   "temperature (review: Cahill et al., J. Appl. Phys. 93, 793 (2003)); no "
                   "measurement for this pair used")
_G_I_RATIO = 0.1  # g_i/g_r where no fit gives g_i


def _interface_estimate(metal: str, g_r: float) -> InterfaceParameters:
    return InterfaceParameters(
        f"{metal}|YIG",
        g_r=g_r,  # 1/m^2
        g_i=_G_I_RATIO * g_r,  # 1/m^2
        kapitza_conductance=_KAPITZA,  # W/(m^2 K)
        sources={
            "g_r": f"estimate: YIG/{metal} spin pumping gives effective mixing conductances "
                   "of a few 1e18 m^-2 (Wang et al., PRL 112, 197201 (2014)), SMR fits on "
                   "Pt/YIG ~1e19 m^-2; an order-of-magnitude value, not from a fit "
                   f"consistent with the {metal} set",
            "g_i": f"estimate: {_fmt(_G_I_RATIO)} g_r; |g_i| << g_r at YIG interfaces "
                   "(Vlietstra et al., APL 103, 032401 (2013) fit G_i/G_r ~ 0.07 for "
                   "Pt/YIG)",
            "kapitza_conductance": _KAPITZA_SOURCE,
        },
    )


_INTERFACES: dict[tuple[str, str], InterfaceParameters] = {
    ("Pt", "YIG"): InterfaceParameters(
        "Pt|YIG",
        g_r=units.mixing_conductance_from_si(4e14),  # 1/m^2, from G_r = 4e14 S/m^2
        g_i=units.mixing_conductance_from_si(5e13),  # 1/m^2, from G_i = 5e13 S/m^2
        kapitza_conductance=_KAPITZA,  # W/(m^2 K)
        sources={
            "g_r": "Althammer et al., PRB 87, 224401 (2013): G_r = 4e14 S/m^2, the value "
                   "their theta and lambda fit assumes (same fit as the Pt set), "
                   "g_r = G_r h/e^2; spin pumping gives less (Qiu et al., APL 103, 092404 "
                   "(2013): 1.3e18 m^-2), other SMR fits more (Vlietstra: G_r = 7e14 S/m^2)",
            "g_i": "estimate in this set: Vlietstra et al., APL 103, 032401 (2013) fit "
                   "G_i = (5 +- 3)e13 S/m^2 (another fit, with G_r = 7e14 S/m^2); "
                   "Althammer's fit does not give G_i; g_i = G_i h/e^2",
            "kapitza_conductance": _KAPITZA_SOURCE,
        },
    ),
    ("Ta", "YIG"): _interface_estimate("Ta", 5e18),
    ("W", "YIG"): _interface_estimate("W", 5e18),
    ("Cu", "YIG"): _interface_estimate("Cu", 1.5e18),
}
