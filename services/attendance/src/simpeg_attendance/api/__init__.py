"""HTTP API of attendance: configuration (units, locations, assignments), presensi and the
import of historical check-ins."""

from simpeg_attendance.api.impor import router as impor_router
from simpeg_attendance.api.presensi import router as presensi_router
from simpeg_attendance.api.unit import router as unit_router

routers = [unit_router, presensi_router, impor_router]
