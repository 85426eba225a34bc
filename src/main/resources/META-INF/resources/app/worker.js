// The community worker's phone desk: the petition inbox by tab, one petition with its timeline and
// the next steps (accept, dispatch, start, resolve, urge, reject), volunteer matching for a task
// (matching.js), the benefit worklist (worklist.js), and a dashboard with the three rates and the
// hotspot map of the worker's scope.
import { t, lang } from './i18n.js';
import { api, session, saveSession, clearSession } from './api.js';
import {
  h, clear, shell, router, loadInto, emptyState, showFieldErrors, clearFieldErrors, field, formError, toast,
  pullToRefresh, sheet, statusBadge, formatTime, registerServiceWorker,
} from './ui.js';
import { createMap } from './map.js';
import { matchingRoutes } from './matching.js';
import { worklistRoutes } from './worklist.js';

const PERSONA = 'worker';
const VIEWS = ['UNACCEPTED', 'MINE', 'OVERDUE', 'COMPLETED', 'ALL'];
const OPEN = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS'];
const URGERS = ['DISTRICT_ADMIN', 'DISTRICT_STAFF', 'STREET_STAFF', 'COMMUNITY_WORKER'];
const DEPARTMENTS = ['CIVIL_AFFAIRS', 'HEALTH', 'DISABLED_PERSONS_FEDERATION', 'VETERANS_AFFAIRS', 'HUMAN_RESOURCES',
  'PUBLIC_SECURITY', 'EDUCATION', 'HOTLINE_12345'];

const ui = shell({
  titleKey: 'wk.title',
  tabs: [
    { href: '#/inbox', icon: 'inbox', key: 'wk.tab.inbox' },
    { href: '#/leads', icon: 'gift', key: 'wk.tab.leads' },
    { href: '#/tasks', icon: 'people', key: 'wk.tab.tasks' },
    { href: '#/dashboard', icon: 'chart', key: 'wk.tab.dashboard' },
    { href: '#/me', icon: 'user', key: 'wk.tab.me' },
  ],
});

let config = {};
let categories = [];
const inboxState = { view: 'UNACCEPTED', category: '' };

function account() {
  const s = session(PERSONA);
  return s && s.account;
}

async function start() {
  registerServiceWorker();
  config = await api('/api/web-config').catch(() => ({}));
  const rerun = router({
    '#/inbox': () => guarded(renderInbox),
    '#/p/:id': ({ id }) => guarded(() => renderPetition(id)),
    '#/dashboard': () => guarded(renderDashboard),
    '#/me': () => guarded(renderMe),
    ...Object.fromEntries(Object.entries(worklistRoutes(ui)).map(([route, render]) => [route, (params) => guarded(() => render(params))])),
    ...Object.fromEntries(Object.entries(matchingRoutes(ui)).map(([route, render]) => [route, (params) => guarded(() => render(params))])),
  }, '#/inbox');
  window.addEventListener('palm:lang', rerun);
  window.addEventListener('palm:signed-out', rerun);
  pullToRefresh(async () => rerun());
}

function guarded(render) {
  ui.setBack(false);
  if (!account()) {
    renderLogin();
    return;
  }
  render();
}

function renderLogin() {
  ui.setTitle(t('wk.login.title'));
  const username = h('input', { name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t('wk.login.submit'));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t('wk.login.title')), formError(),
    field('username', t('wk.login.username'), username),
    field('password', t('wk.login.password'), password),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    try {
      saveSession(PERSONA, await api('/api/auth/login', { method: 'POST', body: { username: username.value, password: password.value } }));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (err) {
      showFieldErrors(form, err);
      submit.disabled = false;
    }
  });
  clear(ui.main, form);
}

async function loadCategories() {
  if (!categories.length) categories = await api('/api/petition-categories');
  return categories;
}

function categoryName(code) {
  const c = categories.find((x) => x.code === code);
  return c ? (lang() === 'en' ? c.nameEn : c.nameZh) : code;
}

// ---------- Inbox ----------

function renderInbox() {
  ui.setTitle(t('wk.tab.inbox'));
  const tabs = h('div', { class: 'segmented', role: 'group', 'aria-label': t('wk.tab.inbox') },
    VIEWS.map((v) => h('button', {
      type: 'button', 'aria-pressed': String(inboxState.view === v), dataset: { view: v },
      onclick: () => { inboxState.view = v; renderInbox(); },
    }, t(`wk.view.${v}`))));
  const filter = h('select', { name: 'category' }, h('option', { value: '' }, t('wk.filter.all')));
  filter.addEventListener('change', () => { inboxState.category = filter.value; renderInbox(); });
  const list = h('ul', { class: 'list', id: 'inbox' });
  const more = h('div', {});
  const body = h('div', {});
  clear(ui.main, tabs, field('category', t('wk.filter.category'), filter), body);
  let cursor = null;
  const page = async () => {
    await loadCategories();
    const q = new URLSearchParams({ view: inboxState.view, limit: 20 });
    if (inboxState.category) q.set('category', inboxState.category);
    if (cursor) q.set('cursor', cursor);
    return api(`/api/petitions/inbox?${q}`, { persona: PERSONA });
  };
  const draw = (data) => {
    list.append(...data.items.map(inboxItem));
    cursor = data.nextCursor;
    clear(more, cursor ? h('button', { class: 'btn block', type: 'button', onclick: () => loadInto(more, page, draw) }, t('common.more')) : null);
  };
  loadInto(body, page, (data) => {
    filter.append(...categories.filter((c) => c.active).map((c) => h('option', { value: c.code, selected: c.code === inboxState.category },
      lang() === 'en' ? c.nameEn : c.nameZh)));
    if (!data.items.length) {
      body.append(emptyState(t('wk.inbox.empty')));
      return;
    }
    body.append(list, more);
    draw(data);
  });
}

function inboxItem(p) {
  return h('li', {}, h('a', { class: 'item', href: `#/p/${p.id}`, dataset: { petition: p.id } },
    h('div', { class: 'row' }, h('span', { class: 'title' }, `#${p.id} ${categoryName(p.categoryCode)}`), statusBadge(p.status)),
    h('p', { class: 'excerpt' }, p.excerpt),
    h('p', { class: 'muted small' }, formatTime(p.submittedAt),
      p.overdue ? ` · ${t('wk.inbox.overdue')}` : '',
      p.urgeCount ? ` · ${t('wk.inbox.urged', { n: p.urgeCount })}` : '')));
}

// ---------- One petition ----------

function renderPetition(id) {
  ui.setTitle(t('wk.detail.title', { id }));
  ui.setBack(true);
  loadInto(ui.main, async () => {
    await loadCategories();
    return api(`/api/petitions/${encodeURIComponent(id)}`, { persona: PERSONA });
  }, (p) => drawPetition(p));
}

function drawPetition(p) {
  const photos = h('div', { class: 'photos' });
  const row = (label, value) => (value ? h('p', { class: 'small' }, h('span', { class: 'muted' }, `${label}：`), value) : null);
  clear(ui.main,
    h('section', { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, categoryName(p.categoryCode)), statusBadge(p.status)),
      h('p', {}, p.text),
      p.photoIds.length ? photos : null,
      row(t('wk.detail.reporter'), p.anonymous ? t('wk.detail.anonymous') : [p.reporterName, p.contactPhoneMasked].filter(Boolean).join(' ')),
      row(t('wk.detail.community'), [p.communityName, p.address].filter(Boolean).join(' · ')),
      row(t('wk.detail.dueAccept'), p.status === 'SUBMITTED' ? formatTime(p.acceptDueAt) : null),
      row(t('wk.detail.dueResolve'), OPEN.includes(p.status) ? formatTime(p.resolveDueAt) : null),
      row(t('wk.detail.dispatchedTo'), p.dispatchTargetType ? `${t(`wk.act.${p.dispatchTargetType}`)} ${p.dispatchTarget}` : null),
      p.resultText ? row(t('res.mine.answer'), p.resultText) : null),
    actions(p),
    h('section', { class: 'card' }, h('h2', {}, t('res.mine.timeline')),
      h('ol', { class: 'timeline', id: 'timeline' }, p.timeline.map((e) => h('li', {},
        h('strong', {}, t(`action.${e.action}`)), ' ', h('span', { class: 'muted small' }, formatTime(e.at)),
        e.note ? h('p', { class: 'small' }, e.internal ? `${t('wk.detail.internal')}：${e.note}` : e.note) : null)))));
  p.photoIds.forEach(async (photoId, i) => {
    const img = h('img', { alt: t('res.mine.photoAlt', { n: i + 1 }) });
    photos.append(img);
    try {
      const r = await api(`/api/petitions/${p.id}/photos/${photoId}`, { persona: PERSONA, raw: true, accept: 'image/*' });
      img.src = URL.createObjectURL(await r.blob());
    } catch { /* alt text stands in */ }
  });
}

function actions(p) {
  const role = account().role;
  const buttons = [];
  const add = (key, build, primary) => buttons.push(h('button', {
    class: `btn${primary ? ' primary' : ''}`, type: 'button', dataset: { action: key },
    onclick: () => actionSheet(p, key, build),
  }, t(`wk.act.${key}`)));
  if (p.status === 'SUBMITTED') {
    add('accept', acceptForm, true);
    add('reject', rejectForm);
  }
  if (['ACCEPTED', 'DISPATCHED', 'IN_PROGRESS'].includes(p.status)) {
    add('dispatch', dispatchForm, p.status === 'ACCEPTED');
    if (p.status === 'DISPATCHED') add('start', noteForm('start'));
    add('resolve', resolveForm, p.status !== 'ACCEPTED');
  }
  if (OPEN.includes(p.status) && URGERS.includes(role)) add('urge', urgeForm);
  if (!buttons.length) return null;
  return h('section', { class: 'card' }, h('div', { class: 'btn-row', id: 'actions' }, buttons));
}

/** Each action: a sheet with its fields; the answer is the petition as it is now, drawn at once. */
function actionSheet(p, key, build) {
  sheet(t(`wk.act.${key}`), (close) => {
    const { fields, body, path } = build(p);
    const submit = h('button', { class: 'btn primary', type: 'submit' }, t(`wk.act.${key}`));
    const form = h('form', { novalidate: true }, formError(), fields,
      h('div', { class: 'btn-row' }, submit, h('button', { class: 'btn', type: 'button', onclick: close }, t('common.cancel'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      submit.disabled = true;
      try {
        const updated = await api(`/api/petitions/${p.id}/${path}`, { method: 'POST', persona: PERSONA, body: body() });
        close();
        toast(t('wk.act.done', { action: t(`wk.act.${key}`) }));
        drawPetition(updated);
      } catch (err) {
        showFieldErrors(form, err);
        submit.disabled = false;
      }
    });
    return form;
  });
}

const text = (name, rows) => h('textarea', { name, rows: String(rows || 2), maxlength: '2000' });
const orNull = (v) => (v.trim() ? v.trim() : null);

function acceptForm(p) {
  const note = text('note');
  return { path: 'accept', fields: field('note', t('wk.act.note'), note), body: () => ({ version: p.version, note: orNull(note.value) }) };
}

function noteForm(path) {
  return (p) => {
    const note = text('note');
    return { path, fields: field('note', t('wk.act.note'), note), body: () => ({ version: p.version, note: orNull(note.value) }) };
  };
}

function rejectForm(p) {
  const reason = text('reason', 3);
  return { path: 'reject', fields: field('reason', t('wk.act.reason'), reason), body: () => ({ version: p.version, reason: reason.value.trim() }) };
}

function resolveForm(p) {
  const result = text('resultText', 4);
  return { path: 'resolve', fields: field('resultText', t('wk.act.result'), result), body: () => ({ version: p.version, resultText: result.value.trim() }) };
}

function urgeForm(p) {
  const note = text('note');
  return { path: 'urge', fields: field('note', t('wk.act.note'), note), body: () => ({ note: orNull(note.value) }) };
}

function dispatchForm(p) {
  const type = h('select', { name: 'targetType' }, ['GRID', 'DEPARTMENT', 'PROPERTY_COMPANY'].map((k) => h('option', { value: k }, t(`wk.act.${k}`))));
  const targetBox = h('div', {});
  const note = text('note');
  let target = null;
  const drawTarget = async () => {
    if (type.value === 'PROPERTY_COMPANY') {
      target = h('input', { name: 'target', type: 'text', maxlength: '100' });
      clear(targetBox, field('target', t('wk.act.company'), target));
      return;
    }
    target = h('select', { name: 'target' });
    clear(targetBox, field('target', t('wk.act.target'), target));
    if (type.value === 'DEPARTMENT') {
      target.append(...DEPARTMENTS.map((d) => h('option', { value: d }, t(`dept.${d}`))));
    } else {
      try {
        const grids = await api(`/api/org/communities/${p.communityId}/grids`, { persona: PERSONA });
        target.append(...grids.map((g) => h('option', { value: String(g.id), selected: g.id === p.gridId }, g.name)));
      } catch { /* the error shows on submit */ }
    }
  };
  type.addEventListener('change', drawTarget);
  drawTarget();
  return {
    path: 'dispatch',
    fields: [field('targetType', t('wk.act.targetType'), type), targetBox, field('note', t('wk.act.note'), note)],
    body: () => ({ version: p.version, targetType: type.value, target: target ? target.value : '', note: orNull(note.value) }),
  };
}

// ---------- Dashboard ----------

function renderDashboard() {
  ui.setTitle(t('wk.tab.dashboard'));
  const rates = h('section', { class: 'card', 'aria-labelledby': 'rates-title' }, h('h2', { id: 'rates-title' }, t('wk.dash.rates')));
  const ratesBody = h('div', {});
  const hot = h('section', { class: 'card', 'aria-labelledby': 'hot-title' }, h('h2', { id: 'hot-title' }, t('wk.dash.hotspots')));
  const hotBody = h('div', {});
  rates.append(ratesBody);
  hot.append(hotBody);
  clear(ui.main, rates, hot);
  loadInto(ratesBody, loadRates, (r) => ratesBody.append(ratesChart(r)));
  loadInto(hotBody, async () => {
    await loadCategories().catch(() => null);
    return api('/api/petitions/hotspots?by=cell', { persona: PERSONA, accept: 'application/geo+json' });
  }, (fc) => drawHotspots(hotBody, fc));
}

async function loadRates() {
  const a = account();
  if (a.scopeLevel === 'COMMUNITY' || a.scopeLevel === 'GRID') {
    return api(`/api/petitions/rates?level=community&id=${a.communityIds[0]}`, { persona: PERSONA });
  }
  if (a.scopeLevel === 'STREET') {
    const streets = await api('/api/org/streets', { persona: PERSONA });
    return api(`/api/petitions/rates?level=street&id=${streets[0].id}`, { persona: PERSONA });
  }
  return api('/api/petitions/rates?level=district', { persona: PERSONA });
}

function ratesChart(r) {
  const rows = [
    ['wk.dash.response', r.responseRate, r.acceptedInTime, r.submitted],
    ['wk.dash.resolution', r.resolutionRate, r.resolved, r.submitted],
    ['wk.dash.satisfaction', r.satisfactionRate, r.satisfied, r.rated],
  ];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const width = 340;
  const rowHeight = 44;
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * rowHeight}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('width', '100%');
  const summary = rows.map(([key, rate, num, den]) => `${t(key)} ${percent(rate)} (${num}/${den})`).join('，');
  svg.setAttribute('aria-label', `${t('wk.dash.chartLabel')}：${summary}`);
  const el = (name, attrs, textContent) => {
    const node = document.createElementNS(ns, name);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (textContent !== undefined) node.textContent = textContent;
    return node;
  };
  const barX = 70;
  const barW = 180;
  rows.forEach(([key, rate, num, den], i) => {
    const y = i * rowHeight + 10;
    svg.append(
      el('text', { x: 0, y: y + 15 }, t(key)),
      el('rect', { class: 'track', x: barX, y, width: barW, height: 20, rx: 4 }),
      el('rect', { class: 'bar', x: barX, y, width: Math.round(barW * (rate || 0)), height: 20, rx: 4 }),
      el('text', { x: barX + barW + 8, y: y + 15 }, rate == null ? '—' : `${percent(rate)} ${t('wk.dash.ratio', { num, den })}`));
  });
  return h('div', {}, h('p', { class: 'muted small' }, `${r.name || ''} ${r.from} – ${r.to}`), svg,
    r.submitted ? null : h('p', { class: 'muted' }, t('wk.dash.noData')));
}

function percent(rate) {
  return rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

function drawHotspots(box, fc) {
  const features = (fc.features || []).filter((f) => f.geometry);
  if (!features.length) {
    box.append(emptyState(t('wk.dash.hotspotsEmpty')));
    return;
  }
  const shapes = features.map((f, i) => {
    const g = f.geometry;
    const rings = g.type === 'Point' ? [[g.coordinates]]
      : g.type === 'Polygon' ? [g.coordinates[0]]
        : g.coordinates.map((poly) => poly[0]);
    return { rings, weight: f.properties.count, title: t('wk.dash.cell', { n: i + 1, count: f.properties.count }) };
  });
  const holder = h('div', {});
  box.append(holder);
  createMap(holder, config).show({ shapes });
  box.append(h('ol', { class: 'list', id: 'hotspots' }, features.slice(0, 5).map((f, i) => h('li', { class: 'small' },
    t('wk.dash.cell', { n: i + 1, count: f.properties.count }),
    f.properties.communityName ? ` · ${f.properties.communityName}` : '',
    ' · ', Object.entries(f.properties.byCategory || {}).map(([c, n]) => `${categoryName(c)} ${n}`).join('，')))));
}

// ---------- Me ----------

function renderMe() {
  ui.setTitle(t('wk.tab.me'));
  const a = account();
  clear(ui.main, h('section', { class: 'card' },
    h('h2', {}, a.displayName),
    h('p', { class: 'muted' }, `${t('wk.me.role')}：${t(`role.${a.role}`)} · ${a.username}`),
    h('div', { class: 'btn-row' }, h('button', {
      class: 'btn danger', type: 'button',
      onclick: async () => {
        const s = session(PERSONA);
        clearSession(PERSONA);
        if (s && s.refreshToken) await api('/api/auth/logout', { method: 'POST', body: { refreshToken: s.refreshToken } }).catch(() => null);
        location.hash = '#/inbox';
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      },
    }, t('wk.me.logout')))));
}

start();
