// The demo app: every call goes through the built package.
import { Appmixer } from '/js/index.js';

const $ = (sel) => document.querySelector(sel);
const config = await (await fetch('/demo-config.json')).json();
const appmixer = new Appmixer({ baseUrl: config.baseUrl });

appmixer.api.on('error', (err) => {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${err.code}: ${err.message}`;
  $('#events').prepend(li);
});

async function showUser() {
  const user = await appmixer.api.getUser();
  $('[data-testid="user-email"]').textContent = user.email;
  $('[data-testid="user-id"]').textContent = user.id;
  $('[data-testid="user-scope"]').textContent = (user.scope ?? []).join(', ');
  $('#session').textContent = `signed in as ${user.username}`;
  $('#user').hidden = false;
  $('#signin').hidden = true;
}

async function signIn(username, password) {
  $('#signin-error').hidden = true;
  try {
    const { token } = await appmixer.api.authenticateUser(username, password);
    appmixer.set('accessToken', token);
    sessionStorage.setItem('appmixer-token', token);
    await showUser();
  } catch (err) {
    $('#signin-error').textContent = err.response?.data?.message ?? err.message;
    $('#signin-error').hidden = false;
    $('#signin').hidden = false;
    $('#session').textContent = 'signed out';
  }
}

$('#signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  signIn(form.get('username'), form.get('password'));
});

$('#signout').addEventListener('click', () => {
  appmixer.set('accessToken', null);
  sessionStorage.removeItem('appmixer-token');
  $('#user').hidden = true;
  $('#signin').hidden = false;
  $('#session').textContent = 'signed out';
});

$('#signin-form').username.value = config.username ?? '';
$('#signin-form').password.value = config.password ?? '';
await signIn(config.username, config.password);
