// The badge designer: the layout document in the form's text area, drawn to scale. Elements are
// buttons: drag one (or its corner to resize), or focus it and use the arrow keys (0.5 mm; with
// Shift 5 mm; with Alt to resize). The panel edits the selected element's box; Undo (or Ctrl+Z)
// goes back a step. Every change is written back to the text area the form publishes.
(function () {
  "use strict";
  var root = document.getElementById("designer");
  var area = document.getElementById("document");
  if (!root || !area) return;
  var doc;
  try { doc = JSON.parse(area.value); } catch (e) { return; }
  root.hidden = false;
  var W = parseFloat(root.dataset.width), H = parseFloat(root.dataset.height);
  var canvas = document.getElementById("designer-canvas");
  var status = document.getElementById("designer-status");
  var legend = document.getElementById("designer-selection");
  var undoButton = document.getElementById("designer-undo");
  var side = "front", selected = -1, history = [], scale = 1;

  function elements() { doc[side] = doc[side] || []; return doc[side]; }
  function box(e) {
    return e.type === "qr" ? { x: e.x, y: e.y, w: e.size, h: e.size } : { x: e.x, y: e.y, w: e.width, h: e.height };
  }
  function label(e) {
    if (e.type === "text") return e.field === "text" ? "text: " + (e.text || "") : e.field;
    if (e.type === "stack") return (e.items || []).map(function (i) { return i.field; }).join(" / ");
    if (e.type === "image") return "image: " + e.image;
    return e.type;
  }
  function round(v) { return Math.round(v * 2) / 2; }
  function save() { area.value = JSON.stringify(doc, null, 2); }
  function remember() {
    history.push(JSON.stringify(doc));
    if (history.length > 200) history.shift();
    undoButton.disabled = false;
  }
  function undo() {
    if (!history.length) return;
    doc = JSON.parse(history.pop());
    undoButton.disabled = history.length === 0;
    save(); draw(); say(legend.textContent);
  }
  function say(text) { status.textContent = text; }
  function describe(i) {
    var e = elements()[i], b = box(e);
    return label(e) + ": " + b.x + ", " + b.y + " mm, " + b.w + " × " + b.h + " mm";
  }
  // Kept on the badge: a move stops at the edge (it never shrinks the element), a resize stops
  // there too. Moves come in whole half millimetres, so a value not moved stays as it was.
  function setBox(e, b, resize) {
    var w0 = Math.max(1, Math.min(b.w, W)), h0 = Math.max(1, Math.min(b.h, H));
    e.x = Math.min(Math.max(b.x, 0), resize ? W - 1 : W - w0);
    e.y = Math.min(Math.max(b.y, 0), resize ? H - 1 : H - h0);
    var w = Math.max(1, Math.min(w0, W - e.x)), h = Math.max(1, Math.min(h0, H - e.y));
    if (e.type === "qr") { e.size = Math.min(w, h); } else { e.width = w; e.height = h; }
  }
  function panel() {
    var e = elements()[selected];
    document.querySelectorAll("#designer-panel input").forEach(function (input) {
      input.disabled = !e;
      if (!e) { input.value = ""; return; }
      var b = box(e), prop = input.dataset.prop;
      input.value = prop === "x" ? b.x : prop === "y" ? b.y : prop === "width" ? b.w : b.h;
    });
    legend.textContent = e ? describe(selected) : legend.dataset.none;
  }
  function draw() {
    scale = Math.max(2, Math.min(6, (canvas.parentNode.clientWidth * 0.6) / W));
    canvas.style.width = W * scale + "px";
    canvas.style.height = H * scale + "px";
    canvas.textContent = "";
    elements().forEach(function (e, i) {
      var b = box(e), el = document.createElement("button");
      el.type = "button";
      el.className = "designer-el designer-" + e.type + (i === selected ? " selected" : "");
      el.dataset.index = i;
      el.style.left = b.x * scale + "px";
      el.style.top = b.y * scale + "px";
      el.style.width = b.w * scale + "px";
      el.style.height = b.h * scale + "px";
      el.textContent = label(e);
      el.setAttribute("aria-label", describe(i));
      el.setAttribute("aria-pressed", i === selected ? "true" : "false");
      var handle = document.createElement("span");
      handle.className = "designer-handle";
      handle.setAttribute("aria-hidden", "true");
      el.appendChild(handle);
      canvas.appendChild(el);
    });
    panel();
  }
  function select(i, focus) {
    selected = i;
    draw();
    if (focus) {
      var el = canvas.querySelector('[data-index="' + i + '"]');
      if (el) el.focus();
    }
  }
  legend.dataset.none = legend.textContent;

  var drag = null;
  canvas.addEventListener("pointerdown", function (ev) {
    var el = ev.target.closest(".designer-el");
    if (!el) return;
    var i = parseInt(el.dataset.index, 10);
    if (i !== selected) select(i, true);
    var e = elements()[i];
    drag = { i: i, resize: ev.target.classList.contains("designer-handle"), x0: ev.clientX, y0: ev.clientY,
             start: box(e), before: JSON.stringify(doc), moved: false };
    canvas.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  canvas.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = round((ev.clientX - drag.x0) / scale), dy = round((ev.clientY - drag.y0) / scale), s = drag.start;
    var e = elements()[drag.i];
    if (drag.resize) setBox(e, { x: s.x, y: s.y, w: s.w + dx, h: s.h + dy }, true);
    else setBox(e, { x: s.x + dx, y: s.y + dy, w: s.w, h: s.h }, false);
    drag.moved = true;
    var el = canvas.querySelector('[data-index="' + drag.i + '"]'), b = box(e);
    el.style.left = b.x * scale + "px"; el.style.top = b.y * scale + "px";
    el.style.width = b.w * scale + "px"; el.style.height = b.h * scale + "px";
  });
  function drop() {
    if (!drag) return;
    if (drag.moved) {
      history.push(drag.before);
      undoButton.disabled = false;
      save();
      say(root.dataset.labelMove + " " + describe(drag.i));
    }
    var i = drag.i;
    drag = null;
    select(i, true);
  }
  canvas.addEventListener("pointerup", drop);
  canvas.addEventListener("pointercancel", drop);
  canvas.addEventListener("keydown", function (ev) {
    var el = ev.target.closest(".designer-el");
    if (!el) return;
    var i = parseInt(el.dataset.index, 10);
    var step = ev.shiftKey ? 5 : 0.5, d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[ev.key];
    if (ev.key === "Enter" || ev.key === " ") { select(i, true); say(root.dataset.labelSelected + " " + describe(i)); ev.preventDefault(); return; }
    if (!d) return;
    ev.preventDefault();
    remember();
    var e = elements()[i], b = box(e);
    if (ev.altKey) setBox(e, { x: b.x, y: b.y, w: b.w + d[0], h: b.h + d[1] }, true);
    else setBox(e, { x: b.x + d[0], y: b.y + d[1], w: b.w, h: b.h }, false);
    save();
    select(i, true);
    say(describe(i));
  });
  document.querySelectorAll("#designer-panel input").forEach(function (input) {
    input.addEventListener("change", function () {
      var e = elements()[selected];
      var v = parseFloat(input.value.replace(",", "."));
      if (!e || isNaN(v)) return;
      remember();
      var b = box(e), prop = input.dataset.prop;
      if (prop === "x") b.x = v; else if (prop === "y") b.y = v; else if (prop === "width") b.w = v; else b.h = v;
      setBox(e, b, prop === "width" || prop === "height");
      save(); draw();
    });
  });
  document.querySelectorAll("[data-side]").forEach(function (button) {
    button.addEventListener("click", function () {
      side = button.dataset.side;
      document.querySelectorAll("[data-side]").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      selected = -1;
      draw();
    });
  });
  undoButton.addEventListener("click", undo);
  document.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "z" && ev.target !== area) { ev.preventDefault(); undo(); }
  });
  // Edits typed into the document itself redraw the canvas.
  area.addEventListener("change", function () {
    try { remember(); doc = JSON.parse(area.value); draw(); } catch (e) { history.pop(); }
  });
  window.addEventListener("resize", draw);
  draw();
})();
