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

  // A move within the page that was opened is the browser's until Material has followed an address
  // (the reason is beside the popstate listener in overrides/main.html, which must listen before
  // Material does). A click on such a link, which Material follows itself where the sitemap lists the
  // page, is marked as the browser's (a target) for that click; every other listener sees it as ever.
  window.location$.subscribe(function () { window.__handbookFollowed = true; });
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.target || !link.hash || window.__handbookFollowed) return;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname || url.search !== location.search) return;
    link.target = "_self";  // Material leaves a link with a target to the browser
    setTimeout(function () { link.removeAttribute("target"); }, 0);
  }, true);

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

  // A link to a clause (a citation: documents/dms/#dms-16.3) keeps its #clause in the address. Material's
  // navigation.tracking rewrites the address to the section heading in view, or to no fragment at all,
  // and after an instant navigation it can do so before the page has scrolled to the clause: the
  // address then lost its #clause and a copied link opened the top of the document. So after a click
  // on a link with a fragment, until the reader scrolls, types or clicks again, a rewrite of that
  // page's address keeps the fragment, and the page is scrolled to it; then Material's tracking
  // works as before.
  var moved = true;
  var kept = null;  // {path, hash}: the address just followed, whose #fragment is kept
  ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (name) {
    window.addEventListener(name, function () { moved = true; }, { passive: true, capture: true });
  });

  var replace = history.replaceState;
  history.replaceState = function (state, title, url) {
    if (!moved && kept && url !== undefined && url !== null) {
      var next = new URL(String(url), location.href);
      if (next.pathname === kept.path && next.hash !== kept.hash) {
        next.hash = kept.hash;
        url = next.href;
      }
    }
    return replace.call(this, state, title, url);
  };

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () {
      if (moved || !kept || location.pathname !== kept.path) return;
      var target = document.getElementById(decodeURIComponent(kept.hash.slice(1)));
      if (!target) return;
      var top = target.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight) target.scrollIntoView({ block: "start" });
    });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest("a[href]");
    var url = link && sitePage(link);
    if (!url) return;
    event.preventDefault();
    history.replaceState({ x: window.scrollX, y: window.scrollY }, "");
    moved = false;  // a new address: its #fragment is kept until the reader scrolls
    kept = url.hash ? { path: url.pathname, hash: url.hash } : null;
    history.pushState(null, "", url.href);
    window.location$.next(url);
  });
})();
