// Profile: the signed-in user (getUser) and what the SDK reads from the token.
import { h, load, heading, formatDate } from '../ui.js';

function mount(el, { api, appmixer }) {
  const body = h('div', { testid: 'profile' });
  el.append(heading('Profile', ['getUser', "appmixer.get('user')"]), body);
  load(body, () => api.getUser(), (user) => {
    const token = appmixer.get('user');
    const rows = [
      ['Email', user.email, 'profile-email'],
      ['Username', user.username],
      ['User ID', h('span', { class: 'mono' }, user.id), 'profile-id'],
      ['Scope', (user.scope ?? []).join(', '), 'profile-scope'],
      ['Plan', user.plan ?? '—'],
      ['Created', formatDate(user.created)],
      ['Token user', token ? h('span', { class: 'mono' }, JSON.stringify(token)) : '—', 'profile-token'],
    ];
    return h('dl', { class: 'props' }, rows.flatMap(([k, v, testid]) => [h('dt', {}, k), h('dd', { testid }, v)]));
  });
}

export default { id: 'profile', title: 'Profile', mount };
