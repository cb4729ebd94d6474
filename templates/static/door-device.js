// The device station (/door, #device-station): a paired phone or tablet. It scans through the
// API with its token; when the network drops it decides from the records it synced (each
// sealed with a key derived from its badge code, opened only when that badge is scanned) by
// the rules of door-rules.js, queues the scans in IndexedDB and uploads them when the network
// is back. Loaded after door.js, door-rules.js and door-records.js.
"use strict";
(function () {
  const { text, show, sound, newNonce, cameraButton } = DoorStation;
  const { idb, tx, openRecord, queuedScan, pinMatches } = DoorRecords;

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
      if (snapshot && snapshot.event.rehearsal) parts.push(snapshot.messages.rehearsal);
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
        localStorage.setItem("lanyard.contact", String(Date.now()));
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

    // Out of reach of the server for too long (lost, or taken away): the badge records and the
    // device's notes go; the token and the queued scans stay, to upload when it is back.
    async function wipeIfStale() {
      const last = Number(localStorage.getItem("lanyard.contact") || "0");
      if (!snapshot || !DoorRules.mustWipe(last, Date.now(), snapshot.wipe_after_hours || 24)) return;
      for (const store of ["kv", "local"]) await tx(db, store, "readwrite", (s) => s.clear());
      snapshot = null;
      index = new Map();
      result.className = "door-result refused";
      result.replaceChildren(text("p", t("Wiped"), "verdict"));
      showStatus();
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

    // A rehearsal's admissions count under their own scope, as on the server.
    const scopeOf = (pl) => (snapshot && snapshot.event.rehearsal ? "rehearsal:" : "") + DoorRules.scopeOf(pl);

    // Delegation seats as this device knows them: the synced count, moved by the entries and
    // exits it has seen since (forgotten, like the notes, once a sync knows them).
    function sumMoves(prefix) {
      return new Promise(function (resolve) {
        let n = 0;
        const t = db.transaction("local", "readonly");
        const c = t.objectStore("local").openCursor(IDBKeyRange.bound(prefix, prefix + "\uffff"));
        c.onsuccess = function () {
          const r = c.result;
          if (!r) return;
          n += r.value.n || 0;
          r.continue();
        };
        t.oncomplete = () => resolve(n);
        t.onerror = () => resolve(0);
      });
    }

    async function whereIs(rec) {
      const w = await tx(db, "local", "readonly", (s) => s.get("where|" + rec.registration.reference));
      return w ? w.session : (rec.inside_session || "");
    }

    async function seatsFor(session, rec) {
      if (!rec || !session || session.delegation_quota == null) return null;
      const here = (await whereIs(rec)) === session.id;
      const synced = (session.delegations_inside || {})[rec.delegation] || 0;
      const moved = await sumMoves("move|" + session.id + "|" + rec.delegation + "|");
      return { inside: Math.max(0, synced + moved - (here ? 1 : 0)), here: here };
    }

    // The delegate went into session `to` ("" for a venue's door or out): their seat moves.
    async function moveSeat(rec, outcome, at) {
      if (!rec || (outcome !== "admitted" && outcome !== "exited")) return;
      const to = outcome === "admitted" ? place.session || "" : "";
      const from = await whereIs(rec);
      if (from === to) return;
      const stamp = at + "|" + Math.random().toString(36).slice(2);
      await tx(db, "local", "readwrite", function (s) {
        if (from) s.put({ at: at, n: -1 }, "move|" + from + "|" + rec.delegation + "|" + stamp);
        if (to) s.put({ at: at, n: 1 }, "move|" + to + "|" + rec.delegation + "|" + stamp);
        return s.put({ at: at, session: to }, "where|" + rec.registration.reference);
      });
    }

    function places() {
      const list = [];
      for (const v of snapshot.venues) {
        list.push({ venue: v.id, session: "", exit: false, label: v.name + " · " + t("Whole") });
        for (const s of snapshot.sessions.filter((x) => x.venue_id === v.id)) {
          const label = v.name + " · " + s.title + " " + timeFmt(s.starts_at) + "–" + timeFmt(s.ends_at);
          list.push({ venue: v.id, session: s.id, exit: false, label: label });
          if (s.exit_scanning !== false) list.push({ venue: v.id, session: s.id, exit: true, label: label + " · " + t("Exit") });
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
      $("device-lock").hidden = !(auth && auth.pin);
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

    // The server's rules (DoorRules), from the synced records; then the answer in words, and
    // a first admission noted so the badge passed back is caught.
    async function decideOffline(code) {
      let rec = null;
      try {
        rec = await openRecord(snapshot, index, code);
      } catch (e) {
        rec = null;
      }
      const session = place.session ? snapshot.sessions.find((s) => s.id === place.session) : null;
      const scope = scopeOf(place);
      const key = rec ? scope + "|" + rec.registration.reference : "";
      const previous = !rec ? null
        : rec.admitted.find((a) => a.scope === scope) || (await tx(db, "local", "readonly", (s) => s.get(key))) || null;
      const answer = DoorRules.decide({
        event: snapshot.event, record: rec, place: place, session: session, previous: previous,
        seats: await seatsFor(session, rec), doorsOpenMinutes: snapshot.doors_open_minutes, now: Date.now(),
      });
      await moveSeat(rec, answer.outcome, new Date().toISOString());
      const d = {
        outcome: answer.outcome, reason: answer.reason || "", message: snapshot.messages[answer.outcome],
        detail: "", registration: rec ? rec.registration : null, door_note: rec ? rec.door_note : "",
        // The photo sealed with the record: the door compares a face offline too.
        photo_url: rec && rec.photo ? rec.photo : "",
      };
      if (answer.reason === "old_badge") {
        d.detail = fill(snapshot.messages.old_badge, { version: answer.version, current: answer.current_version || "–" });
      } else if (answer.reason === "delegation_full") {
        d.detail = fill(snapshot.messages.delegation_full, { inside: answer.inside, quota: answer.quota });
      } else if (answer.reason) {
        d.detail = snapshot.messages.reasons[answer.reason] || "";
      } else if (answer.outcome === "already_admitted") {
        const venue = snapshot.venues.find((v) => v.id === previous.venue_id);
        d.detail = fill(snapshot.messages.already_detail, { time: timeFmt(previous.at), venue: venue ? venue.name : "" });
      }
      if (answer.first_admission) {
        await note(scope, rec.registration.reference, new Date().toISOString(), place.venue);
        counts[scope] = (counts[scope] || 0) + 1;
      }
      return d;
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

    // A door note read: said to the server by the scan's nonce. When the server cannot hear it
    // yet (offline, or the scan still queued), it is kept and said again after each upload;
    // one the server still does not know once the queue is empty is dropped.
    async function sendAck(nonce) {
      try {
        const res = await api("/api/v1/events/" + encodeURIComponent(auth.event) + "/scans/ack", {
          method: "POST", body: JSON.stringify({ nonce: nonce }), headers: { "Content-Type": "application/json" },
        });
        return res.ok ? "done" : res.status === 404 ? "unknown" : "later";
      } catch (e) {
        return "later";
      }
    }

    async function acknowledge(nonce) {
      if ((await sendAck(nonce)) === "done") return;
      const acks = (await tx(db, "kv", "readonly", (s) => s.get("acks"))) || [];
      acks.push(nonce);
      await tx(db, "kv", "readwrite", (s) => s.put(acks.slice(-200), "acks"));
    }

    async function resendAcks() {
      const acks = (await tx(db, "kv", "readonly", (s) => s.get("acks"))) || [];
      if (!acks.length) return;
      const left = [];
      for (const nonce of acks) {
        const r = await sendAck(nonce);
        if (r === "later" || (r === "unknown" && queued)) left.push(nonce);
      }
      await tx(db, "kv", "readwrite", (s) => s.put(left, "acks"));
    }

    const noteTexts = () => snapshot
      ? { title: snapshot.messages.note_title, ack: snapshot.messages.note_ack, acked: snapshot.messages.note_acked }
      : {};

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
      await resendAcks();
    }

    // A station with a PIN locks when left alone (or with its Lock button) until the PIN is typed.
    let locked = false;
    let lastActivity = Date.now();
    function lock() {
      if (!auth || !auth.pin) return;
      locked = true;
      $("device-scan").hidden = true;
      $("device-locked").hidden = false;
      $("device-pin").value = "";
      $("device-pin").focus();
    }
    $("device-lock").addEventListener("click", lock);
    $("device-unlock-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      const ok = await pinMatches(auth.pin, $("device-pin").value.trim()).catch(() => false);
      if (!ok) {
        $("device-pin-error").textContent = t("PinWrong");
        $("device-pin").value = "";
        return;
      }
      $("device-pin-error").textContent = "";
      locked = false;
      lastActivity = Date.now();
      $("device-locked").hidden = true;
      $("device-scan").hidden = false;
      input.focus();
    });

    async function scan(code) {
      code = code.trim();
      if (!code || !place || locked) return;
      lastActivity = Date.now();
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
        // Online too, the face to compare comes from the record this badge opens.
        if (d.registration && snapshot) {
          try {
            const rec = await openRecord(snapshot, index, code);
            if (rec && rec.photo) d.photo_url = rec.photo;
            await moveSeat(rec, d.outcome, at);
          } catch (e) { /* no record: no photo */ }
        }
        show(result, d, "", () => acknowledge(nonce), noteTexts());
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
      // The queue keeps no code: the record id and a proof bound to the nonce stand for it.
      const entry = await queuedScan(snapshot, code, body);
      await tx(db, "queue", "readwrite", (s) => s.put({ nonce: nonce, body: entry }));
      await countQueue();
      show(result, d, t("OfflineDecided"), () => acknowledge(nonce), noteTexts());
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
      await wipeIfStale();
      try {
        const res = await api("/api/v1/device");
        if (res.ok) {
          const me = await res.json();
          $("device-name").textContent = me.name;
          // The PIN's verifier is kept with the token, so the lock works offline too.
          auth.pin = me.pin || null;
          auth.lockAfter = me.lock_after_minutes || 5;
          localStorage.setItem("lanyard.device", JSON.stringify(auth));
        }
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
        wipeIfStale();
        if (!locked && auth.pin && place && Date.now() - lastActivity > (auth.lockAfter || 5) * 60000) lock();
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

  const device = document.getElementById("device-station");
  if (device) deviceStation(device);
})();
