(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("authorities");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("count");
  var byId = function (id) { return document.getElementById(id); };
  var field = function (id) { var el = byId(id); return el ? el.value : ""; };
  var norm = function (text) { return text.toLowerCase().replace(/&/g, "and").replace(/\s+/g, " ").trim(); };
  rows.forEach(function (row) { row.setAttribute("data-match", norm(row.getAttribute("data-name"))); });
  var former = byId("f-former");
  var fields = {name: byId("f-name"), region: byId("f-region"), grade: byId("f-grade"),
                from: byId("f-from"), to: byId("f-to"), former: former};

  function apply() {
    var name = norm(field("f-name")), region = field("f-region"), grade = field("f-grade");
    var from = field("f-from"), to = field("f-to"), withFormer = former.checked;
    var shown = 0;
    rows.forEach(function (row) {
      var year = row.getAttribute("data-year");
      var ok = (!name || row.getAttribute("data-match").indexOf(name) !== -1) &&
        (!region || row.getAttribute("data-region") === region) &&
        (!grade || (" " + row.getAttribute("data-grade") + " ").indexOf(" " + grade + " ") !== -1) &&
        (!from || (year !== "" && year >= from)) &&
        (!to || (year !== "" && year <= to)) &&
        (withFormer || row.getAttribute("data-current") === "1");
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length ? rows.length + " authorities" :
      "Showing " + shown + " of " + rows.length + " authorities";
  }

  var run = filterState(form, fields, apply);

  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, index) {
    if (!th.hasAttribute("data-key")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) { return row.cells[index].getAttribute("data-sort") || ""; };
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = x < y ? -1 : (x > y ? 1 : 0);
        return ascending ? c : -c;
      });
      var body = table.tBodies[0];
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  run();
}());
