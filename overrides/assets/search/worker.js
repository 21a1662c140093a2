/* Material's search box, answered by Pagefind's chunked index.
 *
 * Material for MkDocs talks to its search through a Web Worker whose address is in the page's
 * configuration (overrides/main.html points it here). Material's own worker downloads the whole
 * index on every page and indexes it on the reader's device; with a council's 150 schools that is
 * megabytes. Pagefind's index is cut into small files: this worker loads Pagefind's code and the
 * index's table of contents once, then for each query only the chunks holding its words and the
 * text of the pages it shows. Material keeps the search box, the keyboard handling and the result
 * list as they are; this file only speaks Material's four messages:
 *
 *   SETUP (0) from the page -> READY (1) back;  QUERY (2, the typed text) -> RESULT (3, the items).
 *
 * A result item is a page: first the page itself, then its sections that hold the words, each
 * with a title, an excerpt in which Pagefind has escaped the page's text and marked the words, and
 * a score. Pages are weighted as the handbook weighs them (tools_py/site/search_rank.py): each page
 * carries its weight as a Pagefind filter, and a page's score is Pagefind's score times it.
 */
(function () {
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 10;      /* pages whose text is loaded and listed for a query (Material shows 10 at first) */
var SECTIONS = 6;    /* sections listed under one page */
var site = new URL("../../", self.location.href);  /* this file is assets/search/worker.js */
var bundle = new URL("search/pagefind/", site);
var engine = null;
var latest = "";
/* The reader's school (overrides/assets/school.js), whose pages come before other schools' pages:
 * a worker cannot read the page's storage, so the page puts it in this worker's address and
 * tells it of a change on a BroadcastChannel. Nothing leaves the browser. */
var mine = (/[#&]school=([A-Za-z0-9_-]{1,64})/.exec(self.location.hash) || [])[1] || "";
var told = null;
try {
  told = new BroadcastChannel("handbook-school");
  told.onmessage = function (event) { mine = String((event.data || {}).school || ""); };
} catch (error) { told = null; }

function start() {
  if (!engine) {
    engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      return pagefind.options({ basePath: bundle.href, baseUrl: "/", excerptLength: 24 })
        .then(function () { return pagefind.init(); })
        .then(function () { return pagefind.filters(); })
        .then(function (filters) {
          return { pagefind: pagefind, weights: Object.keys((filters || {}).weight || {}),
                   schools: Object.keys((filters || {}).school || {}) };
        });
    });
    engine.catch(function () { engine = null; });  /* a failed download may be retried by the next query */
  }
  return engine;
}

function escape(text) {
  return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* A time typed as 9.30 or 9:30 is searched as the handbook writes times (9:30, 09:30, 9:30am).
 * Pagefind keeps ':' inside words here (--include-characters), and a time asked alone is searched
 * exactly, so "9:40" is never split into 9 and 40, nor read as 94.0. */
var TIME = /^([01]?\d|2[0-3])[.:]([0-5]\d)(am|pm)?$/i;

function timeForms(time) {
  var hour = String(Number(time[1])), minutes = time[2], suffixes = time[3] ? [time[3].toLowerCase()] : ["", "am", "pm"];
  var hours = hour.length === 1 ? [hour, "0" + hour] : [hour];
  var forms = [];
  hours.forEach(function (h) { suffixes.forEach(function (suffix) { forms.push(h + ":" + minutes + suffix); }); });
  return forms;
}

function queries(text) {
  var words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  var alone = words.length === 1 && TIME.exec(words[0]);
  if (alone) return timeForms(alone).map(function (form) { return '"' + form + '"'; });
  return [words.map(function (word) {
    var time = TIME.exec(word);
    return time ? String(Number(time[1])) + ":" + time[2] + (time[3] || "").toLowerCase() : word;
  }).join(" ")];
}

function sitePath(url) {
  return String(url).replace(site.pathname, "").replace(/^\//, "");  /* relative to the site's root */
}

function title(text) {
  return escape(String(text || "").replace(/\s*¶\s*$/, ""));
}

function item(page, score, terms) {
  var docs = [{ location: sitePath(page.data.url), title: title(page.data.meta.title),
                text: page.data.excerpt, score: score, terms: terms }];
  var sections = (page.data.sub_results || []).filter(function (sub) { return sub.anchor; });
  var weight = function (sub) {
    return (sub.weighted_locations || []).reduce(function (sum, spot) { return sum + (spot.balanced_score || 1); }, 0);
  };
  var best = sections.reduce(function (most, sub) { return Math.max(most, weight(sub)); }, 0) || 1;
  sections.sort(function (a, b) { return weight(b) - weight(a); }).slice(0, SECTIONS).forEach(function (sub) {
    /* Sections near the best one show with their excerpt; the rest fold under "more" (Material). */
    docs.push({ location: sitePath(sub.url), title: title(sub.title), text: sub.excerpt,
                score: weight(sub) >= best / 2 ? score : score / 2, terms: terms });
  });
  return docs;
}

/* A time no page states exactly (9:40) is looked for as the times in the same hour (9:10, 9:30 …):
 * the register times nearest to what the reader typed. */
function sameHour(text) {
  var time = TIME.exec(text.trim());
  if (!time) return [];
  var hour = String(Number(time[1]));
  return hour.length === 1 ? [hour + ":", "0" + hour + ":"] : [hour + ":"];
}

function search(text) {
  return ranked(queries(text)).then(function (pages) {
    return pages.length ? pages : ranked(sameHour(text));
  }).then(function (pages) {
    if (text !== latest) return [];  /* the reader typed on: load no page's text for an old query */
    return Promise.all(pages.slice(0, SHOWN).map(function (entry) {
      return entry.hit.data().then(function (data) { return { data: data, score: entry.score }; });
    }));
  }).then(function (pages) {
    var terms = {};
    text.trim().split(/\s+/).forEach(function (word) { if (word) terms[word] = true; });
    return { items: pages.map(function (page) { return item(page, page.score, terms); }) };
  });
}

/* Pagefind's hits for any of the queries, each page once, by score times its page's weight. */
function ranked(asked) {
  if (!asked.length) return Promise.resolve([]);
  return start().then(function (found) {
    var weights = found.weights.length ? found.weights : [null];
    var searches = [];
    asked.forEach(function (query) {
      weights.forEach(function (weight) {
        var options = weight === null ? {} : { filters: { weight: weight } };
        searches.push(found.pagefind.search(query, options).then(function (result) {
          return (result && result.results || []).map(function (hit) {
            return { hit: hit, score: hit.score * (weight === null ? 1 : parseFloat(weight)) };
          });
        }));
      });
    });
    return Promise.all(searches);
  }).then(function (lists) {
    var pages = {};
    lists.forEach(function (list) {
      list.forEach(function (entry) {
        if (!pages[entry.hit.id] || pages[entry.hit.id].score < entry.score) pages[entry.hit.id] = entry;
      });
    });
    return Object.keys(pages).map(function (id) { return pages[id]; })
      .sort(function (a, b) { return b.score - a.score; });
  }).then(function (pages) { return yoursFirst(asked, pages); });
}

/* The places schools' pages hold in the ranking are filled with the reader's school's pages first,
 * then the other schools', each group in its own order; every other page keeps its place. A school
 * no longer in the index (removed from the data) is ignored. */
function yoursFirst(asked, pages) {
  var school = mine;
  return start().then(function (found) {
    if (!school || found.schools.indexOf(school) < 0 || pages.length < 2) return pages;
    var lookups = [];
    asked.forEach(function (query) {
      lookups.push(found.pagefind.search(query, { filters: { school: school } }));
      lookups.push(found.pagefind.search(query, { filters: { school: { any: found.schools } } }));
    });
    return Promise.all(lookups).then(function (results) {
      var yours = {}, anySchool = {};
      results.forEach(function (result, index) {
        (result && result.results || []).forEach(function (hit) { (index % 2 ? anySchool : yours)[hit.id] = true; });
      });
      var places = [], own = [], theirs = [];
      pages.forEach(function (entry, index) {
        if (!yours[entry.hit.id] && !anySchool[entry.hit.id]) return;
        places.push(index);
        (yours[entry.hit.id] ? own : theirs).push(entry);
      });
      var order = own.concat(theirs), out = pages.slice();
      places.forEach(function (place, k) { out[place] = { hit: order[k].hit, score: pages[place].score }; });
      return out;
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
    start();  /* Pagefind's code and the index's table of contents: tens of kilobytes, in this worker */
  } else if (message.type === QUERY) {
    var text = String(message.data || "");
    latest = text;
    search(text).then(function (result) {
      if (text === latest) self.postMessage({ type: RESULT, data: result });
    }, function () {
      if (text === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    });
  }
});
})();
