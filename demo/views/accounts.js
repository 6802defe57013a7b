// Accounts: the connected accounts (getAccounts), renaming one
// (setAccountName) and the flows that use it (getAccountFlows).
import { h, load, toast, inlineForm, heading, empty } from '../ui.js';

function mount(el, { api }) {
  const state = { renaming: null, open: null };
  const list = h('div', { testid: 'accounts-list' });

  let accounts = [];
  const refresh = () => load(list, async () => (accounts = await api.getAccounts()), render);
  // For changes that need no new data (a rename form, the flows row).
  const rerender = () => list.replaceChildren(render(accounts));

  function render(accounts) {
    if (!accounts.length) return empty('No connected accounts.');
    return h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Account'), h('th', {}, 'Service'), h('th', {}, 'Profile'), h('th', { class: 'actions' }, ''))),
      h('tbody', {}, accounts.flatMap(row)));
  }

  function row(acc) {
    const label = acc.displayName || acc.name;
    const nameCell = state.renaming === acc.accountId
      ? inlineForm({
        placeholder: 'Display name', label: 'Save', value: label, testid: 'account-rename',
        onCancel: () => { state.renaming = null; rerender(); },
        onSubmit: async (name) => {
          await api.setAccountName(acc.accountId, name);
          toast(`Renamed to “${name}”`);
          state.renaming = null;
          await refresh();
        },
      })
      : h('div', { class: 'with-icon' },
        acc.icon && h('img', { src: acc.icon, alt: '', class: 'icon' }),
        h('div', {},
          h('div', { class: 'name', testid: 'account-name' }, label),
          h('div', { class: 'sub', title: `accountId ${acc.accountId}` }, acc.name)));
    const profile = Object.entries(acc.profileInfo ?? {}).slice(0, 3)
      .map(([k, v]) => h('span', { class: 'chip' }, `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`));
    const open = state.open === acc.accountId;
    const tr = h('tr', { testid: 'account-row', 'data-account-id': acc.accountId, 'data-name': label },
      h('td', {}, nameCell),
      h('td', {}, h('code', {}, acc.service)),
      h('td', {}, profile),
      h('td', { class: 'actions' },
        h('button', { class: 'ghost', testid: 'account-rename-open', onclick: () => { state.renaming = acc.accountId; rerender(); } }, 'Rename'),
        h('button', {
          class: open ? 'ghost on' : 'ghost', testid: 'account-flows-open',
          onclick: () => { state.open = open ? null : acc.accountId; rerender(); },
        }, 'Used by')));
    if (!open) return [tr];
    const detail = h('td', { colspan: 4, testid: 'account-flows' });
    load(detail, () => api.getAccountFlows(acc.accountId), (flows) => (flows.length
      ? h('div', {}, h('span', { class: 'muted' }, `Used by ${flows.length} flow${flows.length === 1 ? '' : 's'}: `),
        flows.map((f) => h('span', { class: 'chip', testid: 'account-flow' }, f.name)))
      : h('span', { class: 'muted', testid: 'account-flows-none' }, 'No flow uses this account.')));
    return [tr, h('tr', { class: 'detail' }, detail)];
  }

  el.append(heading('Accounts', ['getAccounts', 'setAccountName', 'getAccountFlows']), list);
  refresh();
}

export default { id: 'accounts', title: 'Accounts', mount };
