// The rider's page, no login: the nearest open stations from where I am, as a list and on a map,
// filtered by amenity, type and open-now; one station's details (station.js, loaded when opened);
// directions, check-in and reporting a problem. The service worker keeps the last answer and the
// last stations opened, so they still show in a basement or a lift.
import { t, lang } from './i18n.js';
import { api, deviceId, uuid } from './api.js';
import {
  h, clear, shell, router, loadInto, emptyState, errorState, showFieldErrors, clearFieldErrors, field, formError, toast,
  pullToRefresh, sheet, registerServiceWorker, describeError,
} from './ui.js';
import { createMap } from './map.js';

// Where to search when the phone will not say where it is: the middle of Shibei.
const FALLBACK = { lat: 36.0871, lng: 120.3745 };
const FILTER_KEY = 'palm.rider.filters';
const KINDS = ['WARM', 'RIDER_COMPOUND', 'LEGAL_AID', 'EATERY'];

const ui = shell({
  titleKey: 'rd.title',
  tabs: [
    { href: '#/list', icon: 'pin', key: 'rd.tab.list' },
    { href: '#/map', icon: 'map', key: 'rd.tab.map' },
  ],
});

let config = {};
let amenities = [];
let position = null;
let located = false;
let result = null;
const filters = readFilters();
// Check-ins count once per phone, station and hour: remember this hour's, so a reload shows them.
const CHECKIN_KEY = 'palm.rider.checkins';
const checkedIn = new Set(readCheckins());

function hourNow() {
  return new Date().toISOString().slice(0, 13);
}

function readCheckins() {
  try {
    const saved = JSON.parse(localStorage.getItem(CHECKIN_KEY) || '{}');
    return saved.hour === hourNow() ? saved.ids : [];
  } catch {
    return [];
  }
}

function readFilters() {
  try {
    return { kind: '', amenities: [], openNow: true, ...JSON.parse(localStorage.getItem(FILTER_KEY) || '{}') };
  } catch {
    return { kind: '', amenities: [], openNow: true };
  }
}

function saveFilters() {
  localStorage.setItem(FILTER_KEY, JSON.stringify(filters));
}

async function start() {
  registerServiceWorker();
  const [cfg, known] = await Promise.all([
    api('/api/web-config').catch(() => ({})),
    api('/api/stations/amenities', { headers: { 'X-Device-Id': deviceId() } }).catch(() => []),
  ]);
  config = cfg;
  amenities = (Array.isArray(known) ? known : []).filter((a) => a.active !== false);
  const rerun = router({
    '#/list': () => render('list'),
    '#/map': () => render('map'),
    '#/station/:id': ({ id }) => showStation(id),
  }, '#/list');
  window.addEventListener('palm:lang', rerun);
  pullToRefresh(async () => { result = null; rerun(); });
}

function locate() {
  if (position) return Promise.resolve(position);
  return new Promise((resolve) => {
    if (!navigator.geolocation) { position = FALLBACK; resolve(position); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => { position = { lat: p.coords.latitude, lng: p.coords.longitude }; located = true; resolve(position); },
      () => { position = FALLBACK; resolve(position); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
}

async function search() {
  const here = await locate();
  // The browser's position is WGS-84; stations come back in the datum we ask for.
  const q = new URLSearchParams({ lat: here.lat, lng: here.lng, coord: 'wgs84', radius: 5000, limit: 30 });
  if (filters.kind) q.set('kind', filters.kind);
  if (filters.amenities.length) q.set('amenity', filters.amenities.join(','));
  if (filters.openNow) q.set('openNow', 'true');
  // The device id also gives this phone its own share of the stations' rate limit.
  const data = await api(`/api/stations/nearby?${q}`, { headers: { 'X-Device-Id': deviceId() } });
  const items = data.items || [];
  if (data.savedAt) {
    // The saved answer was for the filters of that moment: apply today's filters to it here.
    return { items: items.filter(matches), savedAt: data.savedAt };
  }
  return { items };
}

function matches(s) {
  return (!filters.kind || s.kind === filters.kind)
    && (!filters.openNow || s.openNow)
    && filters.amenities.every((a) => (s.amenities || []).includes(a));
}

function render(view) {
  ui.setBack(false);
  ui.setTitle(t(view === 'map' ? 'rd.tab.map' : 'rd.tab.list'));
  const filterBar = filtersView(() => { result = null; render(view); });
  const body = h('div', {});
  clear(ui.main, filterBar, body);
  const load = async () => { if (!result) result = await search(); return result; };
  loadInto(body, load, (r) => {
    if (!located) body.append(h('p', { class: 'banner' }, t('rd.noLocation')));
    if (r.savedAt) body.append(h('p', { class: 'banner', id: 'offline-banner' }, t('rd.offline', { t: clock(r.savedAt) })));
    body.append(h('p', { class: 'muted', id: 'station-count', role: 'status' }, t('rd.count', { n: r.items.length })));
    if (!r.items.length) {
      body.append(emptyState(t('rd.empty')));
      return;
    }
    if (view === 'map') drawMap(body, r.items);
    else body.append(h('ol', { class: 'list', id: 'stations' }, r.items.map((s, i) => h('li', {}, stationCard(s, i + 1)))));
  });
}

function filtersView(changed) {
  const kind = h('select', { 'aria-label': t('rd.kind'), class: 'chip' },
    h('option', { value: '' }, t('rd.kind.all')),
    KINDS.map((k) => h('option', { value: k, selected: filters.kind === k }, t(`kind.${k}`))));
  kind.addEventListener('change', () => { filters.kind = kind.value; saveFilters(); changed(); });
  const openNow = h('button', {
    type: 'button', class: 'chip', 'aria-pressed': String(filters.openNow),
    onclick: () => { filters.openNow = !filters.openNow; saveFilters(); changed(); },
  }, t('rd.openNow'));
  const chips = amenities.map((a) => {
    const code = a.code || a;
    const on = filters.amenities.includes(code);
    return h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(on), dataset: { amenity: code },
      onclick: () => {
        filters.amenities = on ? filters.amenities.filter((x) => x !== code) : [...filters.amenities, code];
        saveFilters();
        changed();
      },
    }, amenityName(a));
  });
  return h('div', { role: 'group', 'aria-label': t('rd.amenities') },
    h('div', { class: 'chips' }, openNow, kind),
    chips.length ? h('div', { class: 'chips' }, chips) : null);
}

function amenityName(a) {
  if (typeof a === 'string') return a;
  return (lang() === 'en' ? a.nameEn : a.nameZh) || a.name || a.code;
}

function amenityLabel(code) {
  const known = amenities.find((a) => (a.code || a) === code);
  return known ? amenityName(known) : code;
}

function distance(m) {
  if (m == null) return '';
  return m < 1000 ? t('rd.distance.m', { n: Math.round(m) }) : t('rd.distance.km', { n: (m / 1000).toFixed(1) });
}

function clock(value, withDate) {
  if (!value) return '';
  if (/^\d{1,2}:\d{2}/.test(value)) return value.slice(0, 5);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const options = { hour: '2-digit', minute: '2-digit', hour12: false };
  // A time on another day says which day ("11/27 08:00"), or "08:00" alone would read as today.
  if (withDate || d.toDateString() !== new Date().toDateString()) Object.assign(options, { month: 'numeric', day: 'numeric' });
  return d.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', options);
}

function openState(s) {
  if (s.closureReason) return h('span', { class: 'status closed-now' }, t('rd.closedReason', { reason: s.closureReason }));
  if (s.openNow) return h('span', { class: 'status done' }, s.closesAt ? t('rd.openUntil', { t: clock(s.closesAt) }) : t('rd.open'));
  return h('span', { class: 'status closed-now' }, s.opensAt ? t('rd.opensAt', { t: clock(s.opensAt) }) : t('rd.closed'));
}

function checkInButton(s) {
  const checkin = h('button', {
    class: 'btn', type: 'button', 'aria-label': t('rd.checkinTo', { name: s.name }), disabled: checkedIn.has(s.id),
    onclick: () => checkIn(s, checkin),
  }, checkedIn.has(s.id) ? t('rd.checkedInShort') : t('rd.checkin'));
  return checkin;
}

function reportButton(s) {
  return h('button', { class: 'btn', type: 'button', 'aria-label': t('rd.reportTo', { name: s.name }), onclick: () => report(s) }, t('rd.report'));
}

function stationCard(s, n) {
  return h('article', { class: 'card station', dataset: { station: s.id } },
    h('div', { class: 'row' },
      h('h2', {}, h('a', { class: 'title-link', href: `#/station/${s.id}` }, `${n}. ${s.name}`)),
      h('span', { class: 'muted distance' }, distance(s.distanceMetres))),
    h('p', { class: 'muted small' }, t(`kind.${s.kind}`), s.address ? ` · ${s.address}` : ''),
    h('p', {}, openState(s)),
    s.amenities && s.amenities.length ? h('p', { class: 'small' }, s.amenities.map(amenityLabel).join(' · ')) : null,
    hoursText(s.openingHours) ? h('p', { class: 'muted small' }, `${t('rd.hours')}：${hoursText(s.openingHours)}`) : null,
    h('div', { class: 'btn-row' },
      s.navigationUrl ? h('a', {
        class: 'btn primary', href: s.navigationUrl, target: '_blank', rel: 'noopener',
        'aria-label': t('rd.navigateTo', { name: s.name }),
      }, t('rd.navigate')) : null,
      checkInButton(s),
      reportButton(s)));
}

/** One station's page; its module comes over the network only the first time a rider opens one. */
async function showStation(id) {
  ui.setTitle(t('rd.title'));
  ui.setBack(true);
  // Drawn into a box of its own: if the rider has moved on before the answer comes, it lands nowhere.
  const box = h('div', {});
  clear(ui.main, box);
  try {
    const { renderStation } = await import('./station.js');
    if (box.isConnected) ui.setTitle(t('st.title'));
    await renderStation(box, id, { openState, amenityLabel, checkInButton, reportButton, clock });
    const name = box.querySelector('#station-name');
    if (name && box.isConnected) ui.setTitle(name.textContent);
  } catch (e) {
    clear(box, errorState(e, () => showStation(id)));
  }
}

function hoursText(hours) {
  if (!hours) return '';
  if (typeof hours === 'string') return hours;
  if (Array.isArray(hours)) return hours.map((x) => (typeof x === 'string' ? x : x.text || '')).filter(Boolean).join('；');
  return hours.text || '';
}

async function checkIn(s, button) {
  button.disabled = true;
  try {
    // Counted once per phone, station and hour; the key makes a double tap one check-in.
    const result = await api(`/api/stations/${s.id}/checkins`, { method: 'POST', headers: { 'X-Device-Id': deviceId() }, idempotencyKey: uuid() });
    checkedIn.add(s.id);
    localStorage.setItem(CHECKIN_KEY, JSON.stringify({ hour: hourNow(), ids: [...checkedIn] }));
    button.textContent = t('rd.checkedInShort');
    toast(`${t(result.counted ? 'rd.checkedIn' : 'rd.alreadyCheckedIn')} ${t('rd.served', { n: result.servedThisYear })}`);
  } catch (e) {
    button.disabled = false;
    toast(describeError(e));
  }
}

function report(s) {
  sheet(t('rd.reportTitle'), (close) => {
    const text = h('textarea', { name: 'text', rows: '4', maxlength: '1000' });
    const phone = h('input', { name: 'contactPhone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' });
    const form = h('form', { novalidate: true },
      h('p', { class: 'muted' }, s.name),
      formError(),
      field('text', t('rd.reportText'), text, t('rd.reportHint')),
      field('contactPhone', t('res.file.phone'), phone),
      h('div', { class: 'btn-row' },
        h('button', { class: 'btn primary', type: 'submit' }, t('common.submit')),
        h('button', { class: 'btn', type: 'button', onclick: close }, t('common.cancel'))));
    let lastBody = null;
    let key = null;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const body = { text: text.value.trim(), contactPhone: phone.value.trim() || null };
      // Sending the same words again (a retry) keeps the key, so the report is filed once; new words, new key.
      if (JSON.stringify(body) !== lastBody) {
        key = uuid();
        lastBody = JSON.stringify(body);
      }
      try {
        await api(`/api/stations/${s.id}/problems`, { method: 'POST', headers: { 'X-Device-Id': deviceId() }, idempotencyKey: key, body });
        close();
        toast(t('rd.reportSent'));
      } catch (err) {
        showFieldErrors(form, err);
      }
    });
    return form;
  });
}

function drawMap(body, items) {
  const holder = h('div', {});
  const selected = h('div', { id: 'selected-station' });
  body.append(holder, selected);
  const map = createMap(holder, config);
  const markers = items.map((s, i) => ({
    lat: s.lat, lng: s.lng, label: String(i + 1), className: s.openNow ? '' : 'closed',
    text: t('rd.marker', { n: i + 1, name: s.name, distance: distance(s.distanceMetres) }),
    onclick: () => clear(selected, stationCard(s, i + 1)),
  }));
  map.show({ markers, me: position });
  clear(selected, stationCard(items[0], 1));
}

start().catch(() => render('list'));
