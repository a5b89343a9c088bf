// Pieces shared by the views: type swatches and badges, the entity and relation detail panels, and the entity picker
// (an ARIA combobox over the search API).

import { api } from './api.js';
import { append, debounce, formatTime, h, replace, svg } from './dom.js';
import { errorText, lang, t } from './i18n.js';
import { relName, shapePoints, typeInfo, typeName, relStyle } from './schema.js';
import { trustBadge } from './trust.js';

/** A small drawing of a node type's shape and colour (decorative: the type name is always written beside it). */
export function swatch(type, size = 16) {
  const info = typeInfo(type);
  const s = svg('svg', { width: size, height: size, viewBox: '-1.2 -1.2 2.4 2.4', 'aria-hidden': 'true',
    focusable: 'false', class: 'swatch' });
  const paint = { fill: info.color, stroke: '#33404d', 'stroke-width': 0.12 };
  const pts = shapePoints(info.shape);
  if (pts) {
    s.appendChild(svg('polygon', { ...paint, points: pts.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).join(' ') }));
  } else if (info.shape === 'ellipse') {
    s.appendChild(svg('circle', { ...paint, cx: 0, cy: 0, r: 1 }));
  } else {
    const r = info.shape === 'round-rectangle' ? 0.35 : 0;
    s.appendChild(svg('rect', { ...paint, x: -1, y: -0.8, width: 2, height: 1.6, rx: r }));
  }
  return s;
}

/** A short line in a relation type's colour and style (dashed for contraindications), for legends. */
export function edgeSwatch(rel, { path = false } = {}) {
  const style = relStyle(rel);
  const s = svg('svg', { width: 22, height: 10, viewBox: '0 0 22 10', 'aria-hidden': 'true', focusable: 'false',
    class: 'swatch edge-swatch' });
  s.appendChild(svg('line', { x1: 1, y1: 5, x2: 21, y2: 5, stroke: path ? '#f26b00' : style.color,
    'stroke-width': path ? 3.5 : 2, 'stroke-dasharray': style.line === 'dashed' ? '4 3' : 'none' }));
  return s;
}

export function typeBadge(type) {
  return h('span', { class: 'type-badge', dataset: { type } }, swatch(type, 14), h('span', null, typeName(type, lang())));
}

function section(title, ...body) {
  return h('section', { class: 'detail-section' }, h('h4', null, title), ...body);
}

/**
 * The details of an entity: name, type, id, aliases, description, sources, and the actions the caller offers
 * (`actions`: [{label, onclick, primary}]). `expansion` is the graph's neighbour state for the "more" control; `decide`
 * a curator's review and retract controls.
 */
export function entityDetail(entity, { actions = [], expansion = null, onMore = null, decide = null } = {}) {
  const aliases = entity.aliases && entity.aliases.length
    ? h('ul', { class: 'chips' }, entity.aliases.map((a) => h('li', { class: 'chip' }, a)))
    : h('p', { class: 'muted' }, t('detail.noAliases'));
  const expansionLine = expansion ? h('p', { class: 'expansion' },
    expansion.truncated ? t('detail.shown', { shown: expansion.shown, total: expansion.total })
      : t('detail.allShown', { total: expansion.total }),
    expansion.truncated && onMore
      ? h('button', { type: 'button', class: 'link-button more', onclick: onMore },
        t('detail.more', { n: Math.min(30, expansion.total - expansion.shown) }))
      : null) : null;
  return h('article', { class: 'entity-detail', 'aria-labelledby': 'detail-name' },
    h('header', null,
      h('h3', { id: 'detail-name', class: 'entity-name' }, entity.name),
      h('p', { class: 'entity-meta' }, typeBadge(entity.type), trustBadge(entity.trust),
        h('span', { class: 'entity-id' }, entity.id))),
    expansionLine,
    actions.length ? h('div', { class: 'actions' }, actions.map((a) => h('button', {
      type: 'button', class: a.primary ? 'primary' : '', onclick: a.onclick,
    }, a.label))) : null,
    entity.description ? section(t('detail.description'), h('p', { class: 'description' }, entity.description),
      entity.descriptionTrust && entity.descriptionTrust !== entity.trust
        ? h('p', { class: 'small' }, `${t('detail.descriptionTrust')}：`, trustBadge(entity.descriptionTrust)) : null)
      : null,
    section(t('detail.aliases'), aliases),
    entity.sources && entity.sources.length
      ? section(t('detail.sources'), h('ul', { class: 'sources' }, entity.sources.map((s) => h('li', null, s))))
      : null,
    decide ? section(t('detail.trust'), decide) : null);
}

/** The details of one relation, its ends named by the entities the caller knows; `decide`: a curator's controls. */
export function relationDetail(rel, startEntity, endEntity, { decide = null } = {}) {
  const name = (e, id) => (e ? e.name : id);
  const row = (k, v) => (v === undefined || v === null || v === '' ? null : [h('dt', null, k), h('dd', null, v)]);
  return h('article', { class: 'relation-detail' },
    h('header', null,
      h('h3', null, t('detail.relation')),
      h('p', { class: 'relation-sentence' },
        h('strong', null, name(startEntity, rel.startId)),
        h('span', { class: 'rel-arrow' }, ` —${relName(rel.type, lang())}→ `),
        h('strong', null, name(endEntity, rel.endId))),
      h('p', { class: 'muted' }, `${rel.type} · ${relName(rel.type, 'en')}`),
      h('p', { class: 'relation-trust' }, trustBadge(rel.trust))),
    h('dl', { class: 'facts' },
      row(t('ask.source'), rel.source),
      row(t('detail.evidence'), rel.evidence),
      row(t('detail.confidence'), rel.confidence !== undefined && rel.confidence !== null ? String(rel.confidence) : ''),
      row(t('detail.batch'), rel.batch),
      row(t('detail.curator'), rel.curator),
      row(t('detail.created'), formatTime(rel.createdAt))),
    decide ? section(t('detail.trust'), decide) : null);
}

let pickerSeq = 0;

/**
 * A search box that suggests entities as one types (debounced), in the ARIA 1.2 combobox pattern: arrows move, Enter
 * picks, Escape closes. `onPick(entity)` is called with the chosen entity.
 */
export class EntityPicker {
  constructor(input, { onPick, limit = 8 }) {
    this.input = input;
    this.onPick = onPick;
    this.limit = limit;
    this.items = [];
    this.active = -1;
    this.selected = null;
    this.seq = 0;
    const id = `picker-${++pickerSeq}`;
    this.list = h('ul', { id: `${id}-list`, role: 'listbox', class: 'picker-list', hidden: true });
    this.status = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', this.list.id);
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('spellcheck', 'false');
    const wrap = h('div', { class: 'picker' });
    input.replaceWith(wrap);
    append(wrap, [input, this.list, this.status]);
    const search = debounce(() => this.search(), 180);
    input.addEventListener('input', () => {
      this.selected = null;
      search();
    });
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    input.addEventListener('focus', () => {
      if (this.items.length && !this.selected) this.open();
    });
  }

  async search() {
    const text = this.input.value.trim();
    const mine = ++this.seq;
    if (!text) {
      this.render([]);
      return;
    }
    try {
      const res = await api.search(text, { limit: this.limit });
      if (mine === this.seq) this.render(res.entities || []);
    } catch (e) {
      if (mine === this.seq) {
        this.render([]);
        this.status.textContent = errorText(e);
      }
    }
  }

  render(items) {
    this.items = items;
    this.active = -1;
    replace(this.list, items.map((e, i) => h('li', {
      id: `${this.list.id}-${i}`, role: 'option', class: 'picker-option', 'aria-selected': 'false',
      dataset: { id: e.id },
      onmousedown: (ev) => {
        ev.preventDefault(); // keep focus in the input
        this.pick(i);
      },
    }, swatch(e.type, 14), h('span', { class: 'opt-name' }, e.name),
    h('span', { class: 'opt-type' }, typeName(e.type, lang())),
    matchedAlias(e, this.input.value.trim()))));
    if (!items.length && this.input.value.trim()) {
      this.list.appendChild(h('li', { class: 'picker-empty', 'aria-disabled': 'true' }, t('ex.searchNone')));
    }
    this.status.textContent = items.length ? `${items.length}` : t('ex.searchNone');
    if (document.activeElement === this.input) this.open();
  }

  open() {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  move(delta) {
    if (!this.items.length) return;
    this.open();
    this.active = (this.active + delta + this.items.length) % this.items.length;
    this.list.querySelectorAll('[role=option]').forEach((li, i) => {
      li.setAttribute('aria-selected', String(i === this.active));
      li.classList.toggle('active', i === this.active);
    });
    const li = this.list.children[this.active];
    this.input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  }

  key(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(-1);
    } else if (e.key === 'Enter') {
      if (!this.list.hidden && this.items.length) {
        e.preventDefault();
        this.pick(this.active >= 0 ? this.active : 0);
      }
    } else if (e.key === 'Escape') {
      this.close();
    }
  }

  pick(i) {
    const e = this.items[i];
    if (!e) return;
    this.set(e);
    this.close();
    this.onPick(e);
  }

  /** Shows an entity as chosen without searching. */
  set(entity) {
    this.selected = entity;
    this.input.value = entity.name;
  }

  value() {
    return this.selected;
  }
}

function matchedAlias(e, text) {
  if (!text || e.name.includes(text)) return null;
  const lower = text.toLowerCase();
  const a = (e.aliases || []).find((x) => x.toLowerCase().includes(lower));
  return a ? h('span', { class: 'opt-alias' }, a) : null;
}
