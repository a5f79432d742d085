"""A province-sized TPP month: 100,000 pegawai x 22 working days, generated, then calculated.

    .venv/bin/python bench/tpp_month.py [--pegawai 100000] [--hari 22] [--postgres URL]

Creates a fresh PostgreSQL database, loads the facts TPP's consumers keep (pegawai, jabatan, one
closed day per pegawai and working day, the month's predikat, some approved leave) straight into
the ``tpp.fakta`` read model with COPY, then times:

1. the provisional month of the whole instansi (read every fact, calculate every pegawai);
2. closing the month (the same, plus one ``TppBulanan`` aggregate per pegawai stored as an event:
   the outbox of ``TppCalculatedV1``);
3. the consumer side on a sample: contract events applied through ``ProjectionStore.apply_batch``
   (what the faust agent does per batch), to size the event path for the whole month.

Not part of the test suite (ARCHITECTURE.md: benchmarks live in bench/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time
import uuid

import psycopg

from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts.attendance import DailyAttendanceClosedV1
from simpeg_shared.settings import CommonSettings
from simpeg_tpp.application import hitung_masukan, masukan_dari
from simpeg_tpp.domain.aturan import aturan_pada
from simpeg_tpp.projections import fakta as fk
from simpeg_tpp.service import TppRuntime
from simpeg_tpp.settings import TppSettings

INSTANSI = "provinsi-bench"
TAHUN, BULAN = 2026, 3
# status, tl, psw, weight (per 1000 days)
HARI = [("HADIR", None, None, 820), ("HADIR", "TL1", None, 50), ("HADIR", "TL2", None, 15),
        ("HADIR", "TL3", None, 6), ("HADIR", "TL4", None, 6), ("HADIR", None, "PSW1", 20),
        ("HADIR", None, "PSW2", 8), ("HADIR", None, "PSW4", 5), ("HADIR", "TL1", "PSW1", 10),
        ("TK", None, None, 15), ("CUTI", None, None, 25), ("DINAS_LUAR", None, None, 15),
        ("SAKIT", None, None, 5)]
PREDIKAT = ["SANGAT_BAIK"] * 10 + ["BAIK"] * 75 + ["BUTUH_PERBAIKAN"] * 10 + ["KURANG_MISCONDUCT"] * 3 \
    + ["SANGAT_KURANG"] * 2


def nip(i: int) -> str:
    """A valid, unique NIP: birth date (from i // 1000), TMT CPNS, sex, 3-digit sequence."""
    k = i // 1000
    lahir = dt.date(1965 + k % 30, 1 + (k // 30) % 12, 1 + i % 28)
    return f"{lahir:%Y%m%d}2010{1 + i % 12:02d}{1 + i % 2}{i % 1000:03d}"


def working_days(n: int) -> list[dt.date]:
    days, d = [], dt.date(TAHUN, BULAN, 1)
    while len(days) < n and d.month == BULAN:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def copy(conn: psycopg.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pegawai", type=int, default=100_000)
    ap.add_argument("--hari", type=int, default=22)
    ap.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--sample-events", type=int, default=20_000)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    rng = random.Random(2026)
    db = f"simpeg_bench_tpp_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')
    url = args.postgres.rsplit("/", 1)[0] + "/" + db
    runtime = TppRuntime(TppSettings(database_url=url, common=CommonSettings(log_json=False)))
    try:
        runtime.migrate()
        store = runtime.store("tpp.fakta")
        t = store.tables(store.current_generation())
        days = working_days(args.hari)
        nips = [nip(i) for i in range(args.pegawai)]
        assert len(set(nips)) == len(nips), "generated NIPs collide"
        weights = [w for *_, w in HARI]
        t0 = time.perf_counter()
        with psycopg.connect(url) as conn:
            copy(conn, t["pegawai"].name, ["nip", "instansi_id", "unit_id", "nama"],
                 [(n, INSTANSI, f"unit-{i % 40:02d}", f"Pegawai {i}") for i, n in enumerate(nips)])
            copy(conn, t["jabatan"].name,
                 ["event_id", "nip", "jabatan_id", "nama_jabatan", "kelas_jabatan", "tmt"],
                 [(str(uuid.uuid4()), n, f"jab-{i % 300}", "Jabatan", 1 + i % 17, dt.date(2020, 1, 1))
                  for i, n in enumerate(nips)])
            hari_rows = []
            for n in nips:
                picks = rng.choices(HARI, weights=weights, k=len(days))
                hari_rows.extend((n, d, s, tl, psw, 1, str(uuid.uuid4()),
                                  f"{uuid.uuid4()} {uuid.uuid4()}" if s == "HADIR" else "")
                                 for d, (s, tl, psw, _) in zip(days, picks, strict=True))
            copy(conn, t["hari"].name,
                 ["nip", "tanggal", "status", "tl", "psw", "revisi", "event_id", "checkin_ids"], hari_rows)
            copy(conn, t["penilaian"].name,
                 ["nip", "tahun", "bulan", "predikat", "revisi", "aturan", "event_id"],
                 [(n, TAHUN, BULAN, rng.choice(PREDIKAT), 1, "permenpanrb-6-2022", str(uuid.uuid4()))
                  for n in nips if rng.random() < 0.97])
            copy(conn, t["cuti"].name, ["cuti_id", "nip", "jenis", "mulai", "selesai", "aktif", "event_id"],
                 [(str(uuid.uuid4()), n, rng.choice(["TAHUNAN", "TAHUNAN", "SAKIT", "CLTN"]),
                   days[3], days[5], True, str(uuid.uuid4())) for n in nips if rng.random() < 0.02])
            conn.commit()
            conn.execute("ANALYZE")
        load = time.perf_counter() - t0
        print(f"generated and loaded {args.pegawai:,} pegawai x {len(days)} days "
              f"= {len(hari_rows):,} closed days in {load:.1f} s")

        app = runtime.application
        a = aturan_pada(fk.awal_akhir(TAHUN, BULAN)[1])
        t0 = time.perf_counter()
        facts = store.read(lambda conn, tt: fk.fakta_bulan(conn, tt, TAHUN, BULAN, instansi_id=INSTANSI))
        t_read = time.perf_counter() - t0
        total = sum(hitung_masukan(masukan_dari(f), a).total for f in facts.values())
        t_prov = time.perf_counter() - t0
        print(f"provisional month: {len(facts):,} pegawai in {t_prov:.1f} s "
              f"(reading facts {t_read:.1f} s); total TPP Rp {total:,}")
        print(f"BENCH provisional_s={t_prov:.3f}")

        # The floor: a plain Python loop over the same rows computing the same sums (basis,
        # the discipline part less its capped cuts, the performance part by predikat), in
        # integers, without the service's read model, rule objects or Decimal.
        t0 = time.perf_counter()
        with psycopg.connect(url) as conn:
            kelas = dict(conn.execute(f"SELECT nip, kelas_jabatan FROM {t['jabatan'].name}").fetchall())
            predikat = dict(conn.execute(f"SELECT nip, predikat FROM {t['penilaian'].name}").fetchall())
            rows = conn.execute(f"SELECT nip, status, tl, psw FROM {t['hari'].name}").fetchall()
        cut_bp = {k: int(v * 100) for k, v in a.potongan_persen.items()}  # basis points
        cuts: dict[str, int] = {}
        for n, status, tl, psw in rows:
            bp = cut_bp.get("TK", 0) if status == "TK" else 0
            bp += cut_bp.get(tl, 0) if tl else 0
            bp += cut_bp.get(psw, 0) if psw else 0
            if bp:
                cuts[n] = cuts.get(n, 0) + bp
        d_bp, k_bp = int(a.porsi_persen.disiplin * 100), int(a.porsi_persen.kinerja * 100)
        floor_total = 0
        for n, kj in kelas.items():
            basis = a.basis(kj)
            disiplin = basis * d_bp // 10_000
            disiplin -= min(basis * cuts.get(n, 0) // 10_000, disiplin)
            faktor = int(a.faktor_kinerja_persen.get(predikat.get(n, ""), a.faktor_tanpa_penilaian_persen) * 100)
            floor_total += disiplin + basis * k_bp // 10_000 * faktor // 10_000
        t_floor = time.perf_counter() - t0
        print(f"floor (plain loop over the same {len(rows):,} rows): {t_floor:.1f} s; total Rp {floor_total:,} "
              "(no months-not-paid rules, so it may differ)")
        print(f"BENCH floor_s={t_floor:.3f}")

        # A second rule set side by side: the same month under the next set (the what-if).
        from simpeg_tpp.domain.aturan import semua_aturan
        lain = next((x for x in semua_aturan() if x.kode != a.kode), None)
        if lain is not None:
            t0 = time.perf_counter()
            facts2 = store.read(lambda conn, tt: fk.fakta_bulan(conn, tt, TAHUN, BULAN, instansi_id=INSTANSI))
            total2 = sum(hitung_masukan(masukan_dari(f), lain).total for f in facts2.values())
            t_whatif = time.perf_counter() - t0
            print(f"second rule set {lain.kode}: {t_whatif:.1f} s; total TPP Rp {total2:,}")
            print(f"BENCH whatif_s={t_whatif:.3f}")

        t0 = time.perf_counter()
        closed = app.tutup_bulan(INSTANSI, TAHUN, BULAN, nip_admin=nips[0])
        t_close = time.perf_counter() - t0
        assert closed["jumlah_total"] == total, "closing differs from the provisional month"
        print(f"closing the month (calculate + store {closed['jumlah_pegawai']:,} TppBulanan "
              f"events): {t_close:.1f} s")
        print(f"BENCH close_s={t_close:.3f}")

        # The consumer side: contract events through the projection store, per batch of 500.
        sample = []
        for i in range(args.sample_events):
            n = nips[i % len(nips)]
            s, tl, psw, _ = rng.choices(HARI, weights=weights)[0]
            sample.append(DailyAttendanceClosedV1(
                event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
                instansi_id=INSTANSI, nip=n, tanggal=dt.date(TAHUN, BULAN + 1, 1 + i % 28),
                unit_id="unit-00", zona_waktu="Asia/Jakarta", jadwal="umum@1", status=s, tl=tl,
                psw=psw, revisi=1, checkin_ids=[uuid.uuid4(), uuid.uuid4()] if s == "HADIR" else []))
        t0 = time.perf_counter()
        for k in range(0, len(sample), 500):
            store.apply_batch(sample[k:k + 500])
        t_events = time.perf_counter() - t0
        rate = len(sample) / t_events
        print(f"consumer: {len(sample):,} closed-day events applied in {t_events:.1f} s "
              f"= {rate:,.0f} events/s -> a month's {len(hari_rows):,} days in ~{len(hari_rows) / rate / 60:.0f} min "
              "(spread over the month as days close)")
    finally:
        runtime.close()
        if not args.keep:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
