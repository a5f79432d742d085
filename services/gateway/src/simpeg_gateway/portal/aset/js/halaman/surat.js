// Letters: what waits for your paraf or signature, letters sent to you, and one letter with its
// steps, its PDF, and the actions open to you (paraf, return, sign).

import { api, apiAtauKosong } from '../api.js';
import { bidang, h, isi, kartu, keadaan, lencana, sibuk, umumkan, uuid, waktu } from '../ui.js';

const JENIS = { NOTA_DINAS: 'Nota dinas', SURAT_TUGAS: 'Surat tugas', UNDANGAN: 'Undangan', LAINNYA: 'Surat',
  SURAT_IZIN_CUTI: 'Surat izin cuti', SK_KGB: 'SK kenaikan gaji berkala' };
const TAHAP = { PARAF: 'Perlu paraf Anda', TTD: 'Perlu tanda tangan Anda', DIKEMBALIKAN: 'Dikembalikan kepada Anda' };
const jenis = (j) => JENIS[j] || j;

export async function tampilkan(el, ctx) {
  if (ctx.param[0]) return detail(el, ctx, ctx.param[0]);
  el.append(h('h1', {}, 'Surat'));
  const [tugas, masuk] = await Promise.all([
    api('surat/v1/tugas').catch((e) => e),
    api('surat/v1/kotak-masuk').catch((e) => e),
  ]);
  el.append(h('div', { class: 'kisi' },
    kartu('Perlu tindakan Anda', tugas instanceof Error ? keadaan(tugas.message, 'galat')
      : tugas.length ? h('ul', { class: 'daftar', id: 'tugas-surat' }, tugas.map((t) => h('li', { dataset: { surat: t.surat_id, tahap: t.tahap } },
        h('a', { href: `#/surat/${t.surat_id}` }, t.perihal), ' ', lencana(t.tahap),
        h('p', { class: 'redup' }, `${jenis(t.jenis)} · ${TAHAP[t.tahap]}${t.urutan ? ` (paraf ke-${t.urutan})` : ''} · sejak ${waktu(t.sejak)}`))))
        : keadaan('Tidak ada surat yang menunggu Anda.')),
    kartu('Kotak masuk', masuk instanceof Error ? keadaan(masuk.message, 'galat')
      : masuk.length ? h('ul', { class: 'daftar', id: 'kotak-surat' }, masuk.map((s) => h('li', { dataset: { surat: s.surat_id } },
        h('a', { href: `#/surat/${s.surat_id}` }, s.perihal), s.diarsipkan ? ' (diarsipkan)' : '',
        h('p', { class: 'redup' }, `${jenis(s.jenis)} nomor ${s.nomor} · diterima ${waktu(s.diterima_pada)}`))))
        : keadaan('Belum ada surat untuk Anda.'))));
  return null;
}

async function detail(el, ctx, id) {
  let urlPdf = null;
  const bersih = () => { if (urlPdf) URL.revokeObjectURL(urlPdf); };
  const s = await apiAtauKosong(`surat/v1/surat/${id}`);
  el.append(h('p', {}, h('a', { href: '#/surat' }, '← Semua surat')));
  if (!s) {
    el.append(h('h1', {}, 'Surat tidak ditemukan'));
    return bersih;
  }
  const tugas = (await api('surat/v1/tugas').catch(() => [])).find((t) => t.surat_id === s.id);
  el.append(h('h1', {}, s.perihal));
  const ditandatangani = ['DITANDATANGANI', 'TERKIRIM', 'DIARSIPKAN'].includes(s.status);
  el.append(kartu('Keterangan',
    h('dl', { class: 'ringkas' },
      h('dt', {}, 'Jenis'), h('dd', {}, jenis(s.jenis)),
      h('dt', {}, 'Status'), h('dd', { id: 'status-surat' }, lencana(s.status)),
      h('dt', {}, 'Nomor'), h('dd', {}, s.nomor || 'belum bernomor (diberikan saat ditandatangani)'),
      h('dt', {}, 'Penandatangan'), h('dd', {}, s.penandatangan),
      s.tanda_tangan ? [h('dt', {}, 'Ditandatangani'), h('dd', {}, `${s.tanda_tangan.nama || ''} ${s.tanda_tangan.waktu ? waktu(s.tanda_tangan.waktu) : ''}`.trim() || 'ya')] : null,
      s.verifikasi_url ? [h('dt', {}, 'Verifikasi'), h('dd', {}, h('a', { href: s.verifikasi_url, target: '_blank', rel: 'noopener' }, 'Halaman verifikasi'))] : null),
    h('h3', {}, 'Rantai paraf'),
    s.paraf.length ? h('ol', { class: 'langkah' }, s.paraf.map((ref, i) => {
      const diberi = s.paraf_diberikan[i];
      return h('li', {}, `${ref}: `, diberi ? h('span', {}, `diparaf${diberi.nip ? ` oleh ${diberi.nip}` : ''}${diberi.waktu ? `, ${waktu(diberi.waktu)}` : ''}`)
        : h('span', { class: 'redup' }, s.langkah_berikut === ref && s.status === 'KONSEP' ? 'giliran sekarang' : 'menunggu'));
    })) : h('p', { class: 'redup' }, 'Tanpa paraf.'),
    s.pengembalian.length ? [h('h3', {}, 'Pengembalian'), h('ul', {}, s.pengembalian.map((p) => h('li', {}, p.alasan || JSON.stringify(p))))] : null));

  // The PDF: the signed one once signed, else the draft marked KONSEP.
  const pdfEl = h('div', { class: 'pdf' });
  const tampilPdf = h('button', { type: 'button', id: 'lihat-pdf', onclick: async () => {
    tampilPdf.disabled = true;
    try {
      const blob = await api(`surat/v1/surat/${s.id}/${ditandatangani ? 'pdf' : 'pratinjau'}`, { blob: true });
      bersih();
      urlPdf = URL.createObjectURL(blob);
      isi(pdfEl, h('iframe', { src: urlPdf, title: `Isi surat: ${s.perihal}` }),
        h('p', {}, h('a', { href: urlPdf, download: `surat-${s.nomor || s.id}.pdf` }, 'Unduh PDF')));
    } catch (err) {
      isi(pdfEl, keadaan(err.message, 'galat'));
    } finally {
      tampilPdf.disabled = false;
    }
  } }, ditandatangani ? 'Baca surat (PDF bertanda tangan)' : 'Baca konsep surat');
  el.append(kartu('Isi surat', tampilPdf, pdfEl));

  if (tugas && tugas.tahap !== 'DIKEMBALIKAN') el.append(aksi(s, tugas));
  else if (tugas) el.append(kartu('Tindakan', keadaan('Surat ini dikembalikan kepada Anda; perbaiki konsepnya.')));
  return bersih;
}

function aksi(s, tugas) {
  const hasil = h('div', { 'aria-live': 'polite', id: 'hasil-surat' });
  const catatan = h('textarea', { name: 'catatan', rows: 2, maxLength: 1000 });
  const passphrase = h('input', { type: 'password', name: 'passphrase', autocomplete: 'off', maxLength: 200 });
  const alasan = h('textarea', { name: 'alasan', rows: 2, maxLength: 1000 });
  const form = h('form', { id: 'form-aksi-surat', 'aria-label': 'Tindakan atas surat' });
  const jalankan = (langkah, body, pesan) => sibuk(form, async () => {
    try {
      const baru = await api(`surat/v1/surat/${s.id}/${langkah}`, { method: 'POST', idem: uuid(), json: body });
      umumkan(pesan, 'sukses');
      isi(hasil, keadaan(`${pesan} Status sekarang: ${baru.status}${baru.nomor ? `, nomor ${baru.nomor}` : ''}.`, 'sukses'));
      setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 600);
    } catch (err) {
      isi(hasil, keadaan(err.message, 'galat'));
    }
  });
  const utama = tugas.tahap === 'TTD'
    ? [bidang('Passphrase (jika diminta layanan tanda tangan)', passphrase),
      h('button', { type: 'button', class: 'utama', id: 'tanda-tangani', onclick: () => jalankan('tanda-tangan',
        passphrase.value ? { passphrase: passphrase.value } : {}, 'Surat ditandatangani.') }, 'Tanda tangani (TTE)')]
    : [bidang('Catatan paraf (opsional)', catatan),
      h('button', { type: 'button', class: 'utama', id: 'paraf', onclick: () => jalankan('paraf',
        catatan.value.trim() ? { catatan: catatan.value.trim() } : {}, 'Surat diparaf.') }, 'Paraf')];
  form.append(...utama,
    h('details', {}, h('summary', {}, 'Kembalikan ke konseptor'),
      bidang('Alasan pengembalian', alasan, 'Paling sedikit 5 huruf: apa yang harus diperbaiki.'),
      h('button', { type: 'button', id: 'kembalikan', onclick: () => {
        if (alasan.value.trim().length < 5) { isi(hasil, keadaan('Tulis alasan pengembalian (paling sedikit 5 huruf).', 'galat')); return; }
        jalankan('pengembalian', { alasan: alasan.value.trim() }, 'Surat dikembalikan.');
      } }, 'Kembalikan')),
    hasil);
  return kartu(TAHAP[tugas.tahap], form);
}
