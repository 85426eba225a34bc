// The front door: three ways in. Riders need no login; residents and workers sign in on their page.
import { t } from './i18n.js';
import { h, clear, shell, icon, registerServiceWorker } from './ui.js';

const ui = shell({ titleKey: 'home.title' });

function render() {
  ui.setTitle(t('app.name'));
  const entry = (href, glyph, title, hint) => h('a', { class: 'entry', href },
    h('span', { class: 'ico', 'aria-hidden': 'true' }, icon(glyph, 32)),
    h('span', {}, h('strong', {}, t(title)), h('span', { class: 'muted' }, t(hint))));
  clear(ui.main,
    h('p', { class: 'muted' }, t('home.lead')),
    h('nav', { class: 'entries', 'aria-label': t('app.name') },
      entry('/resident/', 'home', 'home.resident', 'home.residentHint'),
      entry('/rider/', 'scooter', 'home.rider', 'home.riderHint'),
      entry('/worker/', 'folder', 'home.worker', 'home.workerHint')));
}

window.addEventListener('palm:lang', render);
registerServiceWorker();
render();
