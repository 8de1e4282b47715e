// A moved page's inline script: go on at once to the canonical address, keeping the
// #fragment (the meta refresh, for readers without JavaScript, cannot keep it).
(function () {
  "use strict";
  var link = document.querySelector('link[rel="canonical"]');
  if (link) { window.location.replace(link.href + window.location.hash); }
}());
