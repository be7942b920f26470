// The review page's keys: Up/Down move between the names (the row is outlined on the image
// too), Space changes the selected name (struck <-> kept, or agree -> disagree -> both -> none),
// p/d/g/k toggle the defects as in the typed entry, Enter saves. Without this script the form
// still works with the mouse.
(function () {
  "use strict";
  var form = document.getElementById("decision-form");
  if (!form) return;
  var surplus = form.dataset.surplus === "1";
  var items = Array.prototype.slice.call(form.querySelectorAll("#rows li[data-row]"));
  var polygons = {};
  document.querySelectorAll("#scan-figure polygon[data-row]").forEach(function (p) {
    polygons[p.dataset.row] = p;
  });
  var DEFECT_KEYS = { p: "not_issued", d: "unstamped", g: "write_in", k: "special_mark" };
  var DEFECT_LETTERS = { not_issued: "p", unstamped: "d", write_in: "g", special_mark: "k" };
  var MARK_SUFFIX = { disagree: "", both: "c", none: "t" };
  var MARK_ORDER = ["agree", "disagree", "both", "none"];
  var selected = 0;

  function firstDoubtful() {
    for (var i = 0; i < items.length; i++) {
      if (items[i].classList.contains("doubtful")) return i;
    }
    return 0;
  }

  function select(index) {
    if (!items.length) return;
    selected = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (li, i) {
      var on = i === selected;
      li.classList.toggle("selected", on);
      li.setAttribute("aria-current", on ? "true" : "false");
      var polygon = polygons[li.dataset.row];
      if (polygon) polygon.classList.toggle("selected", on);
    });
    items[selected].scrollIntoView({ block: "nearest" });
  }

  function change(li) {
    if (surplus) {
      var box = li.querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
    } else {
      var radios = Array.prototype.slice.call(li.querySelectorAll("input[type=radio]"));
      var at = radios.findIndex(function (r) { return r.checked; });
      var next = MARK_ORDER[(MARK_ORDER.indexOf(at >= 0 ? radios[at].value : "agree") + 1) % 4];
      radios.forEach(function (r) { r.checked = r.value === next; });
    }
    showLine();
  }

  function showLine() {
    var parts = [];
    items.forEach(function (li) {
      var n = li.dataset.row;
      if (surplus) {
        var box = li.querySelector("input[type=checkbox]");
        if (box && box.checked) parts.push(n);
      } else {
        var checked = li.querySelector("input[type=radio]:checked");
        if (checked && checked.value !== "agree") parts.push(n + MARK_SUFFIX[checked.value]);
      }
    });
    form.querySelectorAll("input[name=defects]:checked").forEach(function (d) {
      parts.push(DEFECT_LETTERS[d.value]);
    });
    var line = document.getElementById("reading-line");
    if (line) line.textContent = parts.length ? parts.join(" ") : "\u2014";
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" &&
        !/^(checkbox|radio)$/.test(target.type)))) return;
    var key = event.key;
    if (key === "ArrowDown" || key === "ArrowUp") {
      select(selected + (key === "ArrowDown" ? 1 : -1));
    } else if (key === " " || key === "Spacebar") {
      if (items.length) change(items[selected]);
    } else if (key === "Enter") {
      if (target && (target.tagName === "A" || target.tagName === "BUTTON")) return;
      if (form.querySelector("button[type=submit]")) form.requestSubmit();
    } else if (Object.prototype.hasOwnProperty.call(DEFECT_KEYS, key.toLowerCase())) {
      var box = form.querySelector("input[name=defects][value=" + DEFECT_KEYS[key.toLowerCase()] + "]");
      if (box) { box.checked = !box.checked; showLine(); }
    } else {
      return;
    }
    event.preventDefault();
  });

  form.addEventListener("change", showLine);
  items.forEach(function (li, i) {
    li.addEventListener("click", function () { select(i); });
  });
  select(firstDoubtful());
  form.focus();
  showLine();
})();
