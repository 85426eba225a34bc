// The resident as a volunteer: open tasks near me, one task and signing up, my invitations and
// bookings (accept, decline, check in and out at the place), my time bank and its printable
// certificate. A resident who is not yet a volunteer is offered the short sign-up form first.
import { t, lang } from './i18n.js';
import './i18n-volunteer.js';
import { api, ApiError, uuid } from './api.js';
import {
  h, clear, loadInto, emptyState, showFieldErrors, clearFieldErrors, field, formError, toast, sheet, formatTime, describeError,
} from './ui.js';

/** A fresh box in main for one screen: an answer that comes after the person moved on lands in a detached box. */
function ownBox(ui) {
  const box = h('div', {});
  clear(ui.main, box);
  return box;
}

const PERSONA = 'resident';
const RADIUS = 5000;

let skills = null;
let position = null;
/** The last nearby answer by task id: the detail screen draws from it (residents have no task read of their own). */
const nearbyById = new Map();
/** One Idempotency-Key per task the resident means to join: a retry after a lost answer is the same sign-up. */
const signUpKeys = new Map();

async function loadSkills() {
  if (!skills) skills = await api('/api/volunteer-skills');
  return skills;
}

function skillName(code) {
  const s = (skills || []).find((x) => x.code === code);
  return s ? (lang() === 'en' ? s.nameEn : s.nameZh) : code;
}

/** The phone's position (WGS-84), or null when it will not say. */
function locate() {
  if (position) return Promise.resolve(position);
  return new Promise((resolve) => {
    if (!navigator.geolocation) { resolve(null); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => { position = { latitude: p.coords.latitude, longitude: p.coords.longitude, coord: 'WGS84' }; resolve(position); },
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
}

/** My volunteer profile, or null when I have not signed up as a volunteer yet. */
async function myProfile() {
  try {
    return await api('/api/volunteers/me', { persona: PERSONA });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

function timeRange(from, to) {
  if (!from) return '';
  const end = new Date(to);
  const sameDay = new Date(from).toDateString() === end.toDateString();
  const endText = sameDay
    ? end.toLocaleTimeString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false })
    : formatTime(to);
  return `${formatTime(from)} – ${endText}`;
}

function distanceText(m) {
  return m < 1000 ? t('rd.distance.m', { n: m }) : t('rd.distance.km', { n: (m / 1000).toFixed(1) });
}

/** A conflict from the server in the reader's words: the problem's slug names the rule that refused. */
function conflictText(error) {
  if (error instanceof ApiError && error.status === 409) {
    const key = `vol.conflict.${error.slug}`;
    const text = t(key);
    if (text !== key) return text;
  }
  return describeError(error);
}

function subNav(current) {
  const links = [['#/volunteer', 'vol.nav.nearby'], ['#/volunteer/mine', 'vol.nav.mine'], ['#/volunteer/hours', 'vol.nav.hours']];
  return h('nav', { class: 'segmented', 'aria-label': t('res.tab.volunteer') },
    links.map(([href, key]) => h('a', { href, 'aria-current': href === current ? 'page' : null }, t(key))));
}

/** The routes of the volunteer tab; the resident app wraps each in its sign-in guard. */
export function volunteerRoutes(ui) {
  return {
    '#/volunteer': () => renderNearby(ui),
    '#/volunteer/join': () => renderJoin(ui),
    '#/volunteer/task/:id': ({ id }) => renderTask(ui, id),
    '#/volunteer/mine': () => renderMine(ui),
    '#/volunteer/hours': () => renderHours(ui),
    '#/volunteer/certificate': () => renderCertificate(ui),
  };
}

// ---------- Open tasks near me ----------

function renderNearby(ui) {
  ui.setTitle(t('vol.nearby.title'));
  const body = h('div', {});
  clear(ui.main, subNav('#/volunteer'), body);
  loadInto(body, async () => {
    const [profile, here] = await Promise.all([myProfile(), locate(), loadSkills()]);
    if (!profile) return { profile };
    const from = here || (profile.home ? { ...profile.home, coord: 'WGS84' } : null);
    if (!from) return { profile, tasks: null };
    const q = new URLSearchParams({ latitude: from.latitude, longitude: from.longitude, coord: 'wgs84', radius: RADIUS });
    const tasks = await api(`/api/volunteer-tasks/nearby?${q}`, { persona: PERSONA });
    nearbyById.clear();
    tasks.forEach((task) => nearbyById.set(String(task.id), task));
    return { profile, tasks, located: !!here };
  }, ({ profile, tasks, located }) => {
    if (!profile) {
      body.append(h('section', { class: 'card' },
        h('h2', {}, t('vol.join.title')),
        h('p', {}, t('vol.join.lead')),
        h('a', { class: 'btn primary block', href: '#/volunteer/join' }, t('vol.join.start'))));
      return;
    }
    if (!tasks) {
      body.append(emptyState(t('vol.nearby.noPosition')));
      return;
    }
    if (!located) body.append(h('p', { class: 'banner' }, t('vol.nearby.fromHome')));
    body.append(h('p', { class: 'muted', id: 'task-count', role: 'status' }, t('vol.nearby.count', { n: tasks.length })));
    if (!tasks.length) {
      body.append(emptyState(t('vol.nearby.empty')));
      return;
    }
    body.append(h('ul', { class: 'list', id: 'tasks' }, tasks.map((task) => h('li', {}, h('a', {
      class: 'item', href: `#/volunteer/task/${task.id}`, dataset: { task: task.id },
    },
    h('div', { class: 'row' }, h('span', { class: 'title' }, task.title), h('span', { class: 'status open' }, t('vol.placesLeft', { n: task.placesLeft }))),
    h('p', { class: 'small' }, timeRange(task.startsAt, task.endsAt)),
    h('p', { class: 'muted small' }, [t(`vol.kind.${task.kind}`), task.placeName, distanceText(task.distanceMetres)].filter(Boolean).join(' · ')))))));
  });
}

// ---------- Becoming a volunteer ----------

function renderJoin(ui) {
  ui.setTitle(t('vol.join.title'));
  ui.setBack(true);
  const main = ownBox(ui);
  loadInto(main, async () => {
    const [profile] = await Promise.all([myProfile(), loadSkills(), locate()]);
    return profile;
  }, (profile) => main.append(joinForm(profile)));
}

function joinForm(profile) {
  const name = h('input', { name: 'name', type: 'text', autocomplete: 'name', maxlength: '40', value: profile ? profile.name : '' });
  const phone = h('input', { name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel', value: (profile && profile.phone) || '' });
  const held = new Set(profile ? profile.skills.map((s) => s.code) : []);
  // Skills that need a certificate (doctor, lawyer…) are registered by the community, which sees the licence.
  const open = skills.filter((s) => s.active && !s.certificateRequired);
  const boxes = open.map((s) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'skills', value: s.code, checked: held.has(s.code) }),
    lang() === 'en' ? s.nameEn : s.nameZh));
  const availability = h('input', { name: 'availability', type: 'text', maxlength: '500', value: (profile && profile.availability) || '' });
  const cap = h('input', { name: 'monthlyHoursCap', type: 'number', inputmode: 'numeric', min: '1', max: '300', value: String((profile && profile.monthlyHoursCap) || 20) });
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t(profile ? 'vol.join.save' : 'vol.join.submit'));
  const form = h('form', { class: 'card', novalidate: true },
    h('p', { class: 'muted' }, t('vol.join.lead')),
    formError(),
    field('name', t('vol.join.name'), name),
    field('phone', t('vol.join.phone'), phone),
    h('fieldset', { class: 'field', dataset: { field: 'skills' } },
      h('legend', { class: 'label' }, t('vol.join.skills')),
      h('div', { class: 'checks' }, boxes),
      h('p', { class: 'hint' }, t('vol.join.certHint')),
      h('p', { class: 'field-error', role: 'alert' })),
    field('availability', t('vol.join.availability'), availability, t('vol.join.availabilityHint')),
    field('monthlyHoursCap', t('vol.join.cap'), cap),
    h('div', { dataset: { field: 'communityId' } }, h('p', { class: 'field-error', role: 'alert' })),
    h('p', { class: 'muted small' }, position ? t('vol.join.homeHere') : t('vol.join.homeNone')),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    const body = {
      name: name.value.trim(),
      phone: phone.value.trim() || null,
      home: position || (profile && !profile.homeIsCommunity && profile.home ? { ...profile.home, coord: 'WGS84' } : null),
      communityId: position ? null : (profile ? profile.communityId : null),
      categories: profile && profile.categories.length ? profile.categories : ['VOLUNTEER'],
      // Certified skills the community registered stay as they are.
      skills: [
        ...(profile ? profile.skills.filter((s) => !open.some((o) => o.code === s.code))
          .map((s) => ({ code: s.code, certificateNumber: s.certificateNumber, certificateExpires: s.certificateExpires })) : []),
        ...boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => ({ code: i.value })),
      ],
      availability: availability.value.trim() || null,
      monthlyHoursCap: cap.value === '' ? null : Number(cap.value),
    };
    try {
      await api('/api/volunteers/me', { method: 'PUT', persona: PERSONA, body });
      toast(t(profile ? 'vol.join.saved' : 'vol.join.done'));
      location.hash = '#/volunteer';
    } catch (err) {
      showFieldErrors(form, err);
      submit.disabled = false;
    }
  });
  return form;
}

// ---------- One task ----------

async function findTask(id) {
  if (!nearbyById.has(id)) {
    const here = await locate();
    const profile = here ? null : await myProfile();
    const from = here || (profile && profile.home);
    if (from) {
      const q = new URLSearchParams({ latitude: from.latitude, longitude: from.longitude, coord: 'wgs84', radius: RADIUS });
      (await api(`/api/volunteer-tasks/nearby?${q}`, { persona: PERSONA })).forEach((task) => nearbyById.set(String(task.id), task));
    }
  }
  return nearbyById.get(id) || null;
}

function renderTask(ui, id) {
  ui.setTitle(t('vol.task.title'));
  ui.setBack(true);
  const main = ownBox(ui);
  loadInto(main, async () => { await loadSkills(); return findTask(id); }, (task) => {
    if (!task) {
      main.append(emptyState(t('vol.task.gone')));
      return;
    }
    const row = (label, value) => (value ? h('p', {}, h('span', { class: 'muted' }, `${label}：`), value) : null);
    const error = formError();
    const join = h('button', { class: 'btn primary block', type: 'button' }, t('vol.task.signUp'));
    join.addEventListener('click', async () => {
      join.disabled = true;
      error.textContent = '';
      if (!signUpKeys.has(id)) signUpKeys.set(id, uuid());
      try {
        await api(`/api/volunteer-tasks/${encodeURIComponent(id)}/sign-up`, { method: 'POST', persona: PERSONA, idempotencyKey: signUpKeys.get(id) });
        signUpKeys.delete(id);
        nearbyById.delete(id);
        toast(t('vol.task.signedUp'));
        location.hash = '#/volunteer/mine';
      } catch (err) {
        // Refused for a reason (full, already on it, overlapping…): a new attempt is a new request.
        if (err instanceof ApiError) signUpKeys.delete(id);
        error.textContent = conflictText(err);
        join.disabled = false;
      }
    });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'task-title' },
      h('div', { class: 'row' }, h('h2', { id: 'task-title' }, task.title), h('span', { class: 'status open' }, t('vol.placesLeft', { n: task.placesLeft }))),
      row(t('vol.task.kind'), t(`vol.kind.${task.kind}`)),
      row(t('vol.task.when'), timeRange(task.startsAt, task.endsAt)),
      row(t('vol.task.where'), [task.placeName, distanceText(task.distanceMetres)].filter(Boolean).join(' · ')),
      row(t('vol.task.skills'), task.requiredSkills.length ? task.requiredSkills.map(skillName).join('、') : t('vol.task.noSkills')),
      h('p', { class: 'hint' }, t('vol.task.checkInHint')),
      error,
      join));
  });
}

// ---------- My invitations and bookings ----------

const BOOKING_STYLE = { INVITED: 'open', ACCEPTED: 'open', COMPLETED: 'done', DECLINED: '', EXPIRED: '', SHORT: '', NO_SHOW: 'closed-now' };

function renderMine(ui) {
  ui.setTitle(t('vol.nav.mine'));
  const body = h('div', {});
  clear(ui.main, subNav('#/volunteer/mine'), body);
  loadInto(body, async () => (await myProfile() ? api('/api/volunteers/me/bookings', { persona: PERSONA }) : null), (bookings) => {
    if (!bookings) {
      body.append(emptyState(t('vol.notYet')), h('a', { class: 'btn primary block', href: '#/volunteer/join' }, t('vol.join.start')));
      return;
    }
    if (!bookings.length) {
      body.append(emptyState(t('vol.mine.empty')));
      return;
    }
    body.append(h('ul', { class: 'list', id: 'bookings' }, bookings.map((b) => h('li', {}, bookingCard(ui, b)))));
  });
}

function bookingCard(ui, b) {
  const started = new Date(b.startsAt) <= new Date();
  const buttons = [];
  let note = null;
  const act = (key, primary, run) => buttons.push(h('button', {
    class: `btn${primary ? ' primary' : ''}`, type: 'button', 'aria-label': `${t(key)}：${b.taskTitle}`, onclick: run,
  }, t(key)));
  if (b.status === 'INVITED') {
    act('vol.mine.accept', true, () => respond(ui, b, 'accept'));
    act('vol.mine.decline', false, () => respond(ui, b, 'decline'));
  } else if (b.status === 'ACCEPTED') {
    // Check-in opens half an hour before the start (the server's rule) and closes at the end.
    const now = Date.now();
    const opens = new Date(b.startsAt).getTime() - 30 * 60_000;
    if (!b.checkedInAt && now >= opens && now <= new Date(b.endsAt).getTime()) act('vol.mine.checkIn', true, () => attend(ui, b, 'check-in'));
    else if (b.checkedInAt && !b.checkedOutAt) act('vol.mine.checkOut', true, () => attend(ui, b, 'check-out'));
    if (!started && !b.checkedInAt) act('vol.mine.withdraw', false, () => respond(ui, b, 'decline'));
    if (!b.checkedInAt && now < opens) note = t('vol.mine.checkInFrom', { t: formatTime(new Date(opens).toISOString()) });
  }
  return h('article', { class: 'card', dataset: { booking: b.id } },
    h('div', { class: 'row' }, h('h2', {}, b.taskTitle), h('span', { class: `status ${BOOKING_STYLE[b.status] || ''}` }, t(`vol.status.${b.status}`))),
    h('p', { class: 'small' }, timeRange(b.startsAt, b.endsAt)),
    b.checkedInAt ? h('p', { class: 'muted small' }, t('vol.mine.checkedInAt', { t: formatTime(b.checkedInAt) })) : null,
    b.checkedOutAt ? h('p', { class: 'muted small' }, t('vol.mine.checkedOutAt', { t: formatTime(b.checkedOutAt) })) : null,
    b.creditedMinutes != null ? h('p', { class: 'small' }, t('vol.mine.credited', { h: hours(b.creditedMinutes) })) : null,
    note ? h('p', { class: 'hint' }, note) : null,
    buttons.length ? h('div', { class: 'btn-row' }, buttons) : null);
}

async function respond(ui, b, what) {
  try {
    await api(`/api/volunteer-bookings/${b.id}/${what}`, { method: 'POST', persona: PERSONA });
    toast(t(what === 'accept' ? 'vol.mine.accepted' : 'vol.mine.declined'));
  } catch (e) {
    toast(conflictText(e));
  }
  renderMine(ui);
}

/** Check in or out: the phone's position at the place, or the code the task lead shows. */
function attend(ui, b, what) {
  const key = what === 'check-in' ? 'vol.mine.checkIn' : 'vol.mine.checkOut';
  sheet(t(key), (close) => {
    const code = h('input', { name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '12' });
    const byPosition = h('button', { class: 'btn primary block', type: 'button' }, t('vol.attend.byPosition'));
    const byCode = h('button', { class: 'btn block', type: 'submit' }, t('vol.attend.byCode'));
    const form = h('form', { novalidate: true },
      h('p', { class: 'muted' }, b.taskTitle),
      formError(),
      h('div', { class: 'field', dataset: { field: 'position' } }, byPosition, h('p', { class: 'field-error', role: 'alert' })),
      h('div', { dataset: { field: 'time' } }, h('p', { class: 'field-error', role: 'alert' })),
      h('p', { class: 'muted small' }, t('vol.attend.or')),
      field('code', t('vol.attend.code'), code),
      byCode,
      h('div', { class: 'btn-row' }, h('button', { class: 'btn', type: 'button', onclick: close }, t('common.cancel'))));
    const send = async (proof, button) => {
      clearFieldErrors(form);
      button.disabled = true;
      try {
        const after = await api(`/api/volunteer-bookings/${b.id}/${what}`, { method: 'POST', persona: PERSONA, body: proof });
        close();
        toast(what === 'check-in' ? t('vol.attend.in')
          : after.status === 'COMPLETED' ? t('vol.attend.outCredited', { h: hours(after.creditedMinutes || 0) }) : t('vol.attend.outShort'));
        renderMine(ui);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) form.querySelector('.form-error').textContent = conflictText(err);
        else showFieldErrors(form, err);
        button.disabled = false;
      }
    };
    byPosition.addEventListener('click', async () => {
      position = null; // where I stand now, not where I was when the list loaded
      const here = await locate();
      send({ position: here }, byPosition);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      send({ code: code.value.trim() }, byCode);
    });
    return form;
  });
}

// ---------- Time bank ----------

function hours(minutes) {
  return (Math.round((minutes / 60) * 10) / 10).toString();
}

function renderHours(ui) {
  ui.setTitle(t('vol.nav.hours'));
  const body = h('div', {});
  clear(ui.main, subNav('#/volunteer/hours'), body);
  loadInto(body, async () => (await myProfile() ? api('/api/volunteers/me/hours', { persona: PERSONA }) : null), (ledger) => {
    if (!ledger) {
      body.append(emptyState(t('vol.notYet')), h('a', { class: 'btn primary block', href: '#/volunteer/join' }, t('vol.join.start')));
      return;
    }
    body.append(h('section', { class: 'card', 'aria-labelledby': 'balance-title' },
      h('h2', { id: 'balance-title' }, t('vol.hours.balance')),
      h('p', { class: 'big-number', id: 'balance' }, t('vol.hours.value', { h: hours(ledger.balanceMinutes) })),
      h('a', { class: 'btn block', href: '#/volunteer/certificate' }, t('vol.hours.certificate'))));
    if (!ledger.entries.length) {
      body.append(emptyState(t('vol.hours.empty')));
      return;
    }
    body.append(h('ol', { class: 'list', id: 'ledger' }, ledger.entries.map((e) => h('li', { class: 'card' },
      h('div', { class: 'row' },
        h('span', { class: 'title' }, e.taskTitle || t(`vol.entry.${e.kind}`)),
        h('strong', { class: e.minutes < 0 ? 'minus' : '' }, `${e.minutes > 0 ? '+' : ''}${hours(e.minutes)} ${t('vol.hours.unit')}`)),
      h('p', { class: 'muted small' }, [e.servedOn, t(`vol.entry.${e.kind}`)].join(' · ')),
      e.reason ? h('p', { class: 'small' }, t('vol.hours.reason', { r: e.reason })) : null))));
  });
}

/** The certificate is an HTML page behind the resident's token: fetched, then shown and printed in a frame. */
function renderCertificate(ui) {
  ui.setTitle(t('vol.hours.certificate'));
  ui.setBack(true);
  const main = ownBox(ui);
  loadInto(main, async () => {
    const response = await api('/api/volunteers/me/hours/certificate', { persona: PERSONA, raw: true, accept: 'text/html' });
    return response.text();
  }, (html) => {
    const frame = h('iframe', { class: 'certificate', title: t('vol.hours.certificate'), sandbox: 'allow-same-origin allow-modals' });
    frame.srcdoc = html;
    main.append(
      h('div', { class: 'btn-row' }, h('button', { class: 'btn primary', type: 'button', onclick: () => frame.contentWindow.print() }, t('vol.hours.print'))),
      frame);
  });
}
