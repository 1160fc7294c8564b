/* The report form's effort puzzle (rightsdesk.intake.effort), solved off the page's thread.

   scrypt (RFC 7914): PBKDF2-HMAC-SHA256 with one iteration from WebCrypto around ROMix, whose
   BlockMix uses Salsa20/8, written out here. The server verifies with Python's hashlib.scrypt.

   Messages in:  {op: "solve", seed, target, n, r, p, salt}  -> {nonce: hex, effort}
                 {op: "scrypt", password: [bytes], salt: [bytes], n, r, p, dkLen} -> {hex}
   No network, no eval: the page's CSP allows this file as a worker from our own origin only. */
"use strict";

const encoder = new TextEncoder();

async function pbkdf2(password, salt, length) {
  const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: 1 }, key, length * 8);
  return new Uint8Array(bits);
}

function rotl(a, b) {
  return (a << b) | (a >>> (32 - b));
}

/* Salsa20/8 core on 16 words of B, in place. */
function salsa8(B, x) {
  for (let i = 0; i < 16; i++) x[i] = B[i];
  for (let i = 0; i < 8; i += 2) {
    x[4] ^= rotl(x[0] + x[12], 7); x[8] ^= rotl(x[4] + x[0], 9);
    x[12] ^= rotl(x[8] + x[4], 13); x[0] ^= rotl(x[12] + x[8], 18);
    x[9] ^= rotl(x[5] + x[1], 7); x[13] ^= rotl(x[9] + x[5], 9);
    x[1] ^= rotl(x[13] + x[9], 13); x[5] ^= rotl(x[1] + x[13], 18);
    x[14] ^= rotl(x[10] + x[6], 7); x[2] ^= rotl(x[14] + x[10], 9);
    x[6] ^= rotl(x[2] + x[14], 13); x[10] ^= rotl(x[6] + x[2], 18);
    x[3] ^= rotl(x[15] + x[11], 7); x[7] ^= rotl(x[3] + x[15], 9);
    x[11] ^= rotl(x[7] + x[3], 13); x[15] ^= rotl(x[11] + x[7], 18);
    x[1] ^= rotl(x[0] + x[3], 7); x[2] ^= rotl(x[1] + x[0], 9);
    x[3] ^= rotl(x[2] + x[1], 13); x[0] ^= rotl(x[3] + x[2], 18);
    x[6] ^= rotl(x[5] + x[4], 7); x[7] ^= rotl(x[6] + x[5], 9);
    x[4] ^= rotl(x[7] + x[6], 13); x[5] ^= rotl(x[4] + x[7], 18);
    x[11] ^= rotl(x[10] + x[9], 7); x[8] ^= rotl(x[11] + x[10], 9);
    x[9] ^= rotl(x[8] + x[11], 13); x[10] ^= rotl(x[9] + x[8], 18);
    x[12] ^= rotl(x[15] + x[14], 7); x[13] ^= rotl(x[12] + x[15], 9);
    x[14] ^= rotl(x[13] + x[12], 13); x[15] ^= rotl(x[14] + x[13], 18);
  }
  for (let i = 0; i < 16; i++) B[i] = (B[i] + x[i]) | 0;
}

/* BlockMix with Salsa20/8 on B (32r words) into Y, then back into B in scrypt's order. */
function blockMix(B, Y, X, x, r) {
  const last = (2 * r - 1) * 16;
  for (let i = 0; i < 16; i++) X[i] = B[last + i];
  for (let i = 0; i < 2 * r; i++) {
    for (let k = 0; k < 16; k++) X[k] ^= B[i * 16 + k];
    salsa8(X, x);
    const out = ((i & 1) ? r + (i >> 1) : i >> 1) * 16;
    for (let k = 0; k < 16; k++) Y[out + k] = X[k];
  }
  B.set(Y);
}

function roMix(B, n, r, V, Y, X, x) {
  const words = 32 * r;
  for (let i = 0; i < n; i++) {
    V.set(B, i * words);
    blockMix(B, Y, X, x, r);
  }
  for (let i = 0; i < n; i++) {
    const j = B[(2 * r - 1) * 16] & (n - 1);
    for (let k = 0; k < words; k++) B[k] ^= V[j * words + k];
    blockMix(B, Y, X, x, r);
  }
}

async function scrypt(password, salt, n, r, p, dkLen) {
  const words = 32 * r;
  const bytes = await pbkdf2(password, salt, p * 128 * r);
  const view = new DataView(bytes.buffer);
  const B = new Uint32Array(p * words);
  for (let i = 0; i < B.length; i++) B[i] = view.getUint32(i * 4, true);
  const V = new Uint32Array(n * words);
  const Y = new Uint32Array(words);
  const X = new Uint32Array(16);
  const x = new Uint32Array(16);
  for (let i = 0; i < p; i++) roMix(B.subarray(i * words, (i + 1) * words), n, r, V, Y, X, x);
  for (let i = 0; i < B.length; i++) view.setUint32(i * 4, B[i], true);
  return pbkdf2(password, bytes, dkLen);
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function solve(job) {
  const seed = encoder.encode(job.seed);
  const effort = job.target >>> 0;
  const input = new Uint8Array(seed.length + 16 + 4);
  input.set(seed, 0);
  const nonce = input.subarray(seed.length, seed.length + 16);
  crypto.getRandomValues(nonce);
  new DataView(input.buffer).setUint32(seed.length + 16, effort, false);
  const counter = new DataView(input.buffer, seed.length + 12, 4);
  const salt = encoder.encode(job.salt);
  const limit = BigInt(0xffffffff);
  for (let tries = 1; ; tries++) {
    const out = await scrypt(input, salt, job.n, job.r, job.p, 32);
    const value = new DataView(out.buffer).getUint32(0, false);
    if (BigInt(value) * BigInt(effort) <= limit) {
      return { nonce: hex(nonce), effort: effort, tries: tries };
    }
    counter.setUint32(0, (counter.getUint32(0, false) + 1) >>> 0, false);
  }
}

self.onmessage = async (event) => {
  const job = event.data || {};
  if (job.op === "scrypt") {
    const out = await scrypt(new Uint8Array(job.password), new Uint8Array(job.salt),
      job.n, job.r, job.p, job.dkLen);
    self.postMessage({ hex: hex(out) });
  } else if (job.op === "solve") {
    self.postMessage(await solve(job));
  }
};
