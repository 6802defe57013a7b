// The demo app shell: one Appmixer instance, sign-in/out, a hash router over
// the views in views/, and the events panel. Every call goes through the
// built package (`appmixer.api.*`).
import { Appmixer } from '/dist/appmixer.mjs';
import { h } from './ui.js';
import flows from './views/flows.js';
import stores from './views/stores.js';
import accounts from './views/accounts.js';
import logs from './views/logs.js';
import tasks from './views/tasks.js';
import charts from './views/charts.js';
import profile from './views/profile.js';

const VIEWS = [flows, stores, accounts, logs, tasks, charts, profile];
const SIGNED_OUT = 'appmixer-demo-signed-out';

const $ = (sel) => document.querySelector(sel);
const config = await (await fetch('/demo-config.json')).json();
// pollInterval: getFlowAuthentication polls its ticket every 500 ms instead of 3 s.
const appmixer = new Appmixer({ baseUrl: config.baseUrl, pollInterval: 500 });
const api = appmixer.api;
const ctx = { appmixer, api, user: null };

// ---- events panel ---------------------------------------------------------

// `GET /logs?query=severity:error`, not the whole percent-encoded URL.
function shortUrl(url = '') {
  const path = url.startsWith(config.baseUrl) ? url.slice(config.baseUrl.length) : url;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function addEvent(kind, text, meta) {
  const time = new Date().toLocaleTimeString([], { hour12: false });
  $('#events').prepend(h('li', { class: `event ${kind}`, testid: `event-${kind}` },
    h('span', { class: 'event-time' }, time),
    h('span', { class: 'event-text', title: text }, text),
    meta && h('span', { class: 'event-meta' }, meta)));
  while ($('#events').childElementCount > 100) $('#events').lastElementChild.remove();
  $('#events-empty').hidden = true;
}

api.on('error', (err) => {
  const where = err.config ? `${err.config.method?.toUpperCase()} ${shortUrl(err.config.url)} — ` : '';
  addEvent('error', `${where}${err.code}: ${err.response?.data?.message ?? err.message}`);
});
api.on('response', (e) => {
  if (!$('#show-telemetry').checked) return;
  const status = e.status ?? 'no response';
  const kind = e.status && e.status < 400 ? 'response' : 'response-failed';
  addEvent(kind, `${e.method} ${shortUrl(e.url)}`, `${status} · ${Math.round(e.duration)} ms`);
});
$('#show-telemetry').addEventListener('change', (e) => {
  $('#events-empty').textContent = e.target.checked ? 'No requests yet.' : 'No errors so far.';
});
$('#clear-events').addEventListener('click', () => {
  $('#events').replaceChildren();
  $('#events-empty').hidden = false;
});

// ---- router ---------------------------------------------------------------

let current = null;

function renderTabs(activeId) {
  $('#tabs').replaceChildren(...VIEWS.map((v) => h('a', {
    href: `#/${v.id}`,
    class: v.id === activeId ? 'tab active' : 'tab',
    testid: `tab-${v.id}`,
    'aria-current': v.id === activeId ? 'page' : null,
  }, v.title)));
}

function route() {
  if (!ctx.user) return;
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  const view = VIEWS.find((v) => v.id === id) ?? VIEWS[0];
  if (current?.view === view) return;
  current?.cleanup?.();
  renderTabs(view.id);
  const el = $('#view');
  el.replaceChildren();
  el.dataset.view = view.id;
  el.hidden = false;
  current = { view, cleanup: view.mount(el, ctx) };
}

window.addEventListener('hashchange', route);

// ---- session --------------------------------------------------------------

function showSignedIn(user) {
  ctx.user = user;
  $('[data-testid="user-email"]').textContent = user.email;
  $('#user-avatar').textContent = (user.email ?? '?')[0].toUpperCase();
  $('#session-state').hidden = true;
  $('#session-user').hidden = false;
  $('#signin').hidden = true;
  $('#tabs').hidden = false;
  route();
}

function showSignedOut(message = 'signed out') {
  current?.cleanup?.();
  current = null;
  ctx.user = null;
  $('#session-state').textContent = message;
  $('#session-state').hidden = false;
  $('#session-user').hidden = true;
  $('#tabs').hidden = true;
  $('#view').hidden = true;
  $('#signin').hidden = false;
}

async function signIn(username, password) {
  $('#signin-error').hidden = true;
  $('#session-state').textContent = 'signing in…';
  try {
    const { token } = await api.authenticateUser(username, password);
    appmixer.set('accessToken', token);
    sessionStorage.removeItem(SIGNED_OUT);
    showSignedIn(await api.getUser());
  } catch (err) {
    appmixer.set('accessToken', null);
    $('#signin-error').textContent = err.response?.data?.message ?? err.message;
    $('#signin-error').hidden = false;
    showSignedOut();
  }
}

$('#signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  signIn(form.get('username'), form.get('password'));
});

$('#signout').addEventListener('click', () => {
  appmixer.set('accessToken', null);
  sessionStorage.setItem(SIGNED_OUT, '1');
  showSignedOut();
});

$('#signin-form').username.value = config.username ?? '';
$('#signin-form').password.value = config.password ?? '';
if (sessionStorage.getItem(SIGNED_OUT) || !config.username) showSignedOut();
else await signIn(config.username, config.password);
