// One station for the rider: open now or when it opens, the hours in words, what it offers, and
// what its kind adds (the way in for a rider-friendly compound, the office hours and services of a
// legal-aid station, the discount of an eatery); directions, check-in and a problem report. Loaded
// only when a rider opens a station, so the list's first load stays small. The service worker keeps
// the last stations opened, so they also open without signal.
import { t, lang } from './i18n.js';
import './i18n-station.js';
import { api, deviceId } from './api.js';
import { h, add, loadInto, emptyState } from './ui.js';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * Draws station id into main. parts: {openState(s), amenityLabel(code), checkInButton(s), reportButton(s), clock(iso)}
 * from the rider page, so list and detail say the same things the same way.
 */
export function renderStation(main, id, parts) {
  return loadInto(main, () => api(`/api/stations/${encodeURIComponent(id)}?coord=wgs84`, { headers: { 'X-Device-Id': deviceId() } }),
    (s) => draw(main, s, parts));
}

function draw(main, s, parts) {
  const row = (label, value, id) => (value ? h('div', { class: 'fact', id }, h('dt', {}, label), h('dd', {}, value)) : null);
  const hours = hoursInWords(s.openingHoursJson, s.openingHours);
  const kindFacts = [];
  if (s.kind === 'RIDER_COMPOUND') {
    kindFacts.push(row(t('st.riderGate'), s.riderGate), row(t('st.entranceGuide'), s.entranceGuide, 'entrance-guide'), row(t('st.entryRules'), s.entryRules));
  } else if (s.kind === 'LEGAL_AID') {
    kindFacts.push(row(t('st.legalService'), s.legalService, 'legal-service'));
  } else if (s.kind === 'EATERY') {
    kindFacts.push(row(t('st.discount'), s.discount, 'discount'));
  }
  const upcoming = (s.closures || []).filter((c) => !c.until || new Date(c.until) > new Date());
  const photos = (s.photos || []).map((p, i) => h('img', { src: p.url, alt: t('st.photoAlt', { n: i + 1, name: s.name }), loading: 'lazy' }));
  add(main,
    s.savedAt ? h('p', { class: 'banner', id: 'offline-banner' }, t('st.offline', { t: parts.clock(s.savedAt) })) : null,
    s.active ? null : h('p', { class: 'banner' }, t('st.closedForGood', { reason: s.closedReason || '' })),
    h('section', { class: 'card station-detail', 'aria-labelledby': 'station-name', dataset: { station: s.id } },
      h('div', { class: 'row' }, h('h2', { id: 'station-name' }, s.name), h('span', { class: 'muted small' }, t(`kind.${s.kind}`))),
      h('p', { id: 'open-state' }, parts.openState(s)),
      s.address ? h('p', { class: 'muted' }, s.address) : null,
      h('div', { class: 'btn-row' },
        s.navigationUrl ? h('a', {
          class: 'btn primary', href: s.navigationUrl, target: '_blank', rel: 'noopener', 'aria-label': t('rd.navigateTo', { name: s.name }),
        }, t('rd.navigate')) : null,
        parts.checkInButton(s),
        parts.reportButton(s))),
    h('section', { class: 'card', 'aria-labelledby': 'hours-title' },
      h('h2', { id: 'hours-title' }, t(s.kind === 'LEGAL_AID' ? 'st.officeHours' : 'rd.hours')),
      h('ul', { class: 'plain', id: 'hours-words' }, hours.map((line) => h('li', {}, line))),
      upcoming.length ? h('div', {}, h('h3', {}, t('st.closures')),
        h('ul', { class: 'plain', id: 'closures' }, upcoming.map((c) => h('li', { class: 'small' },
          `${parts.clock(c.from, true)} – ${c.until ? parts.clock(c.until, true) : t('st.untilNotice')}：${c.reason}`)))) : null),
    kindFacts.some(Boolean) || s.description || s.phone
      ? h('section', { class: 'card', 'aria-labelledby': 'about-title' }, h('h2', { id: 'about-title' }, t('st.about')),
        h('dl', { class: 'facts' }, kindFacts,
          row(t('st.description'), s.description),
          row(t('st.phone'), s.phone ? h('a', { href: `tel:${s.phone}`, class: 'tel' }, s.phone) : null),
          row(t('st.community'), s.communityName)))
      : null,
    s.floorPlanUrl ? h('section', { class: 'card' }, h('h2', {}, t('st.floorPlan')),
      h('img', { class: 'plan', src: s.floorPlanUrl, alt: t('st.floorPlanAlt', { name: s.name }), loading: 'lazy' })) : null,
    s.amenities && s.amenities.length ? h('section', { class: 'card', 'aria-labelledby': 'amenities-title' },
      h('h2', { id: 'amenities-title' }, t('st.amenities')),
      h('ul', { class: 'tags', id: 'amenities' }, s.amenities.map((a) => h('li', {}, parts.amenityLabel(a))))) : null,
    photos.length ? h('section', { class: 'card' }, h('h2', {}, t('st.photos')), h('div', { class: 'photos' }, photos)) : null,
    h('p', { class: 'muted small', id: 'served' }, t('rd.served', { n: s.servedThisYear }),
      s.ratingCount ? ` · ${t('st.rating', { r: s.ratingAverage.toFixed(1), n: s.ratingCount })}` : ''));
  if (!main.childElementCount) main.append(emptyState(t('err.notFound')));
}

/** "周一至周五 08:00–20:00", one line per group of days with the same hours; the OSM text when nothing structured came. */
export function hoursInWords(json, osm) {
  if (!json) return osm ? [osm] : [t('st.hoursUnknown')];
  if (json.alwaysOpen) return [t('st.allDay')];
  const byHours = new Map();
  for (const rule of json.weekly || []) {
    const times = `${rule.opens}–${rule.closes}`;
    for (const day of rule.days || []) {
      if (!byHours.has(day)) byHours.set(day, []);
      byHours.get(day).push(times);
    }
  }
  // Consecutive days with the same hours read as one range.
  const lines = [];
  let run = null;
  for (const day of DAYS) {
    const times = byHours.has(day) ? byHours.get(day).join('，') : null;
    if (run && run.times === times) {
      run.to = day;
    } else {
      if (run) lines.push(run);
      run = { from: day, to: day, times };
    }
  }
  if (run) lines.push(run);
  const out = lines.filter((l) => l.times).map((l) => `${dayRange(l.from, l.to)} ${l.times}`);
  const closedDays = lines.filter((l) => !l.times).map((l) => dayRange(l.from, l.to));
  if (!out.length) out.push(t('st.noWeekly'));
  if (closedDays.length) out.push(t('st.closedOn', { days: closedDays.join(lang() === 'en' ? ', ' : '、') }));
  if (json.holidays === 'closed') out.push(t('st.holidaysClosed'));
  else if (json.holidays === 'own' && (json.holidayIntervals || []).length) {
    out.push(t('st.holidaysOwn', { times: json.holidayIntervals.map((i) => `${i.opens}–${i.closes}`).join('，') }));
  }
  return out;
}

function dayRange(from, to) {
  if (from === to) return t(`day.${from}`);
  // Two days side by side read as a pair ("周六、周日"), longer runs as a range ("周一至周五").
  if (DAYS.indexOf(to) - DAYS.indexOf(from) === 1) return [t(`day.${from}`), t(`day.${to}`)].join(lang() === 'en' ? ', ' : '、');
  return t('st.dayRange', { from: t(`day.${from}`), to: t(`day.${to}`) });
}
