"""Work locations (geofences) and the decision whether a position lies inside one.

Distances are geodesic on the WGS84 ellipsoid (Vincenty's inverse formula, millimetre-accurate
at office scale), not Euclidean on degrees: one degree of longitude is 111 km at the equator and
shrinks with latitude, and Indonesia spans 11 degrees of latitude. A polygon is tested in
longitude/latitude (its edges are metres long, so the difference from geodesic edges is
negligible) and its distance is measured in a local east/north plane around the position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from shapely.geometry import Point, Polygon
from shapely.validation import explain_validity

# WGS84
_A = 6378137.0
_F = 1 / 298.257223563
_B = _A * (1 - _F)

Lintang = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, description="Latitude, degrees")]
Bujur = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, description="Longitude, degrees")]


def jarak_meter(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres on WGS84 (Vincenty, inverse problem)."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    u1 = math.atan((1 - _F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - _F) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0
        c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
        prev = lam
        lam = big_l + (1 - c) * _F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - prev) < 1e-12:
            break
    else:  # nearly antipodal points: never at office scale; fall back to the mean sphere
        return _haversine(lat1, lon1, lat2, lon2)
    u_sq = cos2_alpha * (_A ** 2 - _B ** 2) / _B ** 2
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = b * sin_sigma * (cos_2sm + b / 4 * (cos_sigma * (-1 + 2 * cos_2sm ** 2) - b / 6 * cos_2sm
                                                * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
    return _B * a * (sigma - delta)


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def _lokal(lat0: float, lon0: float):  # type: ignore[no-untyped-def]
    """Degrees -> metres east/north of (lat0, lon0), with WGS84 radii of curvature there."""
    phi = math.radians(lat0)
    e2 = _F * (2 - _F)
    w = math.sqrt(1 - e2 * math.sin(phi) ** 2)
    m = _A * (1 - e2) / w ** 3        # meridional radius
    n = _A / w                        # prime-vertical radius
    kx, ky = math.radians(1) * n * math.cos(phi), math.radians(1) * m

    def to_xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) * kx, (lat - lat0) * ky

    return to_xy


class Titik(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lat: Lintang
    lon: Bujur


class Lingkaran(BaseModel):
    """A circle: a centre and a radius (default 100 m)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bentuk: Literal["LINGKARAN"] = "LINGKARAN"
    lat: Lintang
    lon: Bujur
    radius_m: float = Field(100, gt=0, le=5000, allow_inf_nan=False)

    def jarak_luar(self, lat: float, lon: float) -> float:
        """0 inside (the boundary counts as inside), else metres to the boundary."""
        return max(0.0, jarak_meter(self.lat, self.lon, lat, lon) - self.radius_m)


class Poligon(BaseModel):
    """A polygon: an outer ring and optional holes (courtyards, a neighbour's plot), each a
    list of points; the ring need not repeat its first point."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bentuk: Literal["POLIGON"] = "POLIGON"
    luar: list[Titik] = Field(min_length=3, max_length=500)
    lubang: list[list[Titik]] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _valid(self) -> Poligon:
        for hole in self.lubang:
            if len(hole) < 3:
                raise ValueError("every hole needs at least 3 points")
        shape = self.shape()
        if not shape.is_valid:
            raise ValueError(f"the polygon is not valid: {explain_validity(shape)}")
        # a work location is a building or a compound, not a province
        lats = [t.lat for t in self.luar]
        lons = [t.lon for t in self.luar]
        if jarak_meter(min(lats), min(lons), max(lats), max(lons)) > 20_000:
            raise ValueError("the polygon is more than 20 km across; draw the office compound")
        return self

    def shape(self) -> Polygon:
        return Polygon([(t.lon, t.lat) for t in self.luar],
                       [[(t.lon, t.lat) for t in hole] for hole in self.lubang])

    def jarak_luar(self, lat: float, lon: float) -> float:
        shape = self.shape()
        if shape.covers(Point(lon, lat)):
            return 0.0
        to_xy = _lokal(lat, lon)
        local = Polygon([to_xy(y, x) for x, y in shape.exterior.coords],
                        [[to_xy(y, x) for x, y in ring.coords] for ring in shape.interiors])
        return float(local.distance(Point(0.0, 0.0)))


Bentuk = Annotated[Lingkaran | Poligon, Field(discriminator="bentuk")]


@dataclass(frozen=True)
class Keputusan:
    """Where a position was decided to be: inside ``lokasi_id``, or outside by ``jarak_meter``
    from the nearest location (``None`` when there was no location to compare with)."""

    lokasi_id: str | None
    jarak_meter: float | None

    @property
    def di_dalam(self) -> bool:
        return self.lokasi_id is not None


def putuskan(lat: float, lon: float, lokasi: dict[str, Lingkaran | Poligon],
             di_mana_saja: str | None = None) -> Keputusan:
    """Inside the first location (by id) that covers the position; else outside by the distance
    to the nearest one. ``di_mana_saja`` names an assignment that allows any place (WFA)."""
    nearest: float | None = None
    for lokasi_id in sorted(lokasi):
        d = lokasi[lokasi_id].jarak_luar(lat, lon)
        if d == 0.0:
            return Keputusan(lokasi_id, None)
        nearest = d if nearest is None else min(nearest, d)
    if di_mana_saja is not None:
        return Keputusan(di_mana_saja, None)
    return Keputusan(None, round(nearest, 1) if nearest is not None else None)
