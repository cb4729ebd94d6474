// The scan station: sends each code as it arrives (a keyboard-wedge scanner types it and
// presses Enter), shows the answer full width with a sound and a vibration of its own, and
// is ready for the next code at once. Served by Lanyard itself: no CDN.
"use strict";
(function () {
  const form = document.getElementById("scan-form");
  if (!form) return;
  const input = document.getElementById("code");
  const result = document.getElementById("result");
  const count = document.getElementById("count");
  let audio = null;
  // A scan whose answer was lost: scanned again, it is sent with the same nonce, so a first
  // admission that did reach the server is not shown as "already admitted".
  let unanswered = null;

  // Three tones that cannot be confused: high and short, two middle, one long and low.
  function sound(outcome) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const plan = { admitted: [[880, 0, 0.12]], already_admitted: [[520, 0, 0.12], [520, 0.2, 0.12]], refused: [[200, 0, 0.6]] }[outcome] || [];
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
      navigator.vibrate({ admitted: [80], already_admitted: [80, 80, 80], refused: [400] }[outcome] || []);
    }
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function show(d) {
    const classes = { admitted: "admitted", already_admitted: "already", refused: "refused" };
    result.className = "door-result " + (classes[d.outcome] || "refused");
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
      result.append(text("p", r.name, "who"));
      const line = [r.organization, r.country_name, r.category].filter(Boolean).join(" · ");
      if (line) result.append(text("p", line));
    }
    if (d.detail) result.append(text("p", d.detail, "detail"));
    if (d.count_text) count.textContent = d.count_text;
    sound(d.outcome);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const code = input.value.trim();
    input.value = "";
    input.focus();
    if (!code) return;
    const body = new URLSearchParams(new FormData(form));
    body.set("code", code);
    const nonce = unanswered && unanswered.code === code
      ? unanswered.nonce
      : (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    body.set("nonce", nonce);
    try {
      const res = await fetch(form.action, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!res.ok) throw new Error("HTTP " + res.status);
      show(await res.json());
      unanswered = null;
    } catch (e) {
      unanswered = { code: code, nonce: nonce };
      result.className = "door-result refused";
      result.replaceChildren(text("p", form.dataset.offline || "No connection: scan again.", "verdict"));
      sound("refused");
    }
  });
  input.focus();
})();
