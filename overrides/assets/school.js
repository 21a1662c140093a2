// Attendance handbook: the reader's school, chosen once and remembered in this browser only.
//
// The school's id is kept in localStorage (never in a cookie, never sent to any host); the tools start
// from it, the parents' pages lead with it and search ranks its pages first. Storage may be off or
// throw (private browsing, a locked-down device): then nothing is remembered and everything else
// works as before. An id the page does not know (a school since removed from the data) is ignored.
//
// The search worker cannot read localStorage: it is told the school in its address when Material
// starts it (overrides/main.html) and on a BroadcastChannel whenever the reader changes it.
(function () {
  "use strict";

  var KEY = "handbook.school";
  var CHANNEL = "handbook-school";
  var ID = /^[A-Za-z0-9_-]{1,64}$/;

  function remembered() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value && ID.test(value) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function tellSearch(id) {
    try {
      var channel = new BroadcastChannel(CHANNEL);
      channel.postMessage({ school: id || "" });
      channel.close();
    } catch (error) { /* no BroadcastChannel: search learns it on the next page load */ }
  }

  // Returns whether the browser kept it (false when storage is off).
  function remember(id) {
    if (!id || !ID.test(id)) return false;
    try {
      window.localStorage.setItem(KEY, id);
    } catch (error) {
      return false;
    }
    tellSearch(id);
    return true;
  }

  function forget() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) { /* nothing was kept */ }
    tellSearch("");
  }

  window.HandbookSchool = { remembered: remembered, remember: remember, forget: forget };

  // -- the "your school" panels (tools_py/site/parents.py renders them empty; they need JavaScript) --

  function make(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // An index of schools (parents' pages, induction paths): "Your school: <its page>" first, with a way to
  // forget it. The link is the index's own entry for the school, so it leads to the page of that index.
  function indexPanel(panel) {
    var body = panel.querySelector(".school-memory__body");
    var said = panel.querySelector(".school-memory__said");
    var id = remembered();
    var link = id ? document.querySelector('.parents-school[data-school="' + id + '"] a') : null;
    body.textContent = "";
    document.querySelectorAll(".parents-school--yours").forEach(function (item) {
      item.classList.remove("parents-school--yours");
    });
    if (!link) {
      panel.hidden = !said.textContent;
      return;
    }
    link.closest(".parents-school").classList.add("parents-school--yours");
    var name = link.querySelector(".parents-school__name").textContent;
    var line = make("p", { "class": "school-memory__line" }, "Your school: ");
    line.appendChild(make("a", { "class": "school-memory__link", href: link.getAttribute("href") }, name));
    body.appendChild(line);
    body.appendChild(forgetButton(panel, function () { indexPanel(panel); }));
    panel.hidden = false;
  }

  // A parents' page: "Make this my school", or, once it is, a way to forget it.
  function pagePanel(panel) {
    var body = panel.querySelector(".school-memory__body");
    var id = panel.getAttribute("data-school");
    var name = panel.getAttribute("data-school-name");
    body.textContent = "";
    if (remembered() === id) {
      body.appendChild(make("p", { "class": "school-memory__line" },
        name + " is your school in this browser: the handbook's tools start from it and search shows its pages first."));
      body.appendChild(forgetButton(panel, function () { pagePanel(panel); }));
    } else {
      var button = make("button", { type: "button", "class": "school-memory__button school-memory__remember" }, "Make this my school");
      button.addEventListener("click", function () {
        var kept = remember(id);
        say(panel, kept ? name + " is remembered as your school, in this browser only."
                        : "This browser does not let the handbook remember anything (storage is off).");
        pagePanel(panel);
        var again = panel.querySelector("button");
        if (again) again.focus();
      });
      body.appendChild(make("p", { "class": "school-memory__line" },
        "Is this your school? The handbook can remember it in this browser (it is never sent anywhere), so that " +
        "the tools start from it and search shows its pages first."));
      body.appendChild(button);
    }
    panel.hidden = false;
  }

  function say(panel, words) {
    var said = panel.querySelector(".school-memory__said");
    if (said) said.textContent = words;
  }

  function forgetButton(panel, redraw) {
    var button = make("button", { type: "button", "class": "school-memory__button school-memory__forget" }, "Forget my school");
    button.addEventListener("click", function () {
      forget();
      say(panel, "Your school is forgotten: this browser no longer remembers it.");
      redraw();
      var next = panel.querySelector("button") || panel.querySelector(".school-memory__said");
      if (next) {
        if (!next.matches("button")) next.setAttribute("tabindex", "-1");
        next.focus();
      }
    });
    return button;
  }

  function onPage() {
    document.querySelectorAll(".school-memory").forEach(function (panel) {
      if (panel.getAttribute("data-school")) pagePanel(panel);
      else indexPanel(panel);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
