// The attendance dashboard refreshes itself every 15 seconds (and shows arrival alerts the
// moment they happen, below), but not while the reader has a
// list open (who is inside, who has not arrived) or is typing in a field: a reload would
// close the list and throw a screen reader back to the top. Without script, a <noscript>
// refresh does the same every 15 seconds.
"use strict";
(function () {
  const every = 15000;
  let last = Date.now();
  setInterval(function () {
    const focused = document.activeElement;
    const busy = document.querySelector("details[open]") ||
      (focused && focused.matches && focused.matches("input, select, textarea"));
    if (busy) {
      last = Date.now();
      return;
    }
    if (Date.now() - last >= every) location.reload();
  }, 1000);

  // Arrival alerts of the delegates this reader watches, as they happen (Server-Sent Events;
  // the browser reconnects by itself from the last one it got).
  const panel = document.getElementById("alerts-panel");
  if (panel && panel.dataset.stream && window.EventSource) {
    const list = document.getElementById("alerts");
    const source = new EventSource(panel.dataset.stream);
    source.addEventListener("alert", function (event) {
      const alert = JSON.parse(event.data);
      const item = document.createElement("li");
      const text = document.createElement("bdi");
      text.textContent = alert.message;
      item.append(text);
      item.className = "new";
      list.prepend(item);
      const none = document.getElementById("alerts-none");
      if (none) none.remove();
    });
  }
})();
