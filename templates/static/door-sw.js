// The scan station's service worker: keeps the station page and its scripts so a device can
// open /door without a network. Network first (the page follows the latest language and
// release), the copy when the network fails or hangs. The API is never cached: scans and
// synced records go through the page's own queue and IndexedDB.
"use strict";
const CACHE = "lanyard-door-v2";
const SHELL = [
  "/door", "/static/door.js", "/static/door-rules.js", "/static/door-records.js", "/static/door-device.js",
  "/static/jsqr.js", "/static/lanyard.css", "/static/fonts.css",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  // A script's font, fetched once a name in it was shown: kept, so offline names still read.
  if (url.pathname.startsWith("/static/fonts/")) {
    event.respondWith(caches.open(CACHE).then((c) => c.match(url.pathname).then((hit) => hit ||
      fetch(event.request).then((res) => { if (res.ok) c.put(url.pathname, res.clone()); return res; }))));
    return;
  }
  if (!SHELL.includes(url.pathname)) {
    return;
  }
  event.respondWith(
    Promise.race([fetch(event.request), timeout(3000)])
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(url.pathname, copy));
        }
        return res;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())),
  );
});
