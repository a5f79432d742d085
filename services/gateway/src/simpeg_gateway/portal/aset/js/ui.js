// Small DOM helpers, Indonesian labels and formats shared by every page of the portal.

/** Build an element: h('button', {class: 'utama', onclick: f}, 'Kirim'). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  tambah(el, children);
  return el;
}

function tambah(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replace an element's content. */
export function isi(el, ...children) {
  el.replaceChildren();
  tambah(el, children);
  return el;
}

let urutId = 0;
/** A labelled form field: the label names the control for screen readers. */
export function bidang(label, control, petunjuk) {
  const id = control.id || `f${++urutId}`;
  control.id = id;
  const kids = [h('label', { for: id }, label)];
  if (petunjuk) {
    const pid = `${id}-petunjuk`;
    control.setAttribute('aria-describedby', pid);
    kids.push(control, h('small', { id: pid, class: 'petunjuk' }, petunjuk));
  } else kids.push(control);
  return h('div', { class: 'bidang' }, kids);
}

export function pilihan(name, opsi, nilai) {
  return h('select', { name },
    Object.entries(opsi).map(([v, t]) => h('option', { value: v, selected: v === nilai }, t)));
}

const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
  'September', 'Oktober', 'November', 'Desember'];
export const namaBulan = (b) => BULAN[b - 1];

/** 2026-11-25 -> 25 November 2026 */
export function tanggal(iso) {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${BULAN[m - 1]} ${y}`;
}

/** An instant as the local clock shows it (hh.mm), optionally in the unit's zone. */
export function jam(iso, zona) {
  if (!iso) return '–';
  const opts = { hour: '2-digit', minute: '2-digit', hour12: false };
  if (zona) opts.timeZone = zona;
  return new Intl.DateTimeFormat('id-ID', opts).format(new Date(iso));
}

export function waktu(iso, zona) {
  if (!iso) return '–';
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  if (zona) opts.timeZone = zona;
  return new Intl.DateTimeFormat('id-ID', opts).format(new Date(iso));
}

/** Today's date in the browser's zone (YYYY-MM-DD). */
export function hariIni(zona) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zona, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
}

export function uuid() {
  return crypto.randomUUID();
}

/** Every state the suite reports, as the user reads it, and the badge's tone. */
const STATUS = {
  DITERIMA: ['Diterima', 'baik'], MENUNGGU_REVIEW: ['Menunggu tinjauan atasan', 'tunggu'],
  DISETUJUI: ['Disetujui', 'baik'], DITOLAK: ['Ditolak', 'buruk'],
  MENUNGGU_PERTIMBANGAN: ['Menunggu pertimbangan atasan', 'tunggu'],
  MENUNGGU_KEPUTUSAN: ['Menunggu keputusan pejabat', 'tunggu'], PERUBAHAN: ['Disetujui dengan perubahan', 'baik'],
  DITANGGUHKAN: ['Ditangguhkan', 'tunggu'], TIDAK_DISETUJUI: ['Tidak disetujui', 'buruk'],
  DIBATALKAN: ['Dibatalkan', 'netral'],
  KONSEP: ['Konsep: menunggu paraf', 'tunggu'], SIAP_TTD: ['Siap ditandatangani', 'tunggu'],
  DIKEMBALIKAN: ['Dikembalikan', 'buruk'], DITANDATANGANI: ['Ditandatangani', 'baik'],
  TERKIRIM: ['Terkirim', 'baik'], DIARSIPKAN: ['Diarsipkan', 'netral'],
  DRAFT: ['Draf', 'tunggu'], REALISASI: ['Menunggu penilaian atasan', 'tunggu'],
  DINILAI: ['Dinilai, belum final', 'tunggu'], FINAL: ['Final', 'baik'],
  DIAJUKAN: ['Diajukan', 'tunggu'], DIVERIFIKASI: ['Diverifikasi, menunggu persetujuan', 'tunggu'],
  HADIR: ['Hadir', 'baik'], TK: ['Tanpa keterangan', 'buruk'], CUTI: ['Cuti', 'netral'],
  DINAS_LUAR: ['Dinas luar', 'netral'], SAKIT: ['Sakit', 'netral'], LIBUR: ['Libur', 'netral'],
  ANTRE: ['Menunggu sinyal', 'tunggu'], GAGAL: ['Ditolak server', 'buruk'],
  PARAF: ['Menunggu paraf Anda', 'tunggu'], TTD: ['Menunggu tanda tangan Anda', 'tunggu'],
};

export function labelStatus(s) {
  return (STATUS[s] || [s ? s.replaceAll('_', ' ').toLowerCase() : '–'])[0];
}

export function lencana(s) {
  const [teks, nada] = STATUS[s] || [labelStatus(s), 'netral'];
  return h('span', { class: `lencana ${nada}`, dataset: { status: s || '' } }, teks);
}

export const JENIS_CUTI = {
  TAHUNAN: 'Cuti tahunan', BESAR: 'Cuti besar', SAKIT: 'Cuti sakit', MELAHIRKAN: 'Cuti melahirkan',
  ALASAN_PENTING: 'Cuti karena alasan penting', CLTN: 'Cuti di luar tanggungan negara',
};

export const JENIS_PRESENSI = { MASUK: 'Masuk', PULANG: 'Pulang' };

/** The risk signals of a check-in, in Indonesian (the server's text is English). */
export const RISIKO = {
  LOKASI_PALSU: 'Ponsel melaporkan lokasi palsu (mock location).',
  DI_LUAR_LOKASI: 'Di luar lokasi kerja yang ditetapkan.',
  AKURASI_RENDAH: 'Akurasi GPS terlalu rendah.',
  FOTO_DIPAKAI_ULANG: 'Foto yang sama sudah pernah dipakai.',
  GANTI_PERANGKAT: 'Perangkat yang belum pernah dipakai.',
  PERJALANAN_MUSTAHIL: 'Terlalu jauh dari presensi sebelumnya untuk selang waktunya.',
  JAM_PONSEL_MELESET: 'Jam ponsel berbeda dengan jam server.',
  SINKRON_TERLAMBAT: 'Presensi luring dikirim jauh setelah diambil.',
};

export function alasanRisiko(list) {
  return (list || []).map((a) => (typeof a === 'string' ? (RISIKO[a] || a) : (RISIKO[a.kode] || a.pesan)));
}

/** Announce a message in the page's live region (screen readers read it; it fades). */
export function umumkan(pesan, nada = 'info') {
  const wadah = document.getElementById('pengumuman');
  const el = h('p', { class: `kabar ${nada}`, role: nada === 'galat' ? 'alert' : 'status' }, pesan);
  wadah.append(el);
  setTimeout(() => el.remove(), nada === 'galat' ? 10000 : 5000);
}

/** A box that says what happened: loading, empty, error; role=status so it is read out. */
export function keadaan(teks, nada = 'info') {
  return h('p', { class: `keadaan ${nada}`, role: nada === 'galat' ? 'alert' : 'status' }, teks);
}

export function kartu(judul, ...isiKartu) {
  return h('section', { class: 'kartu', 'aria-label': judul }, h('h2', {}, judul), isiKartu);
}

/** Disable a form's controls while its command runs, so a double tap sends once. */
export async function sibuk(form, kerja) {
  const kontrol = [...form.querySelectorAll('button, input, select, textarea')];
  kontrol.forEach((k) => { k.dataset.semula = k.disabled ? '1' : ''; k.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await kerja();
  } finally {
    kontrol.forEach((k) => { k.disabled = k.dataset.semula === '1'; });
    form.removeAttribute('aria-busy');
  }
}
