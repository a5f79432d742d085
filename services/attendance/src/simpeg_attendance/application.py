"""Use cases of the attendance context: unit configuration, assignments, check-in with its
decision and risk, the atasan's review, the daily closing, corrections and discipline flags.

The server's clock decides (``clock``, injectable for tests). Who works where and who reviews
whom comes from profile's events (``attendance.pegawai``), approved leave from cuti's
(``attendance.cuti``), and everything attendance itself recorded from its own log
(:class:`~simpeg_attendance.projections.lokal.ProyeksiLokal`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from eventsourcing.persistence import IntegrityError
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine, and_, delete, func, select

from simpeg_attendance.domain import aturan as rules
from simpeg_attendance.domain.aturan import Jadwal, JenisJadwal
from simpeg_attendance.domain.geo import Bentuk, Lingkaran, Poligon, putuskan
from simpeg_attendance.domain.harian import (MASUK, CheckInHari, FaktaHari, StatusHari, batas_jam,
                                             menit_pulang_cepat, menit_terlambat, nilai_hari)
from simpeg_attendance.domain.presensi import (CheckIn, FotoPresensi, HariKerja, PegawaiPresensi,
                                               TandaDisiplin, UnitKerja)
from simpeg_attendance.domain.risiko import Bukti, Jejak, nilai_risiko
from simpeg_attendance.projections import lokal as L
from simpeg_attendance.projections import pegawai as P
from simpeg_attendance.projections.cuti import cuti_pada
from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.kalender import Kalender, default_kalender
from simpeg_shared.objects import JPEG, ObjectStore
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore

log = structlog.get_logger("simpeg.attendance")
Clock = Callable[[], dt.datetime]
DITERIMA, MENUNGGU_REVIEW, DISETUJUI, DITOLAK = "DITERIMA", "MENUNGGU_REVIEW", "DISETUJUI", "DITOLAK"
DIHITUNG = (DITERIMA, DISETUJUI)  # check-ins that count for the day's status
BENTUK = TypeAdapter(Bentuk)
#: ids of imported check-ins: uuid5 of (instansi, source, the old app's record id)
NS_IMPOR = uuid.UUID("8f3c2a91-4d6b-5e07-a1c9-2b7e5d0f4a36")


class PegawaiTidakDikenal(NotFound):
    code = "pegawai-tidak-dikenal"
    title = "Pegawai not known to attendance"


class UnitBelumDiatur(DomainError):
    code = "unit-belum-diatur"
    title = "The unit has no attendance configuration"


class UnitTidakDitemukan(NotFound):
    code = "unit-tidak-ditemukan"
    title = "Unit not configured for attendance"


class WaktuTidakSah(DomainError):
    code = "waktu-tidak-sah"
    title = "The check-in's time cannot be accepted"


class CheckInTidakDitemukan(NotFound):
    code = "checkin-tidak-ditemukan"
    title = "Check-in not found"


class PenugasanTidakDitemukan(NotFound):
    code = "penugasan-tidak-ditemukan"
    title = "Assignment not found"


class BukanPeninjau(Forbidden):
    code = "bukan-peninjau"
    title = "Only the atasan (or their Plt/Plh) reviews, and nobody reviews themselves"


class SudahDitinjau(Conflict):
    code = "sudah-ditinjau"
    title = "The check-in does not wait for review"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def zona(name: str, field: str = "body.zona_waktu") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(f"{name!r} is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, "
                          "Asia/Jayapura)", field=field) from None


def hash_perangkat(perangkat_id: str) -> str:
    """Device ids are kept as a hash only: enough to see a change, not to track a phone."""
    return hashlib.sha256(("simpeg-perangkat:" + perangkat_id).encode()).hexdigest()


class AttendanceApplication(SimpegApplication):
    name = "attendance"
    # a pegawai's aggregate gains an event per check-in; load it from a snapshot
    snapshotting_intervals = {PegawaiPresensi: 100}
    #: where a pegawai was at each check-in: encrypted with their own key (crypto-shredding)
    data_pribadi = frozenset({"lat", "lon"})

    def setelah_dilupakan(self, nip: str) -> None:
        """The pegawai's check-in photos leave the object store (their coordinates became
        unreadable with the key); the check-ins, days and counts stay."""
        self.lokal.ikuti()  # every check-in recorded so far is in the local index
        with self.engine.connect() as conn:
            ids = conn.execute(select(L.CHECKIN.c.checkin_id)
                               .where(L.CHECKIN.c.nip == nip)).scalars().all()
        for checkin_id in ids:
            recorded = next(iter(self.events.get(uuid.UUID(checkin_id), lte=1)), None)
            sha = getattr(recorded, "foto_sha256", "")
            if sha:
                self.objects.delete(sha)

    def __init__(self, database_url: str, engine: Engine, pegawai: ProjectionStore,
                 cuti: ProjectionStore, objects: ObjectStore, *, jendela_offline_jam: float = 24,
                 max_foto_bytes: int = 2 * 1024 * 1024, batch: int = 500,
                 clock: Clock = utcnow, kalender: Kalender | None = None, **env: str) -> None:
        super().__init__(database_url, **env)
        self.engine = engine
        self.pegawai = pegawai
        self.cuti = cuti
        self.objects = objects
        self.jendela_offline = dt.timedelta(hours=jendela_offline_jam)
        self.max_foto_bytes = max_foto_bytes
        self.batch = batch
        self.clock = clock
        self.kalender = kalender or default_kalender()
        self.lokal = L.ProyeksiLokal(engine, self)

    # -- units -----------------------------------------------------------------------------
    def get_unit(self, instansi_id: str, unit_id: str) -> UnitKerja:
        unit = self.find(UnitKerja.create_id(instansi_id, unit_id))
        if unit is None:
            raise UnitTidakDitemukan(f"unit {unit_id} has no attendance configuration")
        return unit

    def atur_unit(self, unit_id: str, instansi_id: str, zona_waktu: str, jadwal: str,
                  berlaku_mulai: dt.date) -> UnitKerja:
        zona(zona_waktu)
        if berlaku_mulai.year not in self.kalender.tahun:
            raise DomainError(f"the holiday calendar has no {berlaku_mulai.year} (it has "
                              f"{', '.join(map(str, self.kalender.tahun))}); start attendance "
                              "in a year it covers", field="body.berlaku_mulai")
        try:
            rules.jadwal_pada(jadwal, berlaku_mulai)
        except LookupError:
            raise DomainError(f"no schedule {jadwal!r} in force on {berlaku_mulai}; known: "
                              f"{', '.join(rules.kode_jadwal())}", field="body.jadwal") from None
        unit = self.find(UnitKerja.create_id(instansi_id, unit_id))
        if unit is None:
            unit = UnitKerja(unit_id=unit_id, instansi_id=instansi_id, zona_waktu=zona_waktu,
                             jadwal=jadwal, berlaku_mulai=berlaku_mulai)
        else:
            unit.reconfigure(zona_waktu=zona_waktu, jadwal=jadwal, berlaku_mulai=berlaku_mulai)
        self.save(unit)
        self.lokal.ikuti()
        return unit

    def atur_lokasi(self, unit_id: str, instansi_id: str, lokasi_id: str, nama: str,
                    bentuk: Lingkaran | Poligon) -> UnitKerja:
        unit = self.get_unit(instansi_id, unit_id)
        unit.set_lokasi(lokasi_id=lokasi_id, nama=nama, bentuk=bentuk.model_dump(mode="json"))
        self.save(unit)
        return unit

    def hapus_lokasi(self, unit_id: str, instansi_id: str, lokasi_id: str) -> UnitKerja:
        unit = self.get_unit(instansi_id, unit_id)
        if lokasi_id not in unit.lokasi:
            raise NotFound(f"unit {unit_id} has no location {lokasi_id}")
        unit.remove_lokasi(lokasi_id=lokasi_id)
        self.save(unit)
        return unit

    # -- pegawai -----------------------------------------------------------------------------
    def instansi_of(self, nip: str) -> str:
        instansi = self.pegawai.read(lambda c, t: P.instansi_of(c, t, nip))
        if instansi is None:
            raise PegawaiTidakDikenal(f"pegawai {nip} is not known to attendance (not registered "
                                      "in profile, or not arrived yet)")
        return instansi

    def penempatan(self, nip: str, tanggal: dt.date) -> tuple[str, str]:
        found = self.pegawai.read(lambda c, t: P.penempatan(c, t, nip, tanggal))
        if found is None:
            raise PegawaiTidakDikenal(f"pegawai {nip} has no unit in profile on {tanggal}")
        return found

    def tambah_penugasan(self, nip: str, instansi_id: str, jenis: str, mulai: dt.date,
                         selesai: dt.date, lokasi: Lingkaran | Poligon | None, shift: str | None,
                         keterangan: str | None) -> dict[str, Any]:
        """A dated flexible-work assignment (PermenPANRB 4/2025): WFH at a place, WFA anywhere,
        DINAS_LUAR at a place (the day is DINAS_LUAR), or a SHIFT of the unit's schedule."""
        if self.instansi_of(nip) != instansi_id:
            raise PegawaiTidakDikenal(f"pegawai {nip} is not known to attendance")
        if selesai < mulai:
            raise DomainError("selesai is before mulai", field="body.selesai")
        if (selesai - mulai).days > 366:
            raise DomainError("an assignment lasts at most a year; add another", field="body.selesai")
        if jenis in ("WFH", "DINAS_LUAR") and lokasi is None:
            raise DomainError(f"a {jenis} assignment needs the place (lokasi)", field="body.lokasi")
        if jenis in ("WFA", "SHIFT") and lokasi is not None:
            raise DomainError(f"a {jenis} assignment has no place", field="body.lokasi")
        if jenis == "SHIFT":
            unit_instansi, unit_id = self.penempatan(nip, mulai)
            unit = self.get_unit(unit_instansi, unit_id)
            kode = unit.jadwal_pada(mulai)
            jadwal = rules.jadwal_pada(kode, mulai) if kode else None
            if jadwal is None or jadwal.jenis is not JenisJadwal.SHIFT or shift not in jadwal.shift:
                known = ", ".join(sorted(jadwal.shift)) if jadwal and jadwal.shift else "none"
                raise DomainError(f"unit {unit_id} works {kode or 'no schedule'} on {mulai}; its "
                                  f"shifts are: {known}", field="body.shift")
        elif shift is not None:
            raise DomainError("only a SHIFT assignment names a shift", field="body.shift")
        agg = self.find(PegawaiPresensi.create_id(nip)) or PegawaiPresensi(nip=nip)
        penugasan_id = uuid.uuid4().hex
        agg.tambah_penugasan(nip=nip, penugasan_id=penugasan_id, jenis=jenis, mulai=mulai,
                             selesai=selesai,
                             lokasi=lokasi.model_dump(mode="json") if lokasi else None,
                             shift=shift, keterangan=keterangan, instansi_id=instansi_id)
        self.save(agg)
        self.lokal.ikuti()
        self._antre_rentang(nip, mulai, selesai, f"PENUGASAN:{penugasan_id}")
        return agg.penugasan[penugasan_id]

    def batalkan_penugasan(self, nip: str, instansi_id: str, penugasan_id: str, alasan: str) -> None:
        if self.instansi_of(nip) != instansi_id:
            raise PegawaiTidakDikenal(f"pegawai {nip} is not known to attendance")
        agg = self.find(PegawaiPresensi.create_id(nip))
        if agg is None or penugasan_id not in agg.penugasan:
            raise PenugasanTidakDitemukan(f"{nip} has no assignment {penugasan_id}")
        p = agg.penugasan[penugasan_id]
        agg.batalkan_penugasan(penugasan_id=penugasan_id, alasan=alasan)
        self.save(agg)
        self.lokal.ikuti()
        self._antre_rentang(nip, p["mulai"], p["selesai"], f"BATAL_PENUGASAN:{penugasan_id}")

    def _antre_rentang(self, nip: str, mulai: dt.date, selesai: dt.date, sumber: str) -> None:
        today = self.clock().date()
        with self.engine.begin() as conn:
            day = mulai
            while day <= min(selesai, today):
                L.antre_koreksi(conn, nip, day, sumber)
                day += dt.timedelta(days=1)

    # -- check-in ----------------------------------------------------------------------------
    def catat_presensi(self, *, nip: str, jenis: str, lat: float, lon: float, akurasi_m: float,
                       perangkat_id: str, lokasi_palsu: bool, waktu_ponsel: dt.datetime,
                       waktu_ambil: dt.datetime | None, foto: bytes,
                       checkin_id: uuid.UUID | None = None) -> tuple[CheckIn, Any]:
        """Decide and record a check-in (MASUK) or check-out (PULANG). Returns the check-in and
        the risk rules it was scored with. Refusals raise before anything is stored.

        ``checkin_id`` (from the request's Idempotency-Key) names the check-in: when one is
        stored under it already (the same request, run again after its first answer was lost),
        that one is the answer and nothing new is recorded."""
        if checkin_id is not None:
            sudah = self._sudah_tercatat(checkin_id, nip)
            if sudah is not None:
                return sudah
        now = self.clock()
        selisih = waktu_ponsel - now
        if abs(selisih) > self.jendela_offline:
            raise WaktuTidakSah(
                f"the phone's clock is {_durasi(abs(selisih))} off the server's; set the phone "
                "to automatic (network) time and send again", field="body.waktu_ponsel")
        offline = waktu_ambil is not None
        if waktu_ambil is None:
            waktu = now
        else:
            # Both times come from the phone's clock: a capture after the phone's own sending
            # time is in the future whatever that clock's error.
            if waktu_ambil > waktu_ponsel:
                raise WaktuTidakSah("waktu_ambil (the capture time) is in the future; it must be "
                                    "the moment the photo was taken, before sending",
                                    field="body.waktu_ambil")
            # The phone's clock may be off: the capture is placed by the skew measured now.
            waktu = waktu_ambil - selisih
            if now - waktu > self.jendela_offline:
                raise WaktuTidakSah(
                    f"captured {_durasi(now - waktu)} ago; offline check-ins are accepted within "
                    f"{_durasi(self.jendela_offline)} of capture. Ask your atasan or the admin "
                    "to record the day another way (dinas luar, cuti)", field="body.waktu_ambil")
        instansi_id, unit_id = self.penempatan(nip, waktu.date())
        unit = self.find(UnitKerja.create_id(instansi_id, unit_id))
        if unit is None:
            raise UnitBelumDiatur(f"unit {unit_id} has no attendance configuration yet; the "
                                  "admin instansi sets it up (PUT /api/attendance/v1/unit/{unit_id})")
        tz = ZoneInfo(unit.zona_waktu)
        tanggal = waktu.astimezone(tz).date()
        instansi_id2, unit_id2 = self.penempatan(nip, tanggal)
        if (instansi_id2, unit_id2) != (instansi_id, unit_id):
            unit = self.find(UnitKerja.create_id(instansi_id2, unit_id2)) or unit
            instansi_id = unit.instansi_id
            unit_id = unit.unit_id
            tz = ZoneInfo(unit.zona_waktu)
            tanggal = waktu.astimezone(tz).date()
        self.kunci_pegawai.kunci(nip, buat=True)  # 409 when their personal data was erased
        sha = hashlib.sha256(foto).hexdigest()
        perangkat = hash_perangkat(perangkat_id)
        aturan_risiko = rules.risiko_pada(tanggal)
        for attempt in range(5):
            try:
                checkin = self._rekam(nip=nip, instansi_id=instansi_id, unit=unit, jenis=jenis,
                                      waktu=waktu, tanggal=tanggal, now=now, selisih=selisih,
                                      offline=offline, lat=lat, lon=lon, akurasi_m=akurasi_m,
                                      lokasi_palsu=lokasi_palsu, perangkat=perangkat, sha=sha,
                                      waktu_ponsel=waktu_ponsel, waktu_ambil=waktu_ambil,
                                      foto=foto, aturan_risiko=aturan_risiko,
                                      checkin_id=checkin_id or uuid.uuid4())
                break
            except IntegrityError:
                sudah = self._sudah_tercatat(checkin_id, nip) if checkin_id is not None else None
                if sudah is not None:  # the same request, run at the same moment
                    return sudah
                if attempt == 4:
                    raise Conflict("too many check-ins at once for this pegawai; send again") from None
                time.sleep(0.01 * (attempt + 1))
        # Only a check-in for a day whose closing time has passed (an offline capture synced
        # late) can change a closed day; today's check-ins are read by the closing itself, so the
        # hot path skips following the local log and recomputing the day.
        closes = self.waktu_tutup(unit, tanggal)
        if checkin.status == DITERIMA and closes is not None and closes <= now:
            self.lokal.ikuti()
            self._antre_dan_koreksi(nip, tanggal, f"CHECKIN:{checkin.id}")
        return checkin, aturan_risiko

    def _sudah_tercatat(self, checkin_id: uuid.UUID, nip: str) -> tuple[CheckIn, Any] | None:
        checkin = self.find(CheckIn.create_id(checkin_id))
        if not isinstance(checkin, CheckIn):
            return None
        if checkin.nip != nip:  # ids are derived per caller: this cannot be theirs
            raise Conflict("this Idempotency-Key names another check-in; use a new key")
        return checkin, rules.risiko_pada(checkin.tanggal)

    def _rekam(self, *, nip: str, instansi_id: str, unit: UnitKerja, jenis: str,
               waktu: dt.datetime, tanggal: dt.date, now: dt.datetime, selisih: dt.timedelta,
               offline: bool, lat: float, lon: float, akurasi_m: float, lokasi_palsu: bool,
               perangkat: str, sha: str, waktu_ponsel: dt.datetime,
               waktu_ambil: dt.datetime | None, foto: bytes, aturan_risiko: Any,
               checkin_id: uuid.UUID) -> CheckIn:
        agg = self.find(PegawaiPresensi.create_id(nip)) or PegawaiPresensi(nip=nip)
        tanggal, jam, jadwal = self._hari_untuk(unit, agg, waktu, tanggal, jenis)
        lokasi = {k: BENTUK.validate_python(v["bentuk"]) for k, v in unit.lokasi.items()}
        wfa = None
        for p in agg.penugasan_pada(tanggal):
            if p["lokasi"] is not None:
                lokasi[f"{p['jenis']}:{p['penugasan_id']}"] = BENTUK.validate_python(p["lokasi"])
            elif p["jenis"] == "WFA":
                wfa = f"WFA:{p['penugasan_id']}"
        keputusan = putuskan(lat, lon, lokasi, wfa)
        foto_lama = self.find(FotoPresensi.create_id(sha))
        prev = agg.terakhir
        skor = nilai_risiko(Bukti(
            lat=lat, lon=lon, akurasi_m=akurasi_m, lokasi_palsu=lokasi_palsu,
            di_dalam=keputusan.di_dalam, waktu=waktu, diterima=now, selisih_jam=selisih,
            offline=offline, foto_pernah_dipakai=foto_lama is not None,
            perangkat_baru=bool(agg.perangkat) and perangkat not in agg.perangkat,
            sebelumnya=Jejak(prev["waktu"], prev["lat"], prev["lon"]) if prev else None),
            aturan_risiko)
        tl = psw = None
        if jam is not None:
            if jenis == MASUK:
                tl = menit_terlambat(waktu, tanggal, jam, unit.zona_waktu)
            else:
                psw = menit_pulang_cepat(waktu, tanggal, jam, unit.zona_waktu)
        checkin = CheckIn(
            checkin_id=checkin_id, nip=nip, instansi_id=instansi_id, unit_id=unit.unit_id,
            zona_waktu=unit.zona_waktu, jenis=jenis, waktu=waktu, tanggal=tanggal,
            lokasi_id=keputusan.lokasi_id, jarak_meter=keputusan.jarak_meter,
            menit_terlambat=tl, menit_pulang_cepat=psw, offline=offline, diterima_pada=now,
            waktu_ponsel=waktu_ponsel, waktu_ambil=waktu_ambil, lat=lat, lon=lon,
            akurasi_m=akurasi_m, lokasi_palsu=lokasi_palsu, perangkat=perangkat, foto_sha256=sha,
            skor_risiko=skor.nilai, alasan_risiko=list(skor.alasan), aturan_risiko=skor.aturan,
            status=MENUNGGU_REVIEW if skor.perlu_review else DITERIMA)
        agg.jejak(checkin_id=checkin_id, waktu=waktu, lat=lat, lon=lon, perangkat=perangkat)
        # The photo is stored only now that every check passed; the events follow at once.
        self.objects.put(foto, declared_type=JPEG, allowed=frozenset({JPEG}),
                         max_bytes=self.max_foto_bytes)
        aggregates: list[Any] = [checkin, agg]
        if foto_lama is None:
            aggregates.append(FotoPresensi(sha256=sha, checkin_id=checkin_id))
        self.save(*aggregates)
        return checkin

    def _hari_untuk(self, unit: UnitKerja, agg: PegawaiPresensi, waktu: dt.datetime,
                    tanggal: dt.date, jenis: str) -> tuple[dt.date, Any, Jadwal | None]:
        """The working day a check-in counts for, with its hours. A check-out in the morning
        after a night shift counts for the day the shift started."""
        kemarin = tanggal - dt.timedelta(days=1)
        if jenis != MASUK:
            jam_kemarin, _ = self._jam(unit, agg, kemarin)
            if jam_kemarin is not None and jam_kemarin.lewat_tengah_malam:
                _, akhir = batas_jam(kemarin, jam_kemarin, unit.zona_waktu)
                if waktu <= akhir + dt.timedelta(hours=6):
                    jam, jadwal = self._jam(unit, agg, kemarin)
                    return kemarin, jam, jadwal
        jam, jadwal = self._jam(unit, agg, tanggal)
        return tanggal, jam, jadwal

    def _jam(self, unit: UnitKerja, agg: PegawaiPresensi | None, tanggal: dt.date) -> tuple[Any, Jadwal | None]:
        kode = unit.jadwal_pada(tanggal)
        if kode is None:
            return None, None
        jadwal = rules.jadwal_pada(kode, tanggal)
        shift = None
        if agg is not None:
            shifts = [p["shift"] for p in agg.penugasan_pada(tanggal) if p["jenis"] == "SHIFT"]
            shift = shifts[-1] if shifts else None
        return jadwal.jam(tanggal, shift), jadwal

    def get_checkin(self, checkin_id: uuid.UUID) -> CheckIn:
        checkin = self.find(checkin_id)
        if not isinstance(checkin, CheckIn):
            raise CheckInTidakDitemukan(f"no check-in {checkin_id}")
        return checkin

    # -- historical import -------------------------------------------------------------------
    def impor(self, instansi_id: str, sumber: str, rekaman: list[dict[str, Any]]) -> dict[str, Any]:
        """Store check-ins migrated from the previous app: each record once (its id is derived
        from the source and the old record id), only for pegawai of ``instansi_id`` in a unit
        configured for attendance, never in the future. A record for a day already closed
        queues that day's recomputation, as a late offline capture does."""
        now = self.clock()
        ditolak: list[dict[str, Any]] = []
        baru: list[tuple[int, uuid.UUID, dict[str, Any]]] = []
        units: dict[tuple[str, str], UnitKerja | None] = {}
        seen: set[uuid.UUID] = set()
        for i, r in enumerate(rekaman):
            def tolak(field: str, alasan: str, i: int = i, r: dict[str, Any] = r) -> None:
                ditolak.append({"indeks": i, "rekaman_id": r["rekaman_id"],
                                "field": f"body.rekaman.{i}.{field}", "alasan": alasan})
            waktu = r["waktu"].astimezone(dt.UTC)
            if waktu > now:
                tolak("waktu", "the record is in the future")
                continue
            if now - waktu > dt.timedelta(days=400):
                tolak("waktu", "records older than 400 days are not imported")
                continue
            found = self.pegawai.read(lambda c, t, n=r["nip"], d=waktu.date(): P.penempatan(c, t, n, d))
            if found is None or found[0] != instansi_id:
                tolak("nip", f"pegawai {r['nip']} is not known to attendance in {instansi_id}")
                continue
            if found not in units:
                units[found] = self.find(UnitKerja.create_id(*found))
            unit = units[found]
            if unit is None:
                tolak("nip", f"unit {found[1]} has no attendance configuration yet")
                continue
            checkin_id = uuid.uuid5(NS_IMPOR, f"{instansi_id}:{sumber}:{r['rekaman_id']}")
            if checkin_id in seen:
                tolak("rekaman_id", "the same rekaman_id twice in one batch")
                continue
            seen.add(checkin_id)
            baru.append((i, checkin_id, {**r, "waktu": waktu, "unit": unit}))
        with self.engine.connect() as conn:
            ada = {uuid.UUID(str(x[0])) for x in conn.execute(select(L.CHECKIN.c.checkin_id).where(
                L.CHECKIN.c.checkin_id.in_([str(c) for _, c, _ in baru])))} if baru else set()
        makers = []
        for _, checkin_id, r in baru:
            if checkin_id not in ada:
                makers.append(partial(self._checkin_lama, checkin_id, r, now, sumber))
        diterima = self._save_new(makers)
        sudah_ada = len(baru) - diterima
        if diterima:
            self.lokal.ikuti()
            days = {(r["nip"], r["waktu"].astimezone(ZoneInfo(r["unit"].zona_waktu)).date())
                    for _, c, r in baru if c not in ada}
            with self.engine.begin() as conn:
                closed = {(n, d) for n, d in conn.execute(select(L.HARI.c.nip, L.HARI.c.tanggal).where(
                    L.HARI.c.nip.in_(sorted({n for n, _ in days}))))}
                for nip, tanggal in sorted(days & closed):
                    L.antre_koreksi(conn, nip, tanggal, f"IMPOR:{sumber}")
        log.info("attendance.impor", instansi=instansi_id, sumber=sumber, diterima=diterima,
                 sudah_ada=sudah_ada, ditolak=len(ditolak))
        return {"diterima": diterima, "sudah_ada": sudah_ada, "ditolak": ditolak}

    def _checkin_lama(self, checkin_id: uuid.UUID, r: dict[str, Any], now: dt.datetime,
                      sumber: str) -> CheckIn:
        unit: UnitKerja = r["unit"]
        waktu: dt.datetime = r["waktu"]
        tanggal = waktu.astimezone(ZoneInfo(unit.zona_waktu)).date()
        jam, _ = self._jam(unit, None, tanggal)
        tl = psw = None
        if jam is not None:
            if r["jenis"] == MASUK:
                tl = menit_terlambat(waktu, tanggal, jam, unit.zona_waktu)
            else:
                psw = menit_pulang_cepat(waktu, tanggal, jam, unit.zona_waktu)
        lokasi = {k: BENTUK.validate_python(v["bentuk"]) for k, v in unit.lokasi.items()}
        keputusan = putuskan(r["lat"], r["lon"], lokasi, None)
        return CheckIn(
            checkin_id=checkin_id, nip=r["nip"], instansi_id=unit.instansi_id, unit_id=unit.unit_id,
            zona_waktu=unit.zona_waktu, jenis=r["jenis"], waktu=waktu, tanggal=tanggal,
            lokasi_id=keputusan.lokasi_id, jarak_meter=keputusan.jarak_meter,
            menit_terlambat=tl, menit_pulang_cepat=psw, offline=False, diterima_pada=now,
            waktu_ponsel=waktu, waktu_ambil=None, lat=r["lat"], lon=r["lon"],
            akurasi_m=r["akurasi_m"], lokasi_palsu=False,
            perangkat=hash_perangkat(f"impor:{sumber}"), foto_sha256="", skor_risiko=0,
            alasan_risiko=[], aturan_risiko=f"impor:{sumber}"[:64], status=DITERIMA)

    # -- review ------------------------------------------------------------------------------
    def antrean_review(self, actor: str) -> list[dict[str, Any]]:
        """Check-ins waiting for review by ``actor`` (as atasan, or as Plt/Plh of one)."""
        self.lokal.ikuti()
        today = self.clock().date()
        staff = self.pegawai.read(lambda c, t: P.ditinjau_oleh(c, t, actor, today))
        if not staff:
            return []
        with self.engine.connect() as conn:
            return L.checkin_rows(conn, and_(L.CHECKIN.c.status == MENUNGGU_REVIEW,
                                             L.CHECKIN.c.nip.in_(sorted(staff))))

    def tinjau(self, checkin_id: uuid.UUID, actor: str, keputusan: str, alasan: str) -> CheckIn:
        checkin = self.get_checkin(checkin_id)
        if actor == checkin.nip:
            raise BukanPeninjau("you cannot review your own check-in")
        today = self.clock().date()
        atasan, allowed = self.pegawai.read(
            lambda c, t: P.peninjau_sah(c, t, checkin.nip, checkin.tanggal, today))
        if atasan is None:
            raise BukanPeninjau(f"pegawai {checkin.nip} has no atasan langsung recorded for "
                                f"{checkin.tanggal}; record it in profile first")
        if actor not in allowed:
            raise BukanPeninjau(f"only {checkin.nip}'s atasan ({atasan}) or the Plt/Plh acting "
                                "for them reviews this check-in")
        if checkin.status != MENUNGGU_REVIEW:
            raise SudahDitinjau(f"the check-in is {checkin.status}, not waiting for review")
        checkin.tinjau(nip=checkin.nip, instansi_id=checkin.instansi_id, tanggal=checkin.tanggal,
                       keputusan=keputusan, alasan=alasan, nip_peninjau=actor)
        self.save(checkin)
        self.lokal.ikuti()
        if keputusan == DISETUJUI:
            self._antre_dan_koreksi(checkin.nip, checkin.tanggal, f"REVIEW:{checkin.id}",
                                    f"check-in {checkin.id} approved on review: {alasan}")
        return checkin

    # -- days ----------------------------------------------------------------------------------
    def waktu_tutup(self, unit: UnitKerja, tanggal: dt.date) -> dt.datetime | None:
        """When ``tanggal`` closes in ``unit``: the end of the day (or of a night shift that
        started on it) in the unit's zone, plus the schedule's grace period."""
        kode = unit.jadwal_pada(tanggal)
        if kode is None:
            return None
        jadwal = rules.jadwal_pada(kode, tanggal)
        tz = ZoneInfo(unit.zona_waktu)
        akhir = dt.datetime.combine(tanggal + dt.timedelta(days=1), dt.time(0), tz)
        for jam in jadwal.shift.values():
            if jam.lewat_tengah_malam:
                akhir = max(akhir, batas_jam(tanggal, jam, unit.zona_waktu)[1])
        return akhir + dt.timedelta(minutes=jadwal.tenggang_penutupan_menit)

    def _nilai(self, unit: UnitKerja, tanggal: dt.date, cuti: str | None,
               tugas: Sequence[dict[str, Any]], checkins: Sequence[dict[str, Any]],
               ) -> tuple[str, StatusHari] | None:
        """(schedule version, status) of one pegawai's day, or None if it is no working day."""
        kode = unit.jadwal_pada(tanggal)
        if kode is None:
            return None
        jadwal = rules.jadwal_pada(kode, tanggal)
        shifts = [t["shift"] for t in tugas if t["jenis"] == "SHIFT"]
        jam = jadwal.jam(tanggal, shifts[-1] if shifts else None)
        if jam is None:
            return None
        libur = jadwal.ikut_kalender_libur and self.kalender.libur_pada(tanggal) is not None
        fakta = FaktaHari(
            tanggal=tanggal, jadwal=jadwal, jam=jam, zona_waktu=unit.zona_waktu, libur=libur,
            cuti=cuti, dinas_luar=any(t["jenis"] == "DINAS_LUAR" for t in tugas),
            checkins=tuple(CheckInHari(uuid.UUID(c["checkin_id"]), c["jenis"], c["waktu"])
                           for c in checkins if c["status"] in DIHITUNG))
        return jadwal.versi, nilai_hari(fakta)

    def tutup(self, sekarang: dt.datetime | None = None) -> dict[str, Any]:
        """Close every day whose closing time has passed, in every configured unit. Idempotent
        and restart-safe: a closed day is never closed again, and progress is kept per unit."""
        started = time.perf_counter()
        now = sekarang or self.clock()
        self.lokal.ikuti()
        with self.engine.connect() as conn:
            unit_ids = [tuple(r) for r in conn.execute(select(L.UNIT.c.instansi_id, L.UNIT.c.unit_id))]
            progress = {(r[0], r[1]): r[2] for r in conn.execute(select(
                L.PENUTUPAN.c.instansi_id, L.PENUTUPAN.c.unit_id, L.PENUTUPAN.c.sampai))}
        todo: dict[dt.date, list[UnitKerja]] = defaultdict(list)
        for key in unit_ids:
            unit = self.get_unit(*key)
            day = max(unit.aktif_mulai, progress[key] + dt.timedelta(days=1)
                      if key in progress else unit.aktif_mulai)
            while (closes := self.waktu_tutup(unit, day)) is not None and closes <= now:
                todo[day].append(unit)
                day += dt.timedelta(days=1)
        stats = {"hari": 0, "ditutup": 0, "tanda_disiplin": 0}
        for tanggal in sorted(todo):
            closed, flags = self._tutup_tanggal(tanggal, todo[tanggal])
            stats["hari"] += 1
            stats["ditutup"] += closed
            stats["tanda_disiplin"] += flags
        stats["koreksi"] = self.proses_koreksi(now)
        stats["detik"] = round(time.perf_counter() - started, 2)
        if stats["ditutup"]:
            log.info("attendance.closed", **stats)
        return stats

    def _tutup_tanggal(self, tanggal: dt.date, units: list[UnitKerja]) -> tuple[int, int]:
        by_id = {(u.instansi_id, u.unit_id): u for u in units}
        placed = self.pegawai.read(lambda c, t: P.semua_penempatan(c, t, tanggal))
        cuti = self.cuti.read(lambda c, t: cuti_pada(c, t, None, tanggal, tanggal))
        with self.engine.connect() as conn:
            done = {r[0] for r in conn.execute(select(L.HARI.c.nip).where(L.HARI.c.tanggal == tanggal))}
            tugas: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in conn.execute(select(L.PENUGASAN).where(
                    L.PENUGASAN.c.mulai <= tanggal, L.PENUGASAN.c.selesai >= tanggal,
                    L.PENUGASAN.c.dibatalkan.is_(False))).mappings():
                tugas[row["nip"]].append(dict(row))
            checkins: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in L.checkin_rows(conn, L.CHECKIN.c.tanggal == tanggal):
                checkins[row["nip"]].append(row)
        days: list[Callable[[], HariKerja]] = []
        tk: dict[str, str] = {}
        for nip, (instansi_id, unit_id) in sorted(placed.items()):
            unit = by_id.get((instansi_id, unit_id))
            if unit is None or nip in done:
                continue
            nilai = self._nilai(unit, tanggal, cuti.get((nip, tanggal)), tugas.get(nip, []),
                                checkins.get(nip, []))
            if nilai is None:
                continue
            versi, s = nilai
            days.append(partial(HariKerja, nip=nip, instansi_id=instansi_id, unit_id=unit_id,
                                zona_waktu=unit.zona_waktu, tanggal=tanggal, jadwal=versi,
                                status=s.status, tl=s.tl, psw=s.psw,
                                menit_terlambat=s.menit_terlambat,
                                menit_pulang_cepat=s.menit_pulang_cepat,
                                checkin_ids=list(s.checkin_ids)))
            if s.status == "TK":
                tk[nip] = instansi_id
        saved = self._save_new(days)
        with self.engine.begin() as conn:
            for instansi_id, unit_id in by_id:
                if not L.insert_or_ignore(conn, L.PENUTUPAN, instansi_id=instansi_id,
                                          unit_id=unit_id, sampai=tanggal):
                    conn.execute(L.PENUTUPAN.update().where(L.PENUTUPAN.c.instansi_id == instansi_id,
                                                            L.PENUTUPAN.c.unit_id == unit_id,
                                                            L.PENUTUPAN.c.sampai < tanggal)
                                 .values(sampai=tanggal))
        self.lokal.ikuti()
        return saved, self.periksa_disiplin(tk, tanggal)

    def _save_new(self, makers: Sequence[Callable[[], Any]]) -> int:
        """Create and save new aggregates in batches; one created meanwhile by another process
        (a second closer) is skipped, not duplicated. A failed ``save()`` has taken the pending
        events of its aggregates, so each retry creates them afresh."""
        saved = 0
        for i in range(0, len(makers), self.batch):
            chunk = makers[i:i + self.batch]
            try:
                self.save(*(make() for make in chunk))
                saved += len(chunk)
            except IntegrityError:
                for make in chunk:
                    try:
                        self.save(make())
                        saved += 1
                    except IntegrityError:
                        continue
        return saved

    def _antre_dan_koreksi(self, nip: str, tanggal: dt.date, sumber: str,
                           alasan: str | None = None) -> None:
        """Recompute a day that may be closed already; if it is not closed yet but its closing
        time has passed (a closing may be running), queue it for the worker to look again."""
        try:
            result = self.koreksi_hari(nip, tanggal, sumber, alasan)
        except IntegrityError:
            result = "BERSAING"  # corrected by another process meanwhile: the worker looks again
        if result == "BERSAING" or (
                result == "BELUM_DITUTUP" and self._masih_akan_ditutup(nip, tanggal, self.clock())):
            with self.engine.begin() as conn:
                L.antre_koreksi(conn, nip, tanggal, sumber)

    def koreksi_hari(self, nip: str, tanggal: dt.date, sumber: str,
                     alasan: str | None = None) -> str:
        """Recompute a closed day; publish a correction when its status changed.
        Returns DIKOREKSI, SAMA (unchanged) or BELUM_DITUTUP."""
        self.lokal.ikuti()
        hari = self.find(HariKerja.create_id(nip, tanggal))
        if hari is None:
            return "BELUM_DITUTUP"
        unit = self.get_unit(hari.instansi_id, hari.unit_id)
        cuti = self.cuti.read(lambda c, t: cuti_pada(c, t, [nip], tanggal, tanggal))
        with self.engine.connect() as conn:
            tugas = [dict(r) for r in conn.execute(select(L.PENUGASAN).where(
                L.PENUGASAN.c.nip == nip, L.PENUGASAN.c.mulai <= tanggal,
                L.PENUGASAN.c.selesai >= tanggal, L.PENUGASAN.c.dibatalkan.is_(False))).mappings()]
            checkins = L.checkin_rows(conn, and_(L.CHECKIN.c.nip == nip, L.CHECKIN.c.tanggal == tanggal))
        nilai = self._nilai(unit, tanggal, cuti.get((nip, tanggal)), tugas, checkins)
        if nilai is None:
            return "SAMA"  # the schedule no longer makes it a working day; the record stands
        versi, s = nilai
        baru = (s.status, s.tl, s.psw, s.menit_terlambat, s.menit_pulang_cepat, tuple(s.checkin_ids))
        if baru == hari.nilai():
            return "SAMA"
        hari.correct(jadwal=versi, status=s.status, tl=s.tl, psw=s.psw,
                     menit_terlambat=s.menit_terlambat, menit_pulang_cepat=s.menit_pulang_cepat,
                     checkin_ids=list(s.checkin_ids), alasan=alasan or _alasan(sumber),
                     sumber=sumber)
        self.save(hari)
        self.lokal.ikuti()
        if s.status == "TK":
            self.periksa_disiplin({nip: hari.instansi_id}, tanggal)
        return "DIKOREKSI"

    def proses_koreksi(self, sekarang: dt.datetime | None = None) -> int:
        """Work through the queued days (cuti decided or cancelled, reviews, late syncs)."""
        now = sekarang or self.clock()
        with self.engine.connect() as conn:
            queued = conn.execute(select(L.KOREKSI).order_by(L.KOREKSI.c.tanggal)).mappings().all()
        corrected = 0
        for row in queued:
            try:
                result = self.koreksi_hari(row["nip"], row["tanggal"], row["sumber"])
            except IntegrityError:
                continue  # another process corrected it meanwhile; look again next round
            corrected += result == "DIKOREKSI"
            if result == "BELUM_DITUTUP" and not self._masih_akan_ditutup(row["nip"], row["tanggal"], now):
                result = "SELESAI"
            if result != "BELUM_DITUTUP":
                with self.engine.begin() as conn:
                    conn.execute(delete(L.KOREKSI).where(
                        L.KOREKSI.c.nip == row["nip"], L.KOREKSI.c.tanggal == row["tanggal"],
                        L.KOREKSI.c.sumber == row["sumber"]))
        return corrected

    def _masih_akan_ditutup(self, nip: str, tanggal: dt.date, now: dt.datetime) -> bool:
        """A day not closed yet whose closing is due: keep its queued correction."""
        found = self.pegawai.read(lambda c, t: P.penempatan(c, t, nip, tanggal))
        unit = self.find(UnitKerja.create_id(*found)) if found else None
        if unit is None or tanggal < unit.aktif_mulai:
            return False
        closes = self.waktu_tutup(unit, tanggal)
        return closes is not None and closes <= now and now - closes < dt.timedelta(days=2)

    def harian(self, nip: str, mulai: dt.date, selesai: dt.date) -> dict[str, Any]:
        self.lokal.ikuti()
        with self.engine.connect() as conn:
            days = [dict(r) for r in conn.execute(select(L.HARI).where(
                L.HARI.c.nip == nip, L.HARI.c.tanggal >= mulai, L.HARI.c.tanggal <= selesai)
                .order_by(L.HARI.c.tanggal)).mappings()]
            checkins = L.checkin_rows(conn, and_(L.CHECKIN.c.nip == nip, L.CHECKIN.c.tanggal >= mulai,
                                                 L.CHECKIN.c.tanggal <= selesai))
            flags = [dict(r) for r in conn.execute(select(L.DISIPLIN).where(
                L.DISIPLIN.c.nip == nip).order_by(L.DISIPLIN.c.tanggal)).mappings()]
        return {"hari": days, "checkin": checkins, "disiplin": flags,
                "rencana": self._rencana(nip, mulai, selesai, {d["tanggal"] for d in days})}

    def _rencana(self, nip: str, mulai: dt.date, selesai: dt.date,
                 ditutup: set[dt.date]) -> list[dict[str, Any]]:
        """Working days not closed yet whose status is known ahead: approved leave (and a
        holiday inside it). Provisional: the closing decides, and a cancellation removes them."""
        cuti = self.cuti.read(lambda c, t: cuti_pada(c, t, [nip], mulai, selesai))
        out = []
        for (_, tanggal), jenis in sorted(cuti.items()):
            if tanggal in ditutup:
                continue
            found = self.pegawai.read(lambda c, t, d=tanggal: P.penempatan(c, t, nip, d))
            unit = self.find(UnitKerja.create_id(*found)) if found else None
            nilai = self._nilai(unit, tanggal, jenis, [], []) if unit is not None else None
            if nilai is not None:
                out.append({"tanggal": tanggal, "status": nilai[1].status, "jenis_cuti": jenis,
                            "sementara": True})
        return out

    # -- discipline ----------------------------------------------------------------------------
    def periksa_disiplin(self, nips: dict[str, str], tanggal: dt.date) -> int:
        """Flag the PP 94/2021 thresholds the TK days of ``nips`` (nip -> instansi) reached by
        ``tanggal``: cumulative days in the year, or consecutive working days. Each threshold
        is flagged once; a flag is never withdrawn, and no sanction follows from it here."""
        if not nips:
            return 0
        aturan = rules.disiplin_pada(tanggal)
        tahun = tanggal.year
        h = L.HARI
        with self.engine.connect() as conn:
            counts = dict(conn.execute(select(h.c.nip, func.count()).where(
                h.c.status == "TK", h.c.tanggal >= dt.date(tahun, 1, 1),
                h.c.tanggal <= dt.date(tahun, 12, 31)).group_by(h.c.nip)).all())
            flagged = {r[0] for r in conn.execute(select(L.DISIPLIN.c.kunci).where(
                L.DISIPLIN.c.tahun == tahun))}
            window = tanggal - dt.timedelta(days=45)
            recent: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
            rows = conn.execute(select(h.c.nip, h.c.tanggal, h.c.status).where(
                h.c.tanggal > window, h.c.tanggal <= tanggal, h.c.status != "LIBUR")
                .order_by(h.c.tanggal))
            for nip, day, status in rows:
                if nip in nips:
                    recent[nip].append((day, status))
        flags: list[Callable[[], TandaDisiplin]] = []
        for nip, instansi_id in nips.items():
            n = counts.get(nip, 0)
            tk_dates: list[dt.date] | None = None
            for step in aturan.kumulatif:
                key = L.kunci_disiplin(nip, tahun, "KUMULATIF", step.hari, None)
                if n >= step.hari and key not in flagged:
                    if tk_dates is None:
                        tk_dates = self._tanggal_tk(nip, tahun)
                    flags.append(partial(
                        TandaDisiplin, nip=nip, instansi_id=instansi_id, tahun=tahun,
                        tanggal=tk_dates[step.hari - 1], jenis="KUMULATIF", jumlah_hari=n,
                        ambang=step.hari, keterangan=step.keterangan, aturan=aturan.versi, mulai=None))
            run: list[dt.date] = []
            for day, status in recent.get(nip, []):
                run = [*run, day] if status == "TK" else []
            for step in aturan.berturut_turut:
                if len(run) >= step.hari:
                    key = L.kunci_disiplin(nip, tahun, "BERTURUT_TURUT", step.hari, run[0])
                    if key not in flagged:
                        flags.append(partial(
                            TandaDisiplin, nip=nip, instansi_id=instansi_id, tahun=tahun,
                            tanggal=run[step.hari - 1], jenis="BERTURUT_TURUT",
                            jumlah_hari=len(run), ambang=step.hari, keterangan=step.keterangan,
                            aturan=aturan.versi, mulai=run[0]))
        saved = self._save_new(flags)
        if saved:
            self.lokal.ikuti()
        return saved

    def _tanggal_tk(self, nip: str, tahun: int) -> list[dt.date]:
        h = L.HARI
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(h.c.tanggal).where(
                h.c.nip == nip, h.c.status == "TK", h.c.tanggal >= dt.date(tahun, 1, 1),
                h.c.tanggal <= dt.date(tahun, 12, 31)).order_by(h.c.tanggal))]


def _alasan(sumber: str) -> str:
    kind = sumber.split(":", 1)[0]
    return {
        "CUTI": "cuti approved after the day closed",
        "BATAL_CUTI": "cuti cancelled after the day closed",
        "REVIEW": "a check-in was approved on review",
        "CHECKIN": "a check-in (offline capture) arrived after the day closed",
        "PENUGASAN": "an assignment (dinas luar, WFH, shift) was recorded for the day",
        "BATAL_PENUGASAN": "an assignment for the day was cancelled",
        "IMPOR": "check-ins imported from the previous app after the day closed",
    }.get(kind, "the day's facts changed after it closed")


def _durasi(d: dt.timedelta) -> str:
    minutes = int(d.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{minutes / 60:.1f} hours"


def validasi_bentuk(data: Any, field: str) -> Lingkaran | Poligon:
    try:
        return BENTUK.validate_python(data)
    except ValidationError as exc:
        raise DomainError(exc.errors()[0]["msg"], field=field) from None
