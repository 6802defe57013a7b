// People tasks: the tasks where the user is the approver or the requester,
// filtered by status, with a count; approve or reject the pending ones.
import { h, load, run, toast, pager, heading, badge, empty, formatDate, relativeTime } from '../ui.js';

const PAGE = 10;
const STATUSES = ['', 'pending', 'due', 'approved', 'rejected'];

function mount(el, { api }) {
  const state = { role: 'approver', status: '', offset: 0 };
  const list = h('div', { testid: 'tasks-list' });
  const countEl = h('span', { class: 'count', testid: 'tasks-count' });

  async function refresh() {
    const query = { role: state.role, filter: state.status ? `status:${state.status}` : undefined };
    await load(list, async () => {
      const [tasks, { count }] = await Promise.all([
        api.getPeopleTasks({ ...query, limit: PAGE, offset: state.offset, sort: 'created:-1' }),
        api.getPeopleTasksCount(query),
      ]);
      return { tasks, count };
    }, ({ tasks, count }) => {
      countEl.textContent = `${count} task${count === 1 ? '' : 's'}`;
      if (!tasks.length) return empty('No tasks here.');
      return h('div', {},
        h('table', { class: 'table' },
          h('thead', {}, h('tr', {},
            h('th', {}, 'Task'), h('th', {}, 'Status'),
            h('th', {}, state.role === 'approver' ? 'Requested by' : 'Approver'),
            h('th', {}, 'Decide by'), h('th', { class: 'actions' }, ''))),
          h('tbody', {}, tasks.map(row))),
        pager({ offset: state.offset, limit: PAGE, total: count, testid: 'tasks-pager', onChange: (o) => { state.offset = o; refresh(); } }));
    });
  }

  function row(task) {
    const id = task.taskId ?? task.id;
    const open = task.status === 'pending' || task.status === 'due';
    const decide = (approve) => (e) => run(e.currentTarget, async () => {
      const updated = await (approve ? api.approveTask(id) : api.rejectTask(id));
      toast(`“${task.title}” ${updated.status}`);
      await refresh();
    });
    return h('tr', { testid: 'task-row', 'data-task-id': id, 'data-title': task.title },
      h('td', {},
        h('div', { class: 'name', testid: 'task-title' }, task.title),
        task.description && h('div', { class: 'sub' }, task.description)),
      h('td', { testid: 'task-status' }, badge(task.status)),
      h('td', {}, state.role === 'approver' ? task.requester : task.approver),
      h('td', { class: 'nowrap', title: formatDate(task.decisionBy) },
        task.decisionMade ? h('span', { class: 'muted' }, `decided ${relativeTime(task.decisionMade)}`) : formatDate(task.decisionBy)),
      h('td', { class: 'actions' },
        state.role === 'approver' && open && [
          h('button', { class: 'ghost go', testid: 'task-approve', onclick: decide(true) }, '✓ Approve'),
          h('button', { class: 'ghost danger', testid: 'task-reject', onclick: decide(false) }, '✕ Reject'),
        ]));
  }

  const roles = h('div', { class: 'segmented', role: 'tablist' }, ['approver', 'requester'].map((role) => h('button', {
    type: 'button', class: role === state.role ? 'ghost on' : 'ghost', testid: `tasks-role-${role}`,
    onclick: (e) => {
      state.role = role;
      state.offset = 0;
      roles.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b === e.currentTarget));
      refresh();
    },
  }, role === 'approver' ? 'To approve' : 'My requests')));
  const status = h('select', {
    testid: 'tasks-status', 'aria-label': 'Status',
    onchange: (e) => { state.status = e.target.value; state.offset = 0; refresh(); },
  }, STATUSES.map((st) => h('option', { value: st }, st || 'any status')));

  el.append(
    heading('People tasks', ['getPeopleTasks', 'getPeopleTasksCount', 'approveTask', 'rejectTask']),
    h('div', { class: 'toolbar' }, roles, status, countEl),
    list);
  refresh();
}

export default { id: 'tasks', title: 'People tasks', mount };
