// Tiny rendering helpers shared by the views: element builders, loading and
// error states, a pager, dates, toasts. No framework, no state of their own.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'testid') el.setAttribute('data-testid', value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (typeof value !== 'string' && typeof value !== 'number' && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

/** `h('button', {class: 'x', onclick, testid: 'save'}, 'Save')` */
export const h = (tag, props, ...children) => build(document.createElement(tag), props, children);

/** Like `h`, for SVG elements. */
export const s = (tag, props, ...children) => build(document.createElementNS(SVG_NS, tag), props, children);

/** What to show for a failed call: the server's message when there is one. */
export function errorMessage(err) {
  const data = err?.response?.data;
  const server = typeof data === 'object' && data ? data.message : null;
  return server || err?.message || String(err);
}

export function errorBox(err, retry) {
  return h('div', { class: 'error-box', testid: 'error', role: 'alert' },
    h('strong', {}, err?.code ? `Error ${err.code}` : 'Error'), ' ',
    h('span', {}, errorMessage(err)),
    retry && h('button', { class: 'link', onclick: retry }, 'Retry'));
}

export const empty = (text) => h('p', { class: 'empty', testid: 'empty' }, text);

/**
 * Fills `target` with `render(await fetcher())`: a loading line first (or the
 * old content dimmed while it refreshes), an error box with Retry on failure.
 * Returns the data, or undefined when the call failed.
 */
export async function load(target, fetcher, render) {
  const token = (target._loadToken ?? 0) + 1;
  target._loadToken = token;
  if (target.childElementCount) target.classList.add('busy');
  else target.replaceChildren(h('p', { class: 'loading', testid: 'loading' }, 'Loading…'));
  target.setAttribute('aria-busy', 'true');
  try {
    const data = await fetcher();
    if (target._loadToken !== token) return undefined; // a newer load won
    target.replaceChildren(render(data));
    return data;
  } catch (err) {
    if (target._loadToken === token) target.replaceChildren(errorBox(err, () => load(target, fetcher, render)));
    return undefined;
  } finally {
    if (target._loadToken === token) {
      target.classList.remove('busy');
      target.removeAttribute('aria-busy');
    }
  }
}

/** Runs a button's action: disabled while it runs, failures go to a toast. */
export async function run(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (err) {
    toast(errorMessage(err), 'error');
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const el = h('div', { class: `toast ${kind}`, testid: `toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  box.append(el);
  while (box.childElementCount > 3) box.firstElementChild.remove();
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
}

/** « Prev  21–40 of 300  Next » */
export function pager({ offset, limit, total, onChange, testid = 'pager' }) {
  const last = Math.min(offset + limit, total);
  return h('div', { class: 'pager', testid },
    h('button', { class: 'ghost', testid: `${testid}-prev`, disabled: offset <= 0, onclick: () => onChange(Math.max(0, offset - limit)) }, '‹ Prev'),
    h('span', { testid: `${testid}-range` }, total ? `${offset + 1}–${last} of ${total}` : '0 of 0'),
    h('button', { class: 'ghost', testid: `${testid}-next`, disabled: last >= total, onclick: () => onChange(offset + limit) }, 'Next ›'));
}

/** A search box that calls `onSearch(text)` on Enter and after typing stops. */
export function searchBox({ placeholder, value = '', onSearch, testid = 'search' }) {
  let timer;
  const input = h('input', { type: 'search', placeholder, value, testid, 'aria-label': placeholder });
  const fire = () => { clearTimeout(timer); onSearch(input.value.trim()); };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(fire, 300); });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); fire(); } });
  return input;
}

/** An inline "name + button" form; `onSubmit(value, button)` may be async. */
export function inlineForm({ placeholder, label, value = '', onSubmit, onCancel, testid }) {
  const input = h('input', { placeholder, value, required: true, testid: `${testid}-input`, 'aria-label': placeholder });
  const button = h('button', { type: 'submit', testid: `${testid}-submit` }, label);
  const form = h('form', { class: 'inline-form', testid },
    input, button,
    onCancel && h('button', { type: 'button', class: 'ghost', onclick: onCancel }, 'Cancel'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    await run(button, () => onSubmit(text, button));
  });
  return form;
}

export function formatDate(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function relativeTime(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const min = Math.round(ms / 60000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const hours = Math.round(min / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export const badge = (text, kind = text) => h('span', { class: `badge ${kind}`, testid: 'badge' }, text);

/** A view's heading: title, the SDK calls it demonstrates, optional tools. */
export function heading(title, calls, ...tools) {
  return h('div', { class: 'view-head' },
    h('div', {},
      h('h2', {}, title),
      h('p', { class: 'calls' }, calls.map((c) => h('code', {}, c)))),
    h('div', { class: 'tools' }, tools));
}

export const json = (value) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
