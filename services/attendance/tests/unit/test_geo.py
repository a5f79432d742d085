"""Geofences: geodesic distance, circles at 90 m and 110 m, polygons with a hole."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simpeg_attendance.domain.geo import Lingkaran, Poligon, jarak_meter, putuskan

KANTOR = (-2.5337, 140.7181)  # a Jayapura office


def titik_pada(lat: float, lon: float, meter: float, arah: str) -> tuple[float, float]:
    """The point ``meter`` metres north or east of (lat, lon), found by bisection on the
    geodesic distance (so the tests do not trust the code under test's inverse for direction)."""
    lo, hi = 0.0, 0.1
    for _ in range(100):
        mid = (lo + hi) / 2
        p = (lat + mid, lon) if arah == "utara" else (lat, lon + mid)
        if jarak_meter(lat, lon, *p) < meter:
            lo = mid
        else:
            hi = mid
    return (lat + lo, lon) if arah == "utara" else (lat, lon + lo)


def test_vincenty_reproduces_the_classic_flinders_peak_to_buninyong_distance() -> None:
    # Vincenty (1975) / Geoscience Australia's worked example on the ellipsoid: 54,972.271 m
    d = jarak_meter(-(37 + 57 / 60 + 3.72030 / 3600), 144 + 25 / 60 + 29.52440 / 3600,
                    -(37 + 39 / 60 + 10.15610 / 3600), 143 + 55 / 60 + 35.38390 / 3600)
    assert d == pytest.approx(54972.271, abs=0.01)


def test_a_degree_of_longitude_shrinks_with_latitude() -> None:
    at_equator = jarak_meter(0, 100, 0, 101)
    at_60 = jarak_meter(60, 100, 60, 101)
    assert at_equator == pytest.approx(111319.5, abs=1)
    assert at_60 == pytest.approx(55800, rel=0.01)


@pytest.mark.parametrize("arah", ["utara", "timur"])
def test_a_circle_of_100_m_takes_90_m_and_refuses_110_m(arah: str) -> None:
    lokasi = {"kantor": Lingkaran(lat=KANTOR[0], lon=KANTOR[1])}
    assert lokasi["kantor"].radius_m == 100
    inside = putuskan(*titik_pada(*KANTOR, 90, arah), lokasi)
    outside = putuskan(*titik_pada(*KANTOR, 110, arah), lokasi)
    assert inside.lokasi_id == "kantor" and inside.jarak_meter is None
    assert outside.lokasi_id is None and outside.jarak_meter == pytest.approx(10, abs=0.2)


def _kotak(lat: float, lon: float, half_m: float) -> list[dict[str, float]]:
    n = titik_pada(lat, lon, half_m, "utara")[0] - lat
    e = titik_pada(lat, lon, half_m, "timur")[1] - lon
    return [{"lat": lat - n, "lon": lon - e}, {"lat": lat - n, "lon": lon + e},
            {"lat": lat + n, "lon": lon + e}, {"lat": lat + n, "lon": lon - e}]


def test_a_polygon_with_a_hole_takes_its_ring_and_refuses_the_hole() -> None:
    compound = Poligon(luar=_kotak(*KANTOR, 200), lubang=[_kotak(*KANTOR, 50)])
    lokasi = {"kompleks": compound}
    in_ring = titik_pada(*KANTOR, 120, "utara")
    in_hole = titik_pada(*KANTOR, 20, "timur")
    outside = titik_pada(*KANTOR, 260, "utara")
    assert putuskan(*in_ring, lokasi).lokasi_id == "kompleks"
    hole = putuskan(*in_hole, lokasi)
    assert hole.lokasi_id is None and hole.jarak_meter == pytest.approx(30, abs=0.5)
    far = putuskan(*outside, lokasi)
    assert far.lokasi_id is None and far.jarak_meter == pytest.approx(60, abs=0.5)


def test_a_self_intersecting_polygon_is_refused_with_the_reason() -> None:
    lat, lon = KANTOR
    bowtie = [{"lat": lat, "lon": lon}, {"lat": lat + 0.001, "lon": lon + 0.001},
              {"lat": lat, "lon": lon + 0.001}, {"lat": lat + 0.001, "lon": lon}]
    with pytest.raises(ValidationError, match="not valid"):
        Poligon(luar=bowtie)


@pytest.mark.parametrize("bad", [{"lat": math.nan, "lon": 140.0}, {"lat": 91.0, "lon": 140.0},
                                 {"lat": -2.5, "lon": 181.0}, {"lat": -2.5, "lon": math.inf}])
def test_a_circle_refuses_impossible_coordinates(bad: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        Lingkaran(**bad)


def test_wfa_allows_any_place_but_an_office_still_wins() -> None:
    lokasi = {"kantor": Lingkaran(lat=KANTOR[0], lon=KANTOR[1])}
    assert putuskan(*KANTOR, lokasi, "WFA:1").lokasi_id == "kantor"
    assert putuskan(0.0, 100.0, lokasi, "WFA:1").lokasi_id == "WFA:1"


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-11, 6), lon=st.floats(95, 141), dlat=st.floats(-0.01, 0.01),
       dlon=st.floats(-0.01, 0.01))
def test_distance_is_symmetric_and_close_to_the_sphere_at_office_scale(lat, lon, dlat, dlon) -> None:
    d1 = jarak_meter(lat, lon, lat + dlat, lon + dlon)
    d2 = jarak_meter(lat + dlat, lon + dlon, lat, lon)
    assert d1 == pytest.approx(d2, abs=1e-6)
    p1, p2 = math.radians(lat), math.radians(lat + dlat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(dlon) / 2) ** 2
    sphere = 2 * 6371008.8 * math.asin(math.sqrt(h))
    assert d1 == pytest.approx(sphere, rel=0.006, abs=1e-6)
