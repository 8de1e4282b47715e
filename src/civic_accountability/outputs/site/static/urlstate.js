// A page's filters live in its query string (?grade=inadequate&former=no), so a link or a
// reload shows the same rows. The site builder inlines this before each filter page's
// own script. `fields` maps a query key to its form control (absent controls are skipped;
// a checkbox is written only when it differs from its default: key=no or key=yes);
// `apply` shows the matching rows. Returns the function to run once the page is ready.
function filterState(form, fields, apply) {
  "use strict";
  var keys = Object.keys(fields).filter(function (key) { return fields[key]; });

  function restore() {
    var params = new URLSearchParams(window.location.search);
    keys.forEach(function (key) {
      var el = fields[key], v = params.get(key);
      if (v === null) { return; }
      if (el.type === "checkbox") {
        if (v === "no" || v === "yes") { el.checked = v === "yes"; }
        return;
      }
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) { return; }
      el.value = v;
    });
  }

  function save() {
    var params = new URLSearchParams();
    keys.forEach(function (key) {
      var el = fields[key];
      if (el.type === "checkbox") {
        if (el.checked !== el.defaultChecked) { params.set(key, el.checked ? "yes" : "no"); }
      } else if (el.value) {
        params.set(key, el.value);
      }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { window.history.replaceState(null, "", url); } catch (e) { /* some browsers refuse it on file: pages */ }
  }

  function run() { apply(); save(); }

  form.hidden = false;
  restore();
  form.addEventListener("input", run);
  form.addEventListener("change", run);
  form.addEventListener("reset", function () { window.setTimeout(run, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  return run;
}
