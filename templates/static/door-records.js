// The device station's own storage (IndexedDB) and the sealed records it synced: each opens
// only with the code of its badge (an id and a key derived from it, as src/checkin/offline.rs
// derives them).
"use strict";

const DoorRecords = (function () {
  const DB_NAME = "lanyard-door";

  function idb() {
    return new Promise(function (resolve, reject) {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        const db = req.result;
        db.createObjectStore("kv");
        db.createObjectStore("queue", { keyPath: "nonce" });
        db.createObjectStore("local");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function tx(db, store, mode, work) {
    return new Promise(function (resolve, reject) {
      const t = db.transaction(store, mode);
      const s = t.objectStore(store);
      let out;
      const req = work(s);
      if (req) req.onsuccess = () => { out = req.result; };
      t.oncomplete = () => resolve(out);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  // Sealed records.

  const enc = new TextEncoder();

  async function hkdf(code, salt, info, bits) {
    const key = await crypto.subtle.importKey("raw", enc.encode(code), "HKDF", false, ["deriveBits"]);
    const out = await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt: enc.encode(salt), info: enc.encode(info) }, key, bits);
    return new Uint8Array(out);
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function unbase64(s) {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // The record of a scanned code, or null: its id and key come from the code alone.
  async function openRecord(snapshot, index, code) {
    const id = hex(await hkdf(code, snapshot.salt, "lanyard offline record id", 128));
    const sealed = index.get(id);
    if (!sealed) return null;
    const raw = await hkdf(code, snapshot.salt, "lanyard offline record key", 256);
    const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
    const bytes = unbase64(sealed);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, key, bytes.slice(12));
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // What the queue keeps of a scan instead of its code: the badge's record id, and proof for
  // this scan's nonce that the device read the code (as src/checkin/offline.rs derives it).
  async function queuedScan(snapshot, code, body) {
    const out = Object.assign({}, body);
    delete out.code;
    out.record = hex(await hkdf(code, snapshot.salt, "lanyard offline record id", 128));
    out.proof = hex(await hkdf(code, snapshot.salt, "lanyard offline proof " + body.nonce.trim(), 128));
    return out;
  }

  function unbase64url(s) {
    return unbase64(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  }

  // Whether `pin` is the one the station's verifier was made from
  // (`pbkdf2-sha256$rounds$salt$hash`, as src/staff/pin.rs makes it).
  async function pinMatches(verifier, pin) {
    const [scheme, rounds, salt, hash] = String(verifier).split("$");
    if (scheme !== "pbkdf2-sha256") return false;
    const key = await crypto.subtle.importKey("raw", enc.encode(pin), "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: unbase64url(salt), iterations: Number(rounds) }, key, 256);
    return hex(new Uint8Array(bits)) === hex(unbase64url(hash));
  }

  return { idb: idb, tx: tx, openRecord: openRecord, queuedScan: queuedScan, pinMatches: pinMatches };
})();
