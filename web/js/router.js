// The address carries what can be shared: #/ask?q=…&script=…, #/explore, #/entity/<id>, #/path?from=…&to=…&max=…,
// #/curate. Views write it with navigate(); the router in main.js acts only on addresses the app did not write.

import { $$ } from './dom.js';

let selfHash = null;

/** Parses a hash into {view, route, id?, params}. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = Object.fromEntries(new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'explore': return { view: 'explore', route: 'explore', params };
    case 'entity': return { view: 'explore', route: 'entity', id: parts.slice(1).join('/'), params };
    case 'path': return { view: 'explore', route: 'path', params };
    case 'curate': return { view: 'curate', route: 'curate', params };
    default: return { view: 'ask', route: 'ask', params };
  }
}

export function entityHash(id) {
  return `#/entity/${encodeURIComponent(id)}`;
}

export function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Puts a route in the address. `replace` rewrites the current history entry (a selection) instead of adding one (a
 * new question, a new focus); either way the router does not act on an address the app wrote itself.
 */
export function navigate(hash, { replace = false } = {}) {
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    highlightTab(parseHash(hash).view);
    return;
  }
  selfHash = hash;
  location.hash = hash;
}

/** True once for the hash the app itself just wrote. */
export function consumeOwn(hash) {
  const own = selfHash !== null && hash === selfHash;
  selfHash = null;
  return own;
}

export function highlightTab(view) {
  for (const a of $$('.tabs a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
