"""Shared test fixtures: small devices built directly with scikit-fem."""

import numpy as np
import pytest
import skfem

import nfdiff as nf


def strips_on_film(nx=61, nz_film=11, nz_strip=6, width=300e-9, half_span=3e-6,
                   centres=(-1e-6, 1e-6), film=200e-9, strip=10e-9, tri=False):
    """YIG-like film (0 < z < film) under two metal strips "A" and "B" (tensor mesh).

    Regions "film", "A", "B"; boundary "bottom" (z = 0).
    """
    xs = [np.linspace(-half_span, half_span, nx)]
    for c in centres:
        xs.append(np.linspace(c - width / 2, c + width / 2, 13))
    xs = np.unique(np.round(np.concatenate(xs), 15))
    zs = np.unique(np.round(np.concatenate([np.linspace(0, film, nz_film),
                                            np.linspace(film, film + strip, nz_strip)]), 15))
    base = (skfem.MeshTri1 if tri else skfem.MeshQuad1).init_tensor(xs, zs)
    mid = base.p[:, base.t].mean(axis=1)
    in_strip = [(mid[1] > film) & (np.abs(mid[0] - c) < width / 2) for c in centres]
    film_el = np.nonzero(mid[1] < film)[0]
    keep = np.concatenate([film_el] + [np.nonzero(s)[0] for s in in_strip])
    mesh = type(base)(base.p, np.ascontiguousarray(base.t[:, keep]))
    n0, n1 = len(film_el), len(film_el) + int(np.sum(in_strip[0]))
    mesh = mesh.with_subdomains({"film": np.arange(n0), "A": np.arange(n0, n1),
                                 "B": np.arange(n1, len(keep))})
    return mesh.with_boundaries({"bottom": lambda x: x[1] == 0.0})


@pytest.fixture(scope="session")
def nonlocal_mesh():
    return strips_on_film()


@pytest.fixture(scope="session")
def pt():
    return nf.materials.get("Pt")


@pytest.fixture(scope="session")
def yig():
    return nf.materials.get("YIG")
