// SIMPEG monitoring dashboard: plain modules, no build step, no CDN. Reads the monitoring API
// (directly or through the gateway, same origin) and follows today's figures by Server-Sent
// Events read with fetch, so the token travels in the Authorization header, never in a URL.
const API = "/api/monitoring/v1";
const fmt = new Intl.NumberFormat("id-ID");
const $ = (id) => document.getElementById(id);
let token = null, claims = {}, instansi = null, stream = null;

function ambilToken() {
  const frag = new URLSearchParams(location.hash.slice(1));
  if (frag.get("token")) {
    sessionStorage.setItem("simpeg-token", frag.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("simpeg-token");
}

function bacaKlaim(jwt) {
  try {
    const b64 = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(b64))));
  } catch { return {}; }
}

async function api(path) {
  const r = await fetch(API + path, { headers: { Authorization: `Bearer ${token}` } });
  if (r.status === 401) { sessionStorage.removeItem("simpeg-token"); tampilMasuk("Sesi berakhir; masuk lagi."); throw new Error("401"); }
  if (!r.ok) { const p = await r.json().catch(() => ({})); throw new Error(p.detail || r.statusText); }
  return r.json();
}

function tampilMasuk(pesan) {
  $("masuk").hidden = false; $("dasbor").hidden = true;
  $("cakupan").textContent = pesan || "Belum masuk.";
}

function waktu(iso) {
  return iso ? new Date(iso).toLocaleTimeString("id-ID") : "–";
}

function tulisKesegaran(k) {
  $("kesegaran").textContent = k && k.diterapkan_pada
    ? `Data per ${waktu(k.event_terakhir)} · diterapkan ${waktu(k.diterapkan_pada)} · jeda ${k.lag_detik.toFixed(2)} dtk`
    : "Belum ada data kehadiran.";
}

function tulisHarian(h) {
  $("pegawai").textContent = fmt.format(h.pegawai);
  $("hadir").textContent = fmt.format(h.hadir_sejauh_ini);
  $("tepat").textContent = fmt.format(h.tepat_waktu);
  $("terlambat").textContent = ["TL1", "TL2", "TL3", "TL4"].map((b) => h.terlambat[b]).join(" / ");
  $("belum").textContent = fmt.format(h.belum_hadir);
  $("cuti").textContent = fmt.format(h.cuti);
  $("review").textContent = fmt.format(h.menunggu_review);
  $("judul-hari-ini").textContent = `Kehadiran ${h.tanggal}` + (h.zona_waktu ? ` (${h.zona_waktu})` : "");
  tulisKesegaran(h.kesegaran);
  const body = $("tabel-unit").querySelector("tbody");
  body.replaceChildren();
  for (const u of h.rincian) {
    const tr = document.createElement("tr");
    tr.className = "unit"; tr.tabIndex = 0;
    const telat = Object.values(u.terlambat).reduce((a, b) => a + b, 0);
    for (const v of [u.unit_id, u.pegawai, u.hadir_sejauh_ini, u.tepat_waktu, telat, u.belum_hadir, u.cuti, u.menunggu_review]) {
      const td = document.createElement("td"); td.textContent = typeof v === "number" ? fmt.format(v) : v; tr.append(td);
    }
    const detail = document.createElement("tr");
    detail.className = "rincian"; detail.hidden = true;
    const td = document.createElement("td"); td.colSpan = 8;
    const tutup = Object.entries(u.ditutup).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ") || "belum ditutup";
    td.textContent = `Terlambat: ${Object.entries(u.terlambat).map(([b, n]) => `${b} ${n}`).join(", ")} · Hari ditutup: ${tutup}`;
    detail.append(td);
    const buka = () => { detail.hidden = !detail.hidden; };
    tr.addEventListener("click", buka);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); buka(); } });
    body.append(tr, detail);
  }
}

function svgEl(tag, attrs, text) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function gambarKurva(k) {
  const svg = $("kurva"); svg.replaceChildren();
  if (!k.titik.length) { svg.append(svgEl("text", { x: 20, y: 100 }, "Belum ada yang hadir.")); return; }
  const menit = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };
  const x0 = Math.min(menit(k.titik[0][0]), 6 * 60), x1 = Math.max(menit(k.titik.at(-1)[0]) + 1, x0 + 180);
  const y1 = k.titik.at(-1)[1];
  const X = (m) => 40 + (m - x0) / (x1 - x0) * 550, Y = (n) => 185 - n / y1 * 170;
  let d = `M ${X(x0)} ${Y(0)}`;
  for (const [t, n] of k.titik) d += ` H ${X(menit(t))} V ${Y(n)}`;
  svg.append(svgEl("path", { d, fill: "none", stroke: "#0b4f8a", "stroke-width": 2 }));
  const jam = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  svg.append(svgEl("text", { x: 40, y: 198, "font-size": 10 }, jam(x0)));
  svg.append(svgEl("text", { x: 545, y: 198, "font-size": 10 }, jam(x1)));
  svg.append(svgEl("text", { x: 2, y: 14, "font-size": 10 }, fmt.format(y1)));
}

function gambarBatang(id, data) {
  const svg = $(id); svg.replaceChildren();
  const entri = Object.entries(data), maks = Math.max(1, ...entri.map(([, n]) => n));
  const w = 280 / Math.max(entri.length, 1);
  entri.forEach(([label, n], i) => {
    const h = n / maks * 110;
    svg.append(svgEl("rect", { x: 10 + i * w, y: 125 - h, width: w - 6, height: h, fill: "#0b4f8a" }));
    svg.append(svgEl("text", { x: 10 + i * w, y: 120 - h, "font-size": 10 }, fmt.format(n)));
    svg.append(svgEl("text", { x: 10 + i * w, y: 140 + (i % 2) * 12, "font-size": 8 }, label));
  });
}

async function muatBulanan() {
  const bulan = $("bulan").value;
  if (!bulan) return;
  const path = instansi ? `/instansi/${instansi}/bulanan?bulan=${bulan}` : `/nasional/bulanan?bulan=${bulan}`;
  const b = await api(path);
  gambarBatang("g-predikat", b.predikat || {});
  gambarBatang("g-kgb", { "jatuh tempo": b.kgb.jatuh_tempo, terlambat: b.kgb.terlambat, ditunda: b.kgb.ditunda, diberikan: b.kgb.diberikan });
  gambarBatang("g-disiplin", { "hari TK": b.hari_tk, ...Object.fromEntries(Object.entries(b.ambang_disiplin).map(([k, v]) => [`ambang ${k}`, v])) });
  const dl = $("ringkas-bulanan"); dl.replaceChildren();
  const rp = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 });
  for (const [k, v] of [["TPP dibayar", `${rp.format(b.tpp.total)} untuk ${fmt.format(b.tpp.pegawai)} pegawai`],
                        ["Potongan TPP", rp.format(b.tpp.potongan)],
                        ["Usulan perubahan data menunggu", fmt.format(b.usulan_menunggu)],
                        ["Kelengkapan data profil", b.kelengkapan.persen === null ? "–" : `${b.kelengkapan.persen} %`]]) {
    dl.append(Object.assign(document.createElement("dt"), { textContent: k }), Object.assign(document.createElement("dd"), { textContent: v }));
  }
}

async function muatKurva() {
  if (!instansi) { $("kurva").replaceChildren(svgEl("text", { x: 20, y: 100 }, "Pilih instansi untuk kurva.")); return; }
  gambarKurva(await api(`/instansi/${instansi}/kurva`));
}

async function ikuti() {
  if (stream) stream.abort();
  stream = new AbortController();
  const q = instansi ? `?instansi_id=${encodeURIComponent(instansi)}` : "";
  try {
    const r = await fetch(`${API}/stream${q}`, { headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" }, signal: stream.signal });
    if (!r.ok) throw new Error(r.statusText);
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const blok = buf.slice(0, i); buf = buf.slice(i + 2);
        const data = blok.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (data) { tulisHarian(JSON.parse(data)); muatKurva().catch(() => {}); }
      }
    }
  } catch (e) {
    if (e.name === "AbortError") return;
  }
  setTimeout(ikuti, 2000); // reconnect after a drop
}

async function mulai() {
  token = ambilToken();
  if (!token) { tampilMasuk(); return; }
  claims = bacaKlaim(token);
  const roles = claims.roles || [];
  const pusat = roles.includes("BKN_PUSAT");
  $("masuk").hidden = true; $("dasbor").hidden = false;
  const pilih = $("pilih-instansi");
  pilih.replaceChildren();
  if (pusat) pilih.append(new Option("Nasional (semua instansi)", ""));
  if (claims.instansi) pilih.append(new Option(claims.instansi, claims.instansi));
  instansi = pusat ? "" : claims.instansi;
  pilih.value = instansi;
  pilih.disabled = !pusat;
  pilih.onchange = () => { instansi = pilih.value; segarkan(); };
  $("cakupan").textContent = pusat ? "BKN Pusat: semua instansi" : `Instansi ${claims.instansi}`;
  const now = new Date();
  $("bulan").value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  $("bulan").onchange = () => muatBulanan().catch(tampilGalat);
  segarkan();
}

function tampilGalat(e) { $("kesegaran").textContent = `Galat: ${e.message}`; }

function segarkan() {
  const path = instansi ? `/instansi/${instansi}/harian` : "/nasional/harian";
  api(path).then(tulisHarian).catch(tampilGalat);
  muatKurva().catch(tampilGalat);
  muatBulanan().catch(tampilGalat);
  ikuti();
}

$("form-token").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("simpeg-token", $("token").value.trim());
  mulai();
});
mulai();
