// The community worker's benefit worklist (待遇工作台): coverage per policy, the leads in the
// worker's scope with policy / status / community filters, one lead with why the resident
// qualifies (the values and their sources), moving it on with a note, its history, and an export.
import { t } from './i18n.js';
import './i18n-benefit.js';
import { api, ApiError } from './api.js';
import {
  h, clear, loadInto, emptyState, showFieldErrors, clearFieldErrors, field, formError, toast, sheet, formatTime, describeError,
} from './ui.js';

const PERSONA = 'worker';
const STATUSES = ['NEW', 'CONTACTED', 'APPLIED', 'GRANTED', 'DECLINED', 'NOT_ELIGIBLE', 'CLOSED'];
const COUNTED = ['NEW', 'CONTACTED', 'APPLIED', 'GRANTED'];
const OPEN = ['NEW', 'CONTACTED', 'APPLIED'];
// The server's LeadStatus.next(): offered here so nobody picks a move that can only be refused.
const NEXT = {
  NEW: ['CONTACTED', 'APPLIED', 'DECLINED', 'NOT_ELIGIBLE'],
  CONTACTED: ['APPLIED', 'DECLINED', 'NOT_ELIGIBLE'],
  APPLIED: ['GRANTED', 'DECLINED', 'NOT_ELIGIBLE'],
};

// The facts in the order a worker would tell them; any other key the rule language adds comes after.
const FACT_ORDER = ['age', 'birthDate', 'sex', 'livingStatus', 'registeredInDistrictOn', 'relationToHead', 'household', 'lastScreening', 'tags'];

let tagNames = null;

/** Tag codes to names (独居老人 rather than AGED_LIVING_ALONE); codes stand in when the list cannot be read. */
async function loadTagNames() {
  if (!tagNames) {
    const list = await api('/api/resident-tags', { persona: PERSONA }).catch(() => null);
    if (!list) return new Map();
    tagNames = new Map(list.map((tag) => [tag.code, tag.name]));
  }
  return tagNames;
}

/** The filters, kept while the worker opens a lead and comes back. */
const filters = { policyId: '', status: '', communityId: '' };

function ownBox(ui) {
  const box = h('div', {});
  clear(ui.main, box);
  return box;
}

function statusBadge(status) {
  const kind = OPEN.includes(status) ? 'open' : status === 'GRANTED' ? 'done' : '';
  return h('span', { class: `status ${kind}`, dataset: { status } }, t(`ld.status.${status}`));
}

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

/** The routes of the benefits tab; the worker app wraps each in its login guard. */
export function worklistRoutes(ui) {
  return {
    '#/leads': () => renderWorklist(ui),
    '#/leads/:id': ({ id }) => renderLead(ui, id),
  };
}

// ---------- Coverage and the list ----------

function query(extra) {
  const q = new URLSearchParams();
  Object.entries({ ...filters, ...extra }).forEach(([k, v]) => { if (v !== '' && v !== null && v !== undefined) q.set(k, v); });
  return q;
}

function renderWorklist(ui) {
  ui.setTitle(t('ld.title'));
  const main = ownBox(ui);
  const load = () => Promise.all([
    api(`/api/leads/counts?${query({ policyId: '', status: '' })}`, { persona: PERSONA }),
    // The reminder job's daily notices ("N new leads for policy X"); the worklist works without them.
    api('/api/notifications?unread=true&limit=50', { persona: PERSONA })
      .then((page) => page.items.filter((n) => n.kind === 'ELIGIBILITY_LEADS')).catch(() => []),
  ]);
  loadInto(main, load, ([counts, notices]) => {
    // The filter choices come from the counts: only policies and communities that have leads for this worker.
    const policies = new Map();
    const communities = new Map();
    counts.rows.forEach((r) => { policies.set(r.policyId, r.policyName); communities.set(r.communityId, r.communityName); });
    if (filters.communityId && !communities.size) communities.set(Number(filters.communityId), filters.communityId);
    const policy = h('select', { name: 'policyId' }, h('option', { value: '' }, t('ld.filter.allPolicies')),
      [...policies].map(([id, name]) => h('option', { value: String(id), selected: String(id) === filters.policyId }, name)));
    const status = h('select', { name: 'status' }, h('option', { value: '' }, t('ld.filter.allStatuses')),
      STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, t(`ld.status.${s}`))));
    const community = h('select', { name: 'communityId' }, h('option', { value: '' }, t('ld.filter.allCommunities')),
      [...communities].map(([id, name]) => h('option', { value: String(id), selected: String(id) === filters.communityId }, name)));
    const onChange = () => {
      filters.policyId = policy.value;
      filters.status = status.value;
      filters.communityId = community.value;
      renderWorklist(ui);
    };
    [policy, status, community].forEach((s) => s.addEventListener('change', onChange));
    const list = h('div', {});
    main.append(
      noticesCard(ui, notices),
      coverageCard(counts),
      h('section', { class: 'card filters', 'aria-label': t('ld.title') },
        field('policyId', t('ld.filter.policy'), policy),
        field('status', t('ld.filter.status'), status),
        communities.size > 1 || filters.communityId ? field('communityId', t('ld.filter.community'), community) : null,
        h('button', { class: 'btn block', type: 'button', onclick: () => exportSheet() }, t('ld.export'))),
      list);
    drawLeads(list);
  });
}

/** Unread "new leads" notices: tapping one shows that policy's new leads and marks it read. */
function noticesCard(ui, notices) {
  if (!notices.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'notices-title' }, h('h2', { id: 'notices-title' }, t('ld.notices')),
    h('ul', { class: 'list plain', id: 'lead-notices' }, notices.map((n) => h('li', {}, h('button', {
      class: 'item notice', type: 'button', dataset: { policy: n.data.policyId },
      onclick: async () => {
        await api(`/api/notifications/${n.id}/read`, { method: 'POST', persona: PERSONA }).catch(() => null);
        Object.assign(filters, { policyId: String(n.data.policyId), status: 'NEW', communityId: '' });
        renderWorklist(ui);
      },
    },
    h('span', { class: 'title' }, t('ld.notice', { policy: n.data.policyName, n: n.data.leads })),
    h('span', { class: 'muted small' }, ` · ${formatTime(n.createdAt)}`))))));
}

/** Per policy (summed over the communities shown): how many found, and how far they got. */
function coverageCard(counts) {
  const byPolicy = new Map();
  counts.rows.forEach((r) => {
    const sum = byPolicy.get(r.policyId) || { name: r.policyName, total: 0, byStatus: {} };
    sum.total += r.total;
    Object.entries(r.byStatus).forEach(([s, n]) => { sum.byStatus[s] = (sum.byStatus[s] || 0) + n; });
    byPolicy.set(r.policyId, sum);
  });
  const card = h('section', { class: 'card', 'aria-labelledby': 'coverage-title' }, h('h2', { id: 'coverage-title' }, t('ld.coverage')));
  if (!byPolicy.size) {
    card.append(h('p', { class: 'muted' }, t('ld.noCoverage')));
    return card;
  }
  card.append(h('ul', { class: 'list plain', id: 'coverage' }, [...byPolicy].map(([id, p]) => {
    const granted = p.byStatus.GRANTED || 0;
    return h('li', { class: 'coverage', dataset: { policy: id } },
      h('div', { class: 'row' }, h('span', { class: 'title' }, p.name),
        h('span', { class: 'small' }, t('ld.coverageLine', { total: p.total, share: pct(p.total ? granted / p.total : 0) }))),
      h('div', {
        class: 'meter', role: 'progressbar', 'aria-label': `${p.name} ${t('ld.status.GRANTED')}`,
        'aria-valuemin': '0', 'aria-valuemax': String(p.total), 'aria-valuenow': String(granted),
      }, h('span', { style: `width:${p.total ? Math.round((granted / p.total) * 100) : 0}%` })),
      h('p', { class: 'muted small counts' }, COUNTED.map((s) => `${t(`ld.status.${s}`)} ${p.byStatus[s] || 0}`).join(' · ')));
  })));
  return card;
}

function drawLeads(box) {
  const list = h('ul', { class: 'list', id: 'leads' });
  const more = h('div', {});
  let cursor = null;
  const page = () => api(`/api/leads?${query({ cursor, limit: 20 })}`, { persona: PERSONA });
  const draw = (data) => {
    list.append(...data.items.map(leadItem));
    cursor = data.nextCursor;
    clear(more, cursor ? h('button', { class: 'btn block', type: 'button', onclick: () => loadInto(more, page, draw) }, t('common.more')) : null);
  };
  loadInto(box, page, (data) => {
    if (!data.items.length) {
      box.append(emptyState(t('ld.empty')));
      return;
    }
    box.append(list, more);
    draw(data);
  });
}

function leadItem(l) {
  return h('li', {}, h('a', { class: 'item', href: `#/leads/${l.id}`, dataset: { lead: l.id } },
    h('div', { class: 'row' }, h('span', { class: 'title' }, `${l.residentName} · ${l.policyName}`), statusBadge(l.status)),
    h('p', { class: 'muted small' }, [l.communityName, l.phone, formatTime(l.foundAt)].filter(Boolean).join(' · '))));
}

// ---------- Export ----------

function exportSheet() {
  sheet(t('ld.export'), (close) => {
    const purpose = h('input', { name: 'purpose', type: 'text', maxlength: '200' });
    const format = h('select', { name: 'format' }, ['csv', 'xlsx'].map((f) => h('option', { value: f }, t(`ld.export.${f}`))));
    const submit = h('button', { class: 'btn primary', type: 'submit' }, t('ld.export'));
    const form = h('form', { novalidate: true }, formError(),
      field('purpose', t('ld.export.purpose'), purpose, t('ld.export.purposeHint')),
      field('format', t('ld.export.format'), format),
      h('div', { class: 'btn-row' }, submit, h('button', { class: 'btn', type: 'button', onclick: close }, t('common.cancel'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      submit.disabled = true;
      const number = (v) => (v ? Number(v) : null);
      try {
        const response = await api(`/api/leads/export?format=${format.value}`, {
          method: 'POST', persona: PERSONA, raw: true, accept: '*/*', timeout: 120_000,
          body: { purpose: purpose.value.trim(), policyId: number(filters.policyId), status: filters.status || null, communityId: number(filters.communityId) },
        });
        const disposition = response.headers.get('Content-Disposition') || '';
        const file = (disposition.match(/filename="([^"]+)"/) || [])[1] || `leads.${format.value}`;
        const url = URL.createObjectURL(await response.blob());
        const a = h('a', { href: url, download: file, hidden: true }, file);
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        close();
        toast(t('ld.export.done', { file }));
      } catch (err) {
        showFieldErrors(form, err);
        submit.disabled = false;
      }
    });
    return form;
  });
}

// ---------- One lead ----------

function renderLead(ui, id) {
  ui.setTitle(t('ld.detail'));
  ui.setBack(true);
  const main = ownBox(ui);
  const load = () => Promise.all([
    api(`/api/leads/${encodeURIComponent(id)}`, { persona: PERSONA }),
    // Department staff read the worklist but not the personal facts behind it: no "why" for them.
    api(`/api/eligibility/lead-explanations/${encodeURIComponent(id)}`, { persona: PERSONA })
      .catch((e) => (e instanceof ApiError && e.status === 403 ? null : Promise.reject(e))),
    api(`/api/leads/${encodeURIComponent(id)}/history`, { persona: PERSONA }),
    loadTagNames(),
  ]);
  // After a move, or a refusal because the lead moved meanwhile, it is read again and shown as it is
  // now; a refusal's reason stays next to the control.
  const redraw = async (notice) => {
    try { draw(await load(), notice); } catch (e) { toast(describeError(e)); }
  };
  const draw = ([lead, why, history, tags], notice) => {
    clear(main, leadCard(lead), whyCard(why, tags), moveCard(lead, () => redraw(), redraw, notice), historyCard(lead, history));
  };
  loadInto(main, load, (data) => draw(data));
}

function leadCard(l) {
  const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : []);
  return h('section', { class: 'card', 'aria-labelledby': 'lead-title' },
    h('div', { class: 'row' }, h('h2', { id: 'lead-title' }, l.residentName), statusBadge(l.status)),
    h('dl', { class: 'facts' },
      row(t('ld.policy'), t('ld.policyVersion', { name: l.policyName, v: l.policyVersion })),
      row(t('ld.community'), l.communityName),
      row(t('ld.idNumber'), l.idNumberMasked),
      row(t('ld.phone'), l.phone ? h('a', { class: 'btn', href: `tel:${l.phone}`, 'aria-label': t('ld.call', { phone: l.phone }) }, l.phone) : null),
      row(t('ld.foundAt'), formatTime(l.foundAt)),
      l.closedReason ? row(t('ld.status.CLOSED'), t(`ld.closed.${l.closedReason}`)) : []),
    l.workerReminder ? h('p', { class: 'banner info' }, l.workerReminder) : null);
}

// ---------- Why: the facts and their sources ----------

function whyCard(why, tags) {
  if (!why) return null;
  const facts = why.facts || {};
  const items = [];
  const rank = (key) => (FACT_ORDER.includes(key) ? FACT_ORDER.indexOf(key) : FACT_ORDER.length);
  Object.entries(facts).sort(([a], [b]) => rank(a) - rank(b)).forEach(([key, value]) => {
    if (key === 'evaluatedOn') return;
    if (key === 'tags' && value && typeof value === 'object') {
      Object.entries(value).forEach(([code, tag]) => items.push(factRow(tags.get(code) || code, tagText(tag), tag)));
      return;
    }
    items.push(factRow(label(key), factValue(key, value), value));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'why-title' },
    h('h2', { id: 'why-title' }, t('ld.why')),
    why.rule ? [h('h3', {}, t('ld.rule', { v: why.policyVersion })), ruleList(why.rule, tags)] : null,
    h('h3', {}, t('ld.facts')),
    h('p', { class: 'muted small' }, t('ld.whyLead', { day: facts.evaluatedOn || formatTime(why.foundAt), v: why.policyVersion })),
    h('dl', { class: 'facts', id: 'why' }, items.flat()));
}

/** The rule version in words, as a nested list: what the resident had to meet. Unknown parts show as sent. */
function ruleList(rule, tags) {
  const item = (node) => {
    const [kind, body] = Object.entries(node || {})[0] || [];
    const nested = (key, children) => h('li', {}, t(key), h('ul', { class: 'rule' }, children.map(item)));
    const days = (n) => t('rule.days', { n });
    switch (kind) {
      case 'all': return nested('rule.all', body);
      case 'any': return nested('rule.any', body);
      case 'not': return nested('rule.not', [body]);
      case 'age':
        if (body.atLeast != null && body.atMost != null) return h('li', {}, t('rule.ageBetween', { min: body.atLeast, max: body.atMost }));
        return h('li', {}, body.atLeast != null ? t('rule.ageAtLeast', { n: body.atLeast }) : t('rule.ageAtMost', { n: body.atMost }));
      case 'turnedAge': return h('li', {}, t('rule.turnedAge', { n: body.age, d: days(body.withinDays) }));
      case 'sex': return h('li', {}, `${t('fact.sex')}：${word(body)}`);
      case 'livingStatus': return h('li', {}, `${t('fact.livingStatus')}：${word(body)}`);
      case 'relationToHead': return h('li', {}, `${t('fact.relationToHead')}：${body.map(word).join(t('rule.or'))}`);
      case 'residence': return h('li', {}, t('rule.residence', { d: days(body.minDays) }));
      case 'tag': {
        const name = tags.get(body.code) || body.code;
        const held = body.heldAtLeastDays != null ? t('rule.heldAtLeast', { d: days(body.heldAtLeastDays) }) : '';
        const since = body.sinceWithinDays != null ? t('rule.sinceWithin', { d: days(body.sinceWithinDays) }) : '';
        return h('li', {}, t('rule.tag', { name }) + held + since);
      }
      case 'event': {
        const what = t(`rule.event.${body.kind}`);
        return h('li', {}, body.thisYear ? t('rule.thisYear', { what }) : t('rule.withinDays', { d: days(body.withinDays), what }));
      }
      case 'household':
        return h('li', {}, body.kind === 'AGED_LIVING_ALONE' ? t('rule.agedAlone', { n: body.minAge }) : t('rule.newborn'));
      default: return h('li', {}, JSON.stringify(node));
    }
  };
  return h('ul', { class: 'rule', id: 'rule' }, item(rule));
}

function label(key) {
  const k = `fact.${key}`;
  const text = t(k);
  return text === k ? key : text;
}

function word(value) {
  const k = `val.${value}`;
  const text = t(k);
  return text === k ? String(value) : text;
}

function tagText(tag) {
  if (!tag || !tag.present) return t('fact.absent');
  return tag.since ? t('fact.present', { since: tag.since }) : t('fact.presentNoDate');
}

function factValue(key, value) {
  if (key === 'age' && typeof value === 'number') return t('fact.ageValue', { n: value });
  if (value === null || value === undefined) return t('fact.absent');
  if (typeof value !== 'object') return word(value);
  if (key === 'household' && 'otherLivingMembers' in value) return t('fact.otherMembers', { n: value.otherLivingMembers });
  if ('present' in value || 'since' in value) return tagText({ present: value.present !== false, since: value.since });
  if ('value' in value) return value.value === null ? t('fact.absent') : key === 'age' ? t('fact.ageValue', { n: value.value }) : word(value.value);
  return JSON.stringify(value);
}

function sourceText(value) {
  if (!value || typeof value !== 'object' || !value.source) return null;
  const k = `src.${value.source}`;
  const name = t(k) === k ? value.source : t(k);
  const feed = value.feedName ? ` · ${value.feedName}${value.feedRecordId ? ` #${value.feedRecordId}` : ''}` : '';
  return t('ld.source', { source: name + feed });
}

function factRow(name, text, raw) {
  const source = sourceText(raw);
  return [h('dt', {}, name), h('dd', {}, h('span', { class: 'value' }, text), source ? h('span', { class: 'muted small source' }, source) : null)];
}

// ---------- Moving it on ----------

function moveCard(lead, onMoved, onRefused, notice) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'move-title' }, h('h2', { id: 'move-title' }, t('ld.move')));
  const next = NEXT[lead.status];
  if (!next) {
    card.append(h('p', { class: 'muted' }, t('ld.move.final')));
    if (notice) card.append(h('p', { class: 'field-error', role: 'alert' }, notice));
    return card;
  }
  const to = h('select', { name: 'status' }, next.map((s) => h('option', { value: s }, t(`ld.status.${s}`))));
  const note = h('textarea', { name: 'note', rows: '3', maxlength: '1000' });
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t('ld.move.submit'));
  const form = h('form', { novalidate: true, id: 'move' }, formError(),
    field('status', t('ld.move.to'), to),
    field('note', t('ld.move.note'), note, t('ld.move.noteHint')),
    submit);
  if (notice) {
    form.querySelector('[data-field=status] .field-error').textContent = notice;
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    try {
      const moved = await api(`/api/leads/${lead.id}/status`, {
        method: 'POST', persona: PERSONA, body: { status: to.value, version: lead.version, note: note.value.trim() || null },
      });
      toast(t('ld.move.done', { status: t(`ld.status.${moved.status}`) }));
      onMoved(moved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const fresh = await api(`/api/leads/${lead.id}`, { persona: PERSONA }).catch(() => null);
        onRefused(err.slug === 'stale-version' && fresh ? t('ld.move.stale', { status: t(`ld.status.${fresh.status}`) }) : t('ld.move.illegal'));
        return;
      }
      showFieldErrors(form, err);
      submit.disabled = false;
    }
  });
  card.append(form);
  return card;
}

function historyCard(lead, events) {
  return h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t('ld.history')),
    h('ol', { class: 'timeline', id: 'lead-history' },
      h('li', {}, h('strong', {}, t('ld.history.found')), ' ', h('span', { class: 'muted small' }, formatTime(lead.foundAt))),
      events.map((e) => h('li', {},
        h('strong', {}, t(`ld.status.${e.toStatus}`)), ' ',
        h('span', { class: 'muted small' }, [formatTime(e.at), e.actorName].filter(Boolean).join(' · ')),
        e.note ? h('p', { class: 'small' }, e.note) : null))));
}
