// migrasim lab: runs the engine (WebAssembly, engine.js) on a teaching
// scenario (scenarios.js) month by month, draws live charts on canvases and
// shows the scenario's exercise sheet. Plain JavaScript, no network: the
// page works from a folder of files (file://) or any static server.
"use strict";
(function () {
  const enc = new TextEncoder(), dec = new TextDecoder();
  const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"];
  const $ = (id) => document.getElementById(id);
  let wasm = null, scenario = null, info = null, months = [], timer = null, lang = "en";
  const lab = { state: "loading", months: 0, runs: 0, error: null };
  window.lab = lab;

  function b64bytes(s) {
    const bin = atob(s), out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function answer() {
    const p = wasm.lab_result_ptr(), n = wasm.lab_result_len();
    return dec.decode(new Uint8Array(wasm.memory.buffer, p, n));
  }
  function start(text, label, overrides) {
    const bytes = enc.encode(JSON.stringify({ scenario: text, label: label, overrides: overrides }));
    const p = wasm.lab_alloc(bytes.length);
    new Uint8Array(wasm.memory.buffer, p, bytes.length).set(bytes);
    const rc = wasm.lab_new(p, bytes.length);
    const a = JSON.parse(answer());
    if (rc !== 0) throw new Error(a.error);
    return a;
  }
  function step(n) { wasm.lab_step(n); return JSON.parse(answer()); }
  function series() { wasm.lab_series(); return answer(); }

  // Numbers: one format per axis ("14k", "8k", never "8,000" beside "14k").
  // Ticks keep up to two decimals ("6.25k", not a rounded "6k"); zero is "0".
  function trimmed(x) {
    const s = x.toFixed(2);
    return s.replace(/\.?0+$/, "");
  }
  function axisFormat(max) {
    if (max >= 1e6) return (v) => (v === 0 ? "0" : trimmed(v / 1e6) + "M");
    if (max >= 1e4) return (v) => (v === 0 ? "0" : trimmed(v / 1e3) + "k");
    if (max >= 10) return (v) => Math.round(v).toLocaleString("en");
    return (v) => v.toFixed(max >= 1 ? 1 : 2);
  }
  function people(x) {
    if (x >= 1e6) return (x / 1e6).toFixed(1) + " million";
    if (x >= 1e4) return (Math.round(x / 1e3) * 1e3).toLocaleString("en");
    return Math.round(x).toLocaleString("en");
  }
  function niceMax(v) {
    if (v <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  // A line chart of one value per country over the months so far.
  function chart(canvas, field, scale, unit) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
    const L = 62, R = 110, T = 10, B = 34;
    ctx.clearRect(0, 0, W, H);
    ctx.font = "12px system-ui, sans-serif";
    const total = info ? info.months : 1;
    let max = 0;
    for (const m of months) for (const r of m.rows) max = Math.max(max, r[field] * scale);
    max = niceMax(max);
    const fmt = axisFormat(max);
    const x = (t) => L + (W - L - R) * (t / Math.max(1, total - 1));
    const y = (v) => H - B - (H - T - B) * (v / max);
    ctx.strokeStyle = "#ddd"; ctx.fillStyle = "#333"; ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4;
      ctx.beginPath(); ctx.moveTo(L, y(v)); ctx.lineTo(W - R, y(v)); ctx.stroke();
      ctx.fillText(fmt(v), L - 6, y(v));
    }
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const y0 = info ? parseInt(info.start.slice(0, 4), 10) : 0, m0 = info ? parseInt(info.start.slice(5), 10) - 1 : 0;
    for (let t = 0; t < total; t++) {
      if ((m0 + t) % 12 === 0 || t === 0) {
        const yr = y0 + Math.floor((m0 + t) / 12);
        if (total > 60 && yr % 2 === 1 && t !== 0) continue;
        ctx.fillText(String(yr), x(t), H - B + 4);
      }
    }
    ctx.fillText("year", (L + W - R) / 2, H - 14);
    ctx.save(); ctx.translate(12, (T + H - B) / 2); ctx.rotate(-Math.PI / 2); ctx.fillText(unit, 0, -6); ctx.restore();
    if (!info) return;
    info.countries.forEach(([code, name], c) => {
      ctx.strokeStyle = COLOURS[c % COLOURS.length]; ctx.lineWidth = 2; ctx.beginPath();
      months.forEach((m, i) => { const v = m.rows[c][field] * scale; if (i === 0) ctx.moveTo(x(m.t), y(v)); else ctx.lineTo(x(m.t), y(v)); });
      ctx.stroke();
      ctx.fillStyle = COLOURS[c % COLOURS.length]; ctx.textAlign = "left"; ctx.textBaseline = "middle";
      ctx.fillRect(W - R + 8, T + 8 + c * 17, 12, 3); ctx.fillText(name, W - R + 24, T + 9 + c * 17);
    });
    ctx.lineWidth = 1;
  }
  // The third chart depends on the concept of the scenario.
  function extra() {
    const n = scenario ? scenario.name : "";
    if (n === "legality" || n === "ilo") return ["irregular_immigrants", 1, "people", "Irregular migrants living in each country"];
    if (n === "forced" || n.startsWith("azerbaijan")) return ["idps", 1, "people", "Internally displaced people, by country"];
    if (["brain", "technology", "forms"].includes(n)) return ["brain_drain_rate", 100, "% of high-skilled natives", "Brain drain: share of each country's high-skilled living abroad"];
    if (["cycles", "push-pull", "capital"].includes(n)) return ["unemployment", 100, "% of the labour force", "Unemployment rate"];
    return ["wage_low", 1, "US$ a month", "Low-skill wage"];
  }
  function draw() {
    chart($("chart-abroad"), "emigrants_abroad", 1, "people");
    chart($("chart-flows"), "emigration", 1, "people a month");
    const [f, s, unit, title] = extra();
    $("title-extra").textContent = title;
    chart($("chart-extra"), f, s, unit);
  }
  function summary() {
    if (!info || months.length === 0) return "";
    let best = -1, total = 0;
    info.countries.forEach((_, c) => {
      const e = months.reduce((a, m) => a + m.rows[c].emigration, 0);
      if (e > total) { total = e; best = c; }
    });
    const span = months.length % 12 === 0 ? (months.length / 12) + " years" : months.length + " months";
    if (best < 0) return "Over " + span + " nobody moved.";
    return "Over " + span + " " + people(total) + " people left " + info.countries[best][1] + ".";
  }

  function overrides() {
    const out = [];
    for (const el of document.querySelectorAll("#sliders [data-key]")) {
      const s = scenario.sliders.find((x) => x.key === el.dataset.key);
      let v = el.type === "checkbox" ? String(el.checked) : el.value;
      if (s.kind === "choice") v = JSON.stringify(v);
      if (v !== s.base && !(s.kind === "choice" && v === JSON.stringify(s.base))) out.push(s.key + "=" + v);
    }
    return out;
  }
  function run() {
    stop();
    const seed = parseInt($("seed").value || "1", 10);
    const sets = overrides().concat(["simulation.seed=" + seed]);
    try {
      info = start(scenario.toml, scenario.name + ".toml", sets);
    } catch (e) {
      lab.state = "error"; lab.error = String(e.message || e);
      $("status").textContent = "The scenario was refused: " + lab.error; return;
    }
    months = []; lab.state = "running"; lab.runs += 1; lab.months = 0; lab.overrides = sets;
    $("pause").disabled = false; $("description").textContent = info.description;
    const perFrame = Math.max(1, Math.round(info.months / 60));
    const tick = () => {
      const batch = step(perFrame);
      months.push(...batch); lab.months = months.length;
      draw();
      $("status").textContent = "Month " + months.length + " of " + info.months + " (" + (months.length ? months[months.length - 1].date : "") + "), " + info.agents.toLocaleString("en") + " agents of " + Math.round(info.people_per_agent).toLocaleString("en") + " people each";
      if (months.length >= info.months || batch.length === 0) {
        timer = null; lab.state = "done"; $("pause").disabled = true;
        $("summary").textContent = summary();
      } else timer = setTimeout(tick, 16);
    };
    tick();
  }
  function stop() { if (timer) { clearTimeout(timer); timer = null; } }

  function sliders() {
    const box = $("sliders"); box.innerHTML = "";
    for (const s of scenario.sliders) {
      const d = document.createElement("div"); d.className = "slider";
      let input;
      if (s.kind === "bool") { input = document.createElement("input"); input.type = "checkbox"; input.checked = s.base === "true"; }
      else if (s.kind === "choice") { input = document.createElement("select"); for (const c of s.choices) { const o = document.createElement("option"); o.value = c; o.textContent = c; input.appendChild(o); } input.value = s.base; }
      else { input = document.createElement("input"); input.type = "range"; input.min = s.min; input.max = s.max; input.step = s.kind === "integer" ? 1 : Math.pow(10, Math.floor(Math.log10((s.max - s.min) / 100))); input.value = s.base; }
      input.dataset.key = s.key;
      const val = document.createElement("span"); val.className = "value";
      const show = () => { val.textContent = input.type === "checkbox" ? String(input.checked) : (s.kind === "number" ? String(+(+input.value).toPrecision(3)) : input.value); };
      show();
      input.addEventListener("input", show);
      input.addEventListener("change", run);
      d.innerHTML = '<span class="key"></span>';
      d.firstChild.textContent = s.key; d.appendChild(val);
      const doc = document.createElement("div"); doc.className = "doc";
      doc.textContent = s.doc + (s.unit ? " [" + s.unit + "]" : "") + " The sheet suggests " + s.suggested + "; the scenario has " + s.base + ".";
      d.appendChild(input); d.appendChild(doc); box.appendChild(d);
    }
  }
  function sheet() {
    const text = lang === "az" ? scenario.sheet_az : scenario.sheet_en;
    $("sheet-text").innerHTML = window.marked.parse(text || "");
    for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("on", b.dataset.lang === lang);
    document.documentElement.lang = lang;
  }
  function choose(name) {
    scenario = window.MIGRASIM_SCENARIOS.find((s) => s.name === name) || window.MIGRASIM_SCENARIOS[0];
    $("scenario").value = scenario.name;
    sliders(); sheet(); run();
  }

  // For tests and curious students: the full recorded series of a run, to
  // compare with `migrasim lab --series`.
  lab.seriesOf = function (name, sets) {
    const s = window.MIGRASIM_SCENARIOS.find((x) => x.name === name);
    start(s.toml, s.name + ".toml", sets || []);
    while (wasm.lab_step(1000) > 0 && JSON.parse(answer()).length > 0) { /* run to the end */ }
    return series();
  };
  lab.choose = choose;

  const sel = $("scenario");
  for (const s of window.MIGRASIM_SCENARIOS) { const o = document.createElement("option"); o.value = s.name; o.textContent = s.title; sel.appendChild(o); }
  sel.addEventListener("change", () => choose(sel.value));
  $("run").addEventListener("click", run);
  $("pause").addEventListener("click", () => { stop(); lab.state = "paused"; $("pause").disabled = true; });
  $("reset").addEventListener("click", () => { sliders(); run(); });
  $("seed").addEventListener("change", run);
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => { lang = b.dataset.lang; sheet(); });
  // The module imports a few wasm-bindgen functions of crates the lab never
  // calls (progress bars' clocks); each gets a stub that fails loudly.
  const module = new WebAssembly.Module(b64bytes(window.MIGRASIM_WASM));
  const imports = {};
  for (const im of WebAssembly.Module.imports(module)) {
    imports[im.module] = imports[im.module] || {};
    if (im.kind === "function") imports[im.module][im.name] = () => { throw new Error("not available in the lab: " + im.name); };
  }
  WebAssembly.instantiate(module, imports).then((instance) => {
    wasm = instance.exports; lab.state = "ready";
    const want = new URLSearchParams(location.search).get("scenario");
    choose(want || window.MIGRASIM_SCENARIOS[0].name);
  }).catch((e) => { lab.state = "error"; lab.error = String(e); $("status").textContent = "The engine could not start: " + e; });
})();
