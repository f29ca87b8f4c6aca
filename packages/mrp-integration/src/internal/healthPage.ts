/*
 * The health page: the server-rendered HTML shell (every dynamic string escaped), its stylesheet
 * and script (served as files: the Content-Security-Policy allows no inline script or style),
 * and uPlot's files read from the `uplot` package. The script writes every value with
 * `textContent`, never as HTML.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PlmHealth } from '../PlmHealth.js';
import type { ShadowMismatch } from '../ShadowResult.js';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const valueText = (value: unknown): string =>
  value === undefined ? '(missing)' : typeof value === 'string' ? value : JSON.stringify(value);

const pct = (ratio: number | undefined): string =>
  ratio === undefined ? '–' : `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1)} %`;

/**
 * One row per distinct difference (model, path, severity and both values), newest first, with when
 * it was last seen and how often among the listed mismatches: a model that drifts the same way on
 * every read is one row, not one per read. The page's script groups the same way.
 */
function mismatchRows(mismatches: readonly ShadowMismatch[]): string {
  if (mismatches.length === 0) {
    return '<tr><td colspan="7" class="empty">No mismatches recorded.</td></tr>';
  }
  const rows = new Map<
    string,
    { at: number; modelId: string; d: ShadowMismatch['differences'][number]; seen: number }
  >();
  for (const m of [...mismatches].sort((a, b) => b.at - a.at)) {
    for (const d of m.differences) {
      const key = JSON.stringify([
        m.modelId,
        d.path,
        d.severity,
        valueText(d.mrp),
        valueText(d.plm),
      ]);
      const row = rows.get(key);
      if (row === undefined) rows.set(key, { at: m.at, modelId: m.modelId, d, seen: 1 });
      else row.seen++;
    }
  }
  return [...rows.values()]
    .map(
      ({ at, modelId, d, seen }) =>
        `<tr><td>${escapeHtml(new Date(at).toISOString())}</td><td>${escapeHtml(modelId)}</td>` +
        `<td><span class="sev sev-${d.severity === 'critical' ? 'critical' : 'minor'}">${escapeHtml(d.severity)}</span></td>` +
        `<td class="path">${escapeHtml(d.path)}</td><td class="val">${escapeHtml(valueText(d.mrp))}</td>` +
        `<td class="val">${escapeHtml(valueText(d.plm))}</td><td class="num">${seen}</td></tr>`,
    )
    .join('');
}

type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

/** The colour of each status tile (the script computes the same in the browser). */
function toneOf(
  health: PlmHealth,
): Record<'mode' | 'circuit' | 'alerts' | 'requests' | 'guard', Tone> {
  const stateOf = (name: string) => health.alerts.find((a) => a.name === name)?.state;
  const worst = (...states: (string | undefined)[]): Tone =>
    states.includes('firing') ? 'bad' : states.includes('pending') ? 'warn' : 'ok';
  const circuit = health.circuit.state;
  return {
    mode: health.mode.guard.state === 'tripped' ? 'bad' : 'neutral',
    circuit: circuit === 'closed' ? 'ok' : circuit === 'half-open' ? 'warn' : 'bad',
    alerts: worst(...health.alerts.map((a) => a.state)),
    requests: worst(stateOf('plm-availability'), stateOf('plm-latency-p95')),
    guard:
      health.mode.guard.state === 'tripped'
        ? 'bad'
        : health.mode.guard.state === 'armed'
          ? 'ok'
          : 'neutral',
  };
}

/** The page shell; the script fills and refreshes it from the JSON endpoints. */
export function healthPageHtml(input: {
  readonly basePath: string;
  readonly refreshMs: number;
  readonly csrfToken: string | undefined;
  readonly health: PlmHealth;
  readonly mismatches: readonly ShadowMismatch[];
}): string {
  const { basePath, health } = input;
  const a = (path: string) => escapeHtml(`${basePath}/assets/${path}`);
  const firing = health.alerts.filter((x) => x.state === 'firing').length;
  const w5 = health.requests.windows['5m'];
  const tone = toneOf(health);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="plm-health-base" content="${escapeHtml(basePath)}">
<meta name="plm-health-refresh" content="${escapeHtml(input.refreshMs)}">
${input.csrfToken === undefined ? '' : `<meta name="plm-health-csrf" content="${escapeHtml(input.csrfToken)}">`}
<title>PLM integration health</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${a('uplot.min.css')}">
<link rel="stylesheet" href="${a('health.css')}">
<script defer src="${a('uplot.min.js')}"></script>
<script defer src="${a('health.js')}"></script>
</head>
<body>
<header>
  <h1>PLM integration health</h1>
  <div class="meta"><span id="status" class="badge status-${escapeHtml(health.status)}">${escapeHtml(health.status)}</span>
  <span id="updated">as of ${escapeHtml(new Date(health.at).toISOString())}</span></div>
</header>
<main>
<section class="tiles">
  <div class="tile ${tone.mode}" id="tile-mode"><h2>Mode</h2><p class="big" id="t-mode">${escapeHtml(health.mode.mode)}</p><p class="sub" id="t-mode-sub">${escapeHtml(health.mode.enabledForModels.length === 0 ? 'all models' : health.mode.enabledForModels.join(', '))}</p></div>
  <div class="tile ${tone.circuit}" id="tile-circuit"><h2>Circuit</h2><p class="big" id="t-circuit">${escapeHtml(health.circuit.state)}</p><p class="sub" id="t-circuit-sub"></p></div>
  <div class="tile ${tone.alerts}" id="tile-alerts"><h2>Alerts</h2><p class="big" id="t-alerts">${escapeHtml(firing)} firing</p><p class="sub" id="t-alerts-sub">${escapeHtml(health.activeAlerts.join(', ') || 'none active')}</p></div>
  <div class="tile ${tone.requests}" id="tile-requests"><h2>Requests (5 min)</h2><p class="big" id="t-req">${escapeHtml(pct(w5.errorRate))} errors</p><p class="sub" id="t-req-sub">${escapeHtml(w5.calls)} calls · p95 ${escapeHtml(w5.p95Ms)} ms</p></div>
  <div class="tile ${tone.guard}" id="tile-guard"><h2>Migration guard</h2><p class="big" id="t-guard">${escapeHtml(health.mode.guard.state)}</p><p class="sub" id="t-guard-sub"></p></div>
</section>
<section class="card" id="alerts-card"><h2>Alerts</h2>
  <table class="grid"><thead><tr><th>alert</th><th>state</th><th>since</th><th>value</th><th>threshold</th><th>what it checks</th></tr></thead><tbody id="alerts"></tbody></table>
</section>
<section class="charts">
  <div class="card"><h2>Latency (ms, per 10 s)</h2><div id="chart-latency" class="chart"></div></div>
  <div class="card"><h2>Calls and error rate (per 10 s)</h2><div id="chart-errors" class="chart"></div></div>
</section>
<section class="cols">
  <div class="card wide"><h2>Request windows</h2><table class="grid"><thead><tr><th>window</th><th>calls</th><th>error rate</th><th>short-circuited</th><th>p50</th><th>p95</th><th>p99</th></tr></thead><tbody id="windows"></tbody></table></div>
  <div class="card"><h2>Cache</h2><dl id="cache"></dl></div>
  <div class="card"><h2>Fallbacks</h2><dl id="fallbacks"></dl><table class="grid"><tbody id="fallback-reasons"></tbody></table></div>
  <div class="card"><h2>Usage metrics outbox</h2><dl id="usage"></dl></div>
  <div class="card"><h2>Auth, contract and deprecated reads</h2><dl id="misc"></dl></div>
  <div class="card"><h2>Circuit transitions</h2><ol id="transitions" class="list"></ol></div>
</section>
<section class="card"><h2>Shadow comparison</h2><dl id="shadow" class="narrow"></dl>
  <table class="grid"><thead><tr><th>top drifting path</th><th>severity</th><th>count</th><th>rate</th><th>noise</th><th>drift</th></tr></thead><tbody id="top-paths"></tbody></table>
</section>
<section class="card"><h2>Diff viewer</h2>
  <div class="filters"><label>Model <input id="f-model" type="search" placeholder="MRP model id"></label>
  <label>Severity <select id="f-severity"><option value="">all</option><option value="critical">critical</option><option value="minor">minor</option></select></label></div>
  <table class="grid diff"><thead><tr><th>when</th><th>model</th><th>severity</th><th>path</th><th>MRP value</th><th>PLM value</th><th title="times seen among the listed mismatches">seen</th></tr></thead><tbody id="mismatches">${mismatchRows(input.mismatches)}</tbody></table>
</section>
${
  input.csrfToken === undefined
    ? ''
    : `<section class="card" id="admin"><h2>Admin actions</h2>
  <div class="filters"><label>Mode <select id="a-mode"><option>disabled</option><option>shadow</option><option>enabled</option></select></label>
  <label class="grow">Reason <input id="a-reason" type="text" placeholder="why (recorded in the audit log)"></label></div>
  <div class="buttons"><button id="b-mode" type="button">Change mode</button><button id="b-guard" type="button">Reset guard</button>
  <button id="b-isolate" type="button" class="danger">Isolate circuit</button><button id="b-reset" type="button">Reset circuit</button></div>
  <p id="a-result" class="sub" role="status"></p></section>`
}
</main>
</body>
</html>
`;
}

const CSS = `
:root { --bg:#f4f6f9; --card:#fff; --ink:#1d2733; --muted:#5d6b7a; --line:#e2e7ee; --ok:#1e8e5a; --warn:#c98a00; --bad:#c6343a; --accent:#2f6fdf; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; justify-content:space-between; align-items:center; padding:16px 24px; background:#16202b; color:#fff; }
header h1 { font-size:18px; margin:0; font-weight:600; }
header .meta { display:flex; gap:12px; align-items:center; color:#b9c4d0; font-size:12px; }
main { padding:20px 24px 40px; display:grid; gap:16px; }
h2 { font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:0 0 10px; font-weight:600; }
.tiles { display:grid; grid-template-columns:repeat(auto-fit,minmax(180px,1fr)); gap:12px; }
.tile, .card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; box-shadow:0 1px 2px rgba(16,24,40,.04); }
.tile .big { font-size:24px; font-weight:650; margin:0; }
.tile { border-top:4px solid #cfd6df; }
.tile.ok { border-top-color:var(--ok); } .tile.warn { border-top-color:var(--warn); } .tile.bad { border-top-color:var(--bad); }
.tile.bad .big { color:var(--bad); }
.sub { color:var(--muted); font-size:12px; margin:4px 0 0; overflow-wrap:anywhere; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(420px,1fr)); gap:16px; }
.chart { min-height:240px; }
.cols { display:grid; grid-template-columns:repeat(auto-fit,minmax(300px,1fr)); gap:16px; }
.cols .wide { grid-column: span 2; }
@media (max-width: 700px) { .cols .wide { grid-column: auto; overflow-x:auto; } }
table.grid { width:100%; border-collapse:collapse; font-size:13px; }
table.grid th { text-align:left; color:var(--muted); font-weight:600; border-bottom:1px solid var(--line); padding:6px 8px; }
table.grid td { border-bottom:1px solid var(--line); padding:6px 8px; vertical-align:top; }
table.diff td.val { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; background:#fafbfc; overflow-wrap:anywhere; max-width:280px; }
table.diff td.path { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; overflow-wrap:anywhere; }
table.diff td.num { text-align:right; font-variant-numeric:tabular-nums; }
td.empty { color:var(--muted); text-align:center; padding:16px; }
dl { display:grid; grid-template-columns:auto 1fr; gap:4px 16px; margin:0; }
dl.narrow { max-width:360px; margin-bottom:12px; }
dt { color:var(--muted); } dd { margin:0; font-weight:600; text-align:right; font-variant-numeric:tabular-nums; }
.badge, .sev, .state { display:inline-block; padding:2px 8px; border-radius:999px; font-size:12px; font-weight:600; background:#e8edf3; color:var(--ink); }
.status-ok, .state-inactive, .state-closed, .state-armed { background:#dcf3e7; color:var(--ok); }
.status-degraded, .state-pending, .state-half-open, .state-resolved { background:#fff1cc; color:#8a5d00; }
.status-critical, .state-firing, .state-open, .state-isolated, .state-tripped, .sev-critical { background:#fde1e2; color:var(--bad); }
.state-off, .sev-minor { background:#e8edf3; color:var(--muted); }
.list { margin:0; padding-left:18px; } .list li { margin:2px 0; }
.filters { display:flex; gap:16px; flex-wrap:wrap; margin-bottom:10px; align-items:end; }
.filters label { display:flex; flex-direction:column; gap:4px; font-size:12px; color:var(--muted); }
.filters label.grow { flex:1; min-width:240px; }
input, select { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--ink); }
.buttons { display:flex; gap:8px; flex-wrap:wrap; }
button { font:inherit; padding:6px 12px; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.danger { background:#fff; color:var(--bad); border-color:var(--bad); }
`;

const SCRIPT = String.raw`'use strict';
(function () {
  var meta = function (name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.getAttribute('content') : null; };
  var base = meta('plm-health-base') || '';
  var refreshMs = Number(meta('plm-health-refresh')) || 5000;
  var csrf = meta('plm-health-csrf');
  var byId = function (id) { return document.getElementById(id); };
  var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; };
  var clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); };
  var pct = function (r) { return r === undefined || r === null ? '–' : (r * 100).toFixed(r > 0 && r < 0.01 ? 2 : 1) + ' %'; };
  var ms = function (v) { return v === undefined || v === null ? '–' : v >= 1000 ? (v / 1000).toFixed(2) + ' s' : Math.round(v) + ' ms'; };
  var dur = function (v) {
    if (v === undefined || v === null) return '–';
    var s = Math.floor(v / 1000); if (s < 60) return s + ' s';
    var m = Math.floor(s / 60); if (m < 60) return m + ' min ' + (s % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  };
  var when = function (at) { return at === undefined || at === null ? '–' : new Date(at).toLocaleTimeString(); };
  var show = function (v) { return v === undefined ? '(missing)' : typeof v === 'string' ? v : JSON.stringify(v); };
  var set = function (id, text) { var e = byId(id); if (e) e.textContent = String(text); };
  var badge = function (id, state) { var e = byId(id); if (!e) return; e.textContent = state; e.className = 'big'; };
  var dl = function (id, rows) {
    var node = byId(id); clear(node);
    rows.forEach(function (r) { node.appendChild(el('dt', '', r[0])); node.appendChild(el('dd', '', r[1])); });
  };
  var row = function (cells) { var tr = el('tr'); cells.forEach(function (c) { if (c instanceof Node) { var td = el('td'); td.appendChild(c); tr.appendChild(td); } else tr.appendChild(el('td', '', c)); }); return tr; };
  var pill = function (cls, text) { return el('span', cls, text); };

  var charts = {};
  function chart(id, series, data, scales) {
    var target = byId(id);
    var width = Math.max(300, target.clientWidth);
    if (charts[id]) { charts[id].setSize({ width: width, height: 240 }); charts[id].setData(data); return; }
    if (typeof uPlot !== 'function') return;
    charts[id] = new uPlot({ width: width, height: 240, series: series, scales: scales || {},
      axes: [{}, { size: 56 }, { side: 1, scale: 'ratio', grid: { show: false }, values: function (u, v) { return v.map(function (x) { return (x * 100).toFixed(0) + '%'; }); } }].slice(0, scales && scales.ratio ? 3 : 2),
      legend: { live: true } }, data, target);
  }

  function tones(h) {
    var stateOf = function (n) { var a = h.alerts.filter(function (x) { return x.name === n; })[0]; return a ? a.state : undefined; };
    var worst = function (states) { return states.indexOf('firing') >= 0 ? 'bad' : states.indexOf('pending') >= 0 ? 'warn' : 'ok'; };
    var c = h.circuit.state, g = h.mode.guard.state;
    return {
      'tile-mode': g === 'tripped' ? 'bad' : 'neutral',
      'tile-circuit': c === 'closed' ? 'ok' : c === 'half-open' ? 'warn' : 'bad',
      'tile-alerts': worst(h.alerts.map(function (a) { return a.state; })),
      'tile-requests': worst([stateOf('plm-availability'), stateOf('plm-latency-p95')]),
      'tile-guard': g === 'tripped' ? 'bad' : g === 'armed' ? 'ok' : 'neutral'
    };
  }

  function render(h) {
    var t = tones(h);
    Object.keys(t).forEach(function (id) { var e = byId(id); if (e) e.className = 'tile ' + t[id]; });
    var status = byId('status'); status.textContent = h.status; status.className = 'badge status-' + h.status;
    set('updated', 'as of ' + new Date(h.at).toLocaleTimeString());
    badge('t-mode', h.mode.mode);
    set('t-mode-sub', h.mode.enabledForModels.length === 0 ? 'all models' : h.mode.enabledForModels.join(', '));
    badge('t-circuit', h.circuit.state);
    byId('t-circuit').className = 'big';
    set('t-circuit-sub', 'for ' + dur(h.circuit.timeInStateMs));
    var firing = h.alerts.filter(function (a) { return a.state === 'firing'; }).length;
    set('t-alerts', firing + ' firing');
    set('t-alerts-sub', h.activeAlerts.length ? h.activeAlerts.join(', ') : 'none active');
    var w5 = h.requests.windows['5m'];
    set('t-req', pct(w5.errorRate) + ' errors');
    set('t-req-sub', w5.calls + ' calls · p95 ' + ms(w5.p95Ms));
    set('t-guard', h.mode.guard.state);
    set('t-guard-sub', h.mode.guard.trigger ? h.mode.guard.trigger + ' at ' + when(h.mode.guard.trippedAt) + (h.mode.guard.step ? ' (' + h.mode.guard.step.from + ' → ' + h.mode.guard.step.to + ')' : '') : 'no automatic rollback');

    var alerts = byId('alerts'); clear(alerts);
    h.alerts.forEach(function (a) {
      var v = a.unit === 'ratio' ? pct(a.value) : a.unit === 'ms' ? (a.name === 'circuit-open' ? dur(a.value) : ms(a.value)) : String(a.value);
      var t = a.unit === 'ratio' ? pct(a.threshold) : a.unit === 'ms' ? (a.name === 'circuit-open' ? dur(a.threshold) : ms(a.threshold)) : String(a.threshold);
      alerts.appendChild(row([a.name, pill('state state-' + a.state, a.state), when(a.since), v, t, a.summary]));
    });

    var s = h.requests.series;
    var xs = s.map(function (p) { return p.at / 1000; });
    chart('chart-latency', [{}, { label: 'p50', stroke: '#2f6fdf', width: 2, points: { show: true, size: 4 } }, { label: 'p95', stroke: '#c6343a', width: 2, points: { show: true, size: 4 } }],
      [xs, s.map(function (p) { return p.calls ? p.p50Ms : null; }), s.map(function (p) { return p.calls ? p.p95Ms : null; })]);
    chart('chart-errors', [{}, { label: 'calls', stroke: '#5d6b7a', fill: 'rgba(93,107,122,.12)', width: 1 }, { label: 'error rate', stroke: '#c6343a', width: 2, scale: 'ratio', value: function (u, v) { return v === null ? '–' : (v * 100).toFixed(1) + '%'; } }],
      [xs, s.map(function (p) { return p.calls; }), s.map(function (p) { return p.calls ? p.failures / p.calls : null; })], { ratio: { range: [0, 1] } });

    var windows = byId('windows'); clear(windows);
    ['1m', '5m', '15m'].forEach(function (w) { var x = h.requests.windows[w]; windows.appendChild(row([w, x.calls, pct(x.errorRate), x.shortCircuited, ms(x.p50Ms), ms(x.p95Ms), ms(x.p99Ms)])); });
    var c = h.cache;
    dl('cache', [['hit ratio (15 min)', pct(c.hitRatio)], ['lookups (15 min)', c.lookups15m], ['hit / stale / miss', c.byStatus15m.hit + ' / ' + (c.byStatus15m.stale + c.byStatus15m['stale-if-error']) + ' / ' + c.byStatus15m.miss], ['entries', c.entries === undefined ? 'n/a' : c.entries], ['oldest stale answer served', dur(c.oldestStaleAgeMs)]]);
    dl('fallbacks', [['reads', h.fallbacks.reads], ['fallbacks', h.fallbacks.total + ' (' + pct(h.fallbacks.share) + ')']]);
    var fr = byId('fallback-reasons'); clear(fr);
    Object.keys(h.fallbacks.byReason).forEach(function (k) { var x = h.fallbacks.byReason[k]; fr.appendChild(row([k, x.count, pct(x.share)])); });
    var u = h.usage;
    dl('usage', u ? [['pending', u.pending], ['oldest pending', dur(u.oldestPendingAgeMs)], ['dead letters', u.deadLetters], ['delivered', u.delivered], ['delivery success', pct(u.deliverySuccessRate)], ['backlog growing', u.backlogGrowing ? 'yes' : 'no'], ['paused', u.paused ? 'yes' : 'no']] : [['outbox', 'not started']]);
    var drift = Object.keys(h.contractDrift.bySchemaVersion).map(function (k) { return ['contract drift, schema ' + k, h.contractDrift.bySchemaVersion[k]]; });
    var dep = Object.keys(h.deprecatedReads.byApi).map(function (k) { return ['deprecated reads: ' + k, h.deprecatedReads.byApi[k]]; });
    dl('misc', [['token requests', h.auth.tokenRequests + ' (' + h.auth.tokenRequestFailures + ' failed)'], ['auth failures', h.auth.authFailures], ['contract drift', h.contractDrift.total]].concat(drift, [['deprecated reads', h.deprecatedReads.total]], dep));
    var tr = byId('transitions'); clear(tr);
    if (h.circuit.transitions.length === 0) tr.appendChild(el('li', 'sub', 'none since start'));
    h.circuit.transitions.forEach(function (t) { tr.appendChild(el('li', '', when(t.at) + ': ' + t.from + ' → ' + t.to + ' (' + t.reason + ')')); });
    var sh = h.shadow;
    dl('shadow', sh ? [['sample rate', pct(sh.sampleRate)], ['compared', sh.compared], ['diff rate', pct(sh.diffRate)], ['critical diff rate', pct(sh.criticalDiffRate)], ['noise rate', pct(sh.noiseRate)]] : [['comparison', 'not configured']]);
    var tp = byId('top-paths'); clear(tp);
    (sh ? sh.topPaths : []).forEach(function (p) { tp.appendChild(row([p.path, pill('sev sev-' + (p.severity === 'critical' ? 'critical' : 'minor'), p.severity), p.count, pct(p.rate), pct(p.noiseRate), p.drift ? 'yes' : 'noise'])); });
  }

  function renderMismatches(list) {
    var body = byId('mismatches'); clear(body);
    var n = 0;
    // The severity filter picks mismatches with such a difference; show only those differences.
    var sev = byId('f-severity').value;
    // One row per distinct difference, newest first, with how often it was seen (as the server renders).
    var groups = []; var byKey = {};
    list.slice().sort(function (a, b) { return b.at - a.at; }).forEach(function (m) {
      m.differences.filter(function (d) { return !sev || d.severity === sev; }).forEach(function (d) {
        var key = JSON.stringify([m.modelId, d.path, d.severity, show(d.mrp), show(d.plm)]);
        if (Object.prototype.hasOwnProperty.call(byKey, key)) { byKey[key].seen++; return; }
        byKey[key] = { at: m.at, modelId: m.modelId, d: d, seen: 1 }; groups.push(byKey[key]);
      });
    });
    groups.forEach(function (g) {
      n++;
      var d = g.d;
      var tr = row([new Date(g.at).toLocaleString(), g.modelId, pill('sev sev-' + (d.severity === 'critical' ? 'critical' : 'minor'), d.severity), d.path, show(d.mrp), show(d.plm), String(g.seen)]);
      tr.children[3].className = 'path'; tr.children[4].className = 'val'; tr.children[5].className = 'val'; tr.children[6].className = 'num';
      body.appendChild(tr);
    });
    if (n === 0) { var empty = el('tr'); var td = el('td', 'empty', 'No mismatches match.'); td.colSpan = 7; empty.appendChild(td); body.appendChild(empty); }
  }

  function getJson(path) {
    return fetch(base + path, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }
  function mismatchQuery() {
    var q = new URLSearchParams();
    var model = byId('f-model').value.trim(); var sev = byId('f-severity').value;
    if (model) q.set('model', model); if (sev) q.set('severity', sev);
    q.set('limit', '50');
    return '/mismatches.json?' + q.toString();
  }
  function refresh() {
    return Promise.all([getJson('/plm-health.json').then(render), getJson(mismatchQuery()).then(renderMismatches)])
      .catch(function (e) { set('updated', 'refresh failed: ' + e.message); });
  }
  function loop() { refresh().then(function () { setTimeout(loop, refreshMs); }); }

  byId('f-model').addEventListener('input', function () { getJson(mismatchQuery()).then(renderMismatches); });
  byId('f-severity').addEventListener('change', function () { getJson(mismatchQuery()).then(renderMismatches); });

  if (csrf) {
    var act = function (name, body) {
      body.reason = byId('a-reason').value;
      fetch(base + '/actions/' + name, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.detail || ('HTTP ' + r.status)); render(j); set('a-result', name + ': done'); }); })
        .catch(function (e) { set('a-result', name + ': ' + e.message); });
    };
    byId('b-mode').addEventListener('click', function () { act('mode', { mode: byId('a-mode').value }); });
    byId('b-guard').addEventListener('click', function () { act('guard-reset', {}); });
    byId('b-isolate').addEventListener('click', function () { act('circuit-isolate', {}); });
    byId('b-reset').addEventListener('click', function () { act('circuit-reset', {}); });
  }
  window.addEventListener('resize', function () { refresh(); });
  loop();
})();
`;

interface Asset {
  readonly body: string;
  readonly contentType: string;
}

const uplotFiles: Readonly<Record<string, string>> = {
  'uplot.min.js': 'uplot/dist/uPlot.iife.min.js',
  'uplot.min.css': 'uplot/dist/uPlot.min.css',
};
const loaded = new Map<string, Promise<Asset>>();

/** One asset of the page by file name, or `undefined` when there is no such asset. */
export function readHealthPageAsset(name: string): Promise<Asset | undefined> {
  if (name === 'health.js') {
    return Promise.resolve({ body: SCRIPT, contentType: 'text/javascript; charset=utf-8' });
  }
  if (name === 'health.css')
    return Promise.resolve({ body: CSS, contentType: 'text/css; charset=utf-8' });
  const specifier = uplotFiles[name];
  if (specifier === undefined) return Promise.resolve(undefined);
  let asset = loaded.get(name);
  if (asset === undefined) {
    const contentType = name.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : 'text/javascript; charset=utf-8';
    // uPlot ships these files; resolve them from this package's dependency, read once.
    const path = createRequire(import.meta.url).resolve(specifier);
    asset = readFile(path, 'utf8').then((body) => ({ body, contentType }));
    asset.catch(() => loaded.delete(name));
    loaded.set(name, asset);
  }
  return asset;
}
