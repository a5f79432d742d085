// Performance: the year's SKP (draft it when there is none) and each month's realisation,
// with the atasan's rating and predikat once given.

import { api, apiAtauKosong } from '../api.js';
import { bidang, h, isi, kartu, keadaan, lencana, namaBulan, pilihan, sibuk, umumkan } from '../ui.js';
import { zona } from './umum.js';
import { hariIni } from '../ui.js';

export const RATING = { DI_ATAS: 'Di atas ekspektasi', SESUAI: 'Sesuai ekspektasi', DI_BAWAH: 'Di bawah ekspektasi' };
export const PREDIKAT = { SANGAT_BAIK: 'Sangat Baik', BAIK: 'Baik', BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG_MISCONDUCT: 'Kurang/Misconduct', SANGAT_KURANG: 'Sangat Kurang' };

export async function tampilkan(el, ctx) {
  const nip = ctx.sesi.nip;
  el.append(h('h1', {}, 'Kinerja'));
  if (!nip) {
    el.append(keadaan('Akun ini tidak terhubung dengan data pegawai.'));
    return;
  }
  const [th, bl] = hariIni(zona(ctx)).split('-').map(Number);
  const tahun = h('input', { type: 'number', name: 'tahun', min: '2020', max: '2100', value: String(th), required: true });
  const bulan = pilihan('bulan', Object.fromEntries([...Array(12)].map((_, i) => [String(i + 1), namaBulan(i + 1)])), String(bl));
  const skpEl = h('div', { id: 'skp' });
  const realEl = h('div', { id: 'realisasi', 'aria-live': 'polite' });
  const pilih = h('form', { class: 'baris-form' }, bidang('Tahun', tahun), bidang('Bulan', bulan), h('button', { type: 'submit' }, 'Tampilkan'));
  pilih.addEventListener('submit', (e) => { e.preventDefault(); muat(); });
  el.append(pilih, h('div', { class: 'kisi' }, kartu('Sasaran Kinerja Pegawai (SKP)', skpEl), kartu('Realisasi bulanan', realEl)));

  async function muat() {
    isi(skpEl, keadaan('Memuat…'));
    isi(realEl);
    let skp;
    try {
      skp = await apiAtauKosong(`kinerja/v1/skp/${nip}/${tahun.value}`);
    } catch (err) {
      isi(skpEl, keadaan(err.message, 'galat'));
      return;
    }
    if (!skp) {
      isi(skpEl, keadaan(`Belum ada SKP tahun ${tahun.value}. Susun rencana hasil kerja Anda:`), formSkp());
      isi(realEl, keadaan('Realisasi dapat dilaporkan setelah SKP disusun.'));
      return;
    }
    isi(skpEl, h('p', {}, 'Status: ', lencana(skp.status)),
      h('ol', { class: 'daftar' }, skp.items.map((i) => h('li', {}, h('strong', {}, i.rencana_hasil_kerja),
        h('ul', {}, i.indikator.map((x) => h('li', {}, `${x.indikator}: ${x.target} ${x.satuan}`)))))),
      skp.status === 'DRAFT' ? h('p', { class: 'redup' }, 'Menunggu persetujuan atasan.') : null);
    await muatRealisasi(skp);
  }

  function formSkp() {
    const rhk = h('textarea', { name: 'rhk', required: true, rows: 2, maxLength: 2000 });
    const ind = h('input', { name: 'indikator', required: true, maxLength: 2000 });
    const target = h('input', { name: 'target', required: true, maxLength: 200 });
    const satuan = h('input', { name: 'satuan', required: true, maxLength: 50 });
    const hasil = h('div', { 'aria-live': 'polite' });
    const f = h('form', { id: 'form-skp' }, bidang('Rencana hasil kerja', rhk), bidang('Indikator', ind),
      h('div', { class: 'dua-kolom' }, bidang('Target', target), bidang('Satuan', satuan, 'misalnya: dokumen, %')),
      h('button', { type: 'submit', class: 'utama' }, 'Simpan SKP'), hasil);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      sibuk(f, async () => {
        try {
          await api(`kinerja/v1/skp/${nip}/${tahun.value}`, { method: 'PUT', json: { items: [{
            item_id: 'rhk-1', rencana_hasil_kerja: rhk.value.trim(),
            indikator: [{ indikator: ind.value.trim(), target: target.value.trim(), satuan: satuan.value.trim() }] }] } });
          umumkan('SKP disimpan; menunggu persetujuan atasan.', 'sukses');
          await muat();
        } catch (err) {
          isi(hasil, keadaan(err.message, 'galat'));
        }
      });
    });
    return f;
  }

  async function muatRealisasi(skp) {
    const p = await apiAtauKosong(`kinerja/v1/penilaian/${nip}/${tahun.value}/${bulan.value}`).catch((err) => {
      isi(realEl, keadaan(err.message, 'galat'));
      return undefined;
    });
    if (p === undefined) return;
    const judul = `${namaBulan(Number(bulan.value))} ${tahun.value}`;
    const sudah = new Map((p?.realisasi || []).map((r) => [r.item_id, r]));
    const bagian = [h('p', {}, judul, ': ', p ? lencana(p.status) : h('span', { class: 'redup' }, 'belum dilaporkan'))];
    if (p?.rating) {
      bagian.push(h('dl', { class: 'ringkas' },
        h('dt', {}, 'Hasil kerja'), h('dd', {}, RATING[p.rating.hasil] || p.rating.hasil),
        h('dt', {}, 'Perilaku kerja'), h('dd', {}, RATING[p.rating.perilaku] || p.rating.perilaku),
        p.predikat ? [h('dt', {}, 'Predikat'), h('dd', { id: 'predikat' }, PREDIKAT[p.predikat] || p.predikat)] : null,
        p.rating.umpan_balik ? [h('dt', {}, 'Umpan balik'), h('dd', {}, p.rating.umpan_balik)] : null));
    }
    if (!p || p.status === 'REALISASI') {
      const isian = skp.items.map((i) => {
        const t = h('textarea', { name: `realisasi-${i.item_id}`, rows: 2, maxLength: 2000 }, sudah.get(i.item_id)?.realisasi || '');
        const tautan = h('input', { type: 'url', name: `bukti-${i.item_id}`, placeholder: 'alamat tautan bukti', value: sudah.get(i.item_id)?.bukti?.[0]?.tautan || '' });
        return { i, t, tautan };
      });
      const hasil = h('div', { 'aria-live': 'polite' });
      const f = h('form', { id: 'form-realisasi' },
        isian.map(({ i, t, tautan }) => h('fieldset', {}, h('legend', {}, i.rencana_hasil_kerja),
          bidang('Realisasi', t), bidang('Tautan bukti (opsional)', tautan))),
        h('button', { type: 'submit', class: 'utama' }, p ? 'Perbarui realisasi' : 'Laporkan realisasi'), hasil);
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        const realisasi = isian.filter(({ t }) => t.value.trim()).map(({ i, t, tautan }) => ({
          item_id: i.item_id, realisasi: t.value.trim(), bukti: tautan.value ? [{ tautan: tautan.value }] : [] }));
        if (!realisasi.length) { isi(hasil, keadaan('Isi setidaknya satu realisasi.', 'galat')); return; }
        sibuk(f, async () => {
          try {
            await api(`kinerja/v1/penilaian/${nip}/${tahun.value}/${bulan.value}/realisasi`, { method: 'PUT', json: { realisasi } });
            umumkan('Realisasi dilaporkan; menunggu penilaian atasan.', 'sukses');
            await muatRealisasi(skp);
          } catch (err) {
            isi(hasil, keadaan(err.message, 'galat'));
          }
        });
      });
      bagian.push(f);
    } else {
      bagian.push(h('ul', { class: 'daftar' }, (p.realisasi || []).map((r) => h('li', {}, r.realisasi))));
    }
    isi(realEl, ...bagian);
  }

  await muat();
  return null;
}
