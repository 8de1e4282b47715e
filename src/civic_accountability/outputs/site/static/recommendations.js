(function () {
  "use strict";
  var form = document.getElementById("rec-filters");
  var list = document.getElementById("recs");
  if (!form || !list) { return; }
  var items = Array.prototype.slice.call(list.children);
  var count = document.getElementById("rec-count");
  var names = ["q", "year", "framework", "region", "grade"];
  var norm = function (text) { return text.toLowerCase().replace(/&/g, "and").replace(/\s+/g, " ").trim(); };
  // Words match the recommendation and its council, not the report's title: SIF titles all
  // say "care leavers", which would make every SIF item match those words.
  var searchable = function (li) {
    var text = li.querySelector(".rec-text"), council = li.querySelector(".rec-meta a");
    return (text ? text.textContent : "") + " " + (council ? council.textContent : "");
  };
  var texts = items.map(function (li) { return norm(searchable(li)); });  // kept in JS: no DOM writes
  var el = function (name) { return form.elements[name]; };
  var value = function (name) { var e = el(name); return e ? e.value : ""; };

  function apply() {
    var words = norm(value("q")).split(" ").filter(Boolean);
    var year = value("year"), framework = value("framework"), region = value("region"), grade = value("grade");
    var shown = 0;
    items.forEach(function (li, i) {
      var text = texts[i];
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (!year || li.getAttribute("data-year") === year) &&
        (!framework || li.getAttribute("data-framework") === framework) &&
        (!region || li.getAttribute("data-region") === region) &&
        (!grade || li.getAttribute("data-grade") === grade);
      if (li.hidden === ok) { li.hidden = !ok; }  // touch only what changes: less to restyle
      if (ok) { shown += 1; }
    });
    count.textContent = shown === items.length ? items.length + " recommendations" :
      "Showing " + shown + " of " + items.length + " recommendations";
  }

  var fields = {};
  names.forEach(function (name) { fields[name] = el(name); });
  filterState(form, fields, apply)();
}());
