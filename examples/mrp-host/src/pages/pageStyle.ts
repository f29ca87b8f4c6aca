/**
 * The pages' one stylesheet, served by the host at `/assets/pages.css` (the pages' CSP allows
 * styles from the host only: no inline style, no CDN).
 */
export const PAGE_STYLE = `
:root { --ink:#1d2430; --muted:#5b6678; --line:#d9dee7; --bg:#f5f7fa; --card:#fff;
  --accent:#1f5fbf; --ok:#1b7a43; --warn:#9a5b00; --bad:#b3261e; --plm:#5b3cc4; --mrp:#2f6f4f; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
header.top { display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.5rem;
  background:#18243a; color:#fff; }
header.top .brand { font-weight:700; letter-spacing:.02em; }
header.top nav { display:flex; gap:1rem; flex:1; }
header.top nav a { color:#cfe0ff; text-decoration:none; }
header.top nav a:hover, header.top nav a[aria-current="page"] { color:#fff; text-decoration:underline; }
header.top .who { color:#cfd6e4; font-size:.9rem; display:flex; gap:.75rem; align-items:center; }
header.top .who form { margin:0; }
header.top .who button { background:none; border:1px solid #8a9bb8; color:#fff; padding:.2rem .6rem;
  border-radius:4px; cursor:pointer; }
main { max-width:1100px; margin:1.5rem auto; padding:0 1.5rem; }
h1 { font-size:1.5rem; margin:0 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .6rem; }
.card h2 { margin-top:.25rem; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:1rem 1.25rem;
  margin-bottom:1rem; }
table { width:100%; border-collapse:collapse; background:var(--card); }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.8rem; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); background:#eef1f6; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.banner { border-radius:6px; padding:.7rem 1rem; margin:0 0 1rem; border:1px solid; }
.banner strong { display:block; }
.banner .code { font-family:ui-monospace, monospace; font-size:.8rem; opacity:.8; }
.banner.error { background:#fdecea; border-color:#f1b0aa; color:#6b1510; }
.banner.info { background:#e8f0fd; border-color:#b5cbf2; color:#17376b; }
.banner.ok { background:#e7f5ec; border-color:#a8d8b9; color:#124a2a; }
.badge { display:inline-block; padding:.1rem .5rem; border-radius:999px; font-size:.78rem; font-weight:600;
  border:1px solid transparent; white-space:nowrap; }
.badge.plm { background:#efeaff; color:var(--plm); border-color:#cfc2fa; }
.badge.mrp { background:#e6f4ec; color:var(--mrp); border-color:#b6dcc6; }
.badge.open { background:#e8f0fd; color:#17376b; }
.badge.cancelled { background:#eceff3; color:var(--muted); }
.badge.warn { background:#fff3df; color:var(--warn); border-color:#f2d29e; }
.badge.muted { background:#eef1f6; color:var(--muted); }
.source { display:flex; flex-wrap:wrap; gap:.4rem; align-items:center; }
.muted { color:var(--muted); }
.small { font-size:.85rem; }
form.filters { display:flex; gap:.75rem; align-items:end; flex-wrap:wrap; margin-bottom:1rem; }
label { display:block; font-weight:600; font-size:.9rem; margin-bottom:.25rem; }
.field { margin-bottom:1rem; }
input[type=text], input[type=password], input[type=number], input[type=date], select, textarea {
  font:inherit; padding:.4rem .55rem; border:1px solid #b9c2d0; border-radius:5px; background:#fff; min-width:14rem; }
textarea { width:100%; min-height:4rem; }
button, .button { font:inherit; background:var(--accent); color:#fff; border:0; border-radius:5px;
  padding:.45rem 1rem; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary, .button.secondary { background:#e4e9f2; color:var(--ink); }
button.danger { background:var(--bad); }
.actions { display:flex; gap:.75rem; align-items:center; flex-wrap:wrap; }
.field-error { color:var(--bad); font-size:.85rem; margin-top:.2rem; }
fieldset { border:1px solid var(--line); border-radius:6px; padding:.5rem 1rem .75rem; margin:0 0 1rem; }
legend { font-weight:600; padding:0 .3rem; }
ul.features { list-style:none; margin:0; padding:0; display:grid; grid-template-columns:repeat(auto-fill,minmax(300px,1fr)); gap:.4rem 1.5rem; }
ul.features li { padding:.35rem .5rem; border-radius:5px; }
ul.features li.problem { background:#fdecea; }
ul.features li.unavailable { color:var(--muted); }
ul.features label, fieldset label { display:inline; font-weight:500; }
.nowrap { white-space:nowrap; }
.rules { font-size:.8rem; color:var(--muted); margin-left:1.6rem; }
.pager { display:flex; gap:1rem; align-items:center; margin-top:.75rem; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1.25rem; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.login { max-width:380px; margin:4rem auto; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:1rem; }
code, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:.85rem; }
details { margin:.75rem 0 1rem; }
details summary { cursor:pointer; color:var(--accent); }
pre { white-space:pre-wrap; word-break:break-word; background:#f0f2f6; padding:.5rem; border-radius:5px; font-size:.8rem; }
`;
