// Attendance handbook: the induction path for new staff (see tools_py/site/induction.py).
//
// Each question on the page names a decision tool and the answers to give it (data-tool,
// data-answers); the right answer is not on the page. On "Check my answer" this file sends
//   {op: "form", tool, school, date, answers, audience: "staff"}
// to window.HandbookTools.ask (widget.js: the same tools_py.api.handle, run by Pyodide, that the
// tools pages use) and compares the trainee's choice with reply.outcome.fields[ask], or with
// reply.outcome.outcome when ask is "outcome". It then shows right or wrong with the outcome's
// title, text, notes and citations. No policy rule and no answer key lives here.
//
// A wrong first answer gets one more try: the page says only that the choice is not the answer
// (never which one is), and the second answer is checked the same way. The completion summary
// then lists every question with the answer the tools gave and the trainee's own.
//
// Progress is kept in this browser only (localStorage, one entry per school) and can be cleared.
(function () {
  "use strict";

  // -- storage ---------------------------------------------------------------------------------

  function load(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return value && typeof value === "object" ? value : null;
    } catch (error) {
      return null;
    }
  }

  function store(key, state) {
    try {
      window.localStorage.setItem(key, JSON.stringify(state));
      return true;
    } catch (error) {
      return false;
    }
  }

  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
  }

  function tools() {
    var api = window.HandbookTools;
    return api && typeof api.ask === "function" ? api : null;
  }

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

  // Outcome texts may carry **bold** and [text](https://…) links: drawn as elements, never as HTML.
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

  // The value of a field as the page writes an option's value (true, 10, "C2").
  function normal(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (value === null || value === undefined) return "";
    return String(value);
  }

  function humanDate(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  // -- one school's path -----------------------------------------------------------------------

  function InductionPath(root) {
    this.root = root;
    this.key = root.getAttribute("data-storage-key");
    this.school = root.getAttribute("data-school");
    this.schoolName = root.getAttribute("data-school-name");
    this.date = root.getAttribute("data-date");
    this.total = parseInt(root.getAttribute("data-total"), 10) || 0;
    this.hrefTemplate = root.getAttribute("data-clause-href") || "";
    this.units = Array.prototype.slice.call(root.querySelectorAll(".induction-unit"));
    this.summary = root.querySelector(".induction-summary");
    this.forms = {};
    var self = this;
    root.querySelectorAll("form.induction-question").forEach(function (form) {
      self.forms[form.getAttribute("data-scenario")] = form;
    });
    this.status = root.querySelector(".induction-status__text");
    this.bar = root.querySelector(".induction-status__bar");
    this.state = this.restoreState();
  }

  InductionPath.prototype.fresh = function () {
    return { version: this.root.getAttribute("data-version"), current: null, answers: {}, tries: {}, completed: null };
  };

  InductionPath.prototype.restoreState = function () {
    var state = load(this.key) || this.fresh();
    if (!state.answers || typeof state.answers !== "object") state.answers = {};
    if (!state.tries || typeof state.tries !== "object") state.tries = {};
    var self = this;
    // Keep the answers to questions still on the page (a changed path keeps what still applies).
    Object.keys(state.answers).forEach(function (sid) {
      if (!self.forms[sid]) delete state.answers[sid];
    });
    Object.keys(state.tries).forEach(function (sid) {
      if (!self.forms[sid] || state.answers[sid]) delete state.tries[sid];
    });
    state.version = this.root.getAttribute("data-version");
    if (state.completed && this.answeredCount(state) < this.total) state.completed = null;
    return state;
  };

  InductionPath.prototype.save = function () {
    if (!store(this.key, this.state)) {
      this.say("Your progress could not be saved in this browser (storage is off or full); it will be lost on reload.");
    }
  };

  InductionPath.prototype.answeredCount = function (state) {
    var answers = (state || this.state).answers;
    var self = this;
    return Object.keys(answers).filter(function (sid) { return self.forms[sid]; }).length;
  };

  InductionPath.prototype.rightCount = function () {
    var answers = this.state.answers;
    return Object.keys(answers).filter(function (sid) { return answers[sid].correct; }).length;
  };

  InductionPath.prototype.start = function () {
    var self = this;
    this.root.classList.add("induction--js");
    Object.keys(this.forms).forEach(function (sid) {
      var form = self.forms[sid];
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.answer(form);
      });
      var record = self.state.answers[sid];
      if (record) {
        self.lock(form, record.choice);
        self.renderFeedback(form, record, false);
      } else if (self.state.tries[sid] !== undefined) {
        self.renderRetry(form, self.state.tries[sid], false);
      }
    });
    this.root.addEventListener("click", function (event) {
      var target = event.target.closest("[data-action], a[href]");
      if (!target || !self.root.contains(target)) return;
      if (target.matches("a[href]")) {
        // The unit list, the summary's links and "go to the question": links within this page, by the
        // fragment of their address (Material's instant navigation makes every href absolute).
        var place = self.placeOf(target);
        if (!place) return;
        event.preventDefault();
        self.go(place);
        return;
      }
      var action = target.getAttribute("data-action");
      if (action === "next") {
        event.preventDefault();
        self.show(target.getAttribute("data-to"), true);
      } else if (action === "reset") {
        self.confirmReset(true);
      } else if (action === "reset-no") {
        self.confirmReset(false);
      } else if (action === "reset-yes") {
        self.reset();
      } else if (action === "print") {
        window.print();
      }
    });
    this.units.forEach(function (unit, index) {
      var end = unit.querySelector(".induction-unit__end");
      var next = self.units[index + 1];
      var to = next ? next.getAttribute("data-unit") : "summary";
      var label = next ? "Next: " + next.querySelector("h2").textContent.replace(/\s+/g, " ").trim()
        : "See your completion summary";
      end.appendChild(make("p", {}, [make("button", {
        type: "button", "class": "md-button induction-next", "data-action": "next", "data-to": to, text: label,
      })]));
    });
    var wanted = this.placeOf({ href: location.href });
    if (wanted) this.go(wanted, false);
    else this.show(this.resumeStep(), false);
    this.update();
    var api = tools();
    if (api && typeof api.start === "function") {
      try { api.start(this.root); } catch (error) { /* reported when an answer is checked */ }
    }
  };

  // Where a link within the path leads: {step} for a unit or the summary, plus {scenario} for a question.
  InductionPath.prototype.placeOf = function (link) {
    var url;
    try {
      url = new URL(link.href, location.href);
    } catch (error) {
      return null;
    }
    if (url.origin !== location.origin || url.pathname !== location.pathname || !url.hash) return null;
    var id = decodeURIComponent(url.hash.slice(1));
    if (id === "induction-summary") return { step: "summary" };
    if (id.indexOf("unit-") === 0 && this.validStep(id.slice(5))) return { step: id.slice(5) };
    if (id.indexOf("induction-q-") === 0) {
      var form = this.forms[id.slice("induction-q-".length)];
      var unit = form && form.closest(".induction-unit");
      if (unit) return { step: unit.getAttribute("data-unit"), scenario: form.getAttribute("data-scenario") };
    }
    return null;
  };

  // Show a unit (or the summary) and, for a question, move to it: its first choice takes the focus.
  InductionPath.prototype.go = function (place, focus) {
    if (!place.scenario) {
      this.show(place.step, focus !== false);
      return;
    }
    this.show(place.step, false);
    var form = this.forms[place.scenario];
    var first = form.querySelector("input[type=radio]:not(:disabled)") || form.querySelector("legend");
    if (first === form.querySelector("legend")) first.setAttribute("tabindex", "-1");
    if (focus !== false) first.focus({ preventScroll: true });
    form.scrollIntoView({ block: "center" });
  };

  InductionPath.prototype.validStep = function (step) {
    if (step === "summary") return true;
    return this.units.some(function (unit) { return unit.getAttribute("data-unit") === step; });
  };

  InductionPath.prototype.resumeStep = function () {
    if (this.state.current && this.validStep(this.state.current)) return this.state.current;
    var self = this;
    var open = this.units.filter(function (unit) {
      return Array.prototype.some.call(unit.querySelectorAll("form.induction-question"), function (form) {
        return !self.state.answers[form.getAttribute("data-scenario")];
      });
    })[0];
    return open ? open.getAttribute("data-unit") : "summary";
  };

  InductionPath.prototype.show = function (step, focus) {
    if (!this.validStep(step)) return;
    var shown = null;
    this.units.forEach(function (unit) {
      var on = unit.getAttribute("data-unit") === step;
      unit.hidden = !on;
      if (on) shown = unit;
    });
    this.summary.hidden = step !== "summary";
    if (step === "summary") shown = this.summary;
    this.root.querySelectorAll(".induction-nav li").forEach(function (item) {
      var link = item.querySelector("a");
      if (item.getAttribute("data-unit") === step) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    if (this.state.current !== step) {
      this.state.current = step;
      this.save();
    }
    if (focus && shown) {
      var heading = shown.querySelector("h2");
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "start" });
    }
  };

  InductionPath.prototype.say = function (message) {
    if (this.status) this.status.textContent = message;
  };

  InductionPath.prototype.update = function () {
    var answered = this.answeredCount();
    var right = this.rightCount();
    var self = this;
    if (this.bar) this.bar.value = answered;
    this.say(answered === 0
      ? "Progress: none of the " + this.total + " questions answered yet. Your progress is kept in this browser only."
      : "Progress: " + answered + " of " + this.total + " questions answered, " + right + " right." +
        (answered === this.total ? " You have completed the path." : ""));
    this.root.querySelectorAll(".induction-nav li[data-unit]").forEach(function (item) {
      var unit = item.getAttribute("data-unit");
      if (unit === "summary") return;
      var counts = self.unitCounts(unit);
      var state = item.querySelector(".induction-nav__state");
      state.textContent = counts.answered === counts.total
        ? "done: " + counts.right + " of " + counts.total + " right"
        : counts.answered + " of " + counts.total + " answered";
      item.classList.toggle("induction-nav__done", counts.answered === counts.total);
    });
    this.root.classList.toggle("induction--complete", answered === this.total && this.total > 0);
    this.renderSummary();
  };

  InductionPath.prototype.unitCounts = function (unitId) {
    var section = this.root.querySelector('.induction-unit[data-unit="' + unitId + '"]');
    var forms = section ? section.querySelectorAll("form.induction-question") : [];
    var answers = this.state.answers;
    var counts = { total: forms.length, answered: 0, right: 0 };
    Array.prototype.forEach.call(forms, function (form) {
      var record = answers[form.getAttribute("data-scenario")];
      if (record) {
        counts.answered += 1;
        if (record.correct) counts.right += 1;
      }
    });
    return counts;
  };

  InductionPath.prototype.renderSummary = function () {
    var answered = this.answeredCount();
    var right = this.rightCount();
    var complete = answered === this.total && this.total > 0;
    var self = this;
    this.summary.querySelectorAll(".induction-summary__units li[data-unit]").forEach(function (item) {
      var counts = self.unitCounts(item.getAttribute("data-unit"));
      item.querySelector(".induction-summary__unit-score").textContent = counts.answered === counts.total
        ? counts.right + " of " + counts.total + " right"
        : "not finished (" + counts.answered + " of " + counts.total + " answered)";
    });
    this.renderOpen(complete);
    this.summary.querySelector(".induction-summary__score").textContent =
      right + " of " + this.total + " right" + (this.total ? " (" + Math.round(100 * right / this.total) + "%)" : "") +
      (complete ? "" : ", " + answered + " of " + this.total + " answered so far");
    this.renderReview(complete);
    this.summary.querySelector(".induction-summary__date").textContent =
      complete && this.state.completed ? humanDate(this.state.completed) : "not yet completed";
    this.summary.querySelector(".induction-summary__pending").textContent = complete
      ? "You have completed the induction path for " + this.schoolName + ". Print this summary, or save it as a PDF " +
        "from the print dialog, to keep a record."
      : "Answer every question to complete the path: " + answered + " of " + this.total + " answered so far.";
    this.summary.querySelector(".induction-summary__actions").hidden = !complete;
  };

  // The questions still to answer, each a link back to it: the rest of the progress is kept.
  InductionPath.prototype.renderOpen = function (complete) {
    var box = this.summary.querySelector(".induction-summary__open");
    if (!box) {
      box = make("div", { "class": "induction-summary__open" });
      this.summary.querySelector(".induction-summary__pending").after(box);
    }
    box.textContent = "";
    if (complete) return;
    var self = this;
    var open = Object.keys(this.forms).filter(function (sid) { return !self.state.answers[sid]; });
    if (!open.length) return;
    box.appendChild(make("p", { text: open.length === 1 ? "The question still to answer:" : "The questions still to answer:" }));
    box.appendChild(make("ul", { "class": "induction-summary__open-list" }, open.map(function (sid) {
      var form = self.forms[sid];
      var unit = form.closest(".induction-unit");
      var unitTitle = unit ? unit.querySelector("h2").textContent.replace(/\s+/g, " ").trim() : "";
      return make("li", {}, [
        make("a", { href: "#induction-q-" + sid, "data-scenario": sid },
             [form.querySelector(".induction-question__number").textContent.trim()]),
        " — " + form.querySelector(".induction-question__prompt").textContent.trim(),
        unitTitle ? make("span", { "class": "induction-summary__open-unit", text: " (" + unitTitle + ")" }) : null,
      ]);
    })));
  };

  // What was right: each question, the answer the tools gave, and the trainee's own (once complete).
  InductionPath.prototype.renderReview = function (complete) {
    var review = this.summary.querySelector(".induction-summary__review");
    if (!review) return;
    var list = review.querySelector(".induction-summary__answers");
    list.textContent = "";
    review.hidden = !complete;
    if (!complete) return;
    var self = this;
    this.root.querySelectorAll("form.induction-question").forEach(function (form) {
      var record = self.state.answers[form.getAttribute("data-scenario")];
      if (!record) return;
      var prompt = form.querySelector(".induction-question__prompt").textContent.trim();
      var number = form.querySelector(".induction-question__number").textContent.trim();
      var verdict = record.correct ? (record.tries === 2 ? "right at the second try" : "right") : "not right";
      list.appendChild(make("li", { "data-scenario": form.getAttribute("data-scenario") }, [
        make("strong", { text: number + ": " }), prompt,
        make("span", { "class": "induction-summary__right" }, [
          "The answer: ", make("strong", { text: self.labelOf(form, record.right) || record.right })]),
        make("span", { "class": "induction-summary__yours",
                       text: "Your answer: " + (self.labelOf(form, record.choice) || record.choice) + " (" + verdict + ")" }),
      ]));
    });
  };

  // -- answering -------------------------------------------------------------------------------

  InductionPath.prototype.lock = function (form, choice) {
    form.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = radio.value === choice;
      radio.disabled = true;
    });
    form.querySelector("button[type=submit]").hidden = true;
    form.classList.remove("induction-question--retry");
    form.classList.add("induction-question--answered");
  };

  InductionPath.prototype.unlock = function (form) {
    form.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = false;
      radio.disabled = false;
    });
    var button = form.querySelector("button[type=submit]");
    button.hidden = false;
    button.disabled = false;
    form.classList.remove("induction-question--answered", "induction-question--retry");
    form.querySelector(".induction-feedback").textContent = "";
  };

  InductionPath.prototype.labelOf = function (form, value) {
    var found = null;
    form.querySelectorAll("input[type=radio]").forEach(function (radio) {
      if (radio.value === value) found = radio.closest("label").querySelector("span").textContent.trim();
    });
    return found;
  };

  InductionPath.prototype.message = function (form, text, focus) {
    var box = form.querySelector(".induction-feedback");
    box.textContent = "";
    var line = make("p", { "class": "induction-verdict induction-verdict--problem", tabindex: "-1", text: text });
    box.appendChild(line);
    if (focus) line.focus();
  };

  InductionPath.prototype.answer = function (form) {
    var sid = form.getAttribute("data-scenario");
    if (this.state.answers[sid]) return;
    var checked = form.querySelector("input[type=radio]:checked");
    if (!checked) {
      this.message(form, "Choose one of the answers first.", false);
      form.querySelector("input[type=radio]").focus();
      return;
    }
    var api = tools();
    if (!api) {
      this.message(form, "The decision tools are not available on this page, so the answer cannot be checked. " +
        "Reload the page to try again.", true);
      return;
    }
    if (typeof api.start === "function") {
      try { api.start(this.root); } catch (error) { /* ask() reports a runtime that cannot start */ }
    }
    var choice = checked.value;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    this.message(form, "Checking your answer… (the first time, the tools take a few seconds to load)", false);
    var request = {
      op: "form", tool: form.getAttribute("data-tool"), school: this.school, date: this.date,
      answers: JSON.parse(form.getAttribute("data-answers")), audience: "staff",
    };
    var ask = form.getAttribute("data-ask");
    var self = this;
    Promise.resolve().then(function () { return api.ask(request); }).then(function (reply) {
      if (!reply || !reply.ok || !reply.outcome) {
        var why = reply && reply.error ? reply.error.message : "the tool gave no answer for this question";
        throw new Error(why);
      }
      var outcome = reply.outcome;
      var right = normal(ask === "outcome" ? outcome.outcome : (outcome.fields || {})[ask]);
      var first = self.state.tries[sid];
      if (choice !== right && first === undefined) {  // one more try, without saying the answer
        self.state.tries[sid] = choice;
        self.save();
        button.disabled = false;
        self.renderRetry(form, choice, true);
        return;
      }
      delete self.state.tries[sid];
      var record = {
        choice: choice, correct: choice === right, right: right,
        tries: first === undefined ? 1 : 2, first: first === undefined ? null : first,
        title: outcome.title, verdict: outcome.verdict, lines: outcome.lines || [], text: outcome.text,
        notes: outcome.notes || [],
        citations: (outcome.citations || []).map(function (c) {
          return { clause: c.clause, label: c.label, document: c.document, national: !!c.national };
        }),
        at: new Date().toISOString(),
      };
      self.state.answers[sid] = record;
      if (self.answeredCount() === self.total && !self.state.completed) self.state.completed = record.at;
      self.save();
      self.lock(form, choice);
      self.renderFeedback(form, record, true);
      self.update();
    }).catch(function (error) {
      button.disabled = false;
      self.message(form, "Your answer could not be checked: " + (error && error.message || error) +
        ". Try again in a moment.", true);
    });
  };

  InductionPath.prototype.renderFeedback = function (form, record, focus) {
    var box = form.querySelector(".induction-feedback");
    box.textContent = "";
    var chose = this.labelOf(form, record.choice) || record.choice;
    var rightLabel = this.labelOf(form, record.right) || record.right;
    var second = record.tries === 2;
    var before = second && record.first !== record.choice
      ? "You chose “" + (this.labelOf(form, record.first) || record.first) + "”, then “" + chose + "”."
      : "You chose “" + chose + "”" + (second ? " twice." : ".");
    var verdict = make("p", {
      "class": "induction-verdict induction-verdict--" + (record.correct ? "right" : "wrong"), tabindex: "-1",
    }, record.correct
      ? [make("strong", { text: second ? "Right, at the second try." : "Right." }), " You chose “" + chose + "”."]
      : [make("strong", { text: "Not quite." }), " " + before + " The answer is “" + rightLabel + "”."]);
    // The tool's answer as the tool pages show it: its verdict, then its labelled lines. (An answer
    // saved before answers had them shows its text as one paragraph.)
    var outcome = make("div", { "class": "induction-outcome" }, [
      make("p", { "class": "induction-outcome__title" }, [make("strong", {}, [rich(record.title)])]),
      make("p", { "class": "induction-outcome__verdict tool-outcome__verdict" }, [rich(record.verdict || record.text)]),
    ]);
    if (record.verdict && (record.lines || []).length) {
      var lines = make("dl", { "class": "induction-outcome__lines tool-outcome__lines" });
      record.lines.forEach(function (line) {
        lines.append(make("dt", {}, [rich(line.label)]), make("dd", {}, [rich(line.text)]));
      });
      outcome.appendChild(lines);
    }
    (record.notes || []).forEach(function (note) {
      outcome.appendChild(make("p", { "class": "induction-outcome__note" }, [rich(note)]));
    });
    if (record.citations && record.citations.length) {
      var template = this.hrefTemplate;
      outcome.appendChild(make("p", { "class": "induction-outcome__label", text: "Based on:" }));
      outcome.appendChild(make("ul", { "class": "induction-citations" }, record.citations.map(function (c) {
        var href = template.replace("{document}", encodeURIComponent(c.document)).replace("{clause}", encodeURIComponent(c.clause));
        return make("li", {}, [
          make("a", { "class": "citation", href: href, "data-clause": c.clause, text: c.label }),
          c.national ? " (national rule)" : null,
        ]);
      })));
    }
    box.appendChild(verdict);
    box.appendChild(outcome);
    if (focus) verdict.focus();
  };

  // A wrong first answer: say so, keep the options open and the button visible for one more try.
  InductionPath.prototype.renderRetry = function (form, choice, focus) {
    var box = form.querySelector(".induction-feedback");
    box.textContent = "";
    var verdict = make("p", { "class": "induction-verdict induction-verdict--wrong induction-verdict--retry", tabindex: "-1" }, [
      make("strong", { text: "Not quite." }),
      " “" + (this.labelOf(form, choice) || choice) + "” is not the answer. You have one more try: read the unit " +
      "again if you need to, then choose an answer and check it.",
    ]);
    box.appendChild(verdict);
    form.classList.add("induction-question--retry");
    if (focus) verdict.focus();
  };

  // -- starting again --------------------------------------------------------------------------

  InductionPath.prototype.confirmReset = function (open) {
    var box = this.root.querySelector(".induction-confirm");
    box.hidden = !open;
    if (open) box.querySelector("[data-action=reset-yes]").focus();
    else this.root.querySelector("[data-action=reset]").focus();
  };

  InductionPath.prototype.reset = function () {
    var self = this;
    forget(this.key);
    this.state = this.fresh();
    Object.keys(this.forms).forEach(function (sid) { self.unlock(self.forms[sid]); });
    this.root.querySelector(".induction-confirm").hidden = true;
    this.show(this.units[0].getAttribute("data-unit"), true);
    this.save();
    this.update();
    this.say("Your answers have been cleared. " + this.status.textContent);
  };

  // -- the landing page: progress per school ---------------------------------------------------

  function showProgress(span) {
    var state = load(span.getAttribute("data-induction-progress"));
    var total = parseInt(span.getAttribute("data-total"), 10) || 0;
    var answered = state && state.answers ? Object.keys(state.answers).length : 0;
    if (!answered) {
      span.textContent = "";
      return;
    }
    span.textContent = answered >= total && state.completed
      ? " — you have completed this path"
      : " — you have answered " + Math.min(answered, total) + " of " + total;
  }

  function onPage() {
    document.querySelectorAll(".induction").forEach(function (root) {
      if (root.__induction) return;
      root.__induction = new InductionPath(root);
      root.__induction.start();
    });
    document.querySelectorAll("[data-induction-progress]").forEach(showProgress);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
