"""The demo data's definition (no suite needed): it matches the dev IdP's users, is the same on
every generation, the small demo is a prefix of the full one, and the hierarchy the cuti and
surat flows need is there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from simpeg_shared.demo import data

ROOT = Path(__file__).resolve().parents[2]
IDP_USERS = ROOT / "services/gateway/src/simpeg_gateway/demo_users.yaml"


def test_the_demo_users_are_the_dev_idps_users_with_the_same_nip_and_instansi() -> None:
    idp = yaml.safe_load(IDP_USERS.read_text())["users"]
    seen = set()
    for inst in data.penuh():
        for p in inst.pegawai:
            if p.pengguna:
                seen.add(p.pengguna)
                assert idp[p.pengguna]["nip"] == p.nip
                assert idp[p.pengguna]["instansi"] == inst.instansi_id
    assert seen == {name for name, u in idp.items() if u["nip"]}


def test_generation_is_deterministic_and_the_small_demo_is_a_prefix_of_the_full_one() -> None:
    full, again, small = data.penuh(), data.penuh(), data.kecil()
    assert [i.pegawai for i in full] == [i.pegawai for i in again]
    for f, s in zip(full, small, strict=True):
        assert f.pegawai[:len(s.pegawai)] == s.pegawai
        assert 8 <= len(s.pegawai) <= 12
    assert 480 <= sum(len(i.pegawai) for i in full) <= 520
    nips = [p.nip for i in full for p in i.pegawai]
    assert len(nips) == len(set(nips))


def test_every_nip_is_well_formed_and_every_atasan_exists_in_the_same_instansi() -> None:
    for inst in data.penuh():
        known = {p.nip for p in inst.pegawai}
        units = {u.unit_id for u in inst.units}
        jabatan = {j.jabatan_id for j in inst.jabatan}
        for p in inst.pegawai:
            lahir = dt.date(int(p.nip[:4]), int(p.nip[4:6]), int(p.nip[6:8]))
            assert p.tmt_cpns.year - lahir.year >= 18 and p.nip[14] in "12"
            assert p.unit_id in units and p.jabatan_id in jabatan
            assert p.atasan is None or (p.atasan in known and p.atasan != p.nip)
            assert p.pangkat_tmt >= p.tmt_cpns


def test_the_cuti_chain_and_the_bandung_geofence_are_as_the_portal_and_flow_expect() -> None:
    bandung = next(i for i in data.kecil() if i.instansi_id == "pemkot-bandung")
    pegawai, atasan, pejabat = (bandung.by_user(u) for u in
                                ("pegawai.bandung", "atasan.bandung", "pejabat.bandung"))
    assert pegawai.atasan == atasan.nip and atasan.atasan == pejabat.nip
    # the surat izin cuti of pemkot-bandung is signed by kepala-bkpsdm after kasubbid and kabid
    assert pejabat.jabatan_id == "kepala-bkpsdm" and atasan.jabatan_id == "kabid-mutasi"
    assert bandung.by_user("verifikator.bandung").jabatan_id == "kasubbid-cuti"
    office = bandung.unit(pegawai.unit_id).lokasi[0]
    assert abs(office.lat - -6.9114) < 0.01 and abs(office.lon - 107.6097) < 0.01
    jayapura = next(i for i in data.kecil() if i.instansi_id == "pemkab-jayapura")
    assert jayapura.zona_waktu == "Asia/Jayapura" and bandung.zona_waktu == "Asia/Jakarta"
