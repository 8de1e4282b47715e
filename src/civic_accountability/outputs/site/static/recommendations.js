(function () {
  "use strict";
  var form = document.getElementById("rec-filters");
  var list = document.getElementById("recs");
  if (!form || !list) { return; }
  // One group per report: the year, framework, region and grade are the report's (on its
  // <section>); the words are matched per recommendation.
  var groups = Array.prototype.slice.call(list.children);
  var count = document.getElementById("rec-count");
  var names = ["q", "year", "framework", "region", "grade"];
  var norm = function (text) { return text.toLowerCase().replace(/&/g, "and").replace(/\s+/g, " ").trim(); };
  // Words match the recommendation and its council (the group heading: "Swindon, 17 July
  // 2023"), not the report's title: SIF titles all say "care leavers", which would make
  // every SIF item match those words.
  var total = 0;
  var reports = groups.map(function (group) {
    var heading = group.querySelector("h2");
    var council = heading ? heading.textContent : "";
    var items = Array.prototype.slice.call(group.querySelectorAll(".rec-list > li"));
    total += items.length;
    return {
      group: group, items: items,
      texts: items.map(function (li) {  // kept in JS: no DOM writes
        var text = li.querySelector(".rec-text");
        return norm((text ? text.textContent : "") + " " + council);
      })
    };
  });
  var el = function (name) { return form.elements[name]; };
  var value = function (name) { var e = el(name); return e ? e.value : ""; };

  function apply() {
    var words = norm(value("q")).split(" ").filter(Boolean);
    var year = value("year"), framework = value("framework"), region = value("region"), grade = value("grade");
    var shown = 0;
    reports.forEach(function (report) {
      var group = report.group, here = 0;
      var ok = (!year || group.getAttribute("data-year") === year) &&
        (!framework || group.getAttribute("data-framework") === framework) &&
        (!region || group.getAttribute("data-region") === region) &&
        (!grade || group.getAttribute("data-grade") === grade);
      if (ok) {  // a hidden group's items are left as they were: they are set again when it shows
        report.items.forEach(function (li, i) {
          var text = report.texts[i];
          var match = words.every(function (w) { return text.indexOf(w) !== -1; });
          if (li.hidden === match) { li.hidden = !match; }  // touch only what changes: less to restyle
          if (match) { here += 1; }
        });
      }
      if (group.hidden === (here > 0)) { group.hidden = here === 0; }  // never a heading without an item
      shown += here;
    });
    count.textContent = shown === total ? total + " recommendations" :
      "Showing " + shown + " of " + total + " recommendations";
  }

  var fields = {};
  names.forEach(function (name) { fields[name] = el(name); });
  filterState(form, fields, apply)();
}());
