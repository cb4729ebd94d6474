// The attendance dashboard refreshes itself every 15 seconds, but not while the reader has a
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
})();
