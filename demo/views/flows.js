// Flows: list with search, sort and paging; create, rename, start/stop, clone,
// delete; the accounts a flow needs (getFlowAuthentication).
import { h, load, run, toast, pager, searchBox, inlineForm, heading, badge, empty, formatDate, relativeTime } from '../ui.js';

const PAGE = 8;
const SORTS = [
  ['btime:-1', 'Newest first'],
  ['mtime:-1', 'Recently modified'],
  ['name:1', 'Name A–Z'],
];

function mount(el, ctx) {
  const { api } = ctx;
  const state = { pattern: '', offset: 0, sort: SORTS[0][0], shared: false, renaming: null, authOpen: null };
  const list = h('div', { testid: 'flows-list' });

  async function refresh() {
    const query = { pattern: state.pattern || undefined, sharedWithPermissions: state.shared ? 'read' : undefined };
    await load(list, async () => {
      const [flows, { count }] = await Promise.all([
        api.getFlows({ ...query, limit: PAGE, offset: state.offset, sort: state.sort, projection: '-flow,-thumbnail' }),
        api.getFlowsCount(query),
      ]);
      if (!flows.length && state.offset > 0 && count > 0) {
        // The page emptied (e.g. after a delete): step back one page.
        state.offset = Math.max(0, state.offset - PAGE);
        return refresh().then(() => null);
      }
      state.data = { flows, count };
      return state.data;
    }, render);
  }

  // For changes that need no new data (a rename form, the accounts row).
  const rerender = () => list.replaceChildren(render(state.data));

  function render({ flows, count }) {
    if (!flows.length) return empty(state.pattern ? `No flows match “${state.pattern}”.` : 'No flows yet — create one above.');
    return h('div', {},
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Stage'), h('th', {}, 'Modified'), h('th', { class: 'actions' }, ''))),
        h('tbody', {}, flows.flatMap(row))),
      pager({ offset: state.offset, limit: PAGE, total: count, testid: 'flows-pager', onChange: (o) => { state.offset = o; refresh(); } }));
  }

  function row(flow) {
    const running = flow.stage === 'running';
    // A flow another user shared: only what its permissions allow.
    const share = flow.userId !== ctx.user?.id
      ? flow.sharedWith?.find((sh) => sh.email === ctx.user?.email) ?? { permissions: [] }
      : null;
    const may = (perm) => !share || share.permissions.includes(perm);
    const nameCell = state.renaming === flow.flowId
      ? inlineForm({
        placeholder: 'Flow name', label: 'Save', value: flow.name, testid: 'flow-rename',
        onCancel: () => { state.renaming = null; rerender(); },
        onSubmit: async (name) => {
          await api.updateFlow(flow.flowId, { name });
          toast(`Renamed to “${name}”`);
          state.renaming = null;
          await refresh();
        },
      })
      : h('div', {},
        h('div', { class: 'name', testid: 'flow-name' }, flow.name),
        h('div', { class: 'sub' },
          share && h('span', { class: 'badge shared', testid: 'flow-shared', title: `permissions: ${share.permissions.join(', ')}` }, 'shared with me'), ' ',
          flow.customFields?.category ? `${flow.customFields.category} · ` : '',
          h('span', { class: 'mono' }, flow.flowId.slice(0, 8))));
    const tr = h('tr', { testid: 'flow-row', 'data-flow-id': flow.flowId, 'data-name': flow.name },
      h('td', {}, nameCell),
      h('td', {}, badge(flow.stage)),
      h('td', { class: 'nowrap', title: formatDate(flow.mtime) }, h('span', { testid: 'flow-mtime' }, relativeTime(flow.mtime))),
      h('td', { class: 'actions' },
        may(running ? 'stop' : 'start') && h('button', {
          class: running ? 'ghost' : 'ghost go', testid: running ? 'flow-stop' : 'flow-start',
          onclick: (e) => run(e.currentTarget, async () => {
            await (running ? api.stopFlow(flow.flowId) : api.startFlow(flow.flowId));
            toast(`${running ? 'Stopped' : 'Started'} “${flow.name}”`);
            await refresh();
          }),
        }, running ? '■ Stop' : '▶ Start'),
        !share && h('button', { class: 'ghost', testid: 'flow-rename-open', onclick: () => { state.renaming = flow.flowId; rerender(); } }, 'Rename'),
        !share && h('button', {
          class: 'ghost', testid: 'flow-clone',
          onclick: (e) => run(e.currentTarget, async () => {
            const cloneId = await api.cloneFlow(flow.flowId, { connectAccounts: false });
            const clone = await api.getFlow(cloneId);
            toast(`Cloned as “${clone.name}”`);
            await refresh();
          }),
        }, 'Clone'),
        h('button', {
          class: state.authOpen === flow.flowId ? 'ghost on' : 'ghost', testid: 'flow-auth',
          onclick: () => { state.authOpen = state.authOpen === flow.flowId ? null : flow.flowId; rerender(); },
        }, 'Accounts'),
        !share && h('button', {
          class: 'ghost danger', testid: 'flow-delete',
          onclick: (e) => run(e.currentTarget, async () => {
            if (!confirm(`Delete flow “${flow.name}”?`)) return;
            await api.deleteFlow(flow.flowId);
            toast(`Deleted “${flow.name}”`);
            await refresh();
          }),
        }, 'Delete')));
    if (state.authOpen !== flow.flowId) return [tr];
    const detail = h('td', { colspan: 4, testid: 'flow-auth-detail' });
    load(detail, () => api.getFlowAuthentication(flow.flowId), renderAuth);
    return [tr, h('tr', { class: 'detail' }, detail)];
  }

  function renderAuth(auth) {
    const components = Object.entries(auth ?? {});
    if (!components.length) return h('p', { class: 'muted', testid: 'flow-auth-none' }, 'This flow needs no accounts.');
    return h('ul', { class: 'plain' }, components.map(([componentId, { componentType, auth: a }]) => {
      const accounts = Object.values(a?.accounts ?? {});
      return h('li', { testid: 'flow-auth-component' },
        h('span', { class: 'mono' }, componentId), ' ', h('span', { class: 'muted' }, componentType), ' → ',
        accounts.length
          ? accounts.map((acc) => h('span', { class: 'chip', testid: 'flow-auth-account' }, acc.displayName || acc.name))
          : h('span', { class: 'badge error' }, 'no account connected'));
    }));
  }

  const create = inlineForm({
    placeholder: 'New flow name', label: '+ Create flow', testid: 'flow-create',
    onSubmit: async (name) => {
      const flowId = await api.createFlow(name, {});
      toast(`Created “${name}”`);
      create.reset();
      state.offset = 0;
      state.sort = 'btime:-1';
      sortSelect.value = state.sort;
      await refresh();
      return flowId;
    },
  });
  const sortSelect = h('select', { testid: 'flows-sort', 'aria-label': 'Sort', onchange: (e) => { state.sort = e.target.value; state.offset = 0; refresh(); } },
    SORTS.map(([value, label]) => h('option', { value }, label)));

  el.append(
    heading('Flows', ['getFlows', 'getFlowsCount', 'createFlow', 'updateFlow', 'startFlow', 'stopFlow', 'cloneFlow', 'deleteFlow', 'getFlowAuthentication']),
    h('div', { class: 'toolbar' },
      searchBox({ placeholder: 'Search flows…', testid: 'flows-search', onSearch: (p) => { state.pattern = p; state.offset = 0; refresh(); } }),
      sortSelect,
      h('label', { class: 'toggle' },
        h('input', { type: 'checkbox', testid: 'flows-shared', onchange: (e) => { state.shared = e.target.checked; state.offset = 0; refresh(); } }),
        'shared with me'),
      h('div', { class: 'spacer' }),
      create),
    list);
  refresh();
}

export default { id: 'flows', title: 'Flows', mount };
