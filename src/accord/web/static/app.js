// accord dashboard. Plain JavaScript, no library. Every text from the server is put in
// the page with textContent or as an SVG text node, never as HTML, and links are made
// only from http(s) URLs: article text and names are hostile input.
"use strict";
(function () {
  const TOKEN = new URLSearchParams(location.search).get("token") || "";
  const SVGNS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#1b6ca8", "#d1495b", "#66a182", "#edae49", "#8e6c8a", "#00798c", "#30638e", "#e07a5f"];
  const state = { scenario: null, forecast: null, levers: new Set(), edits: [], cell: null, version: -1 };

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function withToken(url) {
    if (!TOKEN) return url;
    return url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN);
  }
  async function api(path, opts) {
    const o = Object.assign({ headers: {} }, opts || {});
    if (TOKEN) o.headers["Authorization"] = "Bearer " + TOKEN;
    const r = await fetch(path, o);
    const body = await r.json().catch(() => ({ error: "not JSON" }));
    if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
    return body;
  }
  function safeHref(url) {
    try { const u = new URL(url); return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null; }
    catch (e) { return null; }
  }
  function fmt(v) { return (v === null || v === undefined) ? "–" : Number(v).toFixed(1); }
  function status(msg) { $("status").textContent = msg; }
  function modelColour(models, m) { return COLOURS[models.indexOf(m) % COLOURS.length]; }

  // -- the forecast request ----------------------------------------------------------------
  function request() {
    const draws = $("draws").value;
    const seed = $("seed").value || "0";
    return { levers: [...state.levers], draws: draws ? Number(draws) : null, seed: Number(seed), edits: state.edits };
  }
  function query(req) {
    const q = new URLSearchParams();
    if (req.levers.length) q.set("levers", req.levers.join(","));
    if (req.draws) q.set("draws", String(req.draws));
    q.set("seed", String(req.seed));
    return q.toString();
  }
  let pending = 0;
  async function refreshForecast() {
    const req = request();
    const mine = ++pending;
    status("solving…");
    const t0 = performance.now();
    try {
      const fc = req.edits.length
        ? await api("api/forecast", { method: "POST", headers: { "Content-Type": "application/json" },
                                       body: JSON.stringify({ levers: req.levers, draws: req.draws, seed: req.seed, edits: req.edits }) })
        : await api("api/forecast?" + query(req));
      if (mine !== pending) return;
      state.forecast = fc;
      drawIssues();
      status("solved in " + Math.round(performance.now() - t0) + " ms; scenario " + fc.scenario_sha256.slice(0, 12));
      document.body.dataset.forecastSha = fc.scenario_sha256;
      document.body.dataset.forecastRequest = query(req);
    } catch (e) { status("error: " + e.message); }
    const ed = req.edits.length ? "&edits=" + encodeURIComponent(JSON.stringify(req.edits)) : "";
    for (const f of ["json", "csv", "html"]) $("exp-" + f).href = withToken("api/export?format=" + f + "&" + query(req) + ed);
  }

  // -- the board ------------------------------------------------------------------------------
  function side(issue, value) {
    const mid = (issue.scale[0] + issue.scale[1]) / 2;
    return value > mid ? "up" : value < mid ? "down" : "mid";
  }
  function drawBoard() {
    const sc = state.scenario, t = $("board");
    t.replaceChildren();
    const head = el("tr");
    head.append(el("th", "actor"));
    for (const i of sc.issues) { const th = el("th", i.name); th.title = i.id; head.append(th); }
    t.append(head);
    const pos = new Map(sc.positions.map((p) => [p.actor + "\u0000" + p.issue, p]));
    for (const a of sc.actors) {
      const tr = el("tr");
      tr.append(el("th", a.name));
      for (const i of sc.issues) {
        const p = pos.get(a.id + "\u0000" + i.id);
        const td = el("td", null, "cell");
        td.dataset.actor = a.id; td.dataset.issue = i.id;
        if (p) {
          const edited = state.edits.find((e) => e.actor === a.id && e.issue === i.id && e.field === "position");
          const v = edited ? edited.value : p.position;
          td.classList.add(side(i, v));
          td.append(el("span", fmt(v), "val"));
          td.append(el("span", " " + fmt(p.range[0]) + "–" + fmt(p.range[1]), "range muted"));
          if (p.assumption) { const m = el("span", "A", "mark"); m.title = "an assumption"; td.append(m); }
          if (p.news_disagrees) { const m = el("span", "≠", "mark"); m.title = "the news disagrees: " + p.news_disagrees; td.append(m); }
          const bar = el("div", null, "bar"); bar.style.width = Math.round(100 * p.salience) + "%"; bar.title = "salience " + p.salience;
          td.append(bar);
          td.title = a.name + " on " + i.name + ": " + fmt(p.range[0]) + "–" + fmt(p.range[1]) + ", salience " + p.salience;
        } else td.textContent = "·";
        td.addEventListener("click", () => selectCell(a.id, i.id, td));
        tr.append(td);
      }
      t.append(tr);
    }
  }

  // -- issue charts -------------------------------------------------------------------------
  function drawIssues() {
    const sc = state.scenario, fc = state.forecast, box = $("issues");
    box.replaceChildren();
    if (!fc) return;
    const W = 500, X0 = 20, X1 = 420;
    for (const [j, issue] of sc.issues.entries()) {
      const fi = fc.issues[j];
      const card = el("div", null, "issue");
      card.dataset.issue = issue.id;
      card.append(el("h3", issue.name));
      const [lo, hi] = issue.scale;
      const x = (v) => X0 + (X1 - X0) * (v - lo) / ((hi - lo) || 1);
      const s = svg("svg", { width: W, height: 40 + 14 * fc.models.length, role: "img" });
      s.append(svg("line", { x1: X0, x2: X1, y1: 20, y2: 20, stroke: "#999" }));
      const ends = [[lo, "start"], [hi, "end"]];
      for (const [v, anchor] of ends) { const t = svg("text", { x: x(v), y: 12, "font-size": 10, "text-anchor": anchor }); t.textContent = String(v); s.append(t); }
      for (const p of sc.positions.filter((q) => q.issue === issue.id)) {
        const c = svg("circle", { cx: x(p.position), cy: 20, r: 2 + 5 * p.salience, fill: "#888", "fill-opacity": 0.5 });
        const tt = svg("title", {}); tt.textContent = p.actor + ": " + fmt(p.position); c.append(tt); s.append(c);
      }
      const sq = svg("path", { d: `M${x(fi.status_quo)},26 l-4,7 h8 z`, fill: "#000" });
      const sqt = svg("title", {}); sqt.textContent = "status quo " + fmt(fi.status_quo); sq.append(sqt); s.append(sq);
      const table = el("table");
      const hr = el("tr"); for (const h of ["model", "forecast", "p10", "p90"]) hr.append(el("th", h)); table.append(hr);
      fc.models.forEach((m, k) => {
        const y = 44 + 14 * k, col = modelColour(fc.models, m), v = fi.forecast[m];
        const iv = (fi.intervals || {})[m];
        if (iv) s.append(svg("line", { x1: x(iv.p10), x2: x(iv.p90), y1: y, y2: y, stroke: col, "stroke-width": 3, "stroke-opacity": 0.5 }));
        if (v !== null && v !== undefined) s.append(svg("circle", { cx: x(v), cy: y, r: 4, fill: col }));
        const lab = svg("text", { x: X1 + 4, y: y + 4, "font-size": 10 }); lab.textContent = m; s.append(lab);
        const tr = el("tr");
        tr.append(el("td", m));
        const cell = el("td", fmt(v)); cell.dataset.testid = "fc-" + issue.id + "-" + m; cell.dataset.value = v === null ? "" : String(v);
        tr.append(cell, el("td", iv ? fmt(iv.p10) : "–"), el("td", iv ? fmt(iv.p90) : "–"));
        table.append(tr);
      });
      card.append(s, table);
      box.append(card);
    }
  }

  // -- evidence -----------------------------------------------------------------------------
  async function selectCell(actor, issue, td) {
    document.querySelectorAll("td.cell.sel").forEach((x) => x.classList.remove("sel"));
    if (td) td.classList.add("sel");
    state.cell = { actor, issue };
    const sc = state.scenario;
    const p = sc.positions.find((q) => q.actor === actor && q.issue === issue);
    $("ev-cell").textContent = actor + " × " + issue;
    const form = $("edit-form");
    form.hidden = !p;
    if (p) {
      $("ed-pos").value = p.position; $("ed-sal").value = p.salience;
      $("ed-cap").value = (sc.actors.find((a) => a.id === actor) || {}).capability;
    }
    const list = $("statements");
    list.replaceChildren(el("li", "loading…", "muted"));
    if (!sc.has_store) { list.replaceChildren(el("li", "no store: start with --db to see the statements behind a cell", "muted")); return; }
    try {
      const data = await api("api/statements?actor=" + encodeURIComponent(actor) + "&issue=" + encodeURIComponent(issue) + "&limit=200");
      list.replaceChildren();
      if (!data.statements.length) list.append(el("li", "no statement in the store on this pair", "muted"));
      for (const s of data.statements) list.append(statementItem(s));
    } catch (e) { list.replaceChildren(el("li", "error: " + e.message)); }
  }
  function statementItem(s) {
    const li = el("li");
    li.dataset.statement = s.id;
    const q = el("q");
    const text = s.sentence || "";
    if (s.cue_start !== null && s.cue_end !== null && s.cue_end > s.cue_start) {
      q.append(document.createTextNode(text.slice(0, s.cue_start)));
      q.append(el("mark", text.slice(s.cue_start, s.cue_end)));
      q.append(document.createTextNode(text.slice(s.cue_end)));
    } else q.textContent = text;
    li.append(q);
    const meta = el("div", null, "muted");
    meta.append(document.createTextNode((s.speaker || s.actor || "?") + " · " + (s.act || "") + " · " + (s.direction || "no direction") + " · "));
    const href = safeHref(s.url || "");
    const title = s.title || s.article;
    if (href) { const a = el("a", title); a.href = href; a.rel = "noopener noreferrer"; a.target = "_blank"; meta.append(a); }
    else meta.append(el("span", title));
    meta.append(document.createTextNode(" · " + (s.source || "") + " · " + (s.event_date || s.published || "undated")));
    if (s.reported_by) meta.append(document.createTextNode(" · reported by " + s.reported_by));
    if (s.hedged) meta.append(el("span", "hedged", "badge hedged"));
    if (s.disputed) meta.append(el("span", "disputed", "badge disputed"));
    li.append(meta);
    return li;
  }

  // -- edits, saving, comparing ---------------------------------------------------------------
  function setEdit(edit) {
    state.edits = state.edits.filter((e) => !(e.actor === edit.actor && e.issue === edit.issue && e.field === edit.field));
    state.edits.push(edit);
    $("edits").textContent = state.edits.map((e) => e.actor + (e.issue ? "/" + e.issue : "") + " " + e.field + "=" + e.value).join("; ");
  }
  $("edit-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!state.cell) return;
    const { actor, issue } = state.cell;
    const p = state.scenario.positions.find((q) => q.actor === actor && q.issue === issue);
    const pos = Number($("ed-pos").value), sal = Number($("ed-sal").value), cap = Number($("ed-cap").value);
    if (p && pos !== p.position) setEdit({ actor, issue, field: "position", value: pos });
    if (p && sal !== p.salience) setEdit({ actor, issue, field: "salience", value: sal });
    const a = state.scenario.actors.find((x) => x.id === actor);
    if (a && cap !== a.capability) setEdit({ actor, issue: null, field: "capability", value: cap });
    drawBoard(); refreshForecast();
  });
  $("clear-edits").addEventListener("click", () => { state.edits = []; $("edits").textContent = "none"; drawBoard(); refreshForecast(); });
  $("save").addEventListener("click", async () => {
    const name = $("save-name").value.trim();
    try {
      const r = await api("api/scenarios", { method: "POST", headers: { "Content-Type": "application/json" },
                                             body: JSON.stringify({ name, levers: [...state.levers], edits: state.edits }) });
      $("save-msg").textContent = "saved " + r.saved; loadSaved();
    } catch (e) { $("save-msg").textContent = e.message; }
  });
  async function loadSaved() {
    const data = await api("api/scenarios");
    for (const id of ["cmp-a", "cmp-b"]) {
      const s = $(id); s.replaceChildren(el("option", "(served)"));
      s.firstChild.value = "";
      for (const n of data.saved) { const o = el("option", n); o.value = n; s.append(o); }
    }
  }
  $("compare").addEventListener("click", async () => {
    const a = $("cmp-a").value, b = $("cmp-b").value, q = "draws=" + ($("draws").value || "") + "&seed=" + ($("seed").value || 0);
    try {
      const [fa, fb] = await Promise.all([a, b].map((n) => api("api/forecast?" + q + (n ? "&scenario=" + encodeURIComponent(n) : ""))));
      const t = $("cmp-table"); t.replaceChildren();
      const hr = el("tr"); hr.append(el("th", "issue"));
      for (const m of fa.models) { hr.append(el("th", m + " · " + (a || "served")), el("th", m + " · " + (b || "served"))); }
      t.append(hr);
      fa.issues.forEach((ia, j) => {
        const tr = el("tr"); tr.append(el("th", ia.id));
        for (const m of fa.models) tr.append(el("td", fmt(ia.forecast[m])), el("td", fmt(fb.issues[j].forecast[m])));
        t.append(tr);
      });
      $("compare-out").hidden = false;
    } catch (e) { status("compare: " + e.message); }
  });

  // -- over time ------------------------------------------------------------------------------
  async function refreshTimeline() {
    const sc = state.scenario;
    if (!sc.has_store) { $("tl-widest").textContent = "no store: start with --db to see the news over time"; return; }
    const data = await api("api/timeline?every=" + encodeURIComponent($("tl-every").value));
    const issue = $("tl-issue").value || sc.issues[0].id;
    const box = $("timeline-chart"); box.replaceChildren();
    const steps = data.steps;
    box.dataset.steps = String(steps.length);
    if (!steps.length) { $("tl-widest").textContent = "no dated statement yet"; $("tl-stances").replaceChildren(); return; }
    const W = 640, H = 160, iss = sc.issues.find((i) => i.id === issue), [lo, hi] = iss.scale;
    const s = svg("svg", { width: W, height: H + 20, role: "img" });
    const x = (k) => 30 + (W - 120) * (steps.length > 1 ? k / (steps.length - 1) : 0.5);
    const y = (v) => 10 + H * (1 - (v - lo) / ((hi - lo) || 1));
    s.append(svg("line", { x1: 30, x2: W - 90, y1: y((lo + hi) / 2), y2: y((lo + hi) / 2), stroke: "#ccc" }));
    data.models.forEach((m) => {
      const pts = steps.map((st, k) => st.forecast[issue][m] === null ? null : x(k) + "," + y(st.forecast[issue][m])).filter(Boolean);
      s.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: modelColour(data.models, m), "stroke-width": 2 }));
      const last = steps[steps.length - 1].forecast[issue][m];
      if (last !== null) { const t = svg("text", { x: W - 86, y: y(last) + 4, "font-size": 10 }); t.textContent = m + " " + fmt(last); s.append(t); }
    });
    const t0 = svg("text", { x: 30, y: H + 18, "font-size": 10 }); t0.textContent = steps[0].until; s.append(t0);
    const t1 = svg("text", { x: W - 90, y: H + 18, "font-size": 10, "text-anchor": "end" }); t1.textContent = steps[steps.length - 1].until; s.append(t1);
    box.append(s);
    const lastStep = steps[steps.length - 1];
    $("tl-widest").textContent = "up to " + lastStep.until + ": " + lastStep.statements + " statements; the models disagree most on " +
      (lastStep.widest_issue || "–") + " (spread " + fmt(lastStep.widest_spread) + ")";
    const list = $("tl-stances"); list.replaceChildren();
    const cell = state.cell;
    const rows = data.stances.filter((st) => st.issue === issue && (!cell || cell.issue !== issue || st.actor === cell.actor));
    for (const st of rows.slice(-200).reverse()) list.append(el("li", (st.event_date ? st.event_date + " (published " + st.date + ")" : st.date) + " · " + st.actor + " · " + (st.direction || "no direction") + (st.hedged ? " (hedged)" : "")));
  }
  $("tl-issue").addEventListener("change", refreshTimeline);
  $("tl-every").addEventListener("change", refreshTimeline);

  // -- live -----------------------------------------------------------------------------------
  function listen() {
    if (!state.scenario.has_store) return;
    const es = new EventSource(withToken("api/events"));
    es.addEventListener("version", (ev) => {
      const v = JSON.parse(ev.data).version;
      $("live").textContent = (state.scenario.watching ? "watching · " : "") + "news version " + v;
      document.body.dataset.version = String(v);
      if (v !== state.version) {
        state.version = v;
        refreshTimeline().catch((e) => status("timeline: " + e.message));
        if (state.cell) selectCell(state.cell.actor, state.cell.issue, document.querySelector("td.cell.sel"));
      }
    });
  }

  // -- start ----------------------------------------------------------------------------------
  async function start() {
    const sc = await api("api/scenario");
    state.scenario = sc;
    $("title").textContent = sc.name;
    $("sha").textContent = sc.id + " · " + sc.sha256.slice(0, 12);
    document.title = "accord · " + sc.name;
    const box = $("levers");
    for (const lv of sc.levers) {
      const lab = el("label"); lab.title = lv.description;
      const cb = el("input"); cb.type = "checkbox"; cb.value = lv.id; cb.dataset.lever = lv.id;
      cb.addEventListener("change", () => { cb.checked ? state.levers.add(lv.id) : state.levers.delete(lv.id); refreshForecast(); });
      lab.append(cb, document.createTextNode(" " + lv.id)); box.append(lab, el("br"));
    }
    for (const i of sc.issues) { const o = el("option", i.name); o.value = i.id; $("tl-issue").append(o); }
    $("draws").addEventListener("change", refreshForecast);
    $("seed").addEventListener("change", refreshForecast);
    drawBoard();
    await refreshForecast();
    document.body.dataset.ready = "1";
    loadSaved().catch(() => {});
    listen();
  }
  start().catch((e) => status("error: " + e.message));
})();
