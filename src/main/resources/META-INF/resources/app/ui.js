// Small building blocks shared by the three apps: elements, the shell (top bar, bottom tabs),
// a hash router, loading / error states with retry, field errors from problem documents,
// pull to refresh, bottom sheets and toasts.
import { t, lang, setLang, applyDocumentLang, serverMessage } from './i18n.js';
import { ApiError, OfflineError } from './api.js';

/** h('button', {class: 'btn', onclick: fn, 'aria-label': '…'}, 'text', child…) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Line icons on a 24-unit grid (no icon font, no emoji font needed).
const ICONS = {
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  pin: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  map: 'M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2zM9 4v14M15 6v14',
  inbox: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1 2h6l1-2h5',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  home: 'M3 11l9-7 9 7M5 10v10h14V10M10 20v-6h4v6',
  scooter: 'M5 17a2 2 0 1 0 0 .01M19 17a2 2 0 1 0 0 .01M7 17h8l3-7h-4M9 10h5M14 5h3l1 5',
  folder: 'M3 6h6l2 2h10v11H3z',
  signal: 'M4 20h.01M9 20v-4M14 20v-8M19 20V6M3 3l18 18',
  alert: 'M12 3l10 18H2zM12 10v5M12 18h.01',
  leaf: 'M5 19C5 9 11 5 20 4c-1 9-5 15-15 15zM5 19l8-8',
  heart: 'M12 20s-8-5.2-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 9c0 5.8-8 11-8 11z',
  gift: 'M4 11h16v10H4zM3 7h18v4H3zM12 7v14M12 7c-1.5-3-5-3.5-5-1s3 1 5 1c2 0 5 1.5 5-1s-3.5-2-5 1',
  people: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20a7 7 0 0 1 14 0M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14a6 6 0 0 1 4 6',
};

export function icon(name, size = 24) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name] || ICONS.alert);
  svg.append(path);
  return svg;
}

/** el.append without the nulls and falses that conditional children leave. */
export function add(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * The page frame: top bar with title, optional back button and the language switch; the content
 * area; the bottom tab bar. tabs: [{href, icon, key, badgeId}]. Answers {main, setTitle, setBack, tabbar}.
 */
export function shell({ titleKey, tabs = [] }) {
  applyDocumentLang();
  const title = h('h1', { id: 'page-title' }, t(titleKey));
  const back = h('button', { class: 'back', type: 'button', 'aria-label': t('common.back'), hidden: true, onclick: () => history.back() }, '‹');
  back.style.fontSize = '1.6rem';
  const langButton = h('button', {
    class: 'lang-switch', type: 'button', lang: lang() === 'zh' ? 'en' : 'zh', 'aria-label': t('lang.switchLabel'),
    onclick: () => setLang(lang() === 'zh' ? 'en' : 'zh'),
  }, t('lang.switch'));
  const header = h('header', { class: 'topbar' }, h('div', { class: 'side' }, back), title, h('div', { class: 'side' }, langButton));
  const ptr = h('div', { class: 'ptr', 'aria-hidden': 'true' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const live = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite' });
  const nav = tabs.length ? h('nav', { class: 'tabbar', 'aria-label': t(titleKey) }) : null;
  const renderTabs = () => {
    if (!nav) return;
    clear(nav, tabs.map((tab) => h('a', { href: tab.href, dataset: { tab: tab.href } },
      h('span', { class: 'ico', 'aria-hidden': 'true' }, icon(tab.icon)),
      h('span', { class: 'label' }, t(tab.key)),
      tab.badgeId ? h('span', { class: 'badge', id: tab.badgeId, hidden: true }) : null)));
    markTab();
  };
  const markTab = () => {
    if (!nav) return;
    const current = location.hash || tabs[0].href;
    nav.querySelectorAll('a').forEach((a) => {
      const on = current === a.dataset.tab || current.startsWith(a.dataset.tab + '/');
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
  };
  renderTabs();
  document.body.replaceChildren(header, ptr, main, live, ...(nav ? [nav] : []));
  document.body.classList.toggle('has-tabbar', !!nav);
  window.addEventListener('hashchange', markTab);
  window.addEventListener('palm:lang', () => {
    langButton.textContent = t('lang.switch');
    langButton.setAttribute('aria-label', t('lang.switchLabel'));
    langButton.lang = lang() === 'zh' ? 'en' : 'zh';
    back.setAttribute('aria-label', t('common.back'));
    if (nav) nav.setAttribute('aria-label', t(titleKey));
    renderTabs();
  });
  toastRegion = live;
  ptrIndicator = ptr;
  return {
    main,
    nav,
    setTitle(text) { title.textContent = text; document.title = `${text} · ${t('app.name')}`; },
    setBack(on) { back.hidden = !on; },
  };
}

let toastRegion = null;
let toastTimer = 0;
let ptrIndicator = null;

export function toast(message) {
  if (!toastRegion) return;
  toastRegion.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toastRegion.textContent = ''; }, 3500);
}

/** Routes '#/a/b' to handlers by pattern ('#/mine/:id'); answers a function that re-runs the current route. */
export function router(routes, fallback) {
  const run = () => {
    const hash = location.hash || fallback;
    for (const [pattern, handler] of Object.entries(routes)) {
      const names = [];
      const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (m, n) => { names.push(n); return '([^/]+)'; }) + '$');
      const match = hash.match(regex);
      if (match) {
        const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
        handler(params);
        return;
      }
    }
    location.replace(fallback);
  };
  window.addEventListener('hashchange', run);
  run();
  return run;
}

/** What went wrong, in words for the person holding the phone. */
export function describeError(error) {
  if (error instanceof OfflineError) return t(error.timedOut ? 'err.timeout' : 'err.offline');
  if (error instanceof ApiError) {
    if (error.status === 401) return t('err.session');
    if (error.status === 403) return t('err.forbidden');
    if (error.status === 404) return t('err.notFound');
    if (error.status === 409) return t('err.conflict');
    if (error.status === 429) return t('err.tooMany');
    if (error.status >= 500) return t('err.server');
    if (error.fieldErrors.length) return error.fieldErrors.map((f) => serverMessage(f.message)).join('；');
    return error.problem.detail ? serverMessage(error.problem.detail) : t('err.generic');
  }
  console.error(error);
  return t('err.generic');
}

export function loadingState() {
  return h('div', { class: 'state', role: 'status' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading'));
}

export function errorState(error, retry) {
  return h('div', { class: 'state error', role: 'alert' },
    h('span', { class: 'big', 'aria-hidden': 'true' }, icon(error instanceof OfflineError ? 'signal' : 'alert', 40)),
    h('p', {}, describeError(error)),
    retry ? h('button', { class: 'btn primary', type: 'button', onclick: retry }, t('common.retry')) : null);
}

export function emptyState(text) {
  return h('div', { class: 'state' }, h('span', { class: 'big', 'aria-hidden': 'true' }, icon('leaf', 40)), text);
}

/**
 * Shows a spinner in target, runs load(), then render(data) into target; on failure an error with a
 * retry button. Never leaves target blank. Answers the data (or undefined on failure).
 */
export async function loadInto(target, load, render) {
  clear(target, loadingState());
  try {
    const data = await load();
    clear(target);
    render(data);
    return data;
  } catch (error) {
    clear(target, errorState(error, () => loadInto(target, load, render)));
    return undefined;
  }
}

/**
 * Puts each of the problem's field errors next to its field: the element with data-field equal to
 * the field (or its first segment, 'location.latitude' → 'location'); the rest go to the form's
 * general error box. Answers true when the error was about fields.
 */
export function showFieldErrors(form, error) {
  clearFieldErrors(form);
  const general = form.querySelector('.form-error');
  if (!(error instanceof ApiError) || !error.fieldErrors.length) {
    if (error instanceof ApiError && error.status === 401 && form.querySelector('[data-field="password"]')) {
      setFieldError(form, 'password', serverMessage(error.problem.detail));
      return true;
    }
    if (general) general.textContent = describeError(error);
    return false;
  }
  const unplaced = [];
  for (const { field, message } of error.fieldErrors) {
    const name = field || '';
    const candidates = [name, name.replace(/\[\d+\]$/, ''), name.replace(/\[\d+\].*$/, ''), name.split('.')[0], name.split('.').pop()];
    const placed = candidates.some((c) => c && setFieldError(form, c, serverMessage(message)));
    if (!placed) unplaced.push(serverMessage(message));
  }
  if (general) general.textContent = unplaced.length ? unplaced.join('；') : t('err.fixFields');
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
  return true;
}

function setFieldError(form, field, message) {
  const box = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (!box) return false;
  const out = box.querySelector('.field-error');
  if (out) out.textContent = out.textContent ? `${out.textContent}；${message}` : message;
  box.querySelectorAll('input, select, textarea').forEach((el) => el.setAttribute('aria-invalid', 'true'));
  return true;
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
}

let fieldSeq = 0;

/**
 * A labelled form field with its error slot: field('text', t('…'), h('textarea', {name:'text'})).
 * The control gets an id, the label points at it, and aria-describedby at the error.
 */
export function field(name, label, control, hint) {
  const id = `f-${name.replace(/\W/g, '-')}-${++fieldSeq}`;
  control.id = control.id || id;
  const errorId = `${control.id}-error`;
  const hintId = hint ? `${control.id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, role: 'alert' }));
}

export function formError() {
  return h('div', { class: 'form-error', role: 'alert' });
}

/** A bottom sheet (modal <dialog>); build(close) answers its content. */
export function sheet(title, build) {
  const dialog = h('dialog', { class: 'sheet', 'aria-labelledby': 'sheet-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  dialog.append(h('h2', { id: 'sheet-title' }, title), build(close));
  dialog.addEventListener('cancel', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return close;
}

/**
 * Pull to refresh: drag down from the top of the page past a threshold, release, and onRefresh runs
 * (its promise keeps the indicator up). Touch only; the top bar's refresh buttons do the same for mice.
 */
export function pullToRefresh(onRefresh) {
  let startY = null;
  let pulled = 0;
  let busy = false;
  const THRESHOLD = 64;
  const show = (height, text) => {
    ptrIndicator.style.height = `${height}px`;
    ptrIndicator.textContent = text;
  };
  window.addEventListener('touchstart', (e) => {
    if (busy || window.scrollY > 0 || document.querySelector('dialog[open]')) { startY = null; return; }
    startY = e.touches[0].clientY;
    pulled = 0;
  }, { passive: true });
  window.addEventListener('touchmove', (e) => {
    if (startY === null) return;
    pulled = Math.max(0, e.touches[0].clientY - startY);
    if (pulled > 0) {
      ptrIndicator.classList.add('pulling');
      show(Math.min(pulled / 2, 56), t(pulled > THRESHOLD ? 'common.releaseToRefresh' : 'common.pullToRefresh'));
    }
  }, { passive: true });
  window.addEventListener('touchend', async () => {
    if (startY === null) return;
    startY = null;
    ptrIndicator.classList.remove('pulling');
    if (pulled <= THRESHOLD) { show(0, ''); return; }
    busy = true;
    show(40, t('common.refreshing'));
    try { await onRefresh(); } finally { busy = false; show(0, ''); }
  });
}

export function statusBadge(status) {
  const open = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS'].includes(status);
  const done = ['RESOLVED', 'VISITED', 'CLOSED'].includes(status);
  return h('span', { class: `status ${open ? 'open' : done ? 'done' : ''}` }, t(`status.${status}`));
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN',
    { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch(() => { /* the app works without it, only not offline */ });
  // Ask the worker to keep this page and the files it loaded, so it opens without a connection.
  navigator.serviceWorker.ready.then((registration) => {
    const urls = [location.pathname, ...performance.getEntriesByType('resource').map((e) => e.name)
      .filter((u) => u.startsWith(location.origin) && !u.includes('/api/'))];
    if (registration.active) registration.active.postMessage({ type: 'keep', urls });
  });
}
