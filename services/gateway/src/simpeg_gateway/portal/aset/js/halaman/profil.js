// Profile: your record as profile keeps it, your self-update requests (usulan) and a form to
// propose a change with evidence (PDF, JPEG or PNG, uploaded first, named by its SHA-256).

import { api, apiAtauKosong } from '../api.js';
import { bidang, h, isi, kartu, keadaan, lencana, pilihan, sibuk, tanggal, umumkan } from '../ui.js';

const JENIS = {
  DATA_PRIBADI: { label: 'Data pribadi', bidang: [['alamat', 'Alamat', 'text'], ['telepon', 'Nomor telepon', 'tel'], ['email', 'Surel', 'email']] },
  PENDIDIKAN: { label: 'Riwayat pendidikan', bidang: [['jenjang', 'Jenjang (SMA, D3, S1, S2, S3, …)', 'text', true], ['nama_sekolah', 'Nama sekolah/perguruan tinggi', 'text', true], ['jurusan', 'Jurusan', 'text'], ['tahun_lulus', 'Tahun lulus', 'number', true], ['nomor_ijazah', 'Nomor ijazah', 'text']] },
  DIKLAT: { label: 'Riwayat diklat', bidang: [['nama', 'Nama diklat', 'text', true], ['penyelenggara', 'Penyelenggara', 'text', true], ['mulai', 'Mulai', 'date', true], ['selesai', 'Selesai', 'date', true], ['jam_pelajaran', 'Jam pelajaran', 'number', true]] },
  PENGHARGAAN: { label: 'Penghargaan', bidang: [['nama', 'Nama penghargaan', 'text', true], ['nomor_sk', 'Nomor SK', 'text', true], ['tanggal', 'Tanggal', 'date', true]] },
};
const simpanan = 'simpeg.usulan';

export async function tampilkan(el, ctx) {
  el.append(h('h1', {}, 'Profil'));
  const nip = ctx.sesi.nip;
  if (!nip) {
    el.append(keadaan('Akun ini tidak terhubung dengan data pegawai.'));
    return;
  }
  const p = await apiAtauKosong(`profile/v1/pegawai/${nip}`);
  const dp = p?.data_pribadi || {};
  el.append(kartu('Data kepegawaian', p ? h('dl', { class: 'ringkas' }, [
    ['Nama', [p.gelar_depan, p.nama, p.gelar_belakang].filter(Boolean).join(' ')], ['NIP', p.nip],
    ['Instansi', p.instansi_id], ['Unit', p.unit_id], ['Jabatan', p.jabatan?.nama_jabatan || p.jabatan?.jabatan_id || '–'],
    ['Pangkat/golongan', p.pangkat?.golongan_ruang || '–'], ['Atasan langsung', p.nip_atasan || '–'],
    ['TMT CPNS', tanggal(p.tmt_cpns)], ['Status', p.status], ['Alamat', dp.alamat || '–'], ['Telepon', dp.telepon || '–'], ['Surel', dp.email || '–'],
  ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : keadaan('Data Anda belum terdaftar.', 'galat')));

  const usulanEl = h('div', { id: 'usulan-saya', 'aria-live': 'polite' });
  const muatUsulan = async () => {
    const notif = await api('profile/v1/notifikasi').catch(() => []);
    const ids = [...new Set([...JSON.parse(localStorage.getItem(simpanan) || '[]'), ...notif.map((n) => n.usulan_id).filter(Boolean)])];
    const list = (await Promise.all(ids.map((id) => apiAtauKosong(`profile/v1/usulan/${id}`).catch(() => null)))).filter(Boolean);
    isi(usulanEl, list.length ? h('ul', { class: 'daftar' }, list.map((u) => h('li', { dataset: { usulan: u.usulan_id } },
      h('strong', {}, JENIS[u.jenis]?.label || u.jenis), ' ', lencana(u.status),
      h('p', { class: 'redup' }, Object.entries(u.perubahan).map(([k, v]) => `${k}: ${v}`).join(' · ')),
      u.langkah.filter((l) => l.alasan).map((l) => h('p', { class: 'galat-teks' }, `Dikembalikan: ${l.alasan}`)))))
      : keadaan('Belum ada usulan.'));
  };

  el.append(h('div', { class: 'kisi' }, kartu('Usulkan perubahan data', formUsulan(nip, muatUsulan)), kartu('Usulan Anda', usulanEl)));
  await muatUsulan();
  return null;
}

function formUsulan(nip, muatUlang) {
  const jenis = pilihan('jenis', Object.fromEntries(Object.entries(JENIS).map(([k, v]) => [k, v.label])), 'DATA_PRIBADI');
  const isian = h('div');
  const berkas = h('input', { type: 'file', name: 'berkas', accept: 'application/pdf,image/jpeg,image/png', required: true });
  const hasil = h('div', { 'aria-live': 'polite' });
  const gambar = () => isi(isian, JENIS[jenis.value].bidang.map(([nama, label, tipe, wajib]) =>
    bidang(label, h('input', { name: nama, type: tipe, required: Boolean(wajib) }))));
  jenis.addEventListener('change', gambar);
  gambar();
  const form = h('form', { id: 'form-usulan' }, bidang('Jenis perubahan', jenis), isian,
    bidang('Berkas bukti', berkas, 'PDF, JPEG atau PNG, paling besar 2 MB.'),
    h('button', { type: 'submit', class: 'utama' }, 'Kirim usulan'), hasil);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const perubahan = {};
    for (const input of isian.querySelectorAll('input')) {
      if (input.value.trim()) perubahan[input.name] = input.type === 'number' ? Number(input.value) : input.value.trim();
    }
    const f = berkas.files[0];
    if (!f) return;
    sibuk(form, async () => {
      try {
        const up = await api('profile/v1/berkas', { method: 'POST', body: f, headers: { 'Content-Type': f.type || 'application/octet-stream' } });
        const u = await api('profile/v1/usulan', { method: 'POST', json: { nip, jenis: jenis.value, perubahan, berkas: [up.sha256] } });
        localStorage.setItem(simpanan, JSON.stringify([...JSON.parse(localStorage.getItem(simpanan) || '[]'), u.usulan_id].slice(-50)));
        form.reset();
        gambar();
        isi(hasil, keadaan('Usulan terkirim; menunggu verifikasi.', 'sukses'));
        umumkan('Usulan perubahan data terkirim.', 'sukses');
        await muatUlang();
      } catch (err) {
        isi(hasil, keadaan(err.message, 'galat'));
      }
    });
  });
  return form;
}
