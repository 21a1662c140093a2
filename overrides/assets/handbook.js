// Attendance handbook: the code-table filter, the search overlay's name and a keyboard reader's place in
// its results (diagrams are static SVG).
// No policy rule lives here: this file only shows and hides rows the page already has, and moves the focus.
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUpFilter(table) {
    var id = table.id;
    var text = document.querySelector('[data-filter-table="' + id + '"]');
    var category = document.querySelector('[data-filter-category="' + id + '"]');
    var current = document.querySelector('[data-filter-current="' + id + '"]');
    var count = document.querySelector('[data-filter-count="' + id + '"]');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var query = normalise(text && text.value);
      var wanted = category ? category.value : "";
      var onlyCurrent = current ? current.checked : false;
      var shown = 0;
      rows.forEach(function (row) {
        var code = normalise(row.cells[0].textContent);
        var matches = !query || code === query || normalise(row.textContent).indexOf(query) !== -1;
        if (wanted && row.getAttribute("data-category") !== wanted) matches = false;
        if (onlyCurrent && row.getAttribute("data-current") === "no") matches = false;
        row.hidden = !matches;
        if (matches) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " codes shown";
    }
    [text, category, current].forEach(function (control) {
      if (control) control.addEventListener("input", apply);
    });
    apply();
  }

  // The search worker lists a query's pages at once, by title, when their sections' texts are still
  // downloading, and again with those texts (overrides/assets/search/worker.js). Material draws the
  // list afresh each time, which would drop the focus of a reader who has already moved into the
  // results with the arrow keys: the result they were on gets the focus back.
  var place = null;  // the address of the result link that has the focus, if one has

  document.addEventListener("focusin", function (event) {
    var link = event.target.closest ? event.target.closest(".md-search-result__link") : null;
    place = link ? link.getAttribute("href") : null;
  });

  function keepPlace(list) {
    if (!list || list.hasAttribute("data-keeps-place") || !window.MutationObserver) return;
    list.setAttribute("data-keeps-place", "");
    new MutationObserver(function () {
      var active = document.activeElement;
      if (place === null || (active && active !== document.body)) return;
      var links = list.querySelectorAll(".md-search-result__link");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("href") === place) { links[i].focus(); return; }
      }
    }).observe(list, { childList: true });
  }

  function onPage() {
    // Material's search overlay has no accessible name of its own.
    var search = document.querySelector(".md-search");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "Search the handbook");
    keepPlace(document.querySelector(".md-search-result__list"));
    document.querySelectorAll("table[id]").forEach(function (table) {
      if (document.querySelector('[data-filter-table="' + table.id + '"]')) setUpFilter(table);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);  // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
