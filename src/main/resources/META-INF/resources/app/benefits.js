// The resident's benefit reminders (我的待遇提醒): what the platform's policy sweeps found them
// eligible for, in plain words, with who administers it, where the community is with it and what to
// do next. An account not yet linked to its resident record is offered the link form first.
import { t } from './i18n.js';
import './i18n-benefit.js';
import { api, ApiError } from './api.js';
import { h, clear, loadInto, emptyState, showFieldErrors, clearFieldErrors, field, formError, toast, formatTime } from './ui.js';

const PERSONA = 'resident';
const OPEN = ['NEW', 'CONTACTED', 'APPLIED'];

/** A fresh box in main for one screen: an answer that comes after the person moved on lands in a detached box. */
function ownBox(ui) {
  const box = h('div', {});
  clear(ui.main, box);
  return box;
}

/** The routes of the benefits tab; the resident app wraps each in its sign-in guard. */
export function benefitRoutes(ui) {
  return {
    '#/benefits': () => renderBenefits(ui),
  };
}

function renderBenefits(ui) {
  ui.setTitle(t('bn.title'));
  const main = ownBox(ui);
  loadInto(main, () => api('/api/me/benefits', { persona: PERSONA }), (mine) => {
    if (!mine.linked) {
      main.append(linkForm(ui));
      return;
    }
    if (!mine.items.length) {
      main.append(emptyState(t('bn.empty')));
      return;
    }
    main.append(h('p', { class: 'muted' }, t('bn.lead')),
      h('p', { class: 'muted small', id: 'benefit-count', role: 'status' }, t('bn.count', { n: mine.items.length })),
      h('ul', { class: 'list', id: 'benefits' }, mine.items.map(benefitCard)));
  });
}

function cycleText(key) {
  if (key === 'ONCE') return t('bn.cycle.ONCE');
  return key.length === 4 ? t('bn.cycle.year', { y: key }) : t('bn.cycle.month', { m: key });
}

function benefitCard(b) {
  const titleId = `benefit-${b.leadId}`;
  const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : []);
  return h('li', { dataset: { lead: b.leadId } }, h('article', { class: 'card benefit', 'aria-labelledby': titleId },
    h('div', { class: 'row' },
      h('h2', { id: titleId }, b.policyName),
      h('span', { class: `status ${OPEN.includes(b.status) ? 'open' : b.status === 'GRANTED' ? 'done' : ''}` }, t(`bn.status.${b.status}`))),
    b.description ? h('p', { class: 'muted small' }, b.description) : null,
    h('p', { class: 'banner info reminder' }, b.reminder),
    h('dl', { class: 'facts' },
      row(t('bn.benefit'), b.benefit),
      row(t('bn.administeredBy'), b.administeredBy),
      row(t('bn.community'), b.communityName),
      row(t('bn.foundAt'), `${formatTime(b.foundAt)} · ${cycleText(b.cycleKey)}`)),
    h('p', { class: 'next' }, h('strong', {}, `${t('bn.next')}：`),
      t(`bn.next.${b.status}`, { community: b.communityName, by: b.administeredBy }))));
}

/** ID number, name and the phone on file: the same three the server checks; its refusals stand next to the fields. */
function linkForm(ui) {
  const idNumber = h('input', { name: 'idNumber', type: 'text', autocomplete: 'off', maxlength: '18', spellcheck: 'false' });
  const name = h('input', { name: 'name', type: 'text', autocomplete: 'name', maxlength: '50' });
  const phone = h('input', { name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' });
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, t('bn.link.submit'));
  const form = h('form', { class: 'card', novalidate: true, id: 'link-record' },
    h('h2', {}, t('bn.link.title')),
    h('p', { class: 'muted' }, t('bn.link.lead')),
    formError(),
    field('idNumber', t('bn.link.idNumber'), idNumber),
    field('name', t('bn.link.name'), name),
    field('phone', t('bn.link.phone'), phone),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    try {
      await api('/api/me/record/link', {
        method: 'POST', persona: PERSONA,
        body: { idNumber: idNumber.value.trim(), name: name.value.trim(), phone: phone.value.trim() },
      });
      toast(t('bn.link.done'));
      renderBenefits(ui);
    } catch (err) {
      showFieldErrors(form, err);
      // The one refusal that is not about a field: somebody else's account holds the record.
      if (err instanceof ApiError && err.status === 409) form.querySelector('.form-error').textContent = t('msg.recordLinked');
      submit.disabled = false;
    }
  });
  return form;
}
