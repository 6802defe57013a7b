// Logs: getLogs with a Lucene-style query, a per-day histogram of the
// buckets, paging (from/size), and an entry's detail (getLog). A flow filter
// and a from/to date range are combined with the typed query into the one
// Lucene query sent: `+flowId:<id> AND @timestamp:[from TO to] AND (<query>)`.
import { h, s, load, pager, heading, badge, empty, json, formatDate } from '../ui.js';

const SIZE = 12;
const PRESETS = [
  ['All', ''],
  ['Errors', 'severity:error'],
  ['Info', 'severity:info'],
  ['Last 7 days', () => `@timestamp:[${isoDay(-7)} TO *]`],
];

const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * The query sent to getLogs: the flow filter, the date range (bare dates cover
 * whole UTC days; an empty end is open) and the typed query, all required.
 * With no flow and no dates it is the typed query unchanged.
 */
export function combinedQuery({ flowId = '', since = '', until = '', query = '' }) {
  if (since && until && since > until) [since, until] = [until, since];
  const parts = [];
  if (flowId) parts.push(`+flowId:${flowId}`);
  if (since || until) parts.push(`@timestamp:[${since || '*'} TO ${until || '*'}]`);
  if (!parts.length) return query;
  if (query) parts.push(`(${query})`);
  return parts.join(' AND ');
}

function histogram(buckets) {
  const days = buckets.slice(-60);
  if (!days.length) return null;
  const max = Math.max(1, ...days.map((b) => b.doc_count));
  const w = 600;
  const hgt = 70;
  const bw = w / days.length;
  return s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'histogram', preserveAspectRatio: 'none', testid: 'logs-histogram', role: 'img', 'aria-label': 'entries per day' },
    days.map((b, i) => {
      const bh = (b.doc_count / max) * (hgt - 4);
      return s('rect', { x: i * bw + 1, y: hgt - bh, width: Math.max(1, bw - 2), height: bh, rx: 1 },
        s('title', {}, `${b.key_as_string ?? new Date(b.key).toISOString().slice(0, 10)}: ${b.doc_count}`));
    }));
}

function mount(el, { api }) {
  // query: the typed one; flowId/since/until: the filters; from: the page offset.
  const state = { query: '', flowId: '', since: '', until: '', from: 0, open: null, flowNames: new Map() };
  const results = h('div', { testid: 'logs-list' });
  const input = h('input', { type: 'search', class: 'grow', placeholder: 'Query, e.g. severity:error AND componentType:appmixer.slack.*', testid: 'logs-query', 'aria-label': 'Log query' });
  const form = h('form', { class: 'inline-form grow', testid: 'logs-form' }, input, h('button', { type: 'submit', testid: 'logs-search' }, 'Search'));
  form.addEventListener('submit', (e) => { e.preventDefault(); search(input.value.trim()); });

  function search(query) {
    Object.assign(state, { query, from: 0, open: null });
    input.value = query;
    presets.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b.dataset.query === query));
    refresh();
  }

  const presets = h('div', { class: 'segmented' }, PRESETS.map(([label, q]) => h('button', {
    type: 'button', class: 'ghost', testid: `logs-preset-${label.toLowerCase().replace(/\W+/g, '-')}`,
    onclick: (e) => {
      const query = typeof q === 'function' ? q() : q; // "last 7 days" is computed on click
      e.currentTarget.dataset.query = query;
      search(query);
    },
  }, label)));
  presets.firstChild.dataset.query = '';
  presets.firstChild.classList.add('on');

  // Filters: a flow (the user's own flows: logs belong to the flow's owner)
  // and a from/to date range. Any change goes back to the first page.
  const flowSelect = h('select', { testid: 'logs-flow', 'aria-label': 'Flow' },
    h('option', { value: '' }, 'All flows'));
  const since = h('input', { type: 'date', testid: 'logs-since', 'aria-label': 'From date' });
  const until = h('input', { type: 'date', testid: 'logs-until', 'aria-label': 'To date' });
  const filter = () => {
    Object.assign(state, { flowId: flowSelect.value, since: since.value, until: until.value, from: 0, open: null });
    refresh();
  };
  flowSelect.addEventListener('change', filter);
  since.addEventListener('change', filter);
  until.addEventListener('change', filter);
  const reset = h('button', {
    type: 'button', class: 'ghost', testid: 'logs-reset', title: 'All flows, any time, no query',
    onclick: () => {
      flowSelect.value = '';
      since.value = '';
      until.value = '';
      Object.assign(state, { flowId: '', since: '', until: '' });
      search('');
    },
  }, 'Reset');
  const filters = h('div', { class: 'toolbar', testid: 'logs-filters' },
    h('label', { class: 'field' }, 'Flow ', flowSelect),
    h('label', { class: 'field' }, 'From ', since),
    h('label', { class: 'field' }, 'To ', until),
    reset);

  // The flows, once: the filter's options and the names in the rows.
  const flowsLoaded = api.getFlows({ projection: 'name', limit: 0, sort: 'name:1' })
    .then((flows) => {
      for (const f of flows) {
        state.flowNames.set(f.flowId, f.name);
        flowSelect.append(h('option', { value: f.flowId }, f.name));
      }
      flowSelect.value = state.flowId;
    })
    .catch(() => {}); // names are a nicety; the ids still show, and "All flows" works

  const effectiveQuery = () => combinedQuery(state);

  async function refresh() {
    await load(results, async () => {
      const [page] = await Promise.all([
        api.getLogs({ from: state.from, size: SIZE, sort: '@timestamp:desc', query: effectiveQuery() || undefined }),
        flowsLoaded,
      ]);
      state.page = page;
      return page;
    }, render);
  }

  // Opening an entry needs no new page of data.
  const rerender = () => results.replaceChildren(render(state.page));

  function render({ buckets = [], hits = [], total }) {
    const count = total ?? buckets.reduce((n, b) => n + b.doc_count, 0);
    const query = effectiveQuery();
    const summary = h('p', { class: 'muted summary', testid: 'logs-total' },
      `${count} entr${count === 1 ? 'y' : 'ies'}`,
      query ? [' matching ', h('code', { testid: 'logs-effective-query' }, query)] : '',
      buckets.length ? ` · ${buckets[0].key_as_string ?? ''} – ${buckets.at(-1).key_as_string ?? ''}` : '');
    if (!hits.length) return h('div', {}, summary, empty('No log entries match.'));
    return h('div', {},
      summary,
      histogram(buckets),
      h('table', { class: 'table logs' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Severity'), h('th', {}, 'Flow / component'), h('th', {}, 'Message'))),
        h('tbody', {}, hits.flatMap(row))),
      pager({ offset: state.from, limit: SIZE, total: count, testid: 'logs-pager', onChange: (f) => { state.from = f; state.open = null; refresh(); } }));
  }

  function row(entry) {
    const open = state.open === entry._id;
    const tr = h('tr', {
      class: open ? 'clickable selected' : 'clickable', testid: 'log-row', 'data-log-id': entry._id, 'data-flow-id': entry.flowId,
      tabindex: 0,
      onclick: () => { state.open = open ? null : entry._id; rerender(); },
      onkeydown: (e) => { if (e.key === 'Enter') e.currentTarget.click(); },
    },
      h('td', { class: 'nowrap' }, formatDate(entry['@timestamp'])),
      h('td', {}, badge(entry.severity)),
      h('td', {},
        h('div', { class: 'name' }, state.flowNames.get(entry.flowId) ?? h('span', { class: 'mono' }, entry.flowId?.slice(0, 8))),
        h('div', { class: 'sub' }, entry.componentType)),
      h('td', { class: 'message', testid: 'log-message' }, entry.message ?? ''));
    if (!open) return [tr];
    const detail = h('td', { colspan: 4, testid: 'log-detail' });
    load(detail, () => api.getLog(entry._id, entry._index), (full) => h('div', {},
      h('p', { class: 'calls' }, h('code', {}, `api.getLog('${full._id}', '${full._index}')`)),
      json(full)));
    return [tr, h('tr', { class: 'detail' }, detail)];
  }

  el.append(
    heading('Logs', ['getLogs', 'getLog']),
    h('div', { class: 'toolbar' }, form, presets),
    filters,
    results);
  refresh();
}

export default { id: 'logs', title: 'Logs', mount };
