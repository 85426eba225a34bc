// The resident's app: report a problem (text, photos, where I am), see open petitions nearby and
// co-sign instead, follow my petitions with their timeline, rate the result, read my messages;
// volunteer tasks near me (volunteer.js), my benefit reminders (benefits.js).
import { t, lang } from './i18n.js';
import { api, ApiError, OfflineError, session, saveSession, deviceId, uuid } from './api.js';
import {
  h, add, clear, shell, router, loadInto, errorState, emptyState, showFieldErrors, clearFieldErrors, field, formError,
  toast, pullToRefresh, statusBadge, formatTime, describeError, registerServiceWorker,
} from './ui.js';
import * as outbox from './outbox.js';
import { volunteerRoutes } from './volunteer.js';
import { benefitRoutes } from './benefits.js';

const PERSONA = 'resident';
const MAX_PHOTOS = 9;

const ui = shell({
  titleKey: 'res.title',
  tabs: [
    { href: '#/file', icon: 'edit', key: 'res.tab.file' },
    { href: '#/mine', icon: 'list', key: 'res.tab.mine' },
    { href: '#/benefits', icon: 'gift', key: 'res.tab.benefits' },
    { href: '#/volunteer', icon: 'heart', key: 'res.tab.volunteer' },
    { href: '#/inbox', icon: 'bell', key: 'res.tab.inbox', badgeId: 'unread-badge' },
  ],
});

let config = { demo: false };
let categories = null;
/** What the resident has typed so far; survives tab switches and the language switch. */
const draft = { categoryCode: '', text: '', address: '', contactPhone: '', anonymous: false, photos: [], position: null, locating: false };

function me() {
  const s = session(PERSONA);
  return s && s.account ? s.account.id : null;
}

async function start() {
  registerServiceWorker();
  try { config = await api('/api/web-config'); } catch { /* offline: no demo button until back */ }
  const code = new URLSearchParams(location.search).get('code');
  if (code && !session(PERSONA)) {
    // Opened from the mini program's web-view with a wx.login code.
    try {
      saveSession(PERSONA, await api('/api/auth/wechat', { method: 'POST', body: { code, role: 'RESIDENT' } }));
    } catch (e) {
      toast(describeError(e));
    }
    history.replaceState(null, '', location.pathname + location.hash);
  }
  const rerun = router({
    '#/file': () => guarded(renderFile),
    '#/mine': () => guarded(renderMine),
    '#/mine/:id': ({ id }) => guarded(() => renderDetail(id)),
    '#/inbox': () => guarded(renderInbox),
    ...Object.fromEntries(Object.entries(benefitRoutes(ui)).map(([route, render]) => [route, (params) => guarded(() => render(params))])),
    ...Object.fromEntries(Object.entries(volunteerRoutes(ui)).map(([route, render]) => [route, (params) => guarded(() => render(params))])),
  }, '#/file');
  window.addEventListener('palm:lang', rerun);
  window.addEventListener('palm:signed-out', rerun);
  window.addEventListener('online', () => sendQueued().then(rerunIfMine(rerun)));
  pullToRefresh(async () => { rerun(); });
  if (session(PERSONA) && navigator.onLine) sendQueued().then(rerunIfMine(rerun));
}

function rerunIfMine(rerun) {
  return (sent) => { if (sent && location.hash.startsWith('#/mine')) rerun(); };
}

function guarded(render) {
  ui.setBack(false);
  if (!session(PERSONA)) {
    renderSignIn();
    return;
  }
  render();
  refreshBadge();
}

function renderSignIn() {
  ui.setTitle(t('res.signIn.title'));
  const error = formError();
  const card = h('section', { class: 'card' },
    h('h2', {}, t('res.signIn.title')),
    h('p', {}, t('res.signIn.wechat')));
  if (config.demo) {
    const button = h('button', { class: 'btn primary block', type: 'button' }, t('res.signIn.demo'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        saveSession(PERSONA, await api('/api/auth/demo-resident', { method: 'POST', body: { deviceId: deviceId() } }));
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        sendQueued();
      } catch (e) {
        error.textContent = describeError(e);
        button.disabled = false;
      }
    });
    card.append(h('p', { class: 'hint' }, t('res.signIn.demoHint')), error, button);
  }
  clear(ui.main, card);
}

async function loadCategories() {
  if (!categories) categories = (await api('/api/petition-categories')).filter((c) => c.active);
  return categories;
}

function categoryName(code, fallback) {
  const c = (categories || []).find((x) => x.code === code);
  if (!c) return fallback || code;
  return lang() === 'en' ? c.nameEn : c.nameZh;
}

// ---------- Filing ----------

function renderFile() {
  ui.setTitle(t('res.tab.file'));
  loadInto(ui.main, loadCategories, () => ui.main.append(fileForm()));
}

function fileForm() {
  const category = h('select', { name: 'categoryCode' },
    h('option', { value: '' }, t('res.file.choose')),
    categories.map((c) => h('option', { value: c.code, selected: c.code === draft.categoryCode }, lang() === 'en' ? c.nameEn : c.nameZh)));
  const text = h('textarea', { name: 'text', rows: '5', maxlength: '2000' });
  text.value = draft.text;
  const address = h('input', { name: 'address', type: 'text', autocomplete: 'street-address', maxlength: '200' });
  address.value = draft.address;
  const phone = h('input', { name: 'contactPhone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' });
  phone.value = draft.contactPhone;
  const anonymous = h('input', { type: 'checkbox', name: 'anonymous', checked: draft.anonymous });
  const photoInput = h('input', {
    type: 'file', accept: 'image/jpeg,image/png,image/webp', multiple: true, class: 'sr-only', tabindex: '-1',
    'aria-label': t('res.file.addPhoto'), name: 'photos',
  });
  const photoList = h('div', { class: 'photos' });
  const locationStatus = h('p', { class: 'muted', role: 'status' });
  const relocate = h('button', { class: 'btn', type: 'button', onclick: () => locate(true) }, t('res.file.relocate'));
  const nearbyBox = h('div', {});
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t('res.file.submit'));

  const form = h('form', { class: 'card', novalidate: true },
    formError(),
    field('categoryCode', t('res.file.category'), category),
    nearbyBox,
    field('text', t('res.file.text'), text, t('res.file.textHint')),
    h('div', { class: 'field', dataset: { field: 'photos' } },
      h('span', { class: 'label', id: 'photos-label' }, t('res.file.photos')),
      photoList,
      h('button', { class: 'btn', type: 'button', onclick: () => photoInput.click() }, '＋ ', t('res.file.addPhoto')),
      photoInput,
      h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'field', dataset: { field: 'location' } },
      h('span', { class: 'label' }, t('res.file.location')),
      locationStatus, relocate,
      h('p', { class: 'field-error', role: 'alert' })),
    h('div', { dataset: { field: 'communityId' } }, h('p', { class: 'field-error', role: 'alert' })),
    field('address', t('res.file.address'), address),
    field('contactPhone', t('res.file.phone'), phone),
    h('div', { class: 'field', dataset: { field: 'anonymous' } },
      h('label', { class: 'check' }, anonymous, t('res.file.anonymous'))),
    submit);

  const sync = () => {
    draft.categoryCode = category.value;
    draft.text = text.value;
    draft.address = address.value;
    draft.contactPhone = phone.value;
    draft.anonymous = anonymous.checked;
  };
  form.addEventListener('input', sync);
  category.addEventListener('change', () => { sync(); showNearby(nearbyBox); });

  const drawPhotos = () => {
    clear(photoList, draft.photos.map((p, i) => h('div', { class: 'ph' },
      h('img', { src: p.url, alt: t('res.file.photoAlt', { n: i + 1 }) }),
      h('button', {
        type: 'button', 'aria-label': t('res.file.removePhoto', { n: i + 1 }),
        onclick: () => { URL.revokeObjectURL(p.url); draft.photos.splice(i, 1); drawPhotos(); },
      }, '×'))));
  };
  photoInput.addEventListener('change', async () => {
    for (const file of [...photoInput.files].slice(0, MAX_PHOTOS - draft.photos.length)) {
      const blob = await shrink(file);
      draft.photos.push({ blob, name: file.name || 'photo.jpg', type: blob.type || file.type, url: URL.createObjectURL(blob) });
    }
    photoInput.value = '';
    drawPhotos();
  });
  drawPhotos();

  const showLocation = () => {
    if (draft.locating) locationStatus.textContent = t('res.file.locating');
    else if (draft.position) locationStatus.textContent = t('res.file.located', { m: Math.round(draft.position.accuracy || 0) });
    else locationStatus.textContent = t('res.file.noLocation');
  };
  const locate = (force) => {
    if (!navigator.geolocation || (draft.position && !force) || draft.locating) { showLocation(); return; }
    draft.locating = true;
    showLocation();
    navigator.geolocation.getCurrentPosition((pos) => {
      draft.locating = false;
      draft.position = { lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: pos.coords.accuracy };
      showLocation();
      showNearby(nearbyBox);
    }, () => { draft.locating = false; showLocation(); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  };
  locate(false);
  showNearby(nearbyBox);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    sync();
    clearFieldErrors(form);
    submit.disabled = true;
    submit.textContent = t('res.file.sending');
    const entry = {
      key: uuid(), // one key per written petition: every attempt to send it carries this key
      owner: me(),
      petition: petitionBody(),
      photos: draft.photos.map(({ blob, name, type }) => ({ blob, name, type })),
      createdAt: Date.now(),
      state: 'pending',
    };
    try {
      if (!navigator.onLine) throw new OfflineError(false);
      const filed = await sendPetition(entry);
      resetDraft();
      toast(t('res.file.sent'));
      location.hash = `#/mine/${filed.id}`;
    } catch (e) {
      if (e instanceof OfflineError) {
        await outbox.put(entry);
        resetDraft();
        toast(t('res.file.queued'));
        location.hash = '#/mine';
        return;
      }
      showFieldErrors(form, e);
      submit.disabled = false;
      submit.textContent = t('res.file.submit');
    }
  });
  return form;
}

function petitionBody() {
  const p = draft.position;
  return {
    categoryCode: draft.categoryCode,
    text: draft.text.trim(),
    // The browser's position is WGS-84 (not WeChat's GCJ-02), so say so.
    location: p ? { latitude: p.lat, longitude: p.lng, coord: 'WGS84' } : null,
    address: draft.address.trim() || null,
    anonymous: draft.anonymous,
    contactPhone: draft.contactPhone.trim() || null,
  };
}

function resetDraft() {
  draft.photos.forEach((p) => URL.revokeObjectURL(p.url));
  Object.assign(draft, { categoryCode: '', text: '', address: '', contactPhone: '', anonymous: false, photos: [] });
}

/** Phone photos are large; a 1600 px JPEG is plenty for a petition and kind to slow connections. */
async function shrink(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size < 1_500_000) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob((b) => resolve(b || file), 'image/jpeg', 0.82));
  } catch {
    return file;
  }
}

function sendPetition(entry) {
  if (!entry.photos.length) {
    return api('/api/petitions', { method: 'POST', persona: PERSONA, body: entry.petition, idempotencyKey: entry.key });
  }
  const form = new FormData();
  form.append('petition', new Blob([JSON.stringify(entry.petition)], { type: 'application/json' }), 'petition.json');
  entry.photos.forEach((p, i) => form.append('photos', p.blob, p.name || `photo-${i + 1}.jpg`));
  return api('/api/petitions/with-photos', { method: 'POST', persona: PERSONA, form, idempotencyKey: entry.key, timeout: 120_000 });
}

/** Sends what was written offline; the same key each time, so a lost answer never means two petitions. */
async function sendQueued() {
  const owner = me();
  if (!owner) return 0;
  const sent = await outbox.flush(owner, async (entry) => {
    try {
      await sendPetition(entry);
      return 'sent';
    } catch (e) {
      if (e instanceof OfflineError) return 'retry';
      // 409: the first attempt is still being handled; 5xx: the server let go of the key. Later.
      if (e instanceof ApiError && (e.status === 409 || e.status === 401 || e.status >= 500)) return 'retry';
      return { failed: describeError(e) };
    }
  }).catch(() => 0);
  if (sent) toast(t('res.outbox.sent', { n: sent }));
  return sent;
}

async function showNearby(box) {
  clear(box);
  const p = draft.position;
  if (!p || !draft.categoryCode || !navigator.onLine) return;
  let found;
  try {
    const q = new URLSearchParams({ latitude: p.lat, longitude: p.lng, coord: 'wgs84', category: draft.categoryCode, radius: 500 });
    found = await api(`/api/petitions/nearby?${q}`, { persona: PERSONA });
  } catch {
    return; // only a hint: filing works without it
  }
  if (!found.length) return;
  clear(box, h('section', { class: 'banner info', 'aria-labelledby': 'nearby-title' },
    h('h3', { id: 'nearby-title' }, t('res.file.nearbyTitle', { n: found.length })),
    h('p', {}, t('res.file.nearbyHint')),
    h('ul', { class: 'list' }, found.map((n) => h('li', { class: 'card' },
      h('p', { class: 'excerpt' }, n.excerpt),
      h('div', { class: 'row' },
        h('span', { class: 'muted small' }, `${t('res.file.metres', { m: n.distanceMetres })} · ${t('res.file.cosigners', { n: n.cosigners })}`),
        h('button', {
          class: 'btn primary', type: 'button', 'aria-label': `${t('res.file.cosign')}：${n.excerpt}`,
          onclick: async (e) => {
            const button = e.currentTarget;
            button.disabled = true;
            try {
              const mine = await api(`/api/petitions/${n.id}/cosign`, { method: 'POST', persona: PERSONA });
              toast(t('res.file.cosigned'));
              location.hash = `#/mine/${mine.id}`;
            } catch (err) {
              toast(describeError(err));
              button.disabled = false;
            }
          },
        }, t('res.file.cosign'))))))));
}

// ---------- My petitions ----------

function renderMine() {
  ui.setTitle(t('res.tab.mine'));
  const queued = h('div', {});
  const list = h('ul', { class: 'list', id: 'my-petitions' });
  const more = h('div', {});
  const body = h('div', {});
  clear(ui.main, queued, body);
  drawQueued(queued);
  let cursor = null;
  const page = async () => {
    const q = cursor ? `?cursor=${cursor}` : '';
    const data = await api(`/api/petitions/mine${q}`, { persona: PERSONA });
    await loadCategories().catch(() => null);
    return data;
  };
  const draw = (data) => {
    list.append(...data.items.map(petitionItem));
    cursor = data.nextCursor;
    clear(more, cursor ? h('button', {
      class: 'btn block', type: 'button',
      onclick: () => loadInto(more, page, draw),
    }, t('common.more')) : null);
  };
  loadInto(body, page, (data) => {
    if (!data.items.length) {
      body.append(emptyState(t('res.mine.empty')));
      return;
    }
    body.append(list, more);
    draw(data);
  });
}

async function drawQueued(box) {
  const owner = me();
  const entries = owner ? await outbox.list(owner).catch(() => []) : [];
  if (!entries.length) return;
  clear(box, h('h2', { class: 'sr-only' }, t('res.outbox.title')), h('ul', { class: 'list', id: 'outbox' }, entries.map((e) => h('li', {},
    h('div', { class: 'item' },
      h('div', { class: 'row' },
        h('span', { class: 'title' }, categoryName(e.petition.categoryCode)),
        h('span', { class: 'status queued' }, t('res.outbox.title'))),
      h('p', { class: 'excerpt' }, e.petition.text),
      h('p', { class: 'muted small' }, e.state === 'failed' ? t('res.outbox.failed', { reason: e.reason }) : t('res.outbox.pending')),
      e.state === 'failed' ? h('button', {
        class: 'btn danger', type: 'button',
        onclick: async () => { await outbox.remove(e.key); box.replaceChildren(); drawQueued(box); },
      }, t('res.outbox.remove')) : null)))));
}

function petitionItem(p) {
  return h('li', {}, h('a', { class: 'item', href: `#/mine/${p.id}` },
    h('div', { class: 'row' }, h('span', { class: 'title' }, categoryName(p.categoryCode, p.categoryName)), statusBadge(p.status)),
    h('p', { class: 'excerpt' }, p.text),
    h('p', { class: 'muted small' }, t('res.mine.submittedAt', { t: formatTime(p.submittedAt) }),
      p.reporter ? '' : ` · ${t('res.mine.cosigned')}`)));
}

function renderDetail(id) {
  ui.setTitle(t('res.mine.detail'));
  ui.setBack(true);
  const load = async () => {
    const p = await api(`/api/petitions/mine/${encodeURIComponent(id)}`, { persona: PERSONA });
    await loadCategories().catch(() => null);
    return p;
  };
  loadInto(ui.main, load, (p) => {
    const photos = h('div', { class: 'photos' });
    const resultPhotos = h('div', { class: 'photos' });
    add(ui.main,
      h('section', { class: 'card' },
        h('div', { class: 'row' }, h('h2', {}, categoryName(p.categoryCode, p.categoryName)), statusBadge(p.status)),
        h('p', {}, p.text),
        p.address ? h('p', { class: 'muted' }, p.address) : null,
        p.photoIds.length ? photos : null,
        h('p', { class: 'muted small' }, t('res.mine.submittedAt', { t: formatTime(p.submittedAt) }))),
      p.resultText ? h('section', { class: 'card' }, h('h2', {}, t('res.mine.answer')), h('p', {}, p.resultText),
        p.resultPhotoIds.length ? resultPhotos : null,
        p.rating ? h('p', { class: 'muted' }, t('res.mine.yourRating', { n: p.rating })) : null) : null,
      p.canRate ? ratingCard(p) : null,
      canReopen(p) ? reopenCard(p) : null,
      h('section', { class: 'card' }, h('h2', {}, t('res.mine.timeline')),
        h('ol', { class: 'timeline', id: 'timeline' }, p.timeline.map((e) => h('li', {},
          h('strong', {}, t(`action.${e.action}`)), ' ', h('span', { class: 'muted small' }, formatTime(e.at)),
          e.note ? h('p', { class: 'small' }, e.note) : null)))));
    fillPhotos(photos, p.id, p.photoIds, 'res.mine.photoAlt');
    fillPhotos(resultPhotos, p.id, p.resultPhotoIds, 'res.mine.resultPhotoAlt');
  });
}

/** Photos need the bearer token, so they are fetched and shown from blob URLs. */
function fillPhotos(box, petitionId, ids, altKey) {
  ids.forEach(async (photoId, i) => {
    const img = h('img', { alt: t(altKey, { n: i + 1 }) });
    box.append(img);
    try {
      const response = await api(`/api/petitions/mine/${petitionId}/photos/${photoId}`, { persona: PERSONA, raw: true, accept: 'image/*' });
      img.src = URL.createObjectURL(await response.blob());
    } catch { /* the alt text stands in */ }
  });
}

function ratingCard(p) {
  let stars = 0;
  const comment = h('textarea', { name: 'comment', rows: '2', maxlength: '500' });
  const buttons = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', 'aria-pressed': 'false', 'aria-label': t('res.mine.star', { n }),
    onclick: () => { stars = n; buttons.forEach((b, i) => { b.setAttribute('aria-pressed', String(i < n)); b.textContent = i < n ? '★' : '☆'; }); },
  }, '☆'));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t('res.mine.rateTitle')), formError(),
    h('div', { class: 'field', dataset: { field: 'rating' } }, h('div', { class: 'stars', role: 'group', 'aria-label': t('res.mine.rateTitle') }, buttons),
      h('p', { class: 'field-error', role: 'alert' })),
    field('comment', t('res.mine.comment'), comment),
    h('button', { class: 'btn primary block', type: 'submit' }, t('res.mine.rate')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    try {
      await api(`/api/petitions/mine/${p.id}/rating`, { method: 'POST', persona: PERSONA, body: { rating: stars || null, comment: comment.value.trim() || null } });
      toast(t('res.mine.rated'));
      renderDetail(p.id);
    } catch (err) {
      showFieldErrors(form, err);
    }
  });
  return form;
}

function canReopen(p) {
  return ['RESOLVED', 'VISITED'].includes(p.status) && p.reporter && p.reopenUntil && new Date(p.reopenUntil) > new Date();
}

function reopenCard(p) {
  const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '500' });
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t('res.mine.reopenTitle')), formError(),
    field('reason', t('res.mine.reopenReason'), reason),
    h('button', { class: 'btn block', type: 'submit' }, t('res.mine.reopen')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    try {
      await api(`/api/petitions/mine/${p.id}/reopen`, { method: 'POST', persona: PERSONA, body: { reason: reason.value.trim() } });
      toast(t('res.mine.reopened'));
      renderDetail(p.id);
    } catch (err) {
      showFieldErrors(form, err);
    }
  });
  return form;
}

// ---------- Messages ----------

function renderInbox() {
  ui.setTitle(t('res.tab.inbox'));
  loadInto(ui.main, () => api('/api/notifications?limit=50', { persona: PERSONA }), (page) => {
    if (!page.items.length) {
      ui.main.append(emptyState(t('res.inbox.empty')));
      return;
    }
    ui.main.append(h('ul', { class: 'list' }, page.items.map((n) => h('li', {}, h('button', {
      class: 'item', type: 'button',
      onclick: async () => {
        if (!n.readAt) await api(`/api/notifications/${n.id}/read`, { method: 'POST', persona: PERSONA }).catch(() => null);
        const petitionId = n.data && n.data.petitionId;
        if (petitionId) location.hash = `#/mine/${petitionId}`;
        else if (n.data && n.data.leadId) location.hash = '#/benefits';
        else renderInbox();
      },
    },
    h('div', { class: 'row' }, h('span', { class: 'title' }, n.title), n.readAt ? null : h('span', { class: 'status open' }, t('res.inbox.unread'))),
    h('p', { class: 'excerpt' }, n.body),
    h('p', { class: 'muted small' }, formatTime(n.createdAt)))))));
  });
}

async function refreshBadge() {
  const badge = document.getElementById('unread-badge');
  if (!badge) return;
  try {
    const page = await api('/api/notifications?unread=true&limit=1', { persona: PERSONA });
    badge.textContent = page.unreadCount > 99 ? '99+' : String(page.unreadCount);
    badge.hidden = !page.unreadCount;
    badge.setAttribute('aria-label', `${t('res.inbox.unread')} ${page.unreadCount}`);
  } catch {
    badge.hidden = true;
  }
}

start().catch((e) => clear(ui.main, errorState(e, () => location.reload())));
