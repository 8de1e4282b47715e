() => {
  // What the browser tests measure on a page as rendered: sideways scroll, the smallest
  // chart text on screen, and the smallest touch target among navigation and controls.
  const doc = document.documentElement;
  const sideways = doc.scrollWidth - doc.clientWidth;
  let smallest = null;
  for (const svg of document.querySelectorAll("svg.chart")) {
    if (!svg.getClientRects().length) { continue; }
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll("text")) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (smallest === null || size < smallest) { smallest = size; }
    }
  }
  const small = [];
  for (const el of document.querySelectorAll("header.site nav a, .jump a, .sorts a, .filters input, .filters select, .filters button, th button.sort, details.why-linked summary")) {
    if (!el.getClientRects().length) { continue; }
    const r = el.getBoundingClientRect();
    const target = el.type === "checkbox" ? el.parentElement.getBoundingClientRect() : r;
    if (target.height < 43.5) { small.push(el.outerHTML.slice(0, 80) + " " + Math.round(target.height)); }
  }
  const wide = [];
  if (sideways > 0) {
    for (const el of document.querySelectorAll("main *")) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && !el.closest(".table-wrap")) { wide.push(el.tagName + "." + el.className + " " + Math.round(r.right)); if (wide.length > 5) break; }
    }
  }
  return {sideways, smallest, small, wide};
}
