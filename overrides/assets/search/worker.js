/* Material's search box, answered by Pagefind's chunked index.
 *
 * Material for MkDocs talks to its search through a Web Worker whose address is in the page's
 * configuration (overrides/main.html points it here). Material's own worker downloads the whole
 * index on every page and indexes it on the reader's device; with a council's 150 schools that is
 * megabytes. Pagefind's index is cut into small files: this worker loads Pagefind's code, the
 * index's table of contents and the build's list of which records make each page (records.json)
 * once, then for each query only the chunks holding its words and the text of the sections it shows.
 * Material keeps the search box, the keyboard handling and the result list as they are; this file
 * only speaks Material's four messages:
 *
 *   SETUP (0) from the page -> READY (1) back;  QUERY (2, the typed text) -> RESULT (3, the items).
 *
 * A record of the index is one section of a page (tools_py/site/search_index.py), so a result loads
 * a section's text, not a whole policy's. A result item is a page: first the page itself, then its
 * sections that hold the words, each with a title, an excerpt in which Pagefind has escaped the
 * text and marked the words, and a score. A section's score is Pagefind's times its page's weight
 * (tools_py/site/search_rank.py), and a page ranks by its best section. A page whose sections'
 * texts are still downloading is listed by its title meanwhile (see shown).
 */
(function () {
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 10;      /* pages listed for a query (Material shows 10 at first), and sections whose text is loaded */
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
    var table = fetch(new URL("records.json", bundle).href).then(function (response) {
      if (!response.ok) throw new Error("search/pagefind/records.json: " + response.status);
      return response.json();
    });
    engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      return pagefind.options({ basePath: bundle.href, baseUrl: "/", excerptLength: 24 })
        .then(function () { return pagefind.init(); })
        .then(function () { return table; })
        .then(function (pages) { return { pagefind: pagefind, pageOf: pagesOfRecords(pages), pages: pages }; });
    });
    engine.catch(function () { engine = null; });  /* a failed download may be retried by the next query */
  }
  return engine;
}

/* Each record's page (its place in records.json, whose entries are [weight, school, record ids,
 * title, address]: tools_py/site/search_index.py), so that one search per query is weighed and
 * gathered by page here. */
function pagesOfRecords(pages) {
  var of = {};
  pages.forEach(function (page, index) {
    String(page[2] || "").split(" ").forEach(function (id) { if (id) of["en_" + id] = index; });
  });
  return of;
}

function escape(text) {
  return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* A time typed as 9.30 or 9:30 is searched as the handbook writes times (9:30, 09:30, 9:30am).
 * Pagefind keeps ':' inside words here (--include-characters), and a time asked alone is searched
 * exactly, so "9:40" is never split into 9 and 40, nor read as 94.0. Each exact search is quick;
 * what costs is the index chunks of that hour's words, which are fetched while the time is typed
 * (see ask). */
var TIME = /^([01]?\d|2[0-3])[.:]([0-5]\d)(am|pm)?$/i;

function timeForms(time) {
  var hour = String(Number(time[1])), minutes = time[2], suffixes = time[3] ? [time[3].toLowerCase()] : ["", "am", "pm"];
  var hours = hour.length === 1 ? [hour, "0" + hour] : [hour];
  var forms = [];
  hours.forEach(function (h) { suffixes.forEach(function (suffix) { forms.push(h + ":" + minutes + suffix); }); });
  return forms;
}

/* An hour followed by its separator (9. or 9:) is a time being typed: it is searched as the times of
 * that hour, not as every word that starts with a 9, and only after a pause (see ask); so is an hour
 * with the first digit of its minutes (9.3), which may also be a clause's number. */
var HOUR = /^([01]?\d|2[0-3])[.:]$/, TYPING_TIME = /^([01]?\d|2[0-3])[.:]\d?$/;

/* Pagefind finds only the records that hold every word asked. A record is a section, which may
 * well name "code I" and "illness" without a "for": such small words are left out of a query that
 * has other words (as a search engine leaves them out), so they never hide the section. */
var SMALL = { a: 1, an: 1, and: 1, "for": 1, "in": 1, of: 1, on: 1, or: 1, the: 1, to: 1, "with": 1, is: 1, at: 1, by: 1 };

function queries(text) {
  var all = text.trim().split(/\s+/).filter(Boolean);
  var words = all.filter(function (word) { return !SMALL[word.toLowerCase()]; });
  if (!words.length) words = all;
  if (!words.length) return [];
  var alone = words.length === 1 && TIME.exec(words[0]);
  if (alone) return timeForms(alone).map(function (form) { return '"' + form + '"'; });
  if (all.length === 1 && HOUR.test(all[0])) return sameHour(all[0]);
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

/* Material's items, one per page: first the page (its title, and the excerpt of its best section,
 * which Material shows when no section is listed under it), then its sections whose text was loaded,
 * each by its heading and its own excerpt, linking to the heading. Sections near the best one show
 * their excerpt; the rest fold under "more". A page none of whose sections' texts has arrived yet is
 * its title alone, linking to the page (records.json holds both). */
function item(page, terms) {
  var loaded = page.records.filter(function (record) { return record.data; });
  if (!loaded.length || loaded[0] !== page.records[0]) {
    if (!page.about) return [];
    return [{ location: sitePath(page.about[4]), title: title(page.about[3]), text: "", score: page.score, terms: terms }];
  }
  var best = loaded[0], address = sitePath(best.data.meta.url || best.data.url), location = address.split("#")[0];
  var docs = [{ location: location, title: title(best.data.meta.page || best.data.meta.title),
                text: best.data.excerpt, score: page.score, terms: terms }];
  loaded.forEach(function (record) {
    var at = sitePath(record.data.meta.url || record.data.url);
    if (at === location || docs.length > SECTIONS) return;  /* the page's opening is the page's own entry */
    docs.push({ location: at, title: title(record.data.meta.title), text: record.data.excerpt,
                score: record.score >= best.score / 2 ? page.score : page.score / 2, terms: terms });
  });
  return docs;
}

/* A time no page states exactly (9:40) is looked for as the times in the same hour (9:10, 9:30 …):
 * the register times nearest to what the reader typed. */
function sameHour(text) {
  var time = TIME.exec(text.trim()) || TYPING_TIME.exec(text.trim());  /* or one being typed */
  if (!time) return [];
  var hour = String(Number(time[1]));
  return hour.length === 1 ? [hour + ":", "0" + hour + ":"] : [hour + ":"];
}

/* The pages for a text, best first (at most SHOWN): Pagefind's search, the part that uses the CPU. */
function rank(text) {
  return ranked(queries(text)).then(function (pages) {
    return pages.length ? pages : ranked(sameHour(text));
  }).then(function (pages) { return pages.slice(0, SHOWN); });
}

/* Material's result for ranked pages, posted as their texts come. Loading the sections' texts waits
 * on the network (a slow phone's round trip), so when some are not here yet the pages are posted at
 * once, each by its title (or with its text, if that came with an earlier search), and again as the
 * texts arrive: first when the best-ranked FLIGHT of them have come (see load), then when all have. A
 * text that fails to arrive leaves its page listed by its title. Nothing is posted for a text the
 * reader has typed past, and its texts not yet asked for are never asked for. */
var fetched = {};  /* Pagefind's ids of the sections whose text Pagefind has downloaded (and keeps) */

function shown(text, pages, post) {
  if (text !== latest) return Promise.resolve();
  var wanted = chosen(pages);
  var here = wanted.filter(function (record) { return fetched[record.hit.id]; });
  var missing = wanted.filter(function (record) { return !fetched[record.hit.id]; });
  var coming = missing.map(function (record) { return load(record, text); });  /* best first */
  var again = function () { post(result(text, pages)); };
  return Promise.all(here.map(function (record) { return load(record, text); })).then(function () {
    again();
    if (!missing.length) return null;
    return Promise.all(coming.slice(0, FLIGHT)).then(function () {
      again();
      if (coming.length > FLIGHT) return Promise.all(coming).then(again);
    });
  });
}

/* A section's text and its excerpt for this search (Pagefind marks the words of the query searched).
 * A text not downloaded yet waits its turn: at most FLIGHT are asked for at once, as many as a browser
 * asks one server for over HTTP/1.1, so that the ones waiting stay here, not in the browser's queue,
 * and those of a text the reader has typed past are dropped before they are asked for. Without that,
 * a fast device on a slow line, which searches every text typed before the next key, would ask for ten
 * texts a key and the last query's texts would wait behind them all. */
var FLIGHT = 6;
var flying = 0, queued = [];

function load(record, text) {
  if (fetched[record.hit.id]) return take(record);
  return new Promise(function (done) {
    queued.push({ record: record, text: text, done: done });
    pump();
  });
}

function take(record) {
  return record.hit.data().then(function (data) { record.data = data; fetched[record.hit.id] = true; },
                                function () { /* not here: its page stays listed by its title */ });
}

function pump() {
  queued = queued.filter(function (job) {
    if (job.text === latest) return true;
    job.done();
    return false;
  });
  while (flying < FLIGHT && queued.length) fly(queued.shift());
}

function fly(job) {
  flying++;
  take(job.record).then(function () {
    flying--;
    job.done();
    pump();
  });
}

function result(text, pages) {
  var terms = {};
  text.trim().split(/\s+/).forEach(function (word) { if (word) terms[word] = true; });
  return { items: pages.map(function (page) { return item(page, terms); }).filter(function (docs) { return docs.length; }) };
}

/* The sections whose text is loaded: each page's best, then, while fewer than SHOWN, each page's
 * next best, so that a query loads at most SHOWN small files however the hits fall. */
function chosen(pages) {
  var picked = [];
  for (var rank = 0; picked.length < SHOWN; rank++) {
    var more = false;
    for (var p = 0; p < pages.length && picked.length < SHOWN; p++) {
      if (pages[p].records[rank]) { picked.push(pages[p].records[rank]); more = true; }
    }
    if (!more) break;
  }
  return picked;
}

/* Pagefind's hits for any of the queries (one search each), each section once, scored as Pagefind
 * scores it times its page's weight, gathered by page: a page ranks by its best section. */
function ranked(asked) {
  if (!asked.length) return Promise.resolve([]);
  return start().then(function (found) {
    return Promise.all(asked.map(function (query) { return found.pagefind.search(query); }))
      .then(function (lists) {
        var records = {};
        lists.forEach(function (result) {
          (result && result.results || []).forEach(function (hit) {
            var page = found.pageOf[hit.id], weight = page === undefined ? 1 : Number(found.pages[page][0]) || 1;
            var score = hit.score * weight;
            if (!records[hit.id] || records[hit.id].score < score) records[hit.id] = { hit: hit, score: score, page: page };
          });
        });
        /* Pages in the order their first hit came (an exact search scores every hit alike, so a
         * tie keeps Pagefind's order and the order of the forms asked), then by best score. */
        var pages = {}, order = [];
        Object.keys(records).forEach(function (id) {
          var record = records[id], key = "p" + (record.page === undefined ? id : record.page);
          if (!pages[key]) {
            var about = record.page === undefined ? null : found.pages[record.page];
            pages[key] = { records: [], score: 0, school: about && about[1], about: about };
            order.push(pages[key]);
          }
          pages[key].records.push(record);
          pages[key].score = Math.max(pages[key].score, record.score);
        });
        order.forEach(function (page) { page.records.sort(function (a, b) { return b.score - a.score; }); });
        return yoursFirst(order.sort(function (a, b) { return b.score - a.score; }));
      });
  });
}

/* The places schools' pages hold in the ranking are filled with the reader's school's pages first,
 * then the other schools', each group in its own order; every other page keeps its place. A school
 * no longer in the index (removed from the data) has no pages, so nothing moves. */
function yoursFirst(pages) {
  var school = mine;
  if (!school || pages.length < 2) return pages;
  var places = [], own = [], theirs = [];
  pages.forEach(function (page, index) {
    if (!page.school) return;
    places.push(index);
    (page.school === school ? own : theirs).push(page);
  });
  var order = own.concat(theirs), out = pages.slice();
  places.forEach(function (place, k) { out[place] = order[k]; });
  return out;
}

/* One search at a time, and only the newest text: Material sends the box's text at every key, and a
 * slow phone's search for "p" or "pe" (a prefix held by thousands of sections) can outlast the next
 * key. While a search runs, the words' index chunks for the newest text are fetched (Pagefind's
 * preload), and when it ends only the newest text is searched; the texts typed past are skipped.
 * Only the search itself waits its turn: the sections' texts of an older text already asked for
 * download while the next is searched, and are never waited for once the reader has typed on.
 * A single letter, or a time being typed (9: or 9:3), is searched only once the reader has paused on
 * it (a code such as "I"; the times of an hour): each is the start of most of what a reader types,
 * and held by so many sections that its search outlasts the next key. */
var PAUSE = 300;     /* ms without a key before such a text is searched */
var running = false, waiting = null, pause = null;

function ask(text) {
  latest = text;
  clearTimeout(pause);
  start().then(function (found) {
    if (text !== latest) return;
    queries(text).concat(sameHour(text)).forEach(function (words) { found.pagefind.preload(words); });
  }).catch(function () {});
  if (text.trim().length === 1 || TYPING_TIME.test(text.trim())) {
    pause = setTimeout(function () { if (text === latest) run(text); }, PAUSE);
  } else {
    run(text);
  }
}

function run(text) {
  if (running) { waiting = text; return; }
  running = true;
  var done = function () {
    running = false;
    var next = waiting;
    waiting = null;
    if (next !== null && next === latest) run(next);
  };
  var post = function (result) { if (result && text === latest) self.postMessage({ type: RESULT, data: result }); };
  var none = function () { post({ items: [] }); };
  /* Only the search waits its turn: the next text is searched while this one's sections download. */
  rank(text).then(function (pages) {
    done();
    shown(text, pages, post).catch(none);
  }, function () {
    done();
    none();
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
    start();  /* Pagefind's code, the index's table of contents and the pages' records, in this worker */
  } else if (message.type === QUERY) {
    ask(String(message.data || ""));
  }
});
})();
