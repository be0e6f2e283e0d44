/* The submission desk: a pipeline editor checked as you type against the server's API, and the 30 METRICS items
   answered by clicking. The text is the one source of truth: an answer is written into it by the server
   (POST /api/v1/assess, which changes only that answer's characters) and the panel shows what the text says.
   Everything that comes from the pipeline text is written with textContent, never as HTML; the only markup taken
   from the server is the SVG drawing, which the server renders with escaping and which is parsed as XML. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 350;
  var WORD = { yes: "Yes", no: "No", review: "Review" };
  var NAMES = { 1: "segmentation", 2: "fully automated segmentation", 3: "hand-crafted features",
    4: "tabular data", 5: "end-to-end deep learning" };
  var RANK = { info: 1, warning: 2, error: 3 };

  var FORMAT_NAMES = { dsl: "DSL", yaml: "YAML", json: "JSON" };

  var $ = function (id) { return document.getElementById(id); };
  var spec, gutter, marks, status;
  var examples = {}, meta = null, timer = null, seq = 0, shown = 0, flagged = {}, current = 0;
  var format = null, lastFile = null, writing = Promise.resolve(), pendingAnnounce = null, zoom = 1;
  var drafted = null, evidenceKey = null, beforeDraft = null;  // the last draft's evidence; the text it replaced

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function say(text, kind) {  // a passing message (a download, a server that cannot be reached)
    var n = $("notice");
    n.textContent = text;
    n.className = "notice" + (kind ? " " + kind : "");
  }

  function announce(text) {  // read out by screen readers (the score after an answer)
    var a = $("announce");
    a.textContent = "";
    setTimeout(function () { a.textContent = text; }, 30);
  }

  function lines() { return spec.value.split("\n"); }

  // ------------------------------------------------------------ the gutter and the line marks
  function paintLines() {
    var n = lines().length;
    var g = document.createDocumentFragment(), m = document.createDocumentFragment();
    for (var i = 1; i <= n; i++) {
      var cls = flagged[i] ? "flag-" + flagged[i] : "";
      if (i === current) { cls += " current"; }
      var num = el("div", cls, i);
      num.setAttribute("data-line", String(i));
      g.appendChild(num);
      var band = el("div", cls, "\u00a0");
      band.setAttribute("data-line", String(i));
      m.appendChild(band);
    }
    clear(gutter); gutter.appendChild(g);
    clear(marks); marks.appendChild(m);
    syncScroll();
  }

  function syncScroll() {
    gutter.scrollTop = spec.scrollTop;
    marks.style.transform = "translate(" + (-spec.scrollLeft) + "px," + (-spec.scrollTop) + "px)";
  }

  function showLine(line) {
    var all = lines();
    line = Math.max(1, Math.min(line, all.length));
    var start = 0;
    for (var i = 0; i < line - 1; i++) { start += all[i].length + 1; }
    current = line;
    paintLines();
    spec.focus();
    spec.setSelectionRange(start, start + all[line - 1].length);
    var lh = parseFloat(getComputedStyle(spec).lineHeight) || 20;
    var top = (line - 1) * lh;
    if (top < spec.scrollTop || top > spec.scrollTop + spec.clientHeight - 2 * lh) {
      spec.scrollTop = Math.max(0, top - spec.clientHeight / 3);
    }
    syncScroll();
  }

  // ------------------------------------------------------------ talking to the API
  function post(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body), credentials: "same-origin", cache: "no-store" });
  }

  function errorText(resp, doc) {
    if (doc && doc.error) { return doc.error.message + " (HTTP " + resp.status + ")"; }
    return "the server answered HTTP " + resp.status;
  }

  function postJSON(path, body) {  // resolves to the JSON document; rejects with a readable message
    return post(path, body).then(function (resp) {
      return resp.text().then(function (text) {
        var doc = null;
        try { doc = JSON.parse(text); } catch (e) { doc = null; }
        if (!resp.ok || !doc) { throw new Error(errorText(resp, doc)); }
        return doc;
      });
    });
  }

  function payload() {
    return { text: spec.value, format: null };  // the format is detected from the text, never assumed
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function check() {
    if (timer) { clearTimeout(timer); timer = null; }
    var mine = ++seq;
    document.body.setAttribute("data-pending", String(mine));
    status.setAttribute("aria-busy", "true");
    post("/api/v1/check?include=svg", payload()).then(function (resp) {
      return resp.json().then(function (doc) { return [resp, doc]; });
    }).then(function (pair) {
      if (mine < shown) { return; }  // an older answer arriving late
      shown = mine;
      status.removeAttribute("aria-busy");
      if (!pair[0].ok) {
        setStatus("error", "Not checked: " + errorText(pair[0], pair[1]));
        document.body.setAttribute("data-checked", String(mine));
        return;
      }
      say("", null);
      render(pair[1]);
      document.body.setAttribute("data-checked", String(mine));
    }).catch(function (err) {
      status.removeAttribute("aria-busy");
      setStatus("error", "Not checked: the server could not be reached (" + err + ")");
    });
  }

  // ------------------------------------------------------------ the status line
  function setStatus(state, text, link) {
    clear(status);
    status.appendChild(document.createTextNode(text));
    if (link) {
      status.appendChild(document.createTextNode(" "));
      var a = el("a", null, link[1]);
      a.href = link[0];
      status.appendChild(a);
    }
    status.setAttribute("data-state", state);
    status.className = "status s-" + state;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // input or rule errors, then conditions in review, then warnings, then ok
  function showStatus(f, problems) {
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var warnings = problems.filter(function (p) { return p.severity === "warning"; });
    var review = Object.keys(f.conditions).filter(function (c) { return f.conditions[c].verdict === "review"; });
    if (f.status === "input-error") {
      var e = f.errors[0];
      setStatus("error", "The pipeline could not be judged: " + plural(f.errors.length, "input error") +
        " (line " + e.line + ": " + e.message + ").");
    } else if (errors.length) {
      setStatus("error", "Checked: " + plural(errors.length, "error") +
        (warnings.length ? " and " + plural(warnings.length, "warning") : "") + ".");
    } else if (review.length) {
      var c = review[0];
      setStatus("review", "To review: " + review.map(function (n) {
        return "Condition #" + n + " (" + f.conditions[n].rule + ")";
      }).join(", ") + (review.length === 1 ? " is" : " are") + " left to your judgement" +
        (warnings.length ? " (and " + plural(warnings.length, "warning") + ")." : "."),
      ["#verdict-" + c, "See why"]);
    } else if (warnings.length) {
      setStatus("warning", "Checked: no errors, " + plural(warnings.length, "warning") + ".");
    } else {
      var rest = problems.length;
      setStatus("ok", "Checked: no errors or warnings" + (rest ? ", " + plural(rest, "note") : "") + ".");
    }
  }

  // ------------------------------------------------------------ showing a report
  function render(report) {
    var f = report.files[0];
    lastFile = f;
    format = f.format;
    showFormat();
    var problems = f.errors.concat(f.findings.filter(function (x) { return !x.waived; }));
    var waived = f.findings.filter(function (x) { return x.waived; });
    flagged = {};
    problems.forEach(function (p) {
      if (!flagged[p.line] || RANK[p.severity] > RANK[flagged[p.line]]) { flagged[p.line] = p.severity; }
    });
    if (current && !flagged[current]) { current = 0; }
    paintLines();
    showStatus(f, problems);
    $("title").textContent = f.title ? "“" + f.title + "” — " + f.stages + " stages" : "";

    var list = $("problems");
    clear(list);
    problems.concat(waived).forEach(function (p) { list.appendChild(problemItem(p, "li", true)); });
    $("problems-box").hidden = !list.firstChild;

    var body = $("verdicts").tBodies[0];
    clear(body);
    Object.keys(f.conditions).forEach(function (c) {
      var v = f.conditions[c];
      var tr = el("tr", "row-" + v.verdict);
      tr.id = "verdict-" + c;
      var th = el("th", null, "#" + c + " " + (NAMES[c] || ""));
      th.scope = "row";
      th.appendChild(el("span", "question", v.question));
      tr.appendChild(th);
      var shows = el("td", "v v-" + v.verdict, WORD[v.verdict] || v.verdict);
      shows.appendChild(el("span", "rule", v.rule));
      tr.appendChild(shows);
      var agree = !v.declared ? ["not declared", "a-none"] : v.verdict === "review" ? [WORD[v.declared] + " (to review)", "a-review"]
        : v.declared === v.verdict ? [WORD[v.declared] + " — agrees", "a-agrees"] : [WORD[v.declared] + " — DISAGREES", "a-disagrees"];
      var declaredCell = el("td", agree[1]);
      declaredCell.appendChild(declareSelect(Number(c), v.declared));
      declaredCell.appendChild(el("span", "agree", agree[0]));
      tr.appendChild(declaredCell);
      var why = el("td", "why", v.reason);
      (v.evidence || []).forEach(function (e) {
        e.paths.forEach(function (path) { why.appendChild(el("span", "path", "path: " + path.join(" → "))); });
      });
      tr.appendChild(why);
      body.appendChild(tr);
    });
    $("verdicts-box").hidden = !body.firstChild;

    drawing(report.svg, f);
    showItems(f);
    var text = showScore(f);
    if (pendingAnnounce) {
      announce(pendingAnnounce + " METRICS score: " + text + ".");
      pendingAnnounce = null;
    }
  }

  function problemItem(p, tag, withButton) {
    var li = el(tag, "problem sev-" + p.severity + (p.waived ? " waived" : ""));
    var head = el("p", "phead");
    head.appendChild(el("span", "badge sev-" + p.severity, p.waived ? "waived" : p.severity));
    head.appendChild(el("code", "code", p.code));
    head.appendChild(el("span", "where", "line " + p.line + ", column " + p.column));
    li.appendChild(head);
    li.appendChild(el("p", "msg", p.message));
    if (p.fix) {
      var fix = el("p", "fix");
      fix.appendChild(el("strong", null, "Fix: "));
      fix.appendChild(document.createTextNode(p.fix));
      li.appendChild(fix);
    }
    if (p.justification) { li.appendChild(el("p", "fix", "Waived: " + p.justification)); }
    if (withButton) {
      var b = el("button", "show", "Show line " + p.line);
      b.type = "button";
      b.setAttribute("aria-label", "Show line " + p.line + " in the editor (" + p.code + ")");
      b.addEventListener("click", function () { showLine(p.line); });
      li.appendChild(b);
    }
    return li;
  }

  // ------------------------------------------------------------ the score
  function category(score) {
    var r = Math.round(score * 10) / 10;
    return r >= 80 ? "excellent" : r >= 60 ? "good" : r >= 40 ? "moderate" : r >= 20 ? "low" : "very low";
  }

  function showScore(f) {
    var node = $("score");
    ["data-score", "data-score-low", "data-score-high"].forEach(function (a) { node.removeAttribute(a); });
    var counts = $("score-counts");
    var text;
    if (f.status === "input-error") {
      text = "not scored (the text has an input error)";
      counts.textContent = "";
    } else if (!f.assessed) {
      text = "not assessed";
      counts.textContent = "No item is answered yet: answer one below, or add an assess line.";
    } else if (f.score !== null && f.score !== undefined) {
      var s = Number(f.score).toFixed(1);
      text = s + " (" + f.category + ")";
      node.setAttribute("data-score", s);
    } else if (f.score_range) {
      var lo = Number(f.score_range[0]).toFixed(1), hi = Number(f.score_range[1]).toFixed(1);
      var cl = category(f.score_range[0]), ch = category(f.score_range[1]);
      text = lo + "–" + hi + " (" + (cl === ch ? cl : cl + " to " + ch) + ", while a condition is in review)";
      node.setAttribute("data-score-low", lo);
      node.setAttribute("data-score-high", hi);
    } else {
      text = "not assessed";
    }
    node.textContent = text;
    node.className = "score" + (node.hasAttribute("data-score") || node.hasAttribute("data-score-low") ? "" : " none");
    if (f.assessed && f.assessment) {
      var c = { yes: 0, no: 0, none: 0, applicable: 0, pending: 0 };
      f.assessment.items.forEach(function (it) {
        if (it.applies === "pending") { c.pending += 1; return; }
        if (it.applies !== "yes") { return; }
        c.applicable += 1;
        if (it.answer === "yes") { c.yes += 1; } else if (it.answer === "no") { c.no += 1; } else { c.none += 1; }
      });
      counts.textContent = c.yes + " yes, " + c.no + " no, " + c.none + " unanswered (counted as No) of " +
        c.applicable + " applicable items" + (c.pending ? "; " + plural(c.pending, "item") + " wait on a review verdict" : "") + ".";
    }
    return text;
  }

  // ------------------------------------------------------------ the items panel
  function buildItems() {
    var box = $("items");
    clear(box);
    meta.sections.forEach(function (section, k) {
      var group = el("div", "section");
      group.setAttribute("role", "group");
      var h = el("h4", "section-title", section.title + " (items " + section.items[0] + "–" +
        section.items[section.items.length - 1] + ")");
      h.id = "section-" + k;
      group.setAttribute("aria-labelledby", h.id);
      group.appendChild(h);
      section.items.forEach(function (n) { group.appendChild(itemRow(meta.byNumber[n])); });
      box.appendChild(group);
    });
  }

  function itemRow(it) {
    var n = it.item;
    var row = el("div", "item");
    row.id = "item-" + n;
    row.setAttribute("data-item", String(n));
    var head = el("p", "ihead");
    var title = el("span", "ititle", n + ". " + it.title);
    title.id = "item-" + n + "-title";
    head.appendChild(title);
    head.appendChild(el("span", "iweight", "weight " + it.weight.toFixed(4)));
    row.appendChild(head);
    var answers = el("div", "answers");
    answers.setAttribute("role", "radiogroup");
    answers.setAttribute("aria-labelledby", title.id);
    ["yes", "no"].forEach(function (value) {
      var input = el("input");
      input.type = "radio";
      input.name = "item-" + n;
      input.id = "item-" + n + "-" + value;
      input.value = value;
      input.setAttribute("data-answer", value);
      input.addEventListener("change", function () { if (input.checked) { answer(n, value, null); } });
      var label = el("label", "choice", WORD[value]);
      label.htmlFor = input.id;
      answers.appendChild(input);
      answers.appendChild(label);
    });
    var clearButton = el("button", "clear", "Clear");
    clearButton.type = "button";
    clearButton.setAttribute("aria-label", "Clear the answer to item " + n);
    clearButton.addEventListener("click", function () { answer(n, "none", null); });
    answers.appendChild(clearButton);
    var noteButton = el("button", "note-toggle", "Add note");
    noteButton.type = "button";
    noteButton.setAttribute("aria-label", "Add a note to item " + n);
    answers.appendChild(noteButton);
    row.appendChild(answers);
    row.appendChild(el("p", "istate"));
    var noteLabel = el("label", "note-label", "Note ");
    var note = el("input", "note");
    note.type = "text";
    note.id = "item-" + n + "-note";
    note.setAttribute("aria-label", "Note on item " + n + " (where the paper shows it)");
    note.placeholder = "where the paper shows it (optional)";
    note.addEventListener("change", function () {
      var chosen = row.querySelector("input[data-answer=yes]:checked, input[data-answer=no]:checked");
      if (chosen) { answer(n, chosen.value, note.value); }
    });
    noteLabel.appendChild(note);
    row.appendChild(noteLabel);
    noteButton.addEventListener("click", function () { row.classList.add("noting"); note.focus(); });
    note.addEventListener("blur", function () { if (!note.value) { row.classList.remove("noting"); } });
    row.appendChild(el("ul", "ifindings"));
    return row;
  }

  // the answer the scoring gates on: the verdict, or the declared answer where the verdict is review
  function gates(f) {
    var out = {}, why = {}, review = {};
    [1, 2, 3, 4, 5].forEach(function (c) {
      var v = f.conditions[String(c)];
      if (!v) { out[c] = null; return; }
      if (v.verdict === "yes" || v.verdict === "no") {
        out[c] = v.verdict === "yes";
        why[c] = "Condition #" + c + " is " + WORD[v.verdict] + ", decided by " + v.rule;
      } else {
        review[c] = true;
        out[c] = v.declared === "yes" || v.declared === "no" ? v.declared === "yes" : null;
        why[c] = out[c] === null ? "Condition #" + c + " (in review, " + v.rule + ")"
          : "Condition #" + c + " is " + WORD[v.declared] + " as you declared (" + v.rule + " leaves it to review)";
      }
    });
    if (out[1] === false) { out[2] = false; why[2] = why[1]; review[2] = review[1]; }
    return { value: out, why: why, review: review };
  }

  function itemFindings(f) {  // item number -> its M findings
    var byLine = {}, out = {};
    if (f.assessment) { f.assessment.items.forEach(function (it) { if (it.line) { byLine[it.line] = it.item; } }); }
    f.findings.forEach(function (p) {
      if (p.waived || p.code.charAt(0) !== "M") { return; }
      var m = /^M[34](\d\d)$/.exec(p.code);
      var n = m ? Number(m[1]) : byLine[p.line];
      if (n) { (out[n] = out[n] || []).push(p); }
    });
    return out;
  }

  function showItems(f) {
    if (!meta) { return; }
    var broken = f.status === "input-error";
    $("items-fields").disabled = broken;
    $("items-panel").classList.toggle("disabled", broken);
    var why = $("items-disabled");
    why.hidden = !broken;
    if (broken) {
      var e = f.errors[0];
      why.textContent = "The answers cannot be set while the text has an input error (line " + e.line + ", column " +
        e.column + ": " + e.message + "). Fix it in the editor and the panel comes back.";
      return;
    }
    var g = gates(f);
    var answers = {};
    if (f.assessment) { f.assessment.items.forEach(function (it) { answers[it.item] = it; }); }
    var found = itemFindings(f);
    meta.items.forEach(function (it) {
      var n = it.item;
      var row = $("item-" + n);
      var off = it.conditions.filter(function (c) { return g.value[c] === false; });
      var waiting = it.conditions.filter(function (c) { return g.review[c]; });
      var given = answers[n] || null;
      var state = row.querySelector(".istate");
      var na = row.querySelector("input[data-answer=na]");
      var choices = row.querySelectorAll("input[data-answer=yes], input[data-answer=no], label.choice, button.clear, " +
        "button.note-toggle");
      row.classList.toggle("off", off.length > 0);
      row.classList.toggle("pending", !off.length && waiting.length > 0);
      if (off.length) {
        Array.prototype.forEach.call(choices, function (c) { c.hidden = true; c.disabled = true; });
        if (!na) {
          na = el("input");
          na.type = "radio";
          na.id = "item-" + n + "-na";
          na.name = "item-" + n + "-off";
          na.setAttribute("data-answer", "na");
          var label = el("label", "na-label", "n/a");
          label.htmlFor = na.id;
          var answersBox = row.querySelector(".answers");
          answersBox.insertBefore(label, answersBox.firstChild);
          answersBox.insertBefore(na, label);
        }
        na.checked = true;
        na.disabled = true;
        var c = off[0];
        state.textContent = "n/a — no " + meta.conditionNames[c] + ": " + (g.why[c] || "Condition #" + c + " is No") + ".";
      } else {
        if (na) { na.nextSibling.remove(); na.remove(); }
        Array.prototype.forEach.call(choices, function (ch) { ch.hidden = false; ch.disabled = false; });
        var value = given ? given.answer : null;
        row.querySelector("input[data-answer=yes]").checked = value === "yes";
        row.querySelector("input[data-answer=no]").checked = value === "no";
        row.querySelector("button.clear").hidden = !value;
        row.querySelector("button.note-toggle").hidden = value !== "yes" && value !== "no";
        var declared = waiting.every(function (c) { return g.value[c] === true; });
        state.textContent = waiting.length
          ? "Waits on a review verdict: " + waiting.map(function (c) { return g.why[c]; }).join(" and ") +
            (declared ? "; it counts as declared." : "; it counts only if the condition is Yes.")
          : value === "n/a" ? "Answered n/a in the text, but the item applies: answer Yes or No."
          : !value && f.assessed ? "Unanswered: counts as No." : "";
      }
      var note = row.querySelector("input.note");
      if (document.activeElement !== note) { note.value = given && given.note ? given.note : ""; }
      note.disabled = off.length > 0 || !given || (given.answer !== "yes" && given.answer !== "no");
      var list = row.querySelector(".ifindings");
      clear(list);
      (found[n] || []).forEach(function (p) { list.appendChild(problemItem(p, "li", false)); });
    });
  }

  function declareSelect(c, declared) {  // the author's own answer to a condition, written as a declare line
    var select = el("select", "declare");
    select.id = "declare-" + c;
    select.setAttribute("aria-label", "Your answer to Condition #" + c);
    [["none", "not declared"], ["yes", "Yes"], ["no", "No"]].forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      select.appendChild(opt);
    });
    select.value = declared || "none";
    select.addEventListener("change", function () { write("/api/v1/declare", { condition: c, answer: select.value },
      "Condition #" + c + ": " + (select.value === "none" ? "declaration removed" : "declared " + WORD[select.value]) + ".",
      "the declared answer to Condition #" + c); });
    return select;
  }

  function answer(n, value, note) {
    var body = { item: n, answer: value };
    if (note !== null) { body.note = note; }
    write("/api/v1/assess", body,
      "Item " + n + ": " + (value === "none" ? "answer cleared" : note !== null ? "note saved" : WORD[value]) + ".",
      "the answer to item " + n);
  }

  function write(path, fields, done, what) {
    // one answer at a time, each written into the text as it is when its turn comes
    writing = writing.then(function () {
      var body = payload();
      Object.keys(fields).forEach(function (k) { body[k] = fields[k]; });
      var sent = body.text;
      return postJSON(path, body).then(function (doc) {
        if (spec.value !== sent) { return; }  // the text changed meanwhile: the next check shows what it says
        var top = spec.scrollTop;
        spec.value = doc.text;
        spec.scrollTop = top;
        paintLines();
        pendingAnnounce = done;
        check();
      }).catch(function (err) {
        say("Could not write " + what + ": " + err.message, "bad");
        check();
      });
    });
  }

  // ------------------------------------------------------------ the drawing: fitted to its panel, zoom and pan
  function drawing(svgText, f) {
    var box = $("drawing");
    var keep = { left: box.scrollLeft, top: box.scrollTop };
    clear(box);
    if (!svgText) { $("drawing-box").hidden = true; return; }
    var doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
    var svg = doc.documentElement;
    if (!svg || svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
      $("drawing-box").hidden = true; return;
    }
    Array.prototype.forEach.call(svg.querySelectorAll("script, foreignObject"), function (n) { n.remove(); });
    box.appendChild(document.importNode(svg, true));
    var c5 = f.conditions["5"];
    var paths = [];
    if (c5) { (c5.evidence || []).forEach(function (e) { paths = paths.concat(e.paths); }); }
    $("drawing-caption").textContent = paths.length
      ? "The path that decided Condition #5 (in red): " + paths.map(function (p) { return p.join(" → "); }).join("; ")
      : "The pipeline's stages and data flow.";
    $("drawing-box").hidden = false;
    fitDrawing();
    box.scrollLeft = keep.left;
    box.scrollTop = keep.top;
  }

  function fitDrawing() {
    var box = $("drawing");
    var svg = box.querySelector("svg");
    if (!svg) { return; }
    var natural = parseFloat(svg.getAttribute("width")) || 600;
    var room = Math.max(120, box.clientWidth - 4);
    var fit = Math.min(1, room / natural);  // never wider than the panel at zoom 1, never blown up
    svg.style.width = Math.round(natural * fit * zoom) + "px";
    svg.style.height = "auto";
    $("zoom-out").disabled = zoom <= 0.5;
    $("zoom-in").disabled = zoom >= 4;
  }

  function setZoom(z) {
    var box = $("drawing");
    var cx = (box.scrollLeft + box.clientWidth / 2) / Math.max(1, box.scrollWidth);
    zoom = Math.max(0.5, Math.min(4, z));
    fitDrawing();
    box.scrollLeft = cx * box.scrollWidth - box.clientWidth / 2;
  }

  function panWithPointer() {
    var box = $("drawing"), from = null;
    box.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      from = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
      box.classList.add("panning");
    });
    window.addEventListener("pointermove", function (e) {
      if (!from) { return; }
      box.scrollLeft = from.left - (e.clientX - from.x);
      box.scrollTop = from.top - (e.clientY - from.y);
    });
    window.addEventListener("pointerup", function () { from = null; box.classList.remove("panning"); });
  }

  // ------------------------------------------------------------ format and conversion
  function showFormat() {
    $("format-shown").textContent = format ? "Format: " + FORMAT_NAMES[format] + " (detected)" : "Format: detected from the text";
    ["dsl", "yaml", "json"].forEach(function (to) { $("to-" + to).disabled = to === format; });
  }

  function convertInPlace(to) {
    var body = payload();
    body.to = to;
    postJSON("/api/v1/convert", body).then(function (doc) {
      spec.value = doc.text;
      current = 0;
      flagged = {};
      spec.scrollTop = 0;
      paintLines();
      say("Converted to " + FORMAT_NAMES[to] + ".", "good");
      check();
    }).catch(function (err) { say("Could not convert: " + err.message, "bad"); });
  }

  // ------------------------------------------------------------ a METRICS answer sheet in
  function importSheet(row) {
    var file = $("csv-file").files[0];
    if (!file) { return; }
    file.text().then(function (csv) {
      var body = payload();
      body.csv = csv;
      body.row = row;
      return postJSON("/api/v1/import", body);
    }).then(function (doc) {
      var notes = $("import-notes");
      clear(notes);
      if (doc.rows) {
        var select = $("csv-row");
        clear(select);
        doc.rows.forEach(function (r) {
          var o = el("option", null, r.label + " (line " + r.row + ")");
          o.value = String(r.row);
          select.appendChild(o);
        });
        $("csv-choice").hidden = false;
        say("The sheet has " + doc.rows.length + " rows: choose one.", null);
        select.focus();
        return;
      }
      $("csv-choice").hidden = true;
      spec.value = doc.text;
      paintLines();
      doc.notes.forEach(function (t) { notes.appendChild(el("li", null, t)); });
      pendingAnnounce = "Answers loaded from the sheet.";
      check();
    }).catch(function (err) { say("Could not load the sheet: " + err.message, "bad"); });
  }

  // ------------------------------------------------------------ Draft from your Methods
  // The text goes as JSON; a DOCX, JATS or PDF file as the raw body with its own media type (no multipart).
  var DOCUMENT_TYPES = { docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    pdf: "application/pdf", xml: "application/jats+xml", nxml: "application/jats+xml", jats: "application/jats+xml" };
  var TEXT_SUFFIXES = { txt: true, text: true, md: true, markdown: true };

  function draftState(text, kind) {
    var n = $("draft-state");
    n.textContent = text;
    n.className = "notice" + (kind ? " " + kind : "");
  }

  function drafting(busy) {
    ["draft-go", "draft-file"].forEach(function (id) { $(id).disabled = busy; });
    $("draft-panel").setAttribute("aria-busy", busy ? "true" : "false");
  }

  function draftFrom(request, what) {
    drafting(true);
    draftState("Drafting from " + what + "…", null);
    request.then(function (resp) {
      return resp.text().then(function (text) {
        var doc = null;
        try { doc = JSON.parse(text); } catch (e) { doc = null; }
        if (!resp.ok || !doc || typeof doc.spec !== "string") { throw new Error(errorText(resp, doc)); }
        return doc;
      });
    }).then(function (doc) {
      drafting(false);
      if (spec.value.trim()) { beforeDraft = spec.value; }
      drafted = doc;
      evidenceKey = null;
      spec.value = doc.spec;
      current = 0;
      flagged = {};
      spec.scrollTop = 0;
      paintLines();
      var stages = Object.keys(doc.stages).length;
      var inferred = doc.edges.filter(function (e) { return e.inferred; }).length;
      var read = doc.section.title ? "the section “" + doc.section.title + "”" : "the whole text";
      draftState("Drafted " + plural(stages, "stage") + " and " + plural(doc.edges.length, "flow edge") + " (" +
        inferred + " inferred) from " + read + " into the editor. Put the cursor on a stage or flow line to see " +
        "the sentence it came from." + (doc.missing.length ? " Not stated in the text:" : ""), "good");
      var missing = $("draft-missing");
      clear(missing);
      doc.missing.forEach(function (m) { missing.appendChild(el("li", null, m.fact + " (" + m.affects + ")")); });
      $("draft-undo").hidden = beforeDraft === null;
      showEvidence();
      check();
    }).catch(function (err) {
      drafting(false);
      draftState("Could not draft: " + (err && err.message ? err.message : err), "bad");
    });
  }

  function draftText() {
    var text = $("draft-text").value;
    if (!text.trim()) {
      draftState("Paste the Methods text first, or choose a manuscript file.", "bad");
      $("draft-text").focus();
      return;
    }
    draftFrom(post("/api/v1/draft", { text: text }), "the pasted text");
  }

  function draftFile() {
    var file = $("draft-file").files[0];
    if (!file) { return; }
    var dot = file.name.lastIndexOf(".");
    var suffix = dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : "";
    var media = DOCUMENT_TYPES[suffix];
    var what = "“" + file.name + "”";
    if (media) {
      draftFrom(fetch("/api/v1/draft", { method: "POST", headers: { "Content-Type": media }, body: file,
        credentials: "same-origin", cache: "no-store" }), what);
    } else if (TEXT_SUFFIXES[suffix] || /^text\//.test(file.type)) {
      draftFrom(file.text().then(function (text) { return post("/api/v1/draft", { text: text }); }), what);
    } else {
      draftState("Could not draft from " + what + ": choose a DOCX, PDF, JATS XML, text or Markdown file.", "bad");
    }
  }

  function undoDraft() {
    if (beforeDraft === null) { return; }
    spec.value = beforeDraft;
    beforeDraft = null;
    drafted = null;
    $("draft-undo").hidden = true;
    current = 0;
    flagged = {};
    paintLines();
    showEvidence();
    draftState("The text the draft replaced is back in the editor.", null);
    spec.focus();
    check();
  }

  // The drafted stage or flow edge on the cursor's line (or on the stage line a comment stands above).
  var STAGE_LINE = /^\s*[a-z_]+\s+([A-Za-z_][\w.-]*)\s*:/;
  var FLOW_LINE = /^\s*flow\s+(.+)$/;
  var YAML_STAGE_LINE = /^\s*-\s*name:\s*["']?([A-Za-z_][\w.-]*)/;  // the draft converted to YAML

  function lineAt(pos) {
    var before = spec.value.slice(0, pos);
    var start = before.lastIndexOf("\n") + 1;
    var end = spec.value.indexOf("\n", pos);
    return { start: start, text: spec.value.slice(start, end < 0 ? spec.value.length : end) };
  }

  function evidenceOf(text) {
    var m = STAGE_LINE.exec(text) || YAML_STAGE_LINE.exec(text);
    if (m && Object.prototype.hasOwnProperty.call(drafted.stages, m[1])) {
      return { key: "stage:" + m[1], what: "Stage " + m[1], evidence: drafted.stages[m[1]], inferred: false };
    }
    m = FLOW_LINE.exec(text);
    if (m) {
      var names = m[1].split("->").map(function (n) { return n.trim().split(/[\s:\[{]/)[0]; });
      for (var i = 0; i + 1 < names.length; i++) {
        for (var k = 0; k < drafted.edges.length; k++) {
          var e = drafted.edges[k];
          if (e.from === names[i] && e.to === names[i + 1]) {
            return { key: "edge:" + e.from + ">" + e.to, what: "Flow " + e.from + " → " + e.to,
              evidence: e.evidence, inferred: e.inferred };
          }
        }
      }
    }
    return null;
  }

  function showEvidence() {
    var box = $("evidence");
    var found = null;
    if (drafted) {
      var line = lineAt(spec.selectionStart);
      found = evidenceOf(line.text);
      if (!found && /^\s*#/.test(line.text)) {  // an evidence comment: the line it stands above
        var rest = spec.value.slice(line.start).split("\n");
        for (var i = 1; i < rest.length && !found; i++) {
          if (/^\s*#/.test(rest[i])) { continue; }
          found = evidenceOf(rest[i]);
          break;
        }
      }
    }
    if (!found) {
      box.hidden = true;
      evidenceKey = null;
      return;
    }
    box.hidden = false;
    if (found.key === evidenceKey) { return; }  // the same line's evidence: nothing new to announce
    evidenceKey = found.key;
    var list = $("evidence-quotes");
    clear(list);
    found.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("q", null, ev.quote));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "where", "paragraph " + ev.paragraph + ", sentence " + ev.sentence));
      list.appendChild(li);
    });
    var first = found.evidence[0];
    var said = !first ? found.what + ": no sentence states it."
      : found.what + (found.inferred ? " is inferred (no sentence states it); see" : " came from") + " paragraph " +
        first.paragraph + ", sentence " + first.sentence + ": “" + first.quote + "”" +
        (found.evidence.length > 1 ? " (and " + plural(found.evidence.length - 1, "other sentence") + ")" : "") + ".";
    $("evidence-what").textContent = said;
    announce(said);  // the page's live region (this box may just have appeared, too late to be one)
  }

  // A stage clicked in the drawing: its line selected in the editor (which shows a drafted stage's sentence).
  function selectStageFromDrawing() {
    var box = $("drawing"), down = null;
    box.addEventListener("pointerdown", function (e) { down = { x: e.clientX, y: e.clientY }; });
    box.addEventListener("click", function (e) {
      var moved = down && (Math.abs(e.clientX - down.x) > 4 || Math.abs(e.clientY - down.y) > 4);
      var stage = e.target && e.target.closest ? e.target.closest(".stage[data-stage]") : null;
      if (moved || !stage) { return; }  // a drag pans the drawing
      var name = stage.getAttribute("data-stage");
      var all = lines();
      for (var i = 0; i < all.length; i++) {
        var m = STAGE_LINE.exec(all[i]);
        if (m && m[1] === name) { showLine(i + 1); showEvidence(); return; }
      }
    });
  }

  // ------------------------------------------------------------ downloads
  function save(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say("Downloaded " + name + ".", "good");
  }

  function fetchText(path, body, then) {
    post(path, body).then(function (resp) {
      return resp.text().then(function (text) { return [resp, text]; });
    }).then(function (pair) {
      if (!pair[0].ok) {
        var doc = null;
        try { doc = JSON.parse(pair[1]); } catch (e) { doc = null; }
        say("Could not download: " + errorText(pair[0], doc), "bad");
        return;
      }
      then(pair[1]);
    }).catch(function (err) { say("Could not download: " + err, "bad"); });
  }

  function convertTo(to, name, type) {
    var body = payload();
    body.to = to;
    fetchText("/api/v1/convert", body, function (text) { save(name, type, JSON.parse(text).text); });
  }

  function loadMeta(doc) {
    meta = { sections: doc.sections, items: doc.items, byNumber: {}, conditionNames: {} };
    doc.items.forEach(function (it) { meta.byNumber[it.item] = it; });
    doc.conditions.forEach(function (c) { meta.conditionNames[c.condition] = c.name; });
    buildItems();
    if (lastFile) { showItems(lastFile); }
  }

  // ------------------------------------------------------------ start
  function loadChoice() {
    var ex = examples[$("example").value];
    if (!ex) { return; }
    drafted = null;  // its evidence no longer speaks of this text
    showEvidence();
    spec.value = ex.text;
    current = 0;
    flagged = {};
    spec.scrollTop = 0;
    paintLines();
    check();
  }

  function fill(list, label, key) {
    var group = el("optgroup");
    group.label = label;
    list.forEach(function (ex) {
      var id = key(ex);
      examples[id] = ex;
      group.appendChild(el("option", null, ex.title + " (" + id.replace(/^init:/, "pipespec init --kind ") + ")")).value = id;
    });
    $("example").appendChild(group);
  }

  function start() {
    spec = $("spec"); gutter = $("gutter"); marks = $("marks"); status = $("status");
    spec.addEventListener("input", function () { paintLines(); schedule(); });
    spec.addEventListener("scroll", syncScroll);
    ["keyup", "mouseup", "select", "focus", "input"].forEach(function (kind) {
      spec.addEventListener(kind, function () { if (drafted) { showEvidence(); } });
    });
    document.addEventListener("selectionchange", function () {
      if (drafted && document.activeElement === spec) { showEvidence(); }
    });
    $("draft-go").addEventListener("click", draftText);
    $("draft-file").addEventListener("change", draftFile);
    $("draft-undo").addEventListener("click", undoDraft);
    selectStageFromDrawing();
    $("load").addEventListener("click", loadChoice);
    ["dsl", "yaml", "json"].forEach(function (to) {
      $("to-" + to).addEventListener("click", function () { convertInPlace(to); });
    });
    $("dl-csv").addEventListener("click", function () {
      fetchText("/api/v1/metrics-csv", payload(), function (text) { save("metrics.csv", "text/csv", text); });
    });
    $("csv-file").addEventListener("change", function () { importSheet(null); });
    $("csv-use").addEventListener("click", function () { importSheet(Number($("csv-row").value)); });
    $("zoom-in").addEventListener("click", function () { setZoom(zoom * 1.25); });
    $("zoom-out").addEventListener("click", function () { setZoom(zoom / 1.25); });
    $("zoom-fit").addEventListener("click", function () { setZoom(1); });
    panWithPointer();
    window.addEventListener("resize", function () { fitDrawing(); });
    $("dl-dsl").addEventListener("click", function () {
      if (format === "dsl") {
        save("pipeline.pipe", "text/plain", spec.value);
      } else {
        convertTo("dsl", "pipeline.pipe", "text/plain");
      }
    });
    $("dl-yaml").addEventListener("click", function () { convertTo("yaml", "pipeline.yaml", "application/yaml"); });
    $("dl-json").addEventListener("click", function () {
      fetchText("/api/v1/check", payload(), function (text) { save("pipespec-report.json", "application/json", text); });
    });
    $("dl-html").addEventListener("click", function () {
      fetchText("/api/v1/report", payload(), function (text) { save("pipespec-report.html", "text/html", text); });
    });
    paintLines();
    Promise.all([fetch("/api/v1/examples").then(function (r) { return r.json(); }),
                 fetch("/api/v1/items").then(function (r) { return r.json(); })]).then(function (docs) {
      loadMeta(docs[1]);
      fill(docs[0].examples, "Shipped examples", function (ex) { return ex.id; });
      fill(docs[0].starters, "pipespec init starters", function (ex) { return "init:" + ex.kind; });
      var first = examples["metrics-e3/example-2.pipe"] ? "metrics-e3/example-2.pipe" : "init:e2e";
      if (!spec.value) {
        $("example").value = first;
        loadChoice();
      }
      document.body.setAttribute("data-ready", "1");
    }).catch(function (err) { say("Could not load the examples (" + err + ")", "bad"); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
