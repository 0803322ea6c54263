/* frontwatch dashboard. Article text is untrusted: everything from the API is put
   into the page with textContent / createElement, never innerHTML. */
"use strict";

const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
  "Displacement": "#e377c2",
};
const OTHER_COLOR = "#7f7f7f";
const INTER_COLORS = {
  "State forces": "#b71c1c",
  "Rebel group": "#1b5e20",
  "Political militia": "#4a148c",
  "Identity militia": "#e65100",
  "External/Other forces": "#0d47a1",
  "Rioters": "#795548",
  "Protesters": "#33691e",
  "Civilians": "#607d8b",
};
const DAY_MS = 86400000;

const state = {
  stats: null, events: [], days: [], dayIndex: 0, selectedDay: null,
  markers: null, control: null, controlSeq: 0,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function setStatus(text) { document.getElementById("status").textContent = text; }

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function typeColor(t) { return TYPE_COLORS[t] || OTHER_COLOR; }
function interColor(i) { return INTER_COLORS[i] || "#9e9e9e"; }
function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }

/* ---- map and base layers ---- */

const map = L.map("map", { worldCopyJump: true, preferCanvas: false }).setView([30, 30], 3);
document.getElementById("map").classList.add("offline");
const countryLabels = L.layerGroup().addTo(map);

/* The offline basemap: Natural Earth coasts, lakes, borders and admin-1 lines, country and city
   labels, served by this server (/api/basemap.geojson). Online tiles only when the user configured
   a tile URL (serve --tiles): then nothing but that tile server is asked besides this one. */
const BASEMAP_STYLE = {
  coast: { color: "#4a7a9c", weight: 1.2 },
  lakes: { color: "#6fa3c7", weight: 0.9 },
  borders: { color: "#555", weight: 1.3, dashArray: "6 4" },
  admin1: { color: "#8d8d8d", weight: 0.7, dashArray: "2 3" },
};
const basemap = L.layerGroup().addTo(map);
const placeLabels = L.layerGroup().addTo(map);
const basemapData = { countries: [], cities: [] };

function labelMarker(latlng, text, cls) {
  return L.marker(latlng, {
    icon: L.divIcon({ html: el("div", { class: cls }, text), className: "", iconSize: null }),
    interactive: false, keyboard: false,
  });
}

function renderPlaceLabels() {
  placeLabels.clearLayers();
  const z = map.getZoom(), view = map.getBounds().pad(0.2);
  const minPop = z < 4 ? Infinity : z < 5 ? 3e6 : z < 6 ? 1e6 : z < 7 ? 3e5 : 0;
  if (z >= 3) {
    for (const c of basemapData.countries) {
      if (view.contains(c.latlng)) labelMarker(c.latlng, c.name.toUpperCase(), "bm-country").addTo(placeLabels);
    }
  }
  let n = 0;
  for (const c of basemapData.cities) {
    if (c.population < minPop || !view.contains(c.latlng)) continue;
    labelMarker(c.latlng, c.name, "bm-city").addTo(placeLabels);
    if (++n >= 60) break;
  }
}

async function loadBasemap() {
  let gj;
  try {
    gj = await getJSON("/api/basemap.geojson");
  } catch (err) {
    setStatus(`basemap: ${err.message}`);
    return;
  }
  for (const f of gj.features) {
    const layer = f.properties.layer;
    if (f.geometry.type === "Point") {
      const [lon, lat] = f.geometry.coordinates;
      const item = { name: f.properties.name, population: f.properties.population || 0, latlng: L.latLng(lat, lon) };
      (layer === "country" ? basemapData.countries : basemapData.cities).push(item);
      continue;
    }
    L.geoJSON(f, { style: { ...(BASEMAP_STYLE[layer] || {}), className: `bm-${layer}`, fill: false },
      interactive: false }).addTo(basemap);
  }
  renderPlaceLabels();
  document.getElementById("map").setAttribute("data-basemap", "1");
}
map.on("moveend", () => { if (basemapData.cities.length) renderPlaceLabels(); });

async function loadTiles() {
  let cfg = {};
  try { cfg = await getJSON("/api/config"); } catch (err) { return; }
  if (!cfg.tiles) return;
  const tiles = L.tileLayer(cfg.tiles, { maxZoom: 18, attribution: cfg.tiles_attribution || "" }).addTo(map);
  tiles.bringToBack();
  document.getElementById("map").classList.remove("offline");
  L.control.layers({}, { "Online tiles": tiles, "Offline basemap": basemap }).addTo(map);
}

map.createPane("control").style.zIndex = 350; // under the event markers (overlayPane, 400)
state.control = L.layerGroup().addTo(map);
state.markers = L.layerGroup().addTo(map);
map.on("zoomend", () => { if (state.events.length) renderMarkers(); });

/* ---- legend ---- */

function renderLegend(types) {
  const box = document.getElementById("legend");
  box.replaceChildren(el("h2", {}, "Legend"));
  const names = Object.keys(TYPE_COLORS);
  for (const t of types) if (!names.includes(t)) names.push(t);
  const ul = el("ul", { id: "legend-types" });
  for (const t of names) {
    ul.append(el("li", { "data-type": t },
      el("span", { class: "swatch", style: `background:${typeColor(t)}` }), t));
  }
  box.append(el("div", {}, "Event type (marker size: fatalities)"), ul);
  const ul2 = el("ul", { id: "legend-control" });
  for (const [inter, color] of Object.entries(INTER_COLORS)) {
    ul2.append(el("li", {}, el("span", { class: "swatch square", style: `background:${color}` }), inter));
  }
  box.append(el("div", {}, "Shading: controller on the slider date"), ul2);
}

/* ---- data ---- */

function filterParams() {
  const p = new URLSearchParams();
  const t = document.getElementById("filter-type").value;
  const q = document.getElementById("filter-q").value.trim();
  if (t) p.set("event_type", t);
  if (q) p.set("q", q);
  return p;
}

async function loadEvents() {
  const base = filterParams();
  const out = [];
  for (let offset = 0; ; offset += 1000) {
    base.set("limit", "1000");
    base.set("offset", String(offset));
    const page = await getJSON(`/api/events?${base}`);
    out.push(...page.items);
    if (page.items.length < 1000) break;
  }
  state.events = out;
}

function currentDate() {
  return state.days.length ? state.days[state.dayIndex] : null;
}

function visibleEvents() {
  const upTo = currentDate();
  const atMax = state.dayIndex === state.days.length - 1;
  return state.events.filter((e) => {
    if (e.latitude === null || e.longitude === null) return false;
    if (state.selectedDay) return e.event_date === state.selectedDay;
    if (!e.event_date) return atMax || !upTo;
    return !upTo || e.event_date <= upTo;
  });
}

/* ---- markers ---- */

function tooltipFor(e) {
  return el("div", {}, el("strong", {}, e.event_type), el("br"),
    `${e.event_date || "undated"} · ${e.location || ""}`);
}

function renderMarkers() {
  state.markers.clearLayers();
  const shown = visibleEvents();
  const seen = new Map();
  for (const e of shown) {
    // fan out events at the same spot (in screen pixels, redone on zoom) so each stays clickable
    const key = `${e.latitude.toFixed(4)},${e.longitude.toFixed(4)}`;
    const n = seen.get(key) || 0;
    seen.set(key, n + 1);
    let latlng = L.latLng(e.latitude, e.longitude);
    if (n) {
      const angle = n * 2.4, off = 9 * Math.sqrt(n), zoom = map.getZoom();
      latlng = map.unproject(map.project(latlng, zoom).add([off * Math.cos(angle), off * Math.sin(angle)]), zoom);
    }
    const color = typeColor(e.event_type);
    const m = L.circleMarker(latlng, {
      radius: Math.min(16, 5 + Math.sqrt(e.fatalities || 0)), color: "#222", weight: 1,
      fillColor: color, fillOpacity: 0.85, className: "ev-marker",
    });
    m.bindTooltip(tooltipFor(e));
    m.on("click", () => showEvent(e.id));
    m.on("add", () => { const p = m.getElement(); if (p) p.setAttribute("data-id", e.id); });
    m.addTo(state.markers);
  }
  document.getElementById("count").textContent = `${shown.length} of ${state.events.length} events`;
  renderCountryLabels(shown);
}

function renderCountryLabels(events) {
  countryLabels.clearLayers();
  const sums = new Map();
  for (const e of events) {
    if (!e.country) continue;
    const s = sums.get(e.country) || { lat: 0, lon: 0, n: 0 };
    s.lat += e.latitude; s.lon += e.longitude; s.n += 1;
    sums.set(e.country, s);
  }
  for (const [cc, s] of sums) {
    const label = el("div", { class: "country-label" }, cc);
    L.marker([s.lat / s.n + 0.3, s.lon / s.n], {
      icon: L.divIcon({ html: label, className: "", iconSize: null }), interactive: false, keyboard: false,
    }).addTo(countryLabels);
  }
}

/* ---- control shading ---- */

async function renderControl() {
  const at = currentDate();
  const seq = ++state.controlSeq;
  if (!at) { state.control.clearLayers(); return; }
  let items = [];
  try {
    items = (await getJSON(`/api/control?at=${at}`)).items || [];
  } catch (err) {
    setStatus(`control: ${err.message}`);
  }
  if (seq !== state.controlSeq) return; // a later slider move won
  state.control.clearLayers();
  for (const c of items) {
    if (c.latitude === null || c.latitude === undefined || c.longitude === null) continue;
    const color = interColor(c.inter);
    const area = L.circleMarker([c.latitude, c.longitude], {
      radius: 22, stroke: true, color, weight: 1, fillColor: color, fillOpacity: 0.3,
      className: "control-area", interactive: true, pane: "control",
    });
    area.bindTooltip(el("div", {}, el("strong", {}, c.place || ""), el("br"),
      `${c.controller || "?"} (${c.inter || "?"})`, el("br"), `since ${c.since || "?"}`));
    area.on("add", () => {
      const p = area.getElement();
      if (p) { p.setAttribute("data-inter", c.inter || ""); p.setAttribute("data-controller", c.controller || ""); }
    });
    area.addTo(state.control);
  }
  document.getElementById("map").setAttribute("data-control-at", at);
  document.getElementById("map").setAttribute("data-control-count", String(items.length));
}

/* ---- slider and histogram ---- */

function setupDays(stats) {
  state.days = [];
  if (stats.first_date && stats.last_date) {
    for (let t = dayMs(stats.first_date); t <= dayMs(stats.last_date); t += DAY_MS) state.days.push(isoDay(t));
  }
  const slider = document.getElementById("slider");
  slider.min = "0";
  slider.max = String(Math.max(0, state.days.length - 1));
  state.dayIndex = Math.max(0, state.days.length - 1);
  slider.value = String(state.dayIndex);
  slider.disabled = state.days.length < 2;
  updateSliderLabel();
}

function updateSliderLabel() {
  document.getElementById("slider-date").textContent = currentDate() || "–";
}

function renderHistogram() {
  const box = document.getElementById("histogram");
  const counts = new Map(state.days.map((d) => [d, 0]));
  for (const e of state.events) if (counts.has(e.event_date)) counts.set(e.event_date, counts.get(e.event_date) + 1);
  const max = Math.max(1, ...counts.values());
  const upTo = currentDate();
  box.replaceChildren();
  for (const [day, n] of counts) {
    const bar = el("div", {
      class: "bar" + (upTo && day > upTo ? " future" : "") + (day === state.selectedDay ? " selected" : ""),
      "data-day": day, "data-count": String(n), title: `${day}: ${n} event${n === 1 ? "" : "s"}`,
      style: `height:${Math.round((n / max) * 100)}%`,
    });
    bar.addEventListener("click", () => selectDay(day));
    box.append(bar);
  }
}

function selectDay(day) {
  // a day shown alone moves the slider there; showing all days again puts it back
  if (state.selectedDay === null) state.indexBeforeDay = state.dayIndex;
  state.selectedDay = state.selectedDay === day ? null : day;
  state.dayIndex = state.selectedDay ? state.days.indexOf(day) : state.indexBeforeDay;
  document.getElementById("slider").value = String(state.dayIndex);
  updateSliderLabel();
  document.getElementById("clear-day").hidden = !state.selectedDay;
  refreshTime();
}

function refreshTime() {
  renderMarkers();
  renderHistogram();
  renderControl();
}

document.getElementById("slider").addEventListener("input", (ev) => {
  state.dayIndex = Number(ev.target.value);
  state.selectedDay = null;
  document.getElementById("clear-day").hidden = true;
  updateSliderLabel();
  refreshTime();
});
document.getElementById("clear-day").addEventListener("click", () => selectDay(state.selectedDay));

/* ---- event panel ---- */

function highlightRanges(text, ev) {
  const ranges = [];
  const lower = text.toLowerCase();
  const add = (needle, cls) => {
    if (!needle || needle.length < 2) return;
    const n = needle.toLowerCase();
    for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) ranges.push([i, i + n.length, cls]);
  };
  for (const a of [ev.actor1_surface, ev.actor2_surface, ev.actor1, ev.actor2]) add(a, "hl-actor");
  add(ev.location, "hl-place");
  add(ev.admin1, "hl-place");
  for (const m of text.matchAll(/\b\d[\d,.]*\d\b|\b\d\b/g)) ranges.push([m.index, m.index + m[0].length, "hl-number"]);
  ranges.sort((a, b) => a[0] - b[0] || (b[1] - b[0]) - (a[1] - a[0]));
  const kept = [];
  let end = -1;
  for (const r of ranges) if (r[0] >= end) { kept.push(r); end = r[1]; }
  return kept;
}

function evidenceNode(text, ev) {
  const q = el("blockquote", { id: "evidence" });
  let pos = 0;
  for (const [s, e, cls] of highlightRanges(text, ev)) {
    if (s > pos) q.append(document.createTextNode(text.slice(pos, s)));
    q.append(el("mark", { class: cls }, text.slice(s, e)));
    pos = e;
  }
  if (pos < text.length) q.append(document.createTextNode(text.slice(pos)));
  return q;
}

async function showEvent(id) {
  const panel = document.getElementById("event-panel");
  panel.replaceChildren(el("h2", {}, "Event"), el("p", { class: "hint" }, "loading…"));
  let ev;
  try {
    ev = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    panel.replaceChildren(el("h2", {}, "Event"), el("p", { class: "hint" }, err.message));
    return;
  }
  const dl = el("dl");
  const row = (k, v) => { if (v !== null && v !== undefined && v !== "") dl.append(el("dt", {}, k), el("dd", {}, v)); };
  row("Type", `${ev.event_type} / ${ev.sub_event_type}`);
  row("Date", ev.event_date ? `${ev.event_date}${ev.time_precision > 1 ? ` (precision ${ev.time_precision})` : ""}`
    : "undated");
  row("Place", [ev.location, ev.admin1, ev.country].filter(Boolean).join(", "));
  row("Actor 1", ev.actor1 ? `${ev.actor1} (${ev.inter1 || "?"})` : null);
  row("Actor 2", ev.actor2 ? `${ev.actor2} (${ev.inter2 || "?"})` : null);
  row("Fatalities", ev.fatalities_high ? `${ev.fatalities}–${ev.fatalities_high}` : ev.fatalities);
  row("Displaced", ev.displaced);
  row("Reported by", ev.source);
  row("Status", ev.status);
  row("Confidence", ev.confidence);
  const art = ev.article || {};
  const src = el("p", { class: "article" });
  if (art.url && /^https?:\/\//i.test(art.url)) {
    src.append(el("a", { href: art.url, target: "_blank", rel: "noopener noreferrer" }, art.title || art.url));
  } else if (art.title) {
    src.append(art.title);
  }
  const meta = [art.outlet, art.published ? art.published.slice(0, 10) : null].filter(Boolean).join(", ");
  if (meta) src.append(` — ${meta}`);
  panel.replaceChildren(el("h2", {}, "Event"), el("div", { class: "event-type", "data-id": ev.id },
    el("span", { class: "swatch", style: `background:${typeColor(ev.event_type)}` }), " ", ev.event_type),
  evidenceNode((ev.evidence && ev.evidence.text) || "", ev), dl, src);
}

/* ---- displacement ledger ---- */

function ledgerValue(r) {
  for (const k of ["figure", "displaced", "value", "count", "people", "number"]) {
    if (typeof r[k] === "number") return r[k];
  }
  return null;
}

function ledgerLabel(r) {
  const area = r.area || r.place || r.location || r.admin1 || "";
  const period = r.period || r.date || r.event_date || [r.start, r.end].filter(Boolean).join("–");
  const kind = r.kind || (r.cumulative === true ? "total" : r.cumulative === false ? "increment" : "");
  return [area, period, kind, r.source].filter(Boolean).join(" · ");
}

async function renderLedger() {
  const box = document.getElementById("ledger");
  let items = [];
  try {
    items = (await getJSON("/api/displacement")).items || [];
  } catch (err) {
    box.replaceChildren(el("p", { class: "empty" }, err.message));
    return;
  }
  const rows = items.map((r) => [ledgerLabel(r), ledgerValue(r)]).filter((r) => r[1] !== null);
  if (!rows.length) {
    box.replaceChildren(el("p", { class: "empty" }, "No displacement figures yet."));
    return;
  }
  const NS = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const max = Math.max(...rows.map((r) => r[1]), 1);
  const rowH = 30, width = 330;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${rows.length * rowH}`, role: "img" });
  rows.forEach(([label, value], i) => {
    const y = i * rowH;
    svg.append(svgEl("text", { x: 0, y: y + 11 }, label.slice(0, 60)));
    const w = Math.max(1, Math.round((value / max) * (width - 80)));
    svg.append(svgEl("rect", { x: 0, y: y + 14, width: w, height: 11, fill: TYPE_COLORS.Displacement, class: "ledger-bar" }));
    svg.append(svgEl("text", { x: w + 4, y: y + 24 }, value.toLocaleString("en")));
  });
  box.replaceChildren(svg);
}

/* ---- alerts ---- */

async function renderAlerts() {
  const box = document.getElementById("alerts");
  let items = [];
  try {
    items = (await getJSON("/api/alerts?limit=200")).items || [];
  } catch (err) {
    box.replaceChildren(el("p", { class: "empty" }, err.message));
    return;
  }
  if (!items.length) {
    box.replaceChildren(el("p", { class: "empty" }, "No alerts (run frontwatch watch --alerts rules.yaml)."));
    return;
  }
  const ul = el("ul", { id: "alert-list" });
  for (const a of items) {
    const ev = el("ul", { class: "alert-evidence", hidden: "" });
    for (const x of a.evidence || []) {
      const who = [x.outlet, x.source].filter(Boolean).join(" citing ");
      ev.append(el("li", {}, el("q", {}, x.sentence || ""), who ? ` (${who})` : ""));
    }
    const li = el("li", { class: `alert alert-${a.kind}`, "data-id": a.id, tabindex: "0" },
      el("div", { class: "alert-title" }, a.title),
      el("div", { class: "alert-meta" }, `${(a.raised_at || "").replace("T", " ").slice(0, 16)} · ${a.rule}`),
      el("div", { class: "alert-summary" }, a.summary), ev);
    li.addEventListener("click", () => { ev.hidden = !ev.hidden; });
    ul.append(li);
  }
  box.replaceChildren(ul);
  document.getElementById("alerts-wrap").setAttribute("data-count", String(items.length));
}

/* ---- live: server-sent events while `frontwatch watch` stores new articles ---- */

function startStream() {
  if (!window.EventSource) return;
  const es = new EventSource("/api/stream");
  let last = null;
  es.addEventListener("counts", async (m) => {
    const c = JSON.parse(m.data);
    if (c.error) return;
    const changed = last && (c.events !== last.events || c.articles !== last.articles);
    const alerts = last && c.alerts_newest !== last.alerts_newest;
    last = c;
    if (changed) await refreshLive();
    if (alerts) await renderAlerts();
    document.body.setAttribute("data-live", String(Number(document.body.getAttribute("data-live") || 0) + 1));
  });
}

async function refreshLive() {
  try {
    state.stats = await getJSON("/api/stats");
  } catch (err) {
    setStatus(err.message);
    return;
  }
  const atEnd = state.dayIndex === state.days.length - 1 && !state.selectedDay;
  const before = currentDate();
  setupDays(state.stats);
  if (!atEnd && before && state.days.includes(before)) {
    state.dayIndex = state.days.indexOf(before);
    document.getElementById("slider").value = String(state.dayIndex);
    updateSliderLabel();
  }
  renderLedger();
  await reload();
}

/* ---- filters and start-up ---- */

async function reload() {
  setStatus("loading…");
  try {
    await loadEvents();
  } catch (err) {
    setStatus(err.message);
    return;
  }
  refreshTime();
  const located = state.events.filter((e) => e.latitude !== null && e.longitude !== null);
  if (located.length && !state.fitted) {
    // fit the bulk of the events (10th-90th percentiles), not the odd far-away one
    const pick = (xs, q) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    const lats = located.map((e) => e.latitude), lons = located.map((e) => e.longitude);
    const bounds = L.latLngBounds([pick(lats, 0.1), pick(lons, 0.1)], [pick(lats, 0.9), pick(lons, 0.9)]);
    map.fitBounds(bounds.pad(0.4), { maxZoom: 9 });
    state.fitted = true;
  }
  setStatus(`${state.stats.counts.events} events from ${state.stats.counts.articles} articles`);
  document.body.setAttribute("data-ready", "1");
}

document.getElementById("filters").addEventListener("submit", (ev) => {
  ev.preventDefault();
  document.body.removeAttribute("data-ready");
  reload();
});
document.getElementById("filter-type").addEventListener("change", () => {
  document.body.removeAttribute("data-ready");
  reload();
});

async function start() {
  try {
    state.stats = await getJSON("/api/stats");
  } catch (err) {
    setStatus(err.message);
    return;
  }
  const types = Object.keys(state.stats.event_types || {});
  const select = document.getElementById("filter-type");
  for (const t of new Set([...Object.keys(TYPE_COLORS), ...types])) select.append(el("option", { value: t }, t));
  renderLegend(types);
  setupDays(state.stats);
  renderLedger();
  renderAlerts();
  loadTiles();
  await Promise.all([loadBasemap(), reload()]);
  startStream();
}

start();
