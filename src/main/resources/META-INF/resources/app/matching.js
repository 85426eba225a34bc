// The worker's volunteer desk: create a task (skills from the managed list, time window, place,
// headcount, who may see it), then the ranked candidates with each score's breakdown, invitations,
// and how the headcount fills. The server has no "my tasks" list, so the phone remembers the tasks
// it created.
import { t, lang } from './i18n.js';
import './i18n-volunteer.js';
import { api, session, uuid } from './api.js';
import {
  h, clear, loadInto, emptyState, showFieldErrors, clearFieldErrors, field, formError, toast, formatTime, describeError,
} from './ui.js';

/** A fresh box in main for one screen: an answer that comes after the person moved on lands in a detached box. */
function ownBox(ui) {
  const box = h('div', {});
  clear(ui.main, box);
  return box;
}

const PERSONA = 'worker';
const KINDS = ['VISIT_ELDERLY_ALONE', 'EVENT_STAFF', 'PATROL', 'LEGAL_CONSULTATION', 'SCREENING_DAY', 'OTHER'];
const VISIBILITY = ['COMMUNITY', 'STREET', 'PUBLIC'];
const PARTS = ['skills', 'distance', 'availability', 'fairness', 'reliability'];
const RECENT_MAX = 20;

let skills = null;
/** What the worker has typed into the new-task form: kept across the language switch, dropped once created. */
let draft = {};

function account() {
  const s = session(PERSONA);
  return (s && s.account) || {};
}

function recentKey() {
  return `palm.worker.tasks.${account().id}`;
}

function recentTasks() {
  try {
    return JSON.parse(localStorage.getItem(recentKey()) || '[]');
  } catch {
    return [];
  }
}

function remember(id) {
  const ids = [id, ...recentTasks().filter((x) => x !== id)].slice(0, RECENT_MAX);
  localStorage.setItem(recentKey(), JSON.stringify(ids));
}

async function loadSkills() {
  if (!skills) skills = await api('/api/volunteer-skills');
  return skills;
}

function skillName(code) {
  const s = (skills || []).find((x) => x.code === code);
  return s ? (lang() === 'en' ? s.nameEn : s.nameZh) : code;
}

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

/** The routes of the volunteer tab; the worker app wraps each in its login guard. */
export function matchingRoutes(ui) {
  return {
    '#/tasks': () => renderTasks(ui),
    '#/tasks/new': () => renderNew(ui),
    '#/tasks/:id': ({ id }) => renderTask(ui, id),
  };
}

// ---------- The tasks this phone created ----------

function renderTasks(ui) {
  ui.setTitle(t('wk.tab.tasks'));
  const body = h('div', {});
  clear(ui.main, h('a', { class: 'btn primary block', href: '#/tasks/new' }, '＋ ', t('mt.new')), body);
  const ids = recentTasks();
  if (!ids.length) {
    body.append(emptyState(t('mt.none')));
    return;
  }
  loadInto(body, () => Promise.all(ids.map((id) => api(`/api/volunteer-tasks/${id}`, { persona: PERSONA }).catch(() => null))), (tasks) => {
    const found = tasks.filter(Boolean);
    body.append(h('h2', { class: 'section-title' }, t('mt.recent')),
      h('ul', { class: 'list', id: 'my-tasks' }, found.map((task) => h('li', {}, h('a', { class: 'item', href: `#/tasks/${task.id}` },
        h('div', { class: 'row' }, h('span', { class: 'title' }, task.title), h('span', { class: 'status open' }, t(`mt.status.${task.status}`))),
        h('p', { class: 'small' }, formatTime(task.startsAt), ' · ', t('mt.fill', { booked: task.booked, headcount: task.headcount })))))));
  });
}

// ---------- A new task ----------

function renderNew(ui) {
  ui.setTitle(t('mt.new'));
  ui.setBack(true);
  const main = ownBox(ui);
  loadInto(main, loadSkills, () => main.append(taskForm()));
}

/** A datetime-local value an hour or two from now, on the quarter hour, as a sensible default. */
function localInput(offsetMinutes) {
  const d = new Date(Date.now() + offsetMinutes * 60_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function taskForm() {
  const a = account();
  const communities = a.communityIds || [];
  const community = communities.length === 1 ? null
    : communities.length ? h('select', { name: 'communityId' }, communities.map((c) => h('option', { value: String(c) }, String(c))))
      : h('input', { name: 'communityId', type: 'number', inputmode: 'numeric', min: '1' });
  const title = h('input', { name: 'title', type: 'text', maxlength: '80' });
  const kind = h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k }, t(`vol.kind.${k}`))));
  const description = h('textarea', { name: 'description', rows: '3', maxlength: '2000' });
  const required = h('select', { name: 'requiredSkills', multiple: true, size: '6' },
    skills.filter((s) => s.active).map((s) => h('option', { value: s.code }, lang() === 'en' ? s.nameEn : s.nameZh)));
  const match = h('select', { name: 'skillsMatch' }, ['ALL', 'ANY'].map((m) => h('option', { value: m }, t(`mt.match.${m}`))));
  const startsAt = h('input', { name: 'startsAt', type: 'datetime-local', value: localInput(120) });
  const endsAt = h('input', { name: 'endsAt', type: 'datetime-local', value: localInput(240) });
  const placeName = h('input', { name: 'placeName', type: 'text', maxlength: '120' });
  const headcount = h('input', { name: 'headcount', type: 'number', inputmode: 'numeric', min: '1', max: '500', value: '3' });
  const visibility = h('select', { name: 'visibility' }, VISIBILITY.map((v) => h('option', { value: v }, t(`mt.vis.${v}`))));
  const radius = h('input', { name: 'checkInRadiusMetres', type: 'number', inputmode: 'numeric', min: '20', max: '5000', value: '300' });
  const placeStatus = h('p', { class: 'muted', role: 'status' });
  let place = null;
  const locate = () => {
    placeStatus.textContent = t('res.file.locating');
    if (!navigator.geolocation) { placeStatus.textContent = t('mt.place.none'); return; }
    navigator.geolocation.getCurrentPosition((p) => {
      place = { latitude: p.coords.latitude, longitude: p.coords.longitude, coord: 'WGS84' };
      placeStatus.textContent = t('mt.place.here', { m: Math.round(p.coords.accuracy || 0) });
    }, () => { placeStatus.textContent = t('mt.place.none'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  };
  locate();
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t('mt.create'));
  const form = h('form', { class: 'card', novalidate: true },
    formError(),
    community ? field('communityId', t('mt.community'), community) : null,
    field('title', t('mt.title'), title),
    field('kind', t('mt.kind'), kind),
    field('description', t('mt.description'), description),
    field('requiredSkills', t('mt.skills'), required, t('mt.skillsHint')),
    field('skillsMatch', t('mt.match'), match),
    field('startsAt', t('mt.startsAt'), startsAt),
    field('endsAt', t('mt.endsAt'), endsAt),
    h('div', { class: 'field', dataset: { field: 'place' } },
      h('span', { class: 'label' }, t('mt.place')), placeStatus,
      h('button', { class: 'btn', type: 'button', onclick: locate }, t('res.file.relocate')),
      h('p', { class: 'field-error', role: 'alert' })),
    field('placeName', t('mt.placeName'), placeName),
    field('headcount', t('mt.headcount'), headcount),
    field('visibility', t('mt.visibility'), visibility),
    field('checkInRadiusMetres', t('mt.radius'), radius),
    submit);
  for (const control of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (!(control.name in draft)) continue;
    if (control.multiple) [...control.options].forEach((o) => { o.selected = draft[control.name].includes(o.value); });
    else control.value = draft[control.name];
  }
  // One key per task being written: a retry after a lost answer does not create it twice.
  let key = uuid();
  const keep = (e) => {
    const c = e.target;
    if (c.name) draft[c.name] = c.multiple ? [...c.selectedOptions].map((o) => o.value) : c.value;
    key = uuid();
  };
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    const when = (input) => (input.value ? new Date(input.value).toISOString() : null);
    const number = (input) => (input.value === '' ? null : Number(input.value));
    const body = {
      communityId: community ? number(community) : communities[0],
      kind: kind.value,
      title: title.value.trim(),
      description: description.value.trim() || null,
      requiredSkills: [...required.selectedOptions].map((o) => o.value),
      skillsMatch: match.value,
      startsAt: when(startsAt),
      endsAt: when(endsAt),
      place,
      placeName: placeName.value.trim() || null,
      headcount: number(headcount),
      visibility: visibility.value,
      checkInRadiusMetres: number(radius),
    };
    try {
      const task = await api('/api/volunteer-tasks', { method: 'POST', persona: PERSONA, body, idempotencyKey: key });
      remember(task.id);
      draft = {};
      toast(t('mt.created'));
      location.hash = `#/tasks/${task.id}`;
    } catch (err) {
      showFieldErrors(form, err);
      submit.disabled = false;
    }
  });
  return form;
}

// ---------- One task: fill, bookings, candidates ----------

function renderTask(ui, id) {
  ui.setTitle(t('mt.task'));
  ui.setBack(true);
  const main = ownBox(ui);
  loadInto(main, async () => {
    await loadSkills();
    const [task, bookings] = await Promise.all([
      api(`/api/volunteer-tasks/${encodeURIComponent(id)}`, { persona: PERSONA }),
      api(`/api/volunteer-tasks/${encodeURIComponent(id)}/bookings`, { persona: PERSONA }),
    ]);
    remember(task.id);
    return { task, bookings };
  }, ({ task, bookings }) => {
    const candidates = h('div', {});
    main.append(taskCard(task), bookingsCard(bookings),
      h('section', { class: 'card', 'aria-labelledby': 'candidates-title' }, h('h2', { id: 'candidates-title' }, t('mt.candidates')), candidates));
    if (task.status !== 'OPEN') {
      candidates.append(h('p', { class: 'muted' }, t(`mt.status.${task.status}`)));
      return;
    }
    loadInto(candidates, () => api(`/api/volunteer-tasks/${task.id}/candidates?limit=20`, { persona: PERSONA }),
      (list) => drawCandidates(ui, candidates, task, list));
  });
}

function taskCard(task) {
  const left = Math.max(0, task.headcount - task.booked);
  const row = (label, value) => (value ? h('p', { class: 'small' }, h('span', { class: 'muted' }, `${label}：`), value) : null);
  return h('section', { class: 'card', 'aria-labelledby': 'task-title' },
    h('div', { class: 'row' }, h('h2', { id: 'task-title' }, task.title), h('span', { class: 'status open' }, t(`mt.status.${task.status}`))),
    row(t('mt.kind'), t(`vol.kind.${task.kind}`)),
    row(t('vol.task.when'), `${formatTime(task.startsAt)} – ${formatTime(task.endsAt)}`),
    row(t('vol.task.where'), task.placeName),
    row(t('mt.skills'), task.requiredSkills.length
      ? `${task.requiredSkills.map(skillName).join('、')}（${t(`mt.match.${task.skillsMatch}`)}）` : t('vol.task.noSkills')),
    row(t('mt.visibility'), t(`mt.vis.${task.visibility}`)),
    h('p', { id: 'fill' }, t('mt.fill', { booked: task.booked, headcount: task.headcount }),
      left ? ` · ${t('mt.left', { n: left })}` : ` · ${t('mt.full')}`),
    h('div', {
      class: 'meter', role: 'progressbar', 'aria-label': t('mt.fillLabel'),
      'aria-valuemin': '0', 'aria-valuemax': String(task.headcount), 'aria-valuenow': String(task.booked),
    }, h('span', { style: `width:${Math.min(100, Math.round((task.booked / task.headcount) * 100))}%` })),
    task.checkInCode ? h('p', { class: 'small' }, h('span', { class: 'muted' }, `${t('mt.code')}：`), h('strong', { id: 'check-in-code' }, task.checkInCode)) : null);
}

function bookingsCard(bookings) {
  return h('section', { class: 'card', 'aria-labelledby': 'bookings-title' },
    h('h2', { id: 'bookings-title' }, t('mt.bookings', { n: bookings.length })),
    bookings.length ? h('ul', { class: 'list plain', id: 'task-bookings' }, bookings.map((b) => h('li', { class: 'row' },
      h('span', {}, b.volunteerName), h('span', { class: `status ${b.status === 'ACCEPTED' || b.status === 'COMPLETED' ? 'done' : b.status === 'INVITED' ? 'open' : ''}` },
        t(`vol.status.${b.status}`)))))
      : h('p', { class: 'muted' }, t('mt.noBookings')));
}

function drawCandidates(ui, box, task, list) {
  if (!list.length) {
    box.append(emptyState(t('mt.noCandidates')));
    return;
  }
  const chosen = new Set();
  const inviteChosen = h('button', { class: 'btn primary', type: 'button', disabled: true }, t('mt.inviteChosen', { n: 0 }));
  const fill = h('button', { class: 'btn', type: 'button', disabled: task.booked >= task.headcount }, t('mt.inviteBest'));
  const error = formError();
  const invite = async (ids, button) => {
    button.disabled = true;
    error.textContent = '';
    try {
      const outcome = await api(`/api/volunteer-tasks/${task.id}/invitations`, {
        method: 'POST', persona: PERSONA, idempotencyKey: uuid(), body: ids ? { volunteerIds: ids } : {},
      });
      const skipped = Object.keys(outcome.skipped || {}).length;
      toast(t('mt.invited', { n: outcome.invited.length }) + (skipped ? ` ${t('mt.skipped', { n: skipped })}` : ''));
      renderTask(ui, task.id);
    } catch (err) {
      error.textContent = describeError(err);
      button.disabled = false;
    }
  };
  inviteChosen.addEventListener('click', () => invite([...chosen], inviteChosen));
  fill.addEventListener('click', () => invite(null, fill));
  box.append(h('p', { class: 'muted small', id: 'candidate-count' }, t('mt.candidateCount', { n: list.length })),
    h('ol', { class: 'list', id: 'candidates' }, list.map((c, i) => {
      const pick = h('input', {
        type: 'checkbox', 'aria-label': t('mt.choose', { name: c.name }),
        onchange: (e) => {
          if (e.target.checked) chosen.add(c.volunteerId); else chosen.delete(c.volunteerId);
          inviteChosen.disabled = !chosen.size;
          inviteChosen.textContent = t('mt.inviteChosen', { n: chosen.size });
        },
      });
      return h('li', { class: 'candidate', dataset: { volunteer: c.volunteerId } },
        h('div', { class: 'row' },
          h('label', { class: 'check' }, pick, h('span', { class: 'title' }, `${i + 1}. ${c.name}`)),
          h('span', { class: 'score', 'aria-label': t('mt.scoreLabel', { s: pct(c.score) }) }, pct(c.score))),
        h('dl', { class: 'breakdown' }, PARTS.flatMap((part) => [
          h('dt', {}, t(`mt.part.${part}`)),
          h('dd', {}, h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${pct(c.breakdown[part])}` })),
            h('span', { class: 'value' }, pct(c.breakdown[part])))])),
        h('p', { class: 'muted small' }, [
          t('rd.distance.m', { n: c.distanceMetres }),
          t('mt.hours90', { h: c.hoursLast90Days }),
          t('mt.noShows', { n: c.noShows }),
          c.reachable ? null : t('mt.unreachable'),
        ].filter(Boolean).join(' · ')));
    })),
    error,
    h('div', { class: 'btn-row' }, inviteChosen, fill));
}
