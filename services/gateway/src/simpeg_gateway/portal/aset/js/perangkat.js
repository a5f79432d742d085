// The phone's camera and position for a check-in. The photo is always taken live from the
// camera (getUserMedia → canvas → JPEG); there is no file picker for it.

export async function nyalakanKamera(video) {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('Peramban ini tidak dapat memakai kamera.');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false,
    });
  } catch (e) {
    throw new Error(e.name === 'NotAllowedError'
      ? 'Izin kamera ditolak. Izinkan kamera untuk situs ini di pengaturan peramban.'
      : 'Kamera tidak dapat dinyalakan.');
  }
  video.srcObject = stream;
  await video.play().catch(() => {});
  return stream;
}

export function matikanKamera(stream) {
  stream?.getTracks().forEach((t) => t.stop());
}

/** The current camera frame as a JPEG Blob. */
export async function potret(video) {
  if (!video.videoWidth) await new Promise((ok) => video.addEventListener('loadeddata', ok, { once: true }));
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.85));
  if (!blob) throw new Error('Foto gagal diambil; coba lagi.');
  return blob;
}

export function posisi() {
  return new Promise((ok, gagal) => {
    if (!navigator.geolocation) {
      gagal(new Error('Peramban ini tidak dapat membaca lokasi.'));
      return;
    }
    navigator.geolocation.getCurrentPosition((p) => ok(p.coords), (e) => gagal(new Error(
      e.code === 1 ? 'Izin lokasi ditolak. Izinkan lokasi untuk situs ini di pengaturan peramban.'
        : 'Lokasi belum dapat dibaca; pastikan GPS menyala lalu coba lagi.')),
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  });
}

/** The app's device id (random, kept on this device; the server keeps only its hash). */
export function idPerangkat() {
  let id = localStorage.getItem('simpeg.perangkat');
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem('simpeg.perangkat', id);
  }
  return id;
}
