// Leave: the balance of cuti tahunan, a request form, and every request with its steps.

import { api, apiAtauKosong } from '../api.js';
import { bidang, h, isi, kartu, keadaan, lencana, pilihan, sibuk, tanggal, umumkan, uuid, waktu, JENIS_CUTI } from '../ui.js';

export async function tampilkan(el, ctx) {
  const nip = ctx.sesi.nip;
  el.append(h('h1', {}, 'Cuti'));
  if (!nip) {
    el.append(keadaan('Akun ini tidak terhubung dengan data pegawai.'));
    return;
  }
  const saldoEl = h('div', { id: 'saldo-cuti' });
  const daftarEl = h('div', { id: 'daftar-cuti', 'aria-live': 'polite' });
  const hasil = h('div', { 'aria-live': 'polite' });

  const jenis = pilihan('jenis', JENIS_CUTI, 'TAHUNAN');
  const mulai = h('input', { type: 'date', name: 'mulai', required: true });
  const selesai = h('input', { type: 'date', name: 'selesai', required: true });
  const alasan = h('textarea', { name: 'alasan', required: true, minLength: 3, maxLength: 1000, rows: 2 });
  const alamat = h('textarea', { name: 'alamat', required: true, minLength: 5, maxLength: 500, rows: 2 });
  const hariKerja = h('p', { class: 'redup', id: 'hari-kerja', 'aria-live': 'polite' });
  let kunci = uuid(); // one Idempotency-Key per request being filled in

  const hitung = async () => {
    if (!mulai.value || !selesai.value || selesai.value < mulai.value) { hariKerja.textContent = ''; return; }
    try {
      const hk = await api(`cuti/v1/hari-kerja?mulai=${mulai.value}&selesai=${selesai.value}`);
      hariKerja.textContent = `${hk.hari_kerja} hari kerja` + (hk.libur.length ? ` (libur: ${hk.libur.map((l) => l.nama).join(', ')})` : '');
    } catch { hariKerja.textContent = ''; }
  };
  mulai.addEventListener('change', hitung);
  selesai.addEventListener('change', hitung);

  const form = h('form', { id: 'form-cuti', 'aria-label': 'Ajukan cuti' },
    bidang('Jenis cuti', jenis),
    h('div', { class: 'dua-kolom' }, bidang('Mulai', mulai), bidang('Selesai', selesai)), hariKerja,
    bidang('Alasan', alasan), bidang('Alamat selama cuti', alamat),
    h('button', { type: 'submit', class: 'utama' }, 'Ajukan cuti'), hasil);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sibuk(form, async () => {
      try {
        const c = await api('cuti/v1/cuti', { method: 'POST', idem: kunci, json: {
          jenis: jenis.value, mulai: mulai.value, selesai: selesai.value,
          alasan: alasan.value.trim(), alamat_selama_cuti: alamat.value.trim() } });
        kunci = uuid();
        form.reset();
        hariKerja.textContent = '';
        isi(hasil, keadaan(`Permintaan ${JENIS_CUTI[c.jenis].toLowerCase()} ${tanggal(c.mulai)} s.d. ${tanggal(c.selesai)} (${c.hari_kerja} hari kerja) diajukan: ${c.status === 'MENUNGGU_PERTIMBANGAN' ? 'menunggu pertimbangan atasan' : 'menunggu keputusan pejabat'}.`, 'sukses'));
        umumkan('Permintaan cuti diajukan.', 'sukses');
        await Promise.all([muatSaldo(), muatDaftar()]);
      } catch (err) {
        isi(hasil, keadaan(err.message, 'galat'));
      }
    });
  });

  async function muatSaldo() {
    const s = await apiAtauKosong(`cuti/v1/pegawai/${nip}/saldo`).catch(() => null);
    isi(saldoEl, s ? h('dl', { class: 'ringkas' }, [
      ['Tersedia', `${s.tersedia} hari`], ['Saldo', `${s.saldo} hari`], ['Menunggu keputusan', `${s.tertunda} hari`],
      ['Hak tahun ini', `${s.hak} hari`], ['Dibawa dari tahun lalu', `${s.dibawa} hari`], ['Terpakai', `${s.dipakai} hari`],
    ].map(([k, v]) => [h('dt', {}, k), h('dd', { dataset: { saldo: k } }, v)])) : keadaan('Saldo cuti belum tersedia.'));
  }

  async function muatDaftar() {
    try {
      const list = await api(`cuti/v1/pegawai/${nip}/cuti`);
      list.sort((a, b) => String(b.mulai).localeCompare(String(a.mulai)));
      isi(daftarEl, list.length ? h('ul', { class: 'daftar' }, list.map((c) => itemCuti(c, muatSemua)))
        : keadaan('Belum ada permintaan cuti.'));
    } catch (err) {
      isi(daftarEl, keadaan(err.message, 'galat'));
    }
  }
  const muatSemua = () => Promise.all([muatSaldo(), muatDaftar()]);

  el.append(h('div', { class: 'kisi' }, kartu('Saldo cuti tahunan', saldoEl), kartu('Ajukan cuti', form)),
    kartu('Permintaan cuti Anda', daftarEl));
  await muatSemua();
  return null;
}

function itemCuti(c, muatUlang) {
  const langkah = [];
  if (c.pertimbangan) langkah.push(`Pertimbangan atasan: ${c.pertimbangan.pertimbangan}${c.pertimbangan.catatan ? ` (${c.pertimbangan.catatan})` : ''}`);
  if (c.keputusan) langkah.push(`Keputusan pejabat: ${c.keputusan.hasil}${c.keputusan.alasan ? ` (${c.keputusan.alasan})` : ''}`);
  if (c.surat_izin) langkah.push(`Surat izin cuti nomor ${c.surat_izin.nomor}, ditandatangani ${waktu(c.surat_izin.ditandatangani_pada)}`);
  const bisaBatal = ['MENUNGGU_PERTIMBANGAN', 'MENUNGGU_KEPUTUSAN', 'DISETUJUI', 'PERUBAHAN'].includes(c.status)
    && new Date(`${c.mulai_final}T00:00:00`) > new Date();
  const batal = bisaBatal ? h('button', { type: 'button', class: 'tautan', onclick: async (e) => {
    const alasan = prompt('Alasan pembatalan:');
    if (!alasan || alasan.trim().length < 3) return;
    e.target.disabled = true;
    try {
      await api(`cuti/v1/cuti/${c.id}/pembatalan`, { method: 'POST', idem: uuid(), json: { alasan: alasan.trim() } });
      umumkan('Cuti dibatalkan; saldo dikembalikan.', 'sukses');
      await muatUlang();
    } catch (err) {
      e.target.disabled = false;
      umumkan(err.message, 'galat');
    }
  } }, 'Batalkan') : null;
  return h('li', { dataset: { cuti: c.id, status: c.status } },
    h('strong', {}, `${JENIS_CUTI[c.jenis] || c.jenis}: ${tanggal(c.mulai_final)} s.d. ${tanggal(c.selesai_final)}`),
    ` (${c.hari_final} hari kerja) `, lencana(c.status),
    langkah.length ? h('ul', { class: 'langkah' }, langkah.map((t) => h('li', {}, t))) : null, batal);
}
export { itemCuti };
