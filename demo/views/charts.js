// Charts: the Insights charts (getCharts), one chart (getChart) drawn as an
// inline SVG, deleteChart. A chart stores queries, not data: its traces are
// aggregations over the logs, so the numbers come from getLogs (per-day
// buckets for date histograms, counted hits for terms).
import { h, s, load, run, toast, heading, empty, badge, errorBox, formatDate } from '../ui.js';

const COLORS = ['#3b6df0', '#1e8e5a', '#e0873a', '#b04fc4', '#c62828', '#2a9bb8', '#8a94a6', '#d4b106'];

// ---- from the chart's Elasticsearch query to the Lucene subset getLogs takes ----

function day(expr) {
  const m = /^now(?:-(\d+)d)?/.exec(expr ?? '');
  if (!m) return expr;
  return new Date(Date.now() - Number(m[1] ?? 0) * 86_400_000).toISOString().slice(0, 10);
}

function toLucene(q) {
  if (!q || typeof q !== 'object' || q.match_all) return '';
  const parts = [];
  for (const [field, v] of Object.entries(q.term ?? {})) parts.push(`${field}:"${v?.value ?? v}"`);
  for (const [field, r] of Object.entries(q.range ?? {})) parts.push(`${field}:[${day(r.gte) ?? '*'} TO ${day(r.lte) ?? '*'}]`);
  for (const sub of q.bool?.must ?? []) {
    const inner = toLucene(sub);
    if (inner) parts.push(`(${inner})`);
  }
  return parts.join(' AND ');
}

/** The chart's traces as `[{name, type, points: [{label, value}]}]`. */
async function traceData(api, chart) {
  const query = toLucene(chart.query) || undefined;
  const traces = Object.entries(chart.traces ?? {});
  return Promise.all(traces.map(async ([name, trace]) => {
    const agg = trace?.agg ?? {};
    let points = [];
    if (agg.terms) {
      const counts = new Map();
      for await (const hit of api.iterate('getLogs', { query, size: 200 })) {
        const key = String(hit[agg.terms.field] ?? '—');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      points = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([label, value]) => ({ label, value }));
    } else {
      const { buckets = [] } = await api.getLogs({ query, size: 1 });
      points = buckets.slice(-30).map((b) => ({ label: b.key_as_string ?? String(b.key), value: b.doc_count }));
    }
    return { name, type: trace?.type ?? chart.type, points };
  }));
}

// ---- drawing ----

const W = 640;
const H = 260;
const PAD = { l: 36, r: 12, t: 12, b: 28 };

function axes(max, labels) {
  const plotH = H - PAD.t - PAD.b;
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const every = Math.max(1, Math.ceil(labels.length / 6));
  const step = (W - PAD.l - PAD.r) / Math.max(1, labels.length);
  return [
    ticks.map((t) => {
      const y = PAD.t + plotH - (t / max) * plotH;
      return [s('line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, stroke: '#e3e7ee' }),
        s('text', { x: PAD.l - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, t)];
    }),
    labels.map((l, i) => i % every === 0 && s('text', { x: PAD.l + step * (i + 0.5), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, l.slice(5))),
  ];
}

function xy(trace, color, max, type) {
  const { points } = trace;
  const plotH = H - PAD.t - PAD.b;
  const step = (W - PAD.l - PAD.r) / Math.max(1, points.length);
  const x = (i) => PAD.l + step * (i + 0.5);
  const y = (v) => PAD.t + plotH - (v / max) * plotH;
  const tip = (p) => s('title', {}, `${p.label}: ${p.value}`);
  if (type === 'bar') {
    return points.map((p, i) => s('rect', { x: x(i) - step * 0.35, y: y(p.value), width: step * 0.7, height: plotH - (y(p.value) - PAD.t), fill: color, rx: 2 }, tip(p)));
  }
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return [
    type === 'area' && s('path', { d: `${line} L${x(points.length - 1)},${y(0)} L${x(0)},${y(0)} Z`, fill: color, opacity: 0.15 }),
    type !== 'scatter' && s('path', { d: line, fill: 'none', stroke: color, 'stroke-width': 2 }),
    points.map((p, i) => s('circle', { cx: x(i), cy: y(p.value), r: type === 'scatter' ? 4 : 2.5, fill: color }, tip(p))),
  ];
}

function pie(points) {
  const total = points.reduce((n, p) => n + p.value, 0) || 1;
  const cx = W / 2 - 120;
  const cy = H / 2;
  const r = H / 2 - 16;
  let angle = -Math.PI / 2;
  return points.map((p, i) => {
    const a = (p.value / total) * Math.PI * 2;
    const [x1, y1] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    angle += a;
    const [x2, y2] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    const d = a >= Math.PI * 2 - 1e-6
      ? `M${cx - r},${cy} a${r},${r} 0 1,0 ${2 * r},0 a${r},${r} 0 1,0 ${-2 * r},0`
      : `M${cx},${cy} L${x1},${y1} A${r},${r} 0 ${a > Math.PI ? 1 : 0},1 ${x2},${y2} Z`;
    return [
      s('path', { d, fill: COLORS[i % COLORS.length], stroke: '#fff', 'stroke-width': 2 }, s('title', {}, `${p.label}: ${p.value}`)),
      s('rect', { x: W / 2 + 10, y: 30 + i * 26, width: 12, height: 12, rx: 2, fill: COLORS[i % COLORS.length] }),
      s('text', { x: W / 2 + 30, y: 41 + i * 26, class: 'tick legend-text' }, `${p.label}  (${Math.round((p.value / total) * 100)}%)`),
    ];
  });
}

function drawChart(chart, traces) {
  const all = traces.flatMap((t) => t.points);
  if (!all.length) return empty('No data for this chart yet.');
  const isPie = chart.type === 'pie';
  const max = Math.max(1, ...all.map((p) => p.value));
  const labels = traces[0]?.points.map((p) => p.label) ?? [];
  return h('div', {},
    s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', testid: 'chart-svg', 'data-type': chart.type, role: 'img', 'aria-label': chart.name },
      isPie ? pie(traces[0].points) : [axes(max, labels), traces.map((t, i) => xy(t, COLORS[i % COLORS.length], max, t.type ?? chart.type))]),
    !isPie && h('div', { class: 'legend' }, traces.map((t, i) => h('span', { style: `--swatch: ${COLORS[i % COLORS.length]}` },
      `${t.name} · ${t.points.reduce((n, p) => n + p.value, 0)} total`))));
}

// ---- the view ----

function mount(el, { api }) {
  const state = { charts: [], chartId: null };
  const sidebar = h('div', { testid: 'charts-list' });
  const pane = h('div', { class: 'pane', testid: 'chart-pane' });

  async function refresh() {
    await load(sidebar, () => api.getCharts(), (charts) => {
      state.charts = charts;
      if (!charts.some((c) => c.chartId === state.chartId)) select(charts[0]?.chartId ?? null);
      return renderList();
    });
  }

  function renderList() {
    if (!state.charts.length) return empty('No charts.');
    return h('ul', { class: 'nav-list' }, state.charts.map((c) => h('li', {},
      h('button', {
        class: c.chartId === state.chartId ? 'nav-item active' : 'nav-item', testid: 'chart-item', 'data-chart-id': c.chartId,
        onclick: () => { select(c.chartId); sidebar.replaceChildren(renderList()); },
      }, c.name, h('small', {}, c.type)))));
  }

  function select(chartId) {
    state.chartId = chartId;
    if (!chartId) {
      pane.replaceChildren(empty('Select a chart.'));
      return;
    }
    load(pane, async () => {
      const chart = await api.getChart(chartId);
      let traces;
      let dataError;
      try {
        traces = await traceData(api, chart);
      } catch (err) {
        dataError = err;
      }
      return { chart, traces, dataError };
    }, ({ chart, traces, dataError }) => h('div', {},
      h('div', { class: 'pane-head' },
        h('h3', { testid: 'chart-name' }, chart.name), badge(chart.type, 'type'),
        h('span', { class: 'muted' }, `updated ${formatDate(chart.mtime)}`),
        h('div', { class: 'spacer' }),
        h('button', {
          class: 'ghost danger', testid: 'chart-delete',
          onclick: (e) => run(e.currentTarget, async () => {
            if (!confirm(`Delete chart “${chart.name}”?`)) return;
            await api.deleteChart(chart.chartId);
            toast(`Deleted chart “${chart.name}”`);
            state.chartId = null;
            await refresh();
          }),
        }, 'Delete')),
      dataError ? errorBox(dataError) : drawChart(chart, traces),
      h('details', { class: 'raw' }, h('summary', {}, 'Chart definition'),
        h('pre', { class: 'json' }, JSON.stringify({ index: chart.index, query: chart.query, traces: chart.traces, options: chart.options }, null, 2)))));
  }

  el.append(
    heading('Charts', ['getCharts', 'getChart', 'deleteChart', 'getLogs (data)']),
    h('div', { class: 'split' }, h('div', { class: 'side' }, sidebar), pane));
  refresh();
}

export default { id: 'charts', title: 'Charts', mount };
