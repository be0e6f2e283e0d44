/* The submission desk: a pipeline editor checked as you type against the server's API.
   Everything that comes from the pipeline text is written with textContent, never as HTML; the only markup taken
   from the server is the SVG drawing, which the server renders with escaping and which is parsed as XML. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 350;
  var WORD = { yes: "Yes", no: "No", review: "Review" };
  var NAMES = { 1: "segmentation", 2: "fully automated segmentation", 3: "hand-crafted features",
    4: "tabular data", 5: "end-to-end deep learning" };
  var RANK = { info: 1, warning: 2, error: 3 };

  var $ = function (id) { return document.getElementById(id); };
  var spec, gutter, marks, status;
  var examples = {}, itemTitles = {}, timer = null, seq = 0, shown = 0, flagged = {}, current = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function say(text, kind) {
    status.textContent = text;
    status.className = "status" + (kind ? " " + kind : "");
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

  function payload() {
    return { text: spec.value, format: $("format").value || null };
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function check() {
    timer = null;
    var mine = ++seq;
    document.body.setAttribute("data-pending", String(mine));
    say("Checking…", "busy");
    post("/api/v1/check?include=svg", payload()).then(function (resp) {
      return resp.json().then(function (doc) { return [resp, doc]; });
    }).then(function (pair) {
      if (mine < shown) { return; }  // an older answer arriving late
      shown = mine;
      if (!pair[0].ok) { say("Not checked: " + errorText(pair[0], pair[1]), "bad"); return; }
      render(pair[1]);
      document.body.setAttribute("data-checked", String(mine));
    }).catch(function (err) {
      say("Not checked: the server could not be reached (" + err + ")", "bad");
    });
  }

  // ------------------------------------------------------------ showing a report
  function render(report) {
    var f = report.files[0];
    var problems = f.errors.concat(f.findings.filter(function (x) { return !x.waived; }));
    var waived = f.findings.filter(function (x) { return x.waived; });
    flagged = {};
    problems.forEach(function (p) {
      if (!flagged[p.line] || RANK[p.severity] > RANK[flagged[p.line]]) { flagged[p.line] = p.severity; }
    });
    if (current && !flagged[current]) { current = 0; }
    paintLines();

    var nErr = problems.filter(function (p) { return p.severity === "error"; }).length;
    if (f.status === "input-error") {
      say("The pipeline could not be judged: " + f.errors.length + " input error" + (f.errors.length === 1 ? "" : "s") + ".", "bad");
    } else if (nErr) {
      var rest = problems.length - nErr;
      say("Checked: " + nErr + " error" + (nErr === 1 ? "" : "s") +
        (rest ? " and " + rest + " other finding" + (rest === 1 ? "" : "s") : "") + ".", "bad");
    } else {
      say("Checked: no errors" + (problems.length ? ", " + problems.length + " other finding" + (problems.length === 1 ? "" : "s") : "") + ".", "good");
    }
    $("title").textContent = f.title ? "“" + f.title + "” — " + f.stages + " stages" : "";

    var list = $("problems");
    clear(list);
    problems.concat(waived).forEach(function (p) {
      var li = el("li", "problem sev-" + p.severity + (p.waived ? " waived" : ""));
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
      var b = el("button", "show", "Show line " + p.line);
      b.type = "button";
      b.setAttribute("aria-label", "Show line " + p.line + " in the editor (" + p.code + ")");
      b.addEventListener("click", function () { showLine(p.line); });
      li.appendChild(b);
      list.appendChild(li);
    });
    $("problems-box").hidden = !list.firstChild;

    var body = $("verdicts").tBodies[0];
    clear(body);
    Object.keys(f.conditions).forEach(function (c) {
      var v = f.conditions[c];
      var tr = el("tr");
      var th = el("th", null, "#" + c + " " + (NAMES[c] || ""));
      th.scope = "row";
      th.appendChild(el("span", "question", v.question));
      tr.appendChild(th);
      var shows = el("td", "v v-" + v.verdict, WORD[v.verdict] || v.verdict);
      shows.appendChild(el("span", "rule", v.rule));
      tr.appendChild(shows);
      var agree = !v.declared ? ["not declared", "a-none"] : v.verdict === "review" ? [WORD[v.declared] + " (to review)", "a-review"]
        : v.declared === v.verdict ? [WORD[v.declared] + " — agrees", "a-agrees"] : [WORD[v.declared] + " — DISAGREES", "a-disagrees"];
      tr.appendChild(el("td", agree[1], agree[0]));
      var why = el("td", "why", v.reason);
      (v.evidence || []).forEach(function (e) {
        e.paths.forEach(function (path) { why.appendChild(el("span", "path", "path: " + path.join(" → "))); });
      });
      tr.appendChild(why);
      body.appendChild(tr);
    });
    $("verdicts-box").hidden = !body.firstChild;

    drawing(report.svg, f);

    var items = $("items");
    clear(items);
    f.items.forEach(function (k) {
      var li = el("li", null, itemTitles[k] || "");
      li.value = k;
      items.appendChild(li);
    });
    $("items-summary").textContent = f.items.length ? f.items.length + " of 30 items apply" +
      (f.items_pending.length ? "; items " + f.items_pending.join(", ") + " wait on a review verdict." : ".") : "";
    $("items-box").hidden = !f.items.length;

    var score = f.score || report.score;
    $("score-box").hidden = !score;
    $("score").textContent = score ? (typeof score === "object" ? JSON.stringify(score) : String(score)) : "";
  }

  function drawing(svgText, f) {
    var box = $("drawing");
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

  // ------------------------------------------------------------ start
  function loadChoice() {
    var ex = examples[$("example").value];
    if (!ex) { return; }
    spec.value = ex.text;
    $("format").value = ex.format;
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
    $("format").addEventListener("change", schedule);
    $("load").addEventListener("click", loadChoice);
    $("dl-dsl").addEventListener("click", function () {
      var fmt = $("format").value;
      if (fmt === "dsl" || (!fmt && /^\s*(#.*\n\s*)*pipeline\s*"/.test(spec.value))) {
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
      docs[1].items.forEach(function (it) { itemTitles[it.item] = it.title; });
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
