// Attendance handbook: Material's instant navigation, with or without site_url.
//
// Instant navigation fetches the next page and swaps it in, so a tool page's Python worker
// (widget.js) stays warm from one tool page to the next instead of booting again. Material
// takes over a click only when the link's address is listed in sitemap.xml; MkDocs writes an
// empty sitemap when mkdocs.yml has no site_url, and a listed address must match the host, port
// and path the site is served from, so no single site_url works wherever the site is put.
// This file hands the clicks Material left alone to Material's own navigation (window.location$,
// the stream its instant loading follows): a link to a page of this site, in the same tab, with
// no modifier key. Back and forward are Material's already. A page Material cannot fetch is
// loaded the ordinary way by Material itself.
(function () {
  "use strict";

  function enabled() {
    var config = document.getElementById("__config");
    try {
      return config && JSON.parse(config.textContent).features.indexOf("navigation.instant") >= 0;
    } catch (error) {
      return false;
    }
  }

  if (location.protocol === "file:" || !window.location$ || typeof window.location$.next !== "function" ||
      !window.__md_scope || !enabled()) return;

  var root = String(window.__md_scope);

  // A page of this site: same origin, under the site's root, a directory URL or an .html file.
  function sitePage(link) {
    if (link.target && link.target !== "_self") return null;
    if (link.hasAttribute("download")) return null;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.href.indexOf(root) !== 0) return null;
    if (!/(\/|\.html)$/.test(url.pathname)) return null;
    if (url.pathname === location.pathname) return null;  // a link within this page: the browser's job
    return url;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest("a[href]");
    var url = link && sitePage(link);
    if (!url) return;
    event.preventDefault();
    history.replaceState({ x: window.scrollX, y: window.scrollY }, "");
    history.pushState(null, "", url.href);
    window.location$.next(url);
  });
})();
