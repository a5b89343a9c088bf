// Start-up: interface language, the three views, and the router.

import { $ } from './dom.js';
import { applyStatic, lang, setLang } from './i18n.js';
import { consumeOwn, highlightTab, parseHash } from './router.js';
import { AskView } from './ask.js';
import { ExploreView } from './explore.js';
import { CurateView } from './curate.js';
import { extendFromServer } from './schema.js';

// Every CSP refusal is kept where the end-to-end tests (and a curious developer) can read it.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});

const views = {};
let shown = null;

function show(view) {
  for (const name of Object.keys(views)) $(`#view-${name}`).hidden = name !== view;
  if (shown !== view && views[view].shown) views[view].shown();
  shown = view;
  highlightTab(view);
}

function route() {
  const r = parseHash(location.hash);
  const own = consumeOwn(location.hash);
  show(r.view);
  if (!own) views[r.view].route(r);
}

async function start() {
  await extendFromServer();
  applyStatic(document);
  $('#lang-switch').addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  $('#skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('#main').focus();
  });
  views.explore = new ExploreView();
  views.ask = new AskView(views.explore);
  views.curate = new CurateView();
  // A handle for the browser console and the end-to-end tests (they read graph state through it).
  window.strokekg = views;
  window.addEventListener('hashchange', route);
  route();
  document.documentElement.dataset.ready = 'true';
}

start();
