"""Dependencies shared by profile's routers: the application, and who may see what."""

from __future__ import annotations

from fastapi import Request

from simpeg_profile.application import PegawaiTidakDitemukan, ProfileApplication
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Forbidden

#: Roles of an instansi that handle personal data (besides the pegawai themself).
PENGELOLA_DATA = (Role.ADMIN_INSTANSI, Role.VERIFIKATOR, Role.PEJABAT_BERWENANG)


def profile_app(request: Request) -> ProfileApplication:
    return request.app.state.profile


def visible_pegawai(app: ProfileApplication, principal: Principal, nip: str) -> Pegawai:
    """The pegawai, if the caller may see them; otherwise the same 404 as for an unknown NIP, so
    nobody learns who works in another instansi."""
    pegawai = app.get_pegawai(nip)
    if principal.may_read(pegawai.instansi_id) or principal.nip == nip:
        return pegawai
    raise PegawaiTidakDitemukan(f"no pegawai with NIP {nip}")


def sees_personal_data(principal: Principal, pegawai: Pegawai) -> bool:
    return principal.nip == pegawai.nip or (
        principal.instansi_id == pegawai.instansi_id and principal.has_any(*PENGELOLA_DATA))


def require_write(principal: Principal, instansi_id: str, field: str | None = None) -> None:
    if not principal.may_write(instansi_id):
        raise Forbidden(f"you may change records only of your own instansi ({principal.instansi_id})",
                        field=field)


def actor_nip(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip
