"""HTTP API of attendance: configuration (units, locations, assignments) and presensi."""

from simpeg_attendance.api.presensi import router as presensi_router
from simpeg_attendance.api.unit import router as unit_router

routers = [unit_router, presensi_router]
