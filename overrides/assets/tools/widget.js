// Attendance handbook: the decision tools in the page. One generic controller for every tool.
//
// The questions, which one comes next, whether an answer is valid and the outcome itself all come
// from Python (tools_py.api.handle, run by Pyodide in assets/tools/worker.mjs). This file only reads
// the form, sends {op: "form", tool, school, date, answers, audience} and draws the reply: questions
// by their type (choice, yesno, number, time, counts) and the outcome with its notes and citations.
// No policy rule lives here.
//
// A page without a .tool-widget does nothing here, so it loads no Pyodide byte. The worker is made
// once per visit and kept on window, so it stays warm across Material's instant navigation.
(function () {
  "use strict";

  var BOOT_TIMEOUT_MS = 90000;
  var STEPS = 3;

  // -- the shared Python runtime ---------------------------------------------------------------

  function runtime() {
    if (!window.__handbookTools) {
      window.__handbookTools = {
        worker: null, state: "idle", error: null, step: 0, message: "", seq: 0,
        pending: {}, queue: [], listeners: [], timer: null, loaded: 0, total: 0, began: null,
      };
    }
    return window.__handbookTools;
  }

  function notify(rt) {
    rt.listeners = rt.listeners.filter(function (listener) { return listener(rt) !== false; });
  }

  function fail(rt, reason) {
    if (rt.state === "failed") return;
    rt.state = "failed";
    rt.error = reason;
    clearTimeout(rt.timer);
    if (rt.worker) rt.worker.terminate();
    rt.worker = null;
    Object.keys(rt.pending).forEach(function (id) { rt.pending[id].reject(new Error(reason)); });
    rt.pending = {};
    rt.queue = [];
    notify(rt);
  }

  function absolute(element, attribute) {
    return new URL(element.getAttribute(attribute), document.baseURI).href;
  }

  function startRuntime(widget) {
    var rt = runtime();
    if (rt.state !== "idle") return rt;
    if (typeof WebAssembly !== "object" || typeof Worker === "undefined") {
      fail(rt, "this browser cannot run WebAssembly in a worker, which the tool needs");
      return rt;
    }
    rt.state = "loading";
    rt.step = 0;
    rt.message = "Starting";
    rt.began = Date.now();
    // overrides/main.html may have started the worker already, from the page's <head>.
    var early = window.__handbookEarlyWorker;
    window.__handbookEarlyWorker = null;
    try {
      rt.worker = early ? early.worker : new Worker(absolute(widget, "data-worker"), { type: "module" });
    } catch (error) {
      fail(rt, "the tool's worker could not start (" + (error && error.message || error) + ")");
      return rt;
    }
    function stopped(event) {
      if (event.preventDefault) event.preventDefault();
      fail(rt, "the tool's worker stopped (" + (event.message || "it could not be loaded") + ")");
    }
    rt.worker.addEventListener("message", function (event) { receive(rt, event.data || {}); });
    rt.worker.addEventListener("error", stopped);
    if (early) {
      var missed = early.events;
      early.events = null;
      missed.forEach(function (event) {
        if (event.type === "error") stopped(event);
        else receive(rt, event.data || {});
      });
    }
    rt.timer = setTimeout(function () {
      if (rt.state === "loading") fail(rt, "loading took too long");
    }, BOOT_TIMEOUT_MS);
    notify(rt);
    return rt;
  }

  function receive(rt, message) {
    if (message.type === "progress") {
      rt.step = message.step;
      rt.message = message.message;
      if (message.total) {
        rt.loaded = message.loaded;
        rt.total = message.total;
      }
      notify(rt);
    } else if (message.type === "ready") {
      clearTimeout(rt.timer);
      rt.state = "ready";
      rt.step = STEPS;
      rt.python = message.python;
      rt.timings = message.ms;
      rt.snapshot = message.snapshot;  // for the tests and the benchmark: did Python start from a snapshot?
      rt.queue.splice(0).forEach(function (outgoing) { rt.worker.postMessage(outgoing); });
      notify(rt);
    } else if (message.type === "error") {
      fail(rt, (message.stage || "Python") + " could not be loaded (" + message.message + ")");
    } else if (message.type === "reply") {
      var waiting = rt.pending[message.id];
      delete rt.pending[message.id];
      if (!waiting) return;
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.reply);
    }
  }

  function ask(request) {
    var rt = runtime();
    if (rt.state === "failed") return Promise.reject(new Error(rt.error));
    return new Promise(function (resolve, reject) {
      var id = ++rt.seq;
      rt.pending[id] = { resolve: resolve, reject: reject };
      var outgoing = { type: "request", id: id, request: request };
      if (rt.state === "ready") rt.worker.postMessage(outgoing);
      else rt.queue.push(outgoing);
    });
  }

  // The same warm runtime for other scripts (the induction path checks answers through it):
  // HandbookTools.start(element) boots Python using the element's data-worker address;
  // HandbookTools.ask(request) sends one tools_py.api.handle request and resolves with its reply.
  window.HandbookTools = { ask: ask, start: startRuntime, runtime: runtime };

  // -- small DOM helpers -----------------------------------------------------------------------

  function make(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Policy text may carry **bold**, *italic* and [text](https://…) links: drawn as elements, never as HTML.
  function rich(text) {
    var fragment = document.createDocumentFragment();
    var pattern = /\[([^\]]+)\]\(((?:https?:\/\/|mailto:)[^)\s]+)\)|\*\*(.+?)\*\*/g;
    var last = 0;
    var match;
    text = String(text);
    while ((match = pattern.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1]) fragment.appendChild(make("a", { href: match[2], text: match[1] }));
      else fragment.appendChild(make("strong", { text: match[3] }));
      last = pattern.lastIndex;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function plain(text) {
    return String(text).replace(/\[([^\]]+)\]\([^)\s]+\)/g, "$1").replace(/\*\*(.+?)\*\*/g, "$1")
      .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?![\w*])/g, "$1$2");
  }

  function localToday() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // -- answers <-> URL fragment: #tool?school=dms&date=2026-11-23&situation=arrived_late -----------

  function encodePart(value) {
    return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%2C/gi, ",");
  }

  function fragmentValue(value) {
    if (value && typeof value === "object") {
      return Object.keys(value).map(function (code) { return code + ":" + value[code]; }).join(",");
    }
    return String(value);
  }

  // A hand-edited address may hold a broken %-escape, which decodeURIComponent throws on; the tool
  // then says so and starts afresh instead of never starting.
  function parseFragment(key) {
    var hash = location.hash.slice(1);
    var mark = hash.indexOf("?");
    if (mark < 0) return null;
    var name;
    try {
      name = decodeURIComponent(hash.slice(0, mark));
    } catch (error) {
      return { malformed: true, school: null, date: null, answers: {} };
    }
    if (name !== key) return null;
    var params = new URLSearchParams(hash.slice(mark + 1));
    var state = { school: null, date: null, answers: {} };
    params.forEach(function (value, name) {
      if (name === "school" || name === "date") state[name] = value;
      else state.answers[name] = value;
    });
    return state;
  }

  // Material's navigation.tracking rewrites the address on every scroll (to the section in view, or
  // to no fragment at all), which would erase a tool's answers from the address. While a tool's
  // answers are the fragment, such rewrites keep it; the tools' own changes go through unguarded.
  var ownReplace = history.replaceState;

  function replaceAddress(url) {
    ownReplace.call(history, history.state, "", url);
  }

  function toolFragmentShown() {
    var sections = document.querySelectorAll(".tool-widget");
    for (var i = 0; i < sections.length; i += 1) {
      var key = sections[i].getAttribute("data-key") || sections[i].getAttribute("data-tool");
      if (parseFragment(key) !== null) return location.hash;
    }
    return null;
  }

  function guardAddress() {
    if (history.replaceState.__keepsToolAnswers) return;
    var previous = history.replaceState;  // another guard's (instant.js keeps a link's #clause), or the browser's
    var guarded = function (state, title, url) {
      var keep = url === undefined || url === null ? null : toolFragmentShown();
      if (keep) {
        var target = new URL(String(url), location.href);
        if (target.pathname === location.pathname && target.search === location.search && target.hash !== keep) {
          target.hash = keep;
          url = target.href;
        }
      }
      return previous.call(this, state, title, url);
    };
    guarded.__keepsToolAnswers = true;
    history.replaceState = guarded;
  }

  // -- one widget ------------------------------------------------------------------------------

  function Widget(section) {
    this.el = section;
    this.key = section.getAttribute("data-key") || section.getAttribute("data-tool");
    this.prefix = section.id;
    this.form = section.querySelector(".tool-form");
    this.box = section.querySelector(".tool-questions");
    this.status = section.querySelector(".tool-status");
    this.statusText = section.querySelector(".tool-status__text");
    this.bar = section.querySelector(".tool-status__bar");
    this.result = section.querySelector(".tool-result");
    this.remembered = {};      // every answer given, by question id (kept when a question hides)
    this.sent = {};            // the answers that apply, as last sent
    this.questions = [];       // the last form Python returned
    this.generation = 0;
    this.outcomeKey = null;
    this.arrowKeys = false;
    this.audience = section.getAttribute("data-audience") || "staff";
    try {
      this.wording = JSON.parse(section.getAttribute("data-wording") || "{}");
    } catch (error) {
      this.wording = {};
    }
  }

  // The spec may word a question or a choice for the audience (e.g. "parents:"); else its own text.
  Widget.prototype.questionText = function (question) {
    return plain(this.wording[question.id] || question.text);
  };

  Widget.prototype.choiceLabel = function (choice) {
    var own = this.audience !== "staff" && typeof choice[this.audience] === "string" ? choice[this.audience] : null;
    return plain(own || choice.label);
  };

  Widget.prototype.start = function () {
    var self = this;
    var fixed = this.el.getAttribute("data-school");
    var restored = parseFragment(this.key);
    var date = this.form.elements.namedItem("date");
    var school = this.form.elements.namedItem("school");
    if (restored && restored.malformed) {
      this.notice("The address after # could not be read (it holds a broken %-escape), so the tool starts afresh.");
    }
    if (restored && restored.date) date.value = restored.date;
    else if (date.value === this.el.getAttribute("data-today")) date.value = localToday();
    if (restored && restored.school && !fixed && school.tagName === "SELECT") school.value = restored.school;
    else if (!fixed && school.tagName === "SELECT") this.startFromRememberedSchool(school);
    // A school or date the form cannot hold goes to Python as typed, which names what is wrong with it.
    this.typed = {};
    if (restored && restored.school && !fixed && school.value !== restored.school) this.typed.school = restored.school;
    if (restored && restored.date && date.value !== restored.date) this.typed.date = restored.date;
    if (restored) this.remembered = restored.answers;
    this.keepEarlyAnswers();
    this.bindEvents();
    guardAddress();
    var rt = startRuntime(this.el);
    rt.listeners.push(function (state) {
      if (!self.el.isConnected) return false;
      self.showRuntime(state);
      return true;
    });
    this.showRuntime(rt);
    if (rt.state !== "failed") this.update({ focus: false });
  };

  // A link's school wins; else the school the reader chose before (assets/school.js), if this form
  // offers it (a school since removed from the data is ignored); else the form's first school.
  Widget.prototype.startFromRememberedSchool = function (select) {
    var memory = window.HandbookSchool;
    var mine = memory ? memory.remembered() : null;
    if (mine && schoolOffered(select, mine)) select.value = mine;
    this.showSchoolMemory();
  };

  function schoolOffered(select, id) {
    return Array.prototype.some.call(select.options, function (option) { return option.value === id; });
  }

  // "Forget my school" shows while a school this form offers is remembered.
  Widget.prototype.showSchoolMemory = function () {
    var note = this.el.querySelector(".tool-school-memory");
    var select = this.form.elements.namedItem("school");
    if (!note || !select || select.tagName !== "SELECT") return;
    var mine = window.HandbookSchool ? window.HandbookSchool.remembered() : null;
    note.hidden = !(mine && schoolOffered(select, mine));
  };

  Widget.prototype.forgetSchool = function () {
    if (window.HandbookSchool) window.HandbookSchool.forget();
    this.showSchoolMemory();
    var said = this.el.querySelector(".tool-school-said");
    if (said) said.textContent = "Your school is forgotten: this browser no longer remembers it. " +
      "The tool keeps the school chosen now for this answer.";
    var select = this.form.elements.namedItem("school");
    if (select && select.focus) select.focus();
  };

  // A reader on a slow connection may answer the questions already on the page before this script
  // has attached to them: those answers are read now and kept (they win over the address's).
  Widget.prototype.keepEarlyAnswers = function () {
    var self = this;
    var before = {};
    Object.keys(this.remembered).forEach(function (qid) { before[qid] = self.remembered[qid]; });
    this.box.querySelectorAll(".tool-question").forEach(function (node) {
      var qid = node.getAttribute("data-question");
      self.readQuestion(node);
      if (!(qid in self.remembered) && qid in before) self.remembered[qid] = before[qid];
    });
  };

  Widget.prototype.bindEvents = function () {
    var self = this;
    var typing = null;
    this.form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target.type === "radio") {
        self.arrowKeys = /^Arrow/.test(event.key);
        if (event.key === "Enter") {
          event.preventDefault();
          self.commit();
        }
      }
    });
    this.form.addEventListener("change", function (event) {
      clearTimeout(typing);
      var target = event.target;
      var byArrows = self.arrowKeys;
      self.arrowKeys = false;
      if (target.name === "school" || target.name === "date") {
        if (self.typed) delete self.typed[target.name];
        if (target.name === "school" && target.tagName === "SELECT" && window.HandbookSchool) {
          window.HandbookSchool.remember(target.value);  // the reader's choice, for every tool and page
          var said = self.el.querySelector(".tool-school-said");
          if (said) said.textContent = "";
          self.showSchoolMemory();
        }
        self.update({ focus: false });
        return;
      }
      self.read(target);
      self.update({ focus: target.type === "radio" && !byArrows });
    });
    this.form.addEventListener("input", function (event) {
      var target = event.target;
      if (target.type === "radio" || target.tagName === "SELECT" || target.name === "date") return;
      self.generation += 1;  // a reply to older answers must not overwrite what is being typed
      clearTimeout(typing);
      if (target.validity && target.validity.badInput) return;  // half-typed: wait for the change event
      typing = setTimeout(function () {
        self.read(target);
        self.update({ focus: false });
      }, 500);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      self.commit();
    });
    this.el.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !self.el.contains(button)) return;
      if (button.getAttribute("data-action") === "restart") {
        event.preventDefault();
        self.restart();
      } else if (button.getAttribute("data-action") === "copy") {
        event.preventDefault();
        self.copyRecord();
      } else if (button.getAttribute("data-action") === "forget-school") {
        event.preventDefault();
        self.forgetSchool();
      } else if (button.getAttribute("data-action") === "print") {
        event.preventDefault();
        window.print();
      } else if (button.hasAttribute("data-change")) {
        event.preventDefault();
        self.focusQuestion(button.getAttribute("data-change"));
      }
    });
  };

  Widget.prototype.commit = function () {
    var self = this;
    this.box.querySelectorAll(".tool-question").forEach(function (node) { self.readQuestion(node); });
    var rt = runtime();
    this.waiting = rt.state === "loading";
    if (this.waiting) this.showWaiting(rt);
    this.update({ focus: true, commit: true });
  };

  // "Show the answer" pressed before Python is ready: the answers are kept and answered the moment
  // it is; meanwhile this says so, and how far the loading is.
  Widget.prototype.showWaiting = function (rt) {
    var box = this.result.querySelector(".tool-waiting");
    if (!box) {
      this.outcomeKey = null;
      this.result.textContent = "";
      box = make("div", { "class": "admonition info tool-waiting" }, [
        make("p", { "class": "admonition-title", text: "Your answers are kept" }),
        make("p", { "class": "tool-waiting__text" })]);
      this.result.appendChild(box);
    }
    var text = "The tool is still loading (" + stepWords(rt) + "; the progress is shown above). The answer will " +
      "appear here as soon as it is ready: you need not press the button again.";
    var line = box.querySelector(".tool-waiting__text");
    if (line.textContent !== text) line.textContent = text;
  };

  Widget.prototype.context = function () {
    var school = this.form.elements.namedItem("school");
    var date = this.form.elements.namedItem("date");
    var typed = this.typed || {};
    return { school: "school" in typed ? typed.school : (school ? school.value : ""),
             date: "date" in typed ? typed.date : (date ? date.value : "") };
  };

  Widget.prototype.read = function (target) {
    var node = target.closest && target.closest(".tool-question");
    if (node) this.readQuestion(node);
  };

  // The answer a question's controls hold now, in the form Python accepts (or absent when blank).
  Widget.prototype.readQuestion = function (node) {
    var qid = node.getAttribute("data-question");
    var type = node.getAttribute("data-type");
    var value;
    if (type === "choice" || type === "yesno") {
      var checked = node.querySelector("input[type=radio]:checked");
      value = checked ? checked.value : undefined;
    } else if (type === "counts") {
      var counts = {};
      var any = false;
      node.querySelectorAll("input[data-code]").forEach(function (input) {
        var text = input.value.trim();
        if (text === "" && input.validity && input.validity.badInput) text = "?";
        if (text !== "") {
          counts[input.getAttribute("data-code")] = /^\d+$/.test(text) ? Number(text) : text;
          any = true;
        }
      });
      value = any ? counts : undefined;
    } else {
      var input = node.querySelector("input");
      var raw = input.value.trim();
      if (raw === "" && input.validity && input.validity.badInput) raw = "?";
      value = raw === "" ? undefined : raw;
    }
    if (value === undefined) delete this.remembered[qid];
    else this.remembered[qid] = value;
  };

  // Ask Python for the form (and the outcome, once complete). Answers to questions that no longer
  // apply are dropped, and remembered answers to questions that now apply are put back, until the
  // answers sent are exactly those Python asks for. Python decides what applies; this only follows.
  Widget.prototype.solve = function (context) {
    var self = this;
    var audience = this.el.getAttribute("data-audience") || "staff";
    var tool = this.el.getAttribute("data-tool");
    var sent = {};
    var rounds = 0;
    Object.keys(this.remembered).forEach(function (qid) { sent[qid] = self.remembered[qid]; });

    function request(answers) {
      return ask({ op: "form", tool: tool, school: context.school, date: context.date, audience: audience,
                   answers: answers });
    }
    function ids(form) { return form.questions.map(function (q) { return q.id; }); }
    function round() {
      rounds += 1;
      return request(sent).then(function (reply) {
        if (rounds > 12) return { reply: reply, answers: sent };
        if (reply.ok) {
          var shown = ids(reply.form);
          var changed = false;
          Object.keys(sent).forEach(function (qid) {
            if (shown.indexOf(qid) < 0) { delete sent[qid]; changed = true; }
          });
          shown.forEach(function (qid) {
            if (!(qid in sent) && qid in self.remembered) { sent[qid] = self.remembered[qid]; changed = true; }
          });
          return changed ? round() : { reply: reply, answers: sent };
        }
        var named = reply.error && reply.error.question;
        if (named && named in sent && reply.error.unknown_question) {
          self.notice(reply.error.message);  // e.g. from an old address: said, then left out
          delete sent[named];
          delete self.remembered[named];
          return round();
        }
        if (named && named in sent) {
          var without = {};
          Object.keys(sent).forEach(function (qid) { if (qid !== named) without[qid] = sent[qid]; });
          return request(without).then(function (other) {
            if (other.ok && ids(other.form).indexOf(named) < 0) {
              sent = without;  // the answer did not apply: leave it out
              return round();
            }
            return { reply: reply, answers: sent, form: other.ok ? other.form : null };
          });
        }
        return { reply: reply, answers: sent };
      });
    }
    return round();
  };

  Widget.prototype.update = function (options) {
    var self = this;
    var generation = ++this.generation;
    var context = this.context();
    this.result.setAttribute("aria-busy", "true");
    this.solve(context).then(function (solved) {
      if (generation !== self.generation || !self.el.isConnected) return;
      self.result.removeAttribute("aria-busy");
      self.sent = solved.answers;
      self.show(solved, context, options || {});
    }, function (error) {
      if (generation !== self.generation || !self.el.isConnected) return;
      self.result.removeAttribute("aria-busy");
      if (runtime().state !== "failed") self.showProblem("The tool could not answer: " + error.message);
    });
  };

  Widget.prototype.show = function (solved, context, options) {
    var reply = solved.reply;
    this.rendered = (this.rendered || 0) + 1;
    this.el.setAttribute("data-rendered", String(this.rendered));  // for tests and the benchmark
    this.markContext(null);
    this.waiting = false;
    if (reply.ok) {
      this.renderQuestions(reply.form.questions);
      this.writeFragment(context, solved.answers);
      if (options.focusFirst && reply.form.questions.length && !this.box.contains(document.activeElement)) {
        this.focusQuestion(reply.form.questions[0].id);
      }
      if (reply.outcome) {
        this.renderOutcome(reply.outcome, reply.form.questions, context, options.focus);
      } else {
        this.clearOutcome();
        var missing = reply.form.questions.filter(function (q) { return q.value === undefined && !q.optional; });
        if (options.commit && !reply.form.error && missing.length) this.showUnanswered(missing);
        else this.markMissing([]);
        if (options.commit) this.focusQuestion(reply.form.error ? reply.form.error.question : reply.form.next);
      }
      return;
    }
    var error = reply.error || { question: "", message: "unknown error" };
    this.clearOutcome();
    if (error.question === "school" || error.question === "date") {
      this.markContext(error);
      if (options.commit) this.focusQuestion(error.question);
      return;
    }
    if (solved.form) {
      var named = null;
      var questions = solved.form.questions.map(function (question) {
        var copy = Object.assign({}, question);
        if (copy.id === error.question) {
          named = copy;
          copy.value = solved.answers[copy.id];
          copy.error = error.message;
        }
        return copy;
      });
      if (named) {
        this.renderQuestions(questions);
        this.writeFragment(context, solved.answers);
        if (options.commit) this.focusQuestion(named.id);
        return;
      }
    }
    this.showProblem(error.message);
  };

  // -- drawing questions (the same markup as tools_py/site/tool_pages.py renders at build time) --

  function signature(question) {
    var parts = [question.type, question.text, question.help || ""];
    (question.choices || []).forEach(function (choice) { parts.push(choice.value + "=" + choice.label); });
    return parts.join("\n");
  }

  function describedBy(ids) {
    var list = ids.filter(Boolean);
    return list.length ? list.join(" ") : null;
  }

  Widget.prototype.buildQuestion = function (question) {
    var self = this;
    var base = this.prefix + "-q-" + question.id;
    var type = question.type;
    var helpId = question.help ? base + "-help" : null;
    var node = make("div", { "class": "tool-question", id: base, "data-question": question.id, "data-type": type,
                             "data-sig": signature(question) });
    var help = helpId ? make("p", { "class": "tool-help", id: helpId, text: plain(question.help) }) : null;
    var legendText = [this.questionText(question)];
    if (question.optional) legendText.push(" ", make("span", { "class": "tool-optional", text: "(optional)" }));
    if (type === "choice" || type === "yesno") {
      var choices = type === "choice" ? question.choices : [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }];
      var group = make("div", { "class": "tool-choices" + (type === "yesno" ? " tool-choices--inline" : "") });
      choices.forEach(function (choice, index) {
        var id = base + "-" + index;
        group.appendChild(make("label", { "class": "tool-choice", "for": id }, [
          make("input", { type: "radio", id: id, name: base, value: choice.value }), " ",
          make("span", { text: self.choiceLabel(choice) }),
        ]));
      });
      node.appendChild(make("fieldset", { "aria-describedby": helpId }, [
        make("legend", {}, legendText), help, group]));
    } else if (type === "counts") {
      var grid = make("div", { "class": "tool-counts" });
      (question.choices || []).forEach(function (choice, index) {
        var id = base + "-" + index;
        grid.appendChild(make("div", { "class": "tool-count" }, [
          make("label", { "for": id, text: self.choiceLabel(choice) }),
          make("input", { type: "number", id: id, "data-code": choice.value, min: "0", step: "1", inputmode: "numeric",
                          "aria-describedby": helpId }),
        ]));
      });
      node.appendChild(make("fieldset", { "aria-describedby": helpId }, [
        make("legend", {}, legendText), help, grid]));
    } else {
      var inputId = base + "-input";
      var attributes = { id: inputId, name: base, "aria-describedby": helpId };
      if (type === "time") {
        attributes.type = "time";
        attributes.step = "60";
      } else {
        attributes.type = "number";
        attributes.inputmode = "decimal";
        attributes.step = question.integer === false ? "any" : "1";
        if (question.min !== undefined && question.min !== null) attributes.min = String(question.min);
        if (question.max !== undefined && question.max !== null) attributes.max = String(question.max);
      }
      var box = make("div", { "class": "tool-input" }, [make("input", attributes)]);
      if (question.unit) box.append(" ", make("span", { "class": "tool-unit", text: question.unit }));
      node.append(make("label", { "class": "tool-question__label", "for": inputId }, legendText), help || "", box);
    }
    return node;
  };

  // Show a question's value and error on its existing controls (never retyping a field in use).
  Widget.prototype.applyState = function (node, question) {
    var type = question.type;
    var value = question.value;
    var active = document.activeElement;
    if (type === "choice" || type === "yesno") {
      var wanted = value;
      if (type === "yesno" && typeof value === "boolean") wanted = value ? "yes" : "no";
      node.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = wanted !== undefined && wanted !== null && radio.value === String(wanted);
      });
    } else if (type === "counts") {
      var given = value && typeof value === "object" ? value : {};
      node.querySelectorAll("input[data-code]").forEach(function (input) {
        if (input === active) return;
        var code = input.getAttribute("data-code");
        input.value = code in given ? String(given[code]) : "";
      });
    } else {
      var input = node.querySelector("input");
      if (input !== active) input.value = value === undefined || value === null ? "" : String(value);
    }
    var base = node.id;
    var errorNode = node.querySelector(".tool-error");
    if (question.error) {
      if (!errorNode) {
        errorNode = make("p", { "class": "tool-error", id: base + "-error" });
        (node.querySelector("fieldset") || node).appendChild(errorNode);
      }
      errorNode.textContent = "";
      errorNode.append(make("span", { "class": "tool-error__mark", text: "Error:" }), " " + question.error);
    } else if (errorNode) {
      errorNode.remove();
    }
    var helpNode = node.querySelector(".tool-help");
    var described = describedBy([helpNode && helpNode.id, question.error ? base + "-error" : null]);
    node.querySelectorAll("fieldset, input").forEach(function (control) {
      if (control.type === "radio") {
        // a radio group is described by its fieldset
      } else if (described) {
        control.setAttribute("aria-describedby", described);
      } else {
        control.removeAttribute("aria-describedby");
      }
      if (control.tagName === "INPUT") {
        if (question.error) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
    });
  };

  Widget.prototype.renderQuestions = function (questions) {
    var self = this;
    var box = this.box;
    var active = document.activeElement;
    var focusKey = active && box.contains(active) ? { id: active.id, question: active.closest(".tool-question") } : null;
    var wanted = {};
    questions.forEach(function (question) { wanted[question.id] = question; });
    Array.prototype.slice.call(box.children).forEach(function (node) {
      var question = wanted[node.getAttribute("data-question")];
      if (!question || node.getAttribute("data-sig") !== signature(question)) node.remove();
    });
    questions.forEach(function (question, index) {
      var node = box.querySelector('[data-question="' + question.id + '"]');
      if (!node) node = self.buildQuestion(question);
      if (box.children[index] !== node) box.insertBefore(node, box.children[index] || null);
      self.applyState(node, question);
    });
    if (focusKey && !box.contains(document.activeElement)) {
      var again = focusKey.id && document.getElementById(focusKey.id);
      if (again) again.focus();
    }
    this.questions = questions;
  };

  Widget.prototype.focusQuestion = function (qid) {
    if (!qid) return;
    var target = null;
    if (qid === "school" || qid === "date") {
      target = this.form.elements.namedItem(qid);
    } else {
      var node = this.box.querySelector('[data-question="' + qid + '"]');
      if (!node) return;
      target = node.querySelector("input[type=radio]:checked") || node.querySelector("input");
    }
    if (target && target.focus) {
      target.focus();
      if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
    }
  };

  Widget.prototype.markContext = function (error) {
    var self = this;
    ["school", "date"].forEach(function (name) {
      var control = self.form.elements.namedItem(name);
      if (!control || control.type === "hidden") return;
      var id = control.id + "-error";
      var existing = document.getElementById(id);
      if (error && error.question === name) {
        if (!existing) {
          existing = make("p", { "class": "tool-error", id: id });
          control.parentNode.appendChild(existing);
        }
        existing.textContent = "";
        existing.append(make("span", { "class": "tool-error__mark", text: "Error:" }), " " + error.message);
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", id);
      } else {
        if (existing) existing.remove();
        control.removeAttribute("aria-invalid");
        control.removeAttribute("aria-describedby");
      }
    });
  };

  // -- drawing the outcome ---------------------------------------------------------------------

  function answerText(widget, question) {
    var value = question.value;
    if (question.type === "yesno") return value === true || value === "yes" ? "Yes" : "No";
    if (question.type === "choice") {
      var found = (question.choices || []).filter(function (choice) { return choice.value === value; })[0];
      return found ? widget.choiceLabel(found) : String(value);
    }
    if (question.type === "counts") {
      var codes = Object.keys(value || {});
      if (!codes.length) return "none";
      return codes.map(function (code) { return code + ": " + value[code]; }).join(", ");
    }
    return String(value) + (question.unit ? " " + question.unit : "");
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  // 2024-08-19 -> "19 August 2024": how a reader writes a date (the field itself keeps ISO form).
  function dateInWords(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return String(iso);
    return Number(match[3]) + " " + MONTHS[Number(match[2]) - 1] + " " + match[1];
  }

  Widget.prototype.changeButton = function (qid, label) {
    return make("button", { type: "button", "class": "md-button tool-change", "data-change": qid }, [
      "Change", make("span", { "class": "tool-sr-only", text: " answer: " + label })]);
  };

  Widget.prototype.renderOutcome = function (outcome, questions, context, focus) {
    var self = this;
    var key = JSON.stringify([outcome.outcome, outcome.title, outcome.text, outcome.answers, context]);
    if (key === this.outcomeKey) {
      if (focus) this.focusOutcome();
      return;
    }
    this.outcomeKey = key;
    var hrefTemplate = this.el.getAttribute("data-clause-href");
    var titleId = this.prefix + "-outcome";
    var record = this.recordOf(outcome, questions, context);
    this.record = record;
    // Every answer names the school it was given for (the school Python answered for), whichever tool.
    var schoolId = this.prefix + "-outcome-school";
    var parts = [make("p", { "class": "tool-record__heading tool-print-only" }, ["Decision record: " + record.tool]),
                 make("p", { "class": "tool-outcome__school", id: schoolId }, [
                   make("span", { "class": "tool-outcome__school-label",
                                  text: this.audience === "staff" ? "School or provider: " : "School: " }),
                   make("strong", { text: record.school })]),
                 make("h3", { "class": "tool-outcome__title", id: titleId, tabindex: "-1", "aria-describedby": schoolId },
                      [rich(outcome.title)]),
                 make("p", { "class": "tool-outcome__verdict" }, [rich(outcome.verdict || outcome.text)])];
    if ((outcome.lines || []).length) {
      var lines = make("dl", { "class": "tool-outcome__lines" });
      outcome.lines.forEach(function (line) {
        lines.append(make("dt", {}, [rich(line.label)]), make("dd", {}, [rich(line.text)]));
      });
      parts.push(lines);
    }
    (outcome.notes || []).forEach(function (note) {
      parts.push(make("div", { "class": "admonition note tool-outcome__note" }, [
        make("p", { "class": "admonition-title", text: "Note" }), make("p", {}, [rich(note)])]));
    });
    var conflictsHref = this.el.getAttribute("data-conflicts-href");
    (outcome.conflicts || []).forEach(function (conflict) {
      // The answer rests on one side of a disagreement between documents: link to both sides.
      if (!conflictsHref) return;
      parts.push(make("p", { "class": "tool-outcome__conflict" }, [
        "Documents disagree: ",
        make("a", { href: conflictsHref + "#conflict-" + conflict.id, "data-conflict": conflict.id,
                    text: conflict.topic })]));
    });
    if ((outcome.citations || []).length) {
      var list = make("ul", { "class": "tool-citations" });
      record.sources.forEach(function (source) {
        list.appendChild(make("li", {}, [
          make("a", { "class": "citation", href: source.href, "data-clause": source.clause, text: source.label }),
          source.national ? make("span", { "class": "tool-national", text: " (national rule)" }) : null,
          make("span", { "class": "tool-citation__address tool-print-only", text: " " + source.href })]));
      });
      parts.push(make("p", { "class": "tool-outcome__label", text: "Based on:" }), list);
    }
    var answers = make("dl", { "class": "tool-answers" });
    var schoolControl = this.form.elements.namedItem("school");
    var schoolName = schoolControl && schoolControl.tagName === "SELECT"
      ? schoolControl.options[schoolControl.selectedIndex].text : null;
    if (schoolName) {
      answers.append(make("dt", { text: "School or provider" }),
                     make("dd", {}, [schoolName + " ", this.changeButton("school", "school or provider")]));
    }
    answers.append(make("dt", { text: "Date" }), make("dd", {}, [dateInWords(context.date) + " ", this.changeButton("date", "date")]));
    questions.forEach(function (question) {
      if (question.value === undefined) return;
      var text = self.questionText(question);
      answers.append(make("dt", { text: text }),
                     make("dd", {}, [answerText(self, question) + " ", self.changeButton(question.id, text)]));
    });
    parts.push(make("p", { "class": "tool-outcome__label", id: this.prefix + "-answers-label", text: "Your answers" }),
               answers);
    parts.push(make("p", { "class": "tool-record__edition" }, [record.editionText]));
    parts.push(make("p", { "class": "tool-outcome__actions" }, [
      make("button", { type: "button", "class": "md-button tool-restart", "data-action": "restart",
                       text: "Start again" }), " ",
      make("button", { type: "button", "class": "md-button tool-copy", "data-action": "copy",
                       text: "Copy as text" }), " ",
      make("button", { type: "button", "class": "md-button tool-print", "data-action": "print",
                       text: "Print" }), " ",
      make("a", { "class": "tool-permalink", href: location.hash || "#", text: "Link to this answer" }), " ",
      make("span", { "class": "tool-copied", role: "status" })]));
    var box = make("div", { "class": "tool-outcome", "data-outcome": outcome.outcome,
                            "aria-labelledby": titleId, role: "group" }, parts);
    this.result.textContent = "";
    this.result.appendChild(box);
    this.el.classList.add("tool-widget--answered");
    if (focus) this.focusOutcome();
  };

  // -- the decision record: what a member of staff files for a pupil ----------------------------
  //
  // Built from the outcome's structure (title, verdict, labelled lines, notes, citations) and the
  // answers given, never from its wording: the school, the date asked, every answer, the outcome,
  // its reasons, each source with its full address (with its #clause) and the handbook's edition.

  // A school's name as the page gives it (the build writes each school's organisation name), by id.
  Widget.prototype.schoolName = function (id) {
    var control = this.form.elements.namedItem("school");
    if (control && control.tagName === "SELECT") {
      var option = Array.prototype.filter.call(control.options, function (o) { return o.value === id; })[0];
      if (option) return option.text;
    }
    if (this.el.getAttribute("data-school") === id && this.el.getAttribute("data-school-name")) {
      return this.el.getAttribute("data-school-name");
    }
    return id;
  };

  Widget.prototype.recordOf = function (outcome, questions, context) {
    var self = this;
    var hrefTemplate = this.el.getAttribute("data-clause-href");
    var schoolName = this.schoolName(outcome.school || context.school);
    var edition = {};
    try {
      edition = JSON.parse(this.el.getAttribute("data-edition") || "{}");
    } catch (error) {
      edition = {};
    }
    var now = new Date();
    var answers = [];
    questions.forEach(function (question) {
      if (question.value !== undefined) answers.push({ question: self.questionText(question), answer: answerText(self, question) });
      else if (question.optional) answers.push({ question: self.questionText(question), answer: "not answered" });
    });
    return {
      tool: plain(this.el.getAttribute("data-tool-question") || this.el.getAttribute("data-tool") || ""),
      school: schoolName,
      date: dateInWords(context.date),
      answers: answers,
      title: plain(outcome.title),
      verdict: plain(outcome.verdict || outcome.text),
      lines: (outcome.lines || []).map(function (line) { return { label: plain(line.label), text: plain(line.text) }; }),
      notes: (outcome.notes || []).map(plain),
      conflicts: (outcome.conflicts || []).map(function (conflict) { return conflict.topic; }),
      sources: (outcome.citations || []).map(function (citation) {
        var href = hrefTemplate.replace("{document}", encodeURIComponent(citation.document))
          .replace("{clause}", encodeURIComponent(citation.clause));
        return { label: citation.label, clause: citation.clause, national: !!citation.national,
                 href: new URL(href, document.baseURI).href };
      }),
      link: location.href,
      editionText: "From the attendance handbook, version " + (edition.version || "unknown") +
        " (tools and policy data " + (edition.data || "unknown") + "), built on " +
        (edition.built ? dateInWords(edition.built) : "an unknown date") + "; answer given on " +
        dateInWords(localToday()) + " at " + (now.getHours() < 10 ? "0" : "") + now.getHours() + ":" +
        (now.getMinutes() < 10 ? "0" : "") + now.getMinutes() + ".",
    };
  };

  // The record as plain text: what "Copy as text" puts on the clipboard.
  function recordText(record) {
    var out = ["Decision record: " + record.tool, "", "School or provider: " + record.school,
               "Date asked: " + record.date, "", "Answers given:"];
    record.answers.forEach(function (item) { out.push("- " + item.question + " " + item.answer); });
    out.push("", "Outcome: " + record.title, record.verdict);
    record.lines.forEach(function (line) { out.push(line.label + ": " + line.text); });
    record.notes.forEach(function (note) { out.push("Note: " + note); });
    record.conflicts.forEach(function (topic) { out.push("Documents disagree: " + topic + " (the handbook's conflicts page shows both sides)"); });
    out.push("", "Based on:");
    record.sources.forEach(function (source) {
      out.push("- " + source.label + (source.national ? " (national rule)" : "") + ": " + source.href);
    });
    out.push("", "Link to this answer: " + record.link, record.editionText);
    return out.join("\n") + "\n";
  }

  Widget.prototype.copyRecord = function () {
    var said = this.result.querySelector(".tool-copied");
    var text = recordText(Object.assign({}, this.record, { link: location.href }));
    function done(ok) {
      if (said) said.textContent = ok ? "Copied: paste it into the pupil's record." : "Could not copy: select the answer and copy it instead.";
    }
    function fallback() {
      var area = make("textarea", { "class": "tool-sr-only", "aria-hidden": "true", readonly: true });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  };

  window.HandbookTools.recordText = function (section) {  // for the tests: the text "Copy as text" gives
    var widget = section && section.__toolWidget;
    return widget && widget.record ? recordText(Object.assign({}, widget.record, { link: location.href })) : null;
  };

  Widget.prototype.focusOutcome = function () {
    var heading = this.result.querySelector(".tool-outcome__title");
    if (heading) {
      heading.focus();
      if (heading.scrollIntoView) heading.scrollIntoView({ block: "start" });
    }
  };

  Widget.prototype.clearOutcome = function () {
    if (this.waiting) return;  // "Your answers are kept" stays until Python answers
    if (this.outcomeKey === null && !this.result.firstChild) return;
    this.outcomeKey = null;
    this.result.textContent = "";
    this.el.classList.remove("tool-widget--answered");
  };

  // A problem with the address the tool was opened from, said once above the answer.
  Widget.prototype.notice = function (message) {
    var box = this.el.querySelector(".tool-notice");
    if (!box) {
      box = make("div", { "class": "admonition warning tool-notice", role: "alert" });
      this.result.parentNode.insertBefore(box, this.result);
    }
    box.appendChild(make("p", { text: message }));
  };

  // "Show the answer" with questions still unanswered (often one that an earlier answer has just
  // brought up): never silence. Each is named, with a button to go to it, and marked where it is.
  Widget.prototype.showUnanswered = function (missing) {
    var self = this;
    this.outcomeKey = null;
    this.result.textContent = "";
    var count = missing.length;
    var list = make("ul", { "class": "tool-unanswered__list" }, missing.map(function (question) {
      return make("li", {}, [make("button", { type: "button", "class": "tool-unanswered__go", "data-change": question.id },
                                  [self.questionText(question)])]);
    }));
    this.result.appendChild(make("div", { "class": "admonition warning tool-unanswered", role: "alert" }, [
      make("p", { "class": "admonition-title",
                  text: count === 1 ? "One question is not answered yet" : count + " questions are not answered yet" }),
      make("p", { text: "Answer " + (count === 1 ? "it" : "them") + " to see the answer:" }), list]));
    this.markMissing(missing.map(function (q) { return q.id; }));
  };

  Widget.prototype.markMissing = function (ids) {
    var self = this;
    this.box.querySelectorAll(".tool-question").forEach(function (node) {
      var qid = node.getAttribute("data-question");
      var note = node.querySelector(".tool-missing");
      var wanted = ids.indexOf(qid) >= 0;
      node.classList.toggle("tool-question--missing", wanted);
      if (wanted) {
        if (!note) {
          note = make("p", { "class": "tool-missing", id: self.prefix + "-q-" + qid + "-missing", text: "Not answered yet." });
          (node.querySelector("fieldset") || node).appendChild(note);
        }
        node.querySelectorAll("fieldset, input:not([type=radio])").forEach(function (control) {
          var described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (described.indexOf(note.id) < 0) control.setAttribute("aria-describedby", described.concat([note.id]).join(" "));
        });
      } else if (note) {
        node.querySelectorAll("[aria-describedby]").forEach(function (control) {
          var left = control.getAttribute("aria-describedby").split(" ").filter(function (id) { return id !== note.id; });
          if (left.length) control.setAttribute("aria-describedby", left.join(" "));
          else control.removeAttribute("aria-describedby");
        });
        note.remove();
      }
    });
  };

  Widget.prototype.showProblem = function (message) {
    this.outcomeKey = null;
    this.result.textContent = "";
    this.result.appendChild(make("div", { "class": "admonition warning tool-problem" }, [
      make("p", { "class": "admonition-title", text: "Cannot answer yet" }), make("p", { text: message })]));
  };

  Widget.prototype.writeFragment = function (context, answers) {
    var ours = parseFragment(this.key) !== null;
    var names = Object.keys(answers);
    if (!names.length && !ours) return;
    var parts = [];
    if (!this.el.getAttribute("data-school")) parts.push("school=" + encodePart(context.school));
    parts.push("date=" + encodePart(context.date));
    var order = this.questions.map(function (q) { return q.id; });
    names.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    names.forEach(function (qid) { parts.push(encodePart(qid) + "=" + encodePart(fragmentValue(answers[qid]))); });
    var hash = "#" + encodePart(this.key) + "?" + parts.join("&");
    if (hash !== location.hash) replaceAddress(location.pathname + location.search + hash);
    var link = this.result.querySelector(".tool-permalink");
    if (link) link.setAttribute("href", hash);
  };

  Widget.prototype.restart = function () {
    this.remembered = {};
    this.typed = {};
    var notice = this.el.querySelector(".tool-notice");
    if (notice) notice.remove();
    this.clearOutcome();
    if (parseFragment(this.key) !== null) replaceAddress(location.pathname + location.search);
    this.box.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
    this.box.querySelectorAll("input:not([type=radio])").forEach(function (input) { input.value = ""; });
    var first = this.box.querySelector("input");
    if (first) first.focus();
    this.update({ focus: false, focusFirst: true });
  };

  // -- the status line --------------------------------------------------------------------------

  Widget.prototype.showRuntime = function (rt) {
    var fallback = this.el.getAttribute("data-fallback");
    this.el.setAttribute("data-state", rt.state);
    if (rt.state === "failed") {
      this.bar.hidden = true;
      this.statusText.textContent = "";
      var parts = [make("strong", { text: "The tool could not start in this browser" }), ": " + rt.error + ". "];
      parts.push("Its questions, and every answer it can give, are listed further down this page.");
      if (fallback) {
        parts.push(" ", make("a", { "class": "tool-fallback__link", href: fallback,
                                    text: "Find the answer without the tool" }), ".");
      }
      this.statusText.append.apply(this.statusText, parts);
      this.status.classList.add("tool-status--failed");
      this.result.removeAttribute("aria-busy");
      if (this.amount) this.amount.textContent = "";
      if (this.waiting) {
        this.waiting = false;
        this.result.textContent = "";
      }
      return;
    }
    this.status.classList.remove("tool-status--failed");
    if (rt.state === "ready") {
      this.bar.hidden = true;
      this.statusText.textContent = "Ready: answer the questions and the answer appears below.";
      if (this.amount) this.amount.textContent = "";
    } else {
      // The live text changes with the step only; how far the download is goes in the progress bar and
      // in a line beside it that screen readers do not announce every quarter of a second.
      this.bar.hidden = false;
      this.bar.max = 100;
      this.bar.value = Math.round(100 * loadedShare(rt));
      this.bar.setAttribute("aria-valuetext", loadingWords(rt));
      var said = "Loading the tool, step " + Math.max(1, rt.step) + " of " + STEPS + ": " + (rt.message || "Starting") +
        ". You can answer the questions meanwhile; your answers are kept.";
      if (this.statusText.textContent !== said) this.statusText.textContent = said;
      if (!this.amount) {
        this.amount = make("span", { "class": "tool-status__amount", "aria-hidden": "true" });
        this.bar.parentNode.insertBefore(this.amount, this.bar.nextSibling);
      }
      this.amount.textContent = amountWords(rt);
      if (this.waiting) this.showWaiting(rt);
    }
  };

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1);
  }

  // How much of the whole start is done: the download is most of a first visit's wait.
  function loadedShare(rt) {
    if (rt.step >= 2) return 0.9;
    if (rt.total) return 0.8 * Math.min(1, rt.loaded / rt.total);
    return 0;
  }

  function amountWords(rt) {
    var seconds = rt.began ? Math.round((Date.now() - rt.began) / 1000) : 0;
    var parts = [];
    if (rt.step <= 1 && rt.total) {
      parts.push(megabytes(rt.loaded) + " of " + megabytes(rt.total) + " MB of Python downloaded (" +
                 Math.floor(100 * Math.min(1, rt.loaded / rt.total)) + "%)");
    }
    if (seconds >= 1) parts.push(seconds + " s so far");
    return parts.join(", ");
  }

  function stepWords(rt) {
    var message = rt.message || "Starting";
    return "step " + Math.max(1, rt.step) + " of " + STEPS + ": " + message.charAt(0).toLowerCase() + message.slice(1);
  }

  function loadingWords(rt) {
    var words = stepWords(rt);
    var amount = amountWords(rt);
    return amount ? words + ", " + amount : words;
  }

  // -- on every page ----------------------------------------------------------------------------

  function onPage() {
    document.querySelectorAll(".tool-widget").forEach(function (section) {
      if (section.__toolWidget) return;
      section.__toolWidget = new Widget(section);
      section.__toolWidget.start();
    });
  }

  window.addEventListener("hashchange", function () {
    document.querySelectorAll(".tool-widget").forEach(function (section) {
      var widget = section.__toolWidget;
      var restored = widget && parseFragment(widget.key);
      if (!restored) return;
      var date = widget.form.elements.namedItem("date");
      var school = widget.form.elements.namedItem("school");
      if (restored.date) date.value = restored.date;
      if (restored.school && school.tagName === "SELECT") school.value = restored.school;
      widget.remembered = restored.answers;
      widget.update({ focus: true });
    });
  });

  // Python takes seconds to boot: start it (or adopt the worker overrides/main.html started) as soon
  // as this script runs, before Material's own start-up and before any click; widgets attach later.
  var firstWidget = document.querySelector(".tool-widget[data-worker]");
  if (firstWidget) startRuntime(firstWidget);

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
