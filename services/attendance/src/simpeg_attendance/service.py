"""The attendance service's runtime: its application, API, relay, read models and the daily
closing job."""

from __future__ import annotations

import asyncio
from functools import cached_property
from typing import Any

import structlog
from eventsourcing.cryptography import AESCipher
from fastapi import FastAPI

from simpeg_attendance.api import routers
from simpeg_attendance.application import AttendanceApplication
from simpeg_attendance.projections.cuti import CutiAttendance
from simpeg_attendance.projections.pegawai import PegawaiAttendance
from simpeg_attendance.settings import AttendanceSettings
from simpeg_attendance.translate import translate
from simpeg_shared.devkeys import dev_secret, master_key
from simpeg_shared.http import create_app
from simpeg_shared.objects import object_store
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime

log = structlog.get_logger("simpeg.attendance")


class PenutupanHarian:
    """The worker's closing job: every ``interval`` seconds, close the days whose end (plus
    grace) has passed and work through queued corrections. Safe to run in several processes:
    a day is created once, and progress is kept per unit in the database."""

    group_id = "attendance.penutupan"

    def __init__(self, app: AttendanceApplication, interval: float) -> None:
        self.app = app
        self.interval = interval

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.app.tutup)
            except Exception as exc:  # noqa: BLE001 - try again next round; never lose the loop
                log.warning("attendance.closing_failed", error=type(exc).__name__)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            except TimeoutError:
                pass


class AttendanceRuntime(ServiceRuntime):
    settings: AttendanceSettings
    keeps_personal_data = True

    def projections(self) -> list[Projection]:
        return [PegawaiAttendance(), CutiAttendance()]

    @cached_property
    def application(self) -> AttendanceApplication:
        key = self.settings.cipher_key
        cipher_key = key.get_secret_value() if key else dev_secret(
            self.settings.common.var_dir, "attendance-cipher.key", lambda: AESCipher.create_key(32))
        return AttendanceApplication(
            self.settings.db_url, self.engine, self.store("attendance.pegawai"),
            self.store("attendance.cuti"), object_store(self.settings.common),
            jendela_offline_jam=self.settings.jendela_offline_jam,
            max_foto_bytes=self.settings.max_foto_bytes, batch=self.settings.penutupan_batch,
            master_key=master_key(self.settings.common),
            CIPHER_TOPIC="eventsourcing.cryptography:AESCipher", CIPHER_KEY=cipher_key)

    def migrate(self) -> None:
        super().migrate()
        self.application.lokal.setup()

    def api(self) -> FastAPI:
        app = create_app(service="attendance", authz="simpeg_attendance", title="SIMPEG attendance",
                         description="e-absensi: work locations, schedules, check-in with photo, "
                                     "risk review, daily status and discipline flags.",
                         routers=routers,
                         audit=self.engine, verifier=self.verifier, readiness=self.readiness())
        app.state.attendance = self.application
        app.state.engine = self.engine
        app.state.max_foto_bytes = self.settings.max_foto_bytes
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)

    def workers(self) -> list[Any]:
        return [*super().workers(),
                PenutupanHarian(self.application, self.settings.penutupan_interval_detik)]


SERVICE = ServiceDefinition(name="attendance", settings=AttendanceSettings,
                            runtime=AttendanceRuntime, order=25)
