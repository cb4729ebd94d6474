// The scan stations. Served by Lanyard itself: no CDN.
//
// Staff station (/staff/door, #scan-form): sends each code as it arrives (a keyboard-wedge
// scanner types it and presses Enter), shows the answer full width with a sound and a
// vibration of its own, and is ready for the next code at once.
//
// Device station (/door, #device-station): a paired phone or tablet. It scans through the API
// with its token; when the network drops it decides from the records it synced (each sealed
// with a key derived from its badge code, opened only when that badge is scanned), queues the
// scans in IndexedDB and uploads them when the network is back.
//
// Both read QR codes from a camera: the browser's BarcodeDetector where there is one, jsQR
// (served by Lanyard) otherwise.
"use strict";
(function () {
  let audio = null;

  // Three tones that cannot be confused: high and short, two middle, one long and low.
  function sound(outcome) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const plan = {
        admitted: [[880, 0, 0.12]],
        exited: [[660, 0, 0.08], [880, 0.1, 0.08]],
        already_admitted: [[520, 0, 0.12], [520, 0.2, 0.12]],
        refused: [[200, 0, 0.6]],
      }[outcome] || [];
      for (const [freq, start, length] of plan) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = freq;
        osc.type = outcome === "refused" ? "square" : "sine";
        gain.gain.value = 0.2;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + start);
        osc.stop(audio.currentTime + start + length);
      }
    } catch (e) { /* no audio: the screen still says it */ }
    if (navigator.vibrate) {
      navigator.vibrate({ admitted: [80], exited: [40, 40, 40], already_admitted: [80, 80, 80], refused: [400] }[outcome] || []);
    }
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  const CLASSES = { admitted: "admitted", exited: "exited", already_admitted: "already", refused: "refused" };

  // The answer, full width: verdict, photo, name, delegation, category, detail.
  function show(result, d, note) {
    result.className = "door-result " + (CLASSES[d.outcome] || "refused");
    result.replaceChildren();
    result.append(text("p", d.message, "verdict"));
    if (d.photo_url) {
      const img = document.createElement("img");
      img.src = d.photo_url;
      img.alt = "";
      img.width = 177;
      img.height = 236;
      result.append(img);
    }
    const r = d.registration;
    if (r) {
      const who = text("p", "", "who");
      who.append(text("bdi", r.name));
      result.append(who);
      const line = [r.organization, r.country_name, r.category].filter(Boolean).join(" · ");
      if (line) result.append(text("p", line));
    }
    if (d.detail) result.append(text("p", d.detail, "detail"));
    if (note) result.append(text("p", note, "note"));
    if (result.scrollIntoView) result.scrollIntoView({ block: "nearest" });
    sound(d.outcome);
  }

  function newNonce() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  // ---- Camera -----------------------------------------------------------------------------

  // Reads QR codes from the rear camera until stopped; the same code seen again within three
  // seconds (the badge is still in front of the lens) is not sent twice.
  async function startCamera(video, onCode) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    let detector = null;
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (e) { detector = null; }
    }
    video.dataset.decoder = detector ? "BarcodeDetector" : "jsQR";
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    let running = true;
    let last = "";
    let lastAt = 0;
    async function tick() {
      if (!running) return;
      try {
        if (video.readyState >= 2 && video.videoWidth > 0) {
          let found = null;
          if (detector) {
            const codes = await detector.detect(video);
            if (codes.length) found = codes[0].rawValue;
          } else if (window.jsQR) {
            const scale = Math.min(1, 800 / video.videoWidth);
            const w = Math.round(video.videoWidth * scale);
            const h = Math.round(video.videoHeight * scale);
            canvas.width = w;
            canvas.height = h;
            ctx.drawImage(video, 0, 0, w, h);
            const hit = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
            if (hit && hit.data) found = hit.data;
          }
          const now = Date.now();
          if (found && (found !== last || now - lastAt > 3000)) {
            last = found;
            lastAt = now;
            onCode(found);
          } else if (found) {
            lastAt = now;
          }
        }
      } catch (e) { /* a frame that could not be read: try the next */ }
      setTimeout(tick, 120);
    }
    tick();
    return function stop() {
      running = false;
      stream.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
      video.hidden = true;
    };
  }

  function cameraButton(button, video, onCode, onError) {
    if (!button || !video) return;
    let stop = null;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", async function () {
      if (stop) {
        stop();
        stop = null;
        button.setAttribute("aria-pressed", "false");
        return;
      }
      try {
        stop = await startCamera(video, onCode);
        button.setAttribute("aria-pressed", "true");
      } catch (e) {
        onError(e);
      }
    });
  }

  // ---- Staff station ----------------------------------------------------------------------

  function staffStation(form) {
    const input = document.getElementById("code");
    const result = document.getElementById("result");
    const count = document.getElementById("count");
    // A scan whose answer was lost: scanned again, it is sent with the same nonce, so a first
    // admission that did reach the server is not shown as "already admitted".
    let unanswered = null;

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const code = input.value.trim();
      input.value = "";
      input.focus();
      if (!code) return;
      const body = new URLSearchParams(new FormData(form));
      body.set("code", code);
      const nonce = unanswered && unanswered.code === code ? unanswered.nonce : newNonce();
      body.set("nonce", nonce);
      try {
        const res = await fetch(form.action, {
          method: "POST",
          body: body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!res.ok) throw new Error("HTTP " + res.status);
        const d = await res.json();
        show(result, d);
        if (d.count_text) count.textContent = d.count_text;
        unanswered = null;
      } catch (e) {
        unanswered = { code: code, nonce: nonce };
        result.className = "door-result refused";
        result.replaceChildren(text("p", form.dataset.offline || "No connection: scan again.", "verdict"));
        sound("refused");
      }
    });
    cameraButton(document.getElementById("camera"), document.getElementById("camera-video"), function (code) {
      input.value = code;
      form.requestSubmit();
    }, function () {
      result.className = "door-result refused";
      result.replaceChildren(text("p", form.dataset.noCamera || "No camera.", "verdict"));
    });
    input.focus();
  }

  // ---- Device station: storage -------------------------------------------------------------

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

  // ---- Device station: sealed records --------------------------------------------------------

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

  // ---- Device station ----------------------------------------------------------------------

  function deviceStation(root) {
    const $ = (id) => document.getElementById(id);
    const t = (name) => root.dataset["t" + name] || "";
    const status = $("device-status");
    const result = $("device-result");
    const input = $("device-code");
    let db = null;
    let auth = null; // { token, event }
    let snapshot = null;
    let index = new Map();
    let place = null; // { venue, session, exit, label }
    let online = navigator.onLine;
    let queued = 0;
    let counts = {}; // scope -> admitted, as last heard from the server plus offline admissions
    let lastSync = 0;

    const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ""));

    function timeFmt(iso) {
      try {
        return new Intl.DateTimeFormat(root.dataset.lang, {
          hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: snapshot.event.time_zone,
        }).format(new Date(iso));
      } catch (e) {
        return iso;
      }
    }

    function showStatus() {
      const parts = [online ? t("Online") : t("Offline")];
      if (snapshot) parts.push(fill(t("Synced"), { time: timeFmt(snapshot.generated_at) }));
      else parts.push(t("NotSynced"));
      if (queued) parts.push(fill(t("Queued"), { count: queued }));
      const line = parts.join(" · ");
      // A live region: rewritten only when what it says changes.
      if (status.textContent !== line) status.textContent = line;
      status.className = "device-status " + (online ? "online" : "offline");
    }

    function setOnline(value) {
      if (online !== value) {
        online = value;
        showStatus();
      }
    }

    async function api(path, options) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 2500);
      try {
        const res = await fetch(path, Object.assign({}, options, {
          signal: controller.signal,
          headers: Object.assign({ Authorization: "Bearer " + auth.token, Accept: "application/json" },
            (options && options.headers) || {}),
        }));
        setOnline(true);
        if (res.status === 401) {
          await forget();
          throw new Error("revoked");
        }
        return res;
      } catch (e) {
        if (e.message !== "revoked") setOnline(false);
        throw e;
      } finally {
        clearTimeout(timer);
      }
    }

    // A revoked device keeps nothing: token, records and queue go.
    async function forget() {
      localStorage.removeItem("lanyard.device");
      if (db) {
        for (const store of ["kv", "queue", "local"]) await tx(db, store, "readwrite", (s) => s.clear());
      }
      auth = null;
      snapshot = null;
      index = new Map();
      $("device-setup").hidden = true;
      $("device-scan").hidden = true;
      $("device-unpaired").hidden = false;
      $("device-unpaired").textContent = t("Revoked");
      status.textContent = "";
    }

    function useSnapshot(s) {
      snapshot = s;
      index = new Map(s.badges.map((b) => [b.id, b.data]));
      showStatus();
    }

    async function sync() {
      try {
        const res = await api("/api/v1/events/" + encodeURIComponent(auth.event) + "/sync");
        if (!res.ok) return;
        const s = await res.json();
        await tx(db, "kv", "readwrite", (st) => st.put(s, "snapshot"));
        await forgetSynced(s.generated_at);
        lastSync = Date.now();
        useSnapshot(s);
      } catch (e) { /* offline: keep the last snapshot */ }
    }

    // Once every offline scan is uploaded, the snapshot knows the admissions made before it
    // was taken: the device's own notes of those go (one transaction, so a scan queued
    // meanwhile keeps its note).
    function forgetSynced(generatedAt) {
      return new Promise(function (resolve) {
        const t = db.transaction(["queue", "local"], "readwrite");
        const count = t.objectStore("queue").count();
        count.onsuccess = function () {
          if (count.result) return;
          const cursor = t.objectStore("local").openCursor();
          cursor.onsuccess = function () {
            const c = cursor.result;
            if (!c) return;
            if (Date.parse(c.value.at) < Date.parse(generatedAt)) c.delete();
            c.continue();
          };
        };
        t.oncomplete = () => resolve();
        t.onerror = () => resolve();
      });
    }

    // What this device has seen admitted, so a badge passed back while offline is caught.
    async function note(scope, reference, at, venueId) {
      const key = scope + "|" + reference;
      await tx(db, "local", "readwrite", (s) => s.put({ scope: scope, at: at, venue_id: venueId }, key));
    }

    function scopeOf(p) {
      return p.session ? p.session : "venue:" + p.venue;
    }

    function places() {
      const list = [];
      for (const v of snapshot.venues) {
        list.push({ venue: v.id, session: "", exit: false, label: v.name + " · " + t("Whole") });
        for (const s of snapshot.sessions.filter((x) => x.venue_id === v.id)) {
          list.push({ venue: v.id, session: s.id, exit: false, label: v.name + " · " + s.title + " " + timeFmt(s.starts_at) + "–" + timeFmt(s.ends_at) });
        }
        list.push({ venue: v.id, session: "", exit: true, label: v.name + " · " + t("Exit") });
      }
      return list;
    }

    function showSetup() {
      $("device-unpaired").hidden = true;
      $("device-scan").hidden = true;
      $("device-setup").hidden = false;
      $("device-event").textContent = snapshot ? snapshot.event.name : auth.event;
      const select = $("device-place");
      select.replaceChildren();
      if (!snapshot) return;
      places().forEach(function (p, i) {
        const o = document.createElement("option");
        o.value = String(i);
        o.textContent = p.label;
        select.append(o);
      });
    }

    function showCount() {
      if (!place) return;
      const n = counts[scopeOf(place)];
      $("device-count").textContent = place.exit || n === undefined ? "" : fill(t("Count"), { count: n });
    }

    async function startScanning(p) {
      place = p;
      await tx(db, "kv", "readwrite", (s) => s.put(p, "place"));
      $("device-setup").hidden = true;
      $("device-scan").hidden = false;
      $("device-place-label").textContent = p.label;
      result.className = "door-result";
      result.replaceChildren();
      showCount();
      input.focus();
    }

    function refused(reason, rec) {
      return { outcome: "refused", reason: reason, message: snapshot.messages.refused, detail: snapshot.messages.reasons[reason] || "", registration: rec ? rec.registration : null };
    }

    // The same rules as the server's (src/checkin), from the synced records.
    async function decideOffline(code) {
      let rec = null;
      try {
        rec = await openRecord(snapshot, index, code);
      } catch (e) {
        rec = null;
      }
      if (!rec) return refused("unknown_code", null);
      const reg = rec.registration;
      if (rec.revoked) {
        const d = refused("old_badge", rec);
        d.detail = fill(snapshot.messages.old_badge, { version: rec.version, current: rec.current_version || "–" });
        return d;
      }
      if (place.exit) return { outcome: "exited", reason: "", message: snapshot.messages.exited, detail: "", registration: reg };
      if (reg.status === "cancelled") return refused("cancelled", rec);
      if (reg.status !== "approved") return refused("not_approved", rec);
      const session = place.session ? snapshot.sessions.find((s) => s.id === place.session) : null;
      if (session) {
        const now = Date.now();
        const opens = Date.parse(session.starts_at) - snapshot.doors_open_minutes * 60000;
        if (session.venue_id !== place.venue) return refused("session_at_another_venue", rec);
        if (now < opens || now > Date.parse(session.ends_at)) return refused("outside_session_time", rec);
        if ((session.categories && !session.categories.includes(reg.category_id))
          || (session.registered_only && !rec.sessions.includes(session.id))) {
          return refused("not_allowed_in_session", rec);
        }
      }
      const scope = scopeOf(place);
      const key = scope + "|" + reg.reference;
      const earlier = rec.admitted.find((a) => a.scope === scope) || (await tx(db, "local", "readonly", (s) => s.get(key)));
      if (earlier && session && session.single_entry) {
        const venue = snapshot.venues.find((v) => v.id === earlier.venue_id);
        return {
          outcome: "already_admitted", reason: "", message: snapshot.messages.already_admitted, registration: reg,
          detail: fill(snapshot.messages.already_detail, { time: timeFmt(earlier.at), venue: venue ? venue.name : "" }),
        };
      }
      if (!earlier) {
        await note(scope, reg.reference, new Date().toISOString(), place.venue);
        counts[scope] = (counts[scope] || 0) + 1;
      }
      return { outcome: "admitted", reason: "", message: snapshot.messages.admitted, detail: "", registration: reg };
    }

    function scanBody(code, nonce, at) {
      const body = { code: code, nonce: nonce, scanned_at: at, direction: place.exit ? "out" : "in" };
      if (place.session) body.session = place.session;
      else body.venue = place.venue;
      return body;
    }

    async function post(body) {
      return api("/api/v1/events/" + encodeURIComponent(auth.event) + "/scans", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      });
    }

    async function countQueue() {
      queued = await tx(db, "queue", "readonly", (s) => s.count());
      showStatus();
    }

    let flushing = false;
    // Uploads queued scans, oldest first; stops at the first network failure.
    async function flush() {
      if (flushing || !auth) return;
      flushing = true;
      try {
        const items = await tx(db, "queue", "readonly", (s) => s.getAll());
        items.sort((a, b) => a.body.scanned_at.localeCompare(b.body.scanned_at));
        for (const item of items) {
          const res = await post(item.body);
          // Stored (2xx), or refused for good (4xx but a timeout or too many requests): it
          // leaves the queue. A server error keeps it for the next try.
          const forGood = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
          if (res.ok || forGood) {
            await tx(db, "queue", "readwrite", (s) => s.delete(item.nonce));
          } else {
            break;
          }
        }
        if (items.length) await sync();
      } catch (e) { /* still offline */ }
      flushing = false;
      await countQueue();
    }

    async function scan(code) {
      code = code.trim();
      if (!code || !place) return;
      const began = performance.now();
      const shown = () => { result.dataset.answerMs = String(Math.round(performance.now() - began)); };
      const nonce = newNonce();
      const at = new Date().toISOString();
      const body = scanBody(code, nonce, at);
      // Scans go up in the order they were made: while some wait, this one waits too.
      if (queued && online) await flush();
      // Offline already (or still scans waiting): decide at once rather than wait for
      // another timeout; the queue's uploads find out when the network is back.
      try {
        if ((!online || queued) && snapshot) throw new Error("offline");
        const res = await post(body);
        if (!res.ok && ![502, 503, 504].includes(res.status)) {
          // The server answered, and refused the request itself: say so, queue nothing.
          let message = "HTTP " + res.status;
          try { message = (await res.json()).error.message || message; } catch (e) { /* not JSON */ }
          result.className = "door-result refused";
          result.replaceChildren(text("p", message, "verdict"));
          sound("refused");
          shown();
          return;
        }
        if (!res.ok) throw new Error("HTTP " + res.status);
        const d = await res.json();
        counts[scopeOf(place)] = d.admitted_count;
        if (d.registration && (d.outcome === "admitted" || d.outcome === "already_admitted")) {
          const seen = d.previous && d.previous.at ? d.previous.at : at;
          await note(scopeOf(place), d.registration.reference, seen, place.venue);
        }
        show(result, d);
        shown();
        showCount();
        return;
      } catch (e) {
        if (!auth) return;
      }
      // No answer: decide here, and queue the scan (the same nonce, so a request that did
      // reach the server is not counted twice).
      if (!snapshot) {
        result.className = "door-result refused";
        result.replaceChildren(text("p", t("NotSynced"), "verdict"));
        sound("refused");
        return;
      }
      const d = await decideOffline(code);
      body.offline_outcome = d.outcome;
      await tx(db, "queue", "readwrite", (s) => s.put({ nonce: nonce, body: body }));
      await countQueue();
      show(result, d, t("OfflineDecided"));
      shown();
      showCount();
    }

    async function start() {
      // A pairing link carries the event and the token in its fragment (never sent to a server).
      const hash = new URLSearchParams(location.hash.slice(1));
      if (hash.get("token") && hash.get("event")) {
        localStorage.setItem("lanyard.device", JSON.stringify({ token: hash.get("token"), event: hash.get("event") }));
        history.replaceState(null, "", location.pathname + location.search);
      }
      try {
        auth = JSON.parse(localStorage.getItem("lanyard.device") || "null");
      } catch (e) {
        auth = null;
      }
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/door-sw.js", { scope: "/door" }).catch(() => {});
      }
      if (!auth) {
        $("device-unpaired").hidden = false;
        return;
      }
      db = await idb();
      const saved = await tx(db, "kv", "readonly", (s) => s.get("snapshot"));
      if (saved) useSnapshot(saved);
      try {
        const res = await api("/api/v1/device");
        if (res.ok) $("device-name").textContent = (await res.json()).name;
      } catch (e) { /* offline or revoked */ }
      if (!auth) return;
      await sync();
      await countQueue();
      const p = await tx(db, "kv", "readonly", (s) => s.get("place"));
      if (p && snapshot) await startScanning(p);
      else showSetup();
      // Queued scans go up every few seconds; the records are fetched again every minute.
      setInterval(function () {
        if (!auth) return;
        if (queued) flush();
        else if (!online || Date.now() - lastSync > 60000) sync();
      }, 3000);
      window.addEventListener("online", () => flush());
    }

    $("device-start").addEventListener("click", function () {
      const list = places();
      const p = list[Number($("device-place").value)];
      if (p) startScanning(p);
    });
    $("device-change").addEventListener("click", showSetup);
    // One scan at a time, in the order they came: two quick scans of one badge are decided
    // one after the other, never side by side.
    let last = Promise.resolve();
    const enqueue = (code) => { last = last.then(() => scan(code)).catch(() => {}); };
    $("device-form").addEventListener("submit", function (event) {
      event.preventDefault();
      const code = input.value;
      input.value = "";
      input.focus();
      enqueue(code);
    });
    cameraButton($("device-camera"), $("device-video"), enqueue, function () {
      result.className = "door-result refused";
      result.replaceChildren(text("p", t("NoCamera"), "verdict"));
    });
    start();
  }

  const staffForm = document.getElementById("scan-form");
  if (staffForm) staffStation(staffForm);
  const device = document.getElementById("device-station");
  if (device) deviceStation(device);
})();
