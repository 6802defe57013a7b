// Data stores: the store list (create, rename, delete) and the selected
// store's records (search, paging, count, add, delete selected).
import { h, load, run, toast, pager, searchBox, inlineForm, heading, empty, formatDate, relativeTime } from '../ui.js';

const PAGE = 10;

function mount(el, { api }) {
  const state = { stores: [], storeId: null, renaming: false, pattern: '', offset: 0, selected: new Set() };
  const sidebar = h('div', { testid: 'stores-list' });
  const pane = h('div', { class: 'pane', testid: 'store-pane' });
  const current = () => state.stores.find((st) => st.storeId === state.storeId);

  // ---- the store list ----

  async function refreshStores() {
    await load(sidebar, () => api.getStores(), (stores) => {
      state.stores = stores;
      if (!current()) selectStore(stores[0]?.storeId ?? null);
      return renderStores();
    });
  }

  function renderStores() {
    if (!state.stores.length) return empty('No stores yet.');
    return h('ul', { class: 'nav-list' }, state.stores.map((st) => h('li', {},
      h('button', {
        class: st.storeId === state.storeId ? 'nav-item active' : 'nav-item',
        testid: 'store-item', 'data-store-id': st.storeId,
        onclick: () => { selectStore(st.storeId); sidebar.replaceChildren(renderStores()); },
      }, st.name))));
  }

  function selectStore(storeId) {
    Object.assign(state, { storeId, renaming: false, pattern: '', offset: 0 });
    state.selected.clear();
    records.replaceChildren();
    renderPane();
  }

  const createForm = inlineForm({
    placeholder: 'New store name', label: '+ Create', testid: 'store-create',
    onSubmit: async (name) => {
      const storeId = await api.createStore(name);
      toast(`Created store “${name}”`);
      createForm.reset();
      state.storeId = storeId;
      await refreshStores();
      selectStore(storeId);
    },
  });

  // ---- the selected store ----

  const records = h('div', { testid: 'records' });
  const countEl = h('span', { class: 'count', testid: 'records-count' });
  const search = searchBox({
    placeholder: 'Search keys and values…', testid: 'records-search',
    onSearch: (p) => { state.pattern = p; state.offset = 0; refreshRecords(); },
  });
  const deleteSelected = h('button', {
    class: 'ghost danger', testid: 'records-delete', disabled: true,
    onclick: (e) => run(e.currentTarget, async () => {
      const items = [...state.selected].map((key) => ({ key, storeId: state.storeId }));
      const { deletedCount } = await api.deleteStoreItems(items);
      toast(`Deleted ${deletedCount} record${deletedCount === 1 ? '' : 's'}`);
      state.selected.clear();
      await refreshRecords();
    }),
  }, 'Delete selected');
  const addForm = h('form', { class: 'inline-form add-record', testid: 'record-add' },
    h('input', { name: 'key', placeholder: 'key', required: true, testid: 'record-key', 'aria-label': 'Record key' }),
    h('input', { name: 'value', placeholder: 'value (text or JSON)', testid: 'record-value', 'aria-label': 'Record value', class: 'grow' }),
    h('button', { type: 'submit', testid: 'record-add-submit' }, '+ Add record'));
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = addForm.key.value.trim();
    if (!key) return;
    run(e.submitter, async () => {
      await api.createStoreItem(state.storeId, key, addForm.value.value);
      toast(`Saved “${key}”`);
      addForm.reset();
      await refreshRecords();
    });
  });

  function updateSelection() {
    deleteSelected.disabled = state.selected.size === 0;
    deleteSelected.textContent = state.selected.size ? `Delete selected (${state.selected.size})` : 'Delete selected';
  }

  async function refreshRecords() {
    const { storeId, pattern, offset } = state;
    if (!storeId) return;
    updateSelection();
    await load(records, async () => {
      const [items, { count }] = await Promise.all([
        api.getStoreRecords({ storeId, pattern: pattern || undefined, limit: PAGE, offset, sort: 'updatedAt:-1' }),
        api.getStoreRecordsCount({ storeId, pattern: pattern || undefined }),
      ]);
      return { items, count };
    }, ({ items, count }) => {
      countEl.textContent = pattern ? `${count} matching` : `${count} record${count === 1 ? '' : 's'}`;
      if (!items.length) return empty(pattern ? `No records match “${pattern}”.` : 'This store is empty — add a record below.');
      return h('div', {},
        h('table', { class: 'table records' },
          h('thead', {}, h('tr', {}, h('th', { class: 'check' }, ''), h('th', {}, 'Key'), h('th', {}, 'Value'), h('th', {}, 'Updated'))),
          h('tbody', {}, items.map(recordRow))),
        pager({ offset, limit: PAGE, total: count, testid: 'records-pager', onChange: (o) => { state.offset = o; refreshRecords(); } }));
    });
  }

  function recordRow(rec) {
    const box = h('input', {
      type: 'checkbox', testid: 'record-check', 'aria-label': `Select ${rec.key}`, checked: state.selected.has(rec.key),
      onchange: (e) => { if (e.target.checked) state.selected.add(rec.key); else state.selected.delete(rec.key); updateSelection(); },
    });
    return h('tr', { testid: 'record-row', 'data-key': rec.key },
      h('td', { class: 'check' }, box),
      h('td', { class: 'key', testid: 'record-key-cell' }, rec.key),
      h('td', { class: 'value', title: rec.value }, h('code', { testid: 'record-value-cell' }, rec.value)),
      h('td', { class: 'nowrap', title: formatDate(rec.updatedAt) }, relativeTime(rec.updatedAt)));
  }

  function renderPane() {
    const store = current();
    if (!store) {
      pane.replaceChildren(empty('Select or create a store.'));
      return;
    }
    const title = state.renaming
      ? inlineForm({
        placeholder: 'Store name', label: 'Save', value: store.name, testid: 'store-rename',
        onCancel: () => { state.renaming = false; renderPane(); },
        onSubmit: async (name) => {
          await api.renameStore(store.storeId, name);
          toast(`Renamed to “${name}”`);
          state.renaming = false;
          await refreshStores();
          renderPane();
        },
      })
      : h('h3', { testid: 'store-name' }, store.name);
    search.value = state.pattern;
    pane.replaceChildren(
      h('div', { class: 'pane-head' },
        title, countEl,
        h('div', { class: 'spacer' }),
        !state.renaming && h('button', { class: 'ghost', testid: 'store-rename-open', onclick: () => { state.renaming = true; renderPane(); } }, 'Rename'),
        h('button', {
          class: 'ghost danger', testid: 'store-delete',
          onclick: (e) => run(e.currentTarget, async () => {
            if (!confirm(`Delete store “${store.name}” and all its records?`)) return;
            await api.deleteStore(store.storeId);
            toast(`Deleted store “${store.name}”`);
            state.storeId = null;
            await refreshStores();
          }),
        }, 'Delete store')),
      h('div', { class: 'toolbar' }, search, h('div', { class: 'spacer' }), deleteSelected),
      records,
      addForm);
    refreshRecords();
  }

  el.append(
    heading('Data stores', ['getStores', 'createStore', 'renameStore', 'deleteStore', 'getStoreRecords', 'getStoreRecordsCount', 'createStoreItem', 'deleteStoreItems']),
    h('div', { class: 'split' },
      h('div', { class: 'side' }, sidebar, createForm),
      pane));
  refreshStores();
}

export default { id: 'stores', title: 'Data stores', mount };
