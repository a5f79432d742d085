// What several pages need: the unit's zone, today's check-ins, the offline queue's size.

import { api, apiAtauKosong } from '../api.js';
import { daftarAntrean } from '../simpan.js';
import { hariIni } from '../ui.js';

export function zona(ctx) {
  return ctx.unit?.zona_waktu || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Today's days and check-ins of the signed-in pegawai (attendance's view of them). */
export async function presensiHariIni(ctx) {
  const hari = hariIni(zona(ctx));
  const data = await apiAtauKosong(`attendance/v1/harian/${ctx.sesi.nip}?mulai=${hari}&selesai=${hari}`);
  return { hari, checkin: data?.checkin || [], status: data?.hari?.[0] || null };
}

export async function jumlahAntrean() {
  return (await daftarAntrean()).length;
}

/** Leave requests waiting for this user, from their cuti inbox (unique request ids). */
export async function idCutiMenunggu() {
  const pesan = await api('cuti/v1/kotak-masuk?limit=200');
  return [...new Set(pesan.filter((p) => p.langkah === 'MENUNGGU_ANDA').map((p) => p.cuti_id))];
}
