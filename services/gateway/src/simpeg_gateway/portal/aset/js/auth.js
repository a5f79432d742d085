// Login: OpenID Connect authorization code flow with PKCE (S256) against the gateway's issuer
// (/auth/.well-known/openid-configuration: the dev issuer, or Keycloak behind the same path).

import { ambilSesi, hapusSesi, klaim, simpanSesi, tokenBerlaku } from './simpan.js';

const CLIENT_ID = 'simpeg-web';
const KUNCI = 'simpeg.token';
const redirectUri = () => `${location.origin}/`;

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function konfigurasi() {
  const r = await fetch('/auth/.well-known/openid-configuration', { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error('Layanan masuk tidak tersedia.');
  return r.json();
}

export async function mulaiMasuk() {
  const conf = await konfigurasi();
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('simpeg.pkce', JSON.stringify({ verifier, state, kembali: location.hash || '#/beranda' }));
  const q = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri(), scope: 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${conf.authorization_endpoint}?${q}`);
}

/** Back from the login page with ?code=…&state=…: exchange the code; true when signed in. */
export async function selesaikanMasuk() {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return false;
  const simpan = JSON.parse(sessionStorage.getItem('simpeg.pkce') || 'null');
  sessionStorage.removeItem('simpeg.pkce');
  history.replaceState(null, '', `/${simpan?.kembali || '#/beranda'}`);
  if (!simpan || q.get('state') !== simpan.state || !q.get('code')) {
    throw new Error('Proses masuk tidak sah atau kedaluwarsa. Silakan masuk lagi.');
  }
  const conf = await konfigurasi();
  const r = await fetch(conf.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: CLIENT_ID, code: q.get('code'),
      redirect_uri: redirectUri(), code_verifier: simpan.verifier,
    }),
  });
  if (!r.ok) throw new Error('Kode masuk ditolak. Silakan masuk lagi.');
  const { access_token: token } = await r.json();
  sessionStorage.setItem(KUNCI, token);
  await simpanSesi(token); // the service worker sends queued check-ins with it
  return true;
}

/** The signed-in user, or null: {token, nip, instansi, peran: [...], nama}. */
export async function sesi() {
  let token = sessionStorage.getItem(KUNCI);
  if (!tokenBerlaku(token)) {
    token = await ambilSesi().catch(() => null);
    if (!tokenBerlaku(token)) return null;
    sessionStorage.setItem(KUNCI, token);
  }
  const k = klaim(token);
  return { token, nip: k.nip || null, instansi: k.instansi || null, peran: k.roles || [], nama: k.sub, exp: k.exp };
}

export function tokenSaatIni() {
  return sessionStorage.getItem(KUNCI);
}

export async function keluar() {
  sessionStorage.removeItem(KUNCI);
  await hapusSesi().catch(() => {});
}
