// The scan stations. Served by Lanyard itself: no CDN.
//
// Staff station (/staff/door, #scan-form): sends each code as it arrives (a keyboard-wedge
// scanner types it and presses Enter), shows the answer full width with a sound and a
// vibration of its own, and is ready for the next code at once.
//
// Device station (/door, #device-station): a paired phone or tablet, in door-device.js (with
// door-rules.js and door-records.js), which uses the answer screen and camera here.
//
// Both read QR codes from a camera: the browser's BarcodeDetector where there is one, jsQR
// (served by Lanyard) otherwise.
"use strict";

// What both stations show and hear.
const DoorStation = (function () {
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

  // The answer, full width: verdict, photo, name, delegation, category, detail, and a door
  // note to acknowledge (`ack` sends the acknowledgement and resolves once it is stored;
  // `texts` names the note's title, button and done line).
  function show(result, d, note, ack, texts) {
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
    if (d.photo_note) result.append(text("p", d.photo_note, "detail"));
    if (note) result.append(text("p", note, "note"));
    if (d.door_note && ack) result.append(doorNote(d.door_note, ack, texts || {}));
    if (result.scrollIntoView) result.scrollIntoView({ block: "nearest" });
    sound(d.outcome);
  }

  function doorNote(note, ack, texts) {
    const box = document.createElement("div");
    box.className = "door-note";
    box.setAttribute("role", "alert");
    box.append(text("p", texts.title || "Note for the door", "note-title"));
    const body = text("p", "", "note-text");
    body.append(text("bdi", note));
    box.append(body);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.id = "note-ack";
    button.textContent = texts.ack || "Acknowledge";
    button.addEventListener("click", async function () {
      button.disabled = true;
      try {
        await ack();
        button.replaceWith(text("p", texts.acked || "Acknowledged", "note-acked"));
      } catch (e) {
        button.disabled = false;
      }
    });
    box.append(button);
    return box;
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
    const ackUrl = form.dataset.ack || "/staff/door/ack";
    const noteTexts = { title: form.dataset.noteTitle, ack: form.dataset.noteAck, acked: form.dataset.noteAcked };

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
      // An answer later than 3 s is no answer at a door with a queue: the scan is treated
      // as unanswered (scan again, same nonce) rather than left hanging.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 3000);
      try {
        const res = await fetch(form.action, {
          method: "POST",
          body: body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!res.ok) throw new Error("HTTP " + res.status);
        const d = await res.json();
        const ack = async function () {
          const b = new URLSearchParams({ csrf_token: body.get("csrf_token"), event: body.get("event") || "", nonce: nonce });
          const r = await fetch(ackUrl, {
            method: "POST", body: b, headers: { Accept: "application/json" }, credentials: "same-origin",
          });
          if (!r.ok) throw new Error("HTTP " + r.status);
        };
        show(result, d, "", ack, noteTexts);
        if (d.count_text) count.textContent = d.count_text;
        unanswered = null;
      } catch (e) {
        unanswered = { code: code, nonce: nonce };
        result.className = "door-result refused";
        result.replaceChildren(text("p", form.dataset.offline || "No connection: scan again.", "verdict"));
        sound("refused");
      } finally {
        clearTimeout(timer);
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

  const staffForm = document.getElementById("scan-form");
  if (staffForm) staffStation(staffForm);

  return { sound: sound, text: text, show: show, newNonce: newNonce, cameraButton: cameraButton };
})();
