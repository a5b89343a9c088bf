// The explorer: search an entity and start from it, expand neighbours (double-click or the detail panel), find paths
// between two entities, filter by node and relation type, choose a layout, fit/zoom, export PNG.

import { api } from './api.js';
import { $, h, replace, svg } from './dom.js';
import { errorText, lang, t } from './i18n.js';
import { entityHash, navigate, query } from './router.js';
import { PREDICATES, TYPES, relName, relStyle, typeName } from './schema.js';
import { GraphView, LAYOUTS, download } from './graph.js';
import { EntityPicker, entityDetail, relationDetail, swatch } from './widgets.js';
import { LEVELS, decisionControls, trustBadge } from './trust.js';

export class ExploreView {
  constructor() {
    this.graph = new GraphView($('#cy-explore'), { layout: 'concentric' });
    this.selection = null;
    this.foundPaths = [];
    this.pathEnds = null;
    this.everShown = false;

    this.search = new EntityPicker($('#ex-search'), { onPick: (e) => this.startFrom(e.id, { push: true }) });
    this.from = new EntityPicker($('#path-from'), { onPick: () => $('#path-to').focus() });
    this.to = new EntityPicker($('#path-to'), { onPick: () => {} });
    $('#path-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submitPaths();
    });

    this.buildToolbar();
    this.buildFilters();
    this.graph.addEventListener('select', (e) => this.onSelect(e.detail));
    this.graph.addEventListener('change', () => this.refreshLists());
    this.graph.addEventListener('expanded', () => {
      if (this.selection && this.selection.kind === 'node') this.renderDetail();
    });
    this.graph.addEventListener('busy', (e) => {
      $('#ex-busy').hidden = !e.detail;
    });
    this.graph.addEventListener('error', (e) => this.showError(e.detail));
    this.graph.addEventListener('layout', (e) => {
      if (LAYOUTS.includes(e.detail)) $('#layout').value = e.detail;
    });
    window.addEventListener('langchange', () => this.relabel());
    window.addEventListener('resize', () => this.graph.resize());
    this.refreshLists();
    this.renderDetail();
  }

  buildToolbar() {
    const layout = $('#layout');
    replace(layout, LAYOUTS.map((name) => h('option', { value: name }, `${t(`layout.${name}`)} (${name})`)));
    layout.addEventListener('change', () => this.graph.runLayout({ name: layout.value }));
    $('#relayout').addEventListener('click', () => this.graph.runLayout({ name: layout.value }));
    $('#fit').addEventListener('click', () => this.graph.fit());
    $('#all-labels').addEventListener('change', (e) => this.graph.showAllLabels(e.target.checked));
    $('#zoom-in').addEventListener('click', () => this.graph.zoomBy(1.25));
    $('#zoom-out').addEventListener('click', () => this.graph.zoomBy(0.8));
    $('#export-png').addEventListener('click', () => {
      const centre = this.graph.cy.nodes('.center').first();
      const name = centre.nonempty() ? centre.id() : 'graph';
      download(this.graph.png(), `strokekg-${name}.png`);
    });
    $('#clear-graph').addEventListener('click', () => {
      this.graph.clear();
      this.foundPaths = [];
      replace($('#path-results'));
      this.selection = null;
      this.renderDetail();
      navigate('#/explore', { replace: true });
    });
  }

  buildFilters() {
    replace($('#trust-filter'), h('p', { class: 'muted small' }, t('trust.filterNote')),
      h('ul', null, LEVELS.map((level) => h('li', null, h('label', { class: 'filter-item' },
        h('input', { type: 'checkbox', checked: true, dataset: { trust: level }, onchange: () => this.applyFilters() }),
        trustLine(level), trustBadge(level), h('span', { class: 'count', dataset: { countTrust: level } }))))));
    const typeBox = $('#type-filter');
    const relBox = $('#rel-filter');
    const allNone = (box) => h('div', { class: 'filter-actions' },
      h('button', { type: 'button', class: 'link-button', onclick: () => this.setAll(box, true) }, t('ex.all')),
      h('button', { type: 'button', class: 'link-button', onclick: () => this.setAll(box, false) }, t('ex.none')));
    replace(typeBox, allNone(typeBox), h('ul', null, Object.keys(TYPES).map((type) => h('li', null,
      h('label', { class: 'filter-item' },
        h('input', { type: 'checkbox', checked: true, dataset: { type }, onchange: () => this.applyFilters() }),
        swatch(type), h('span', { class: 'filter-name' }, typeName(type, lang())),
        h('span', { class: 'count', dataset: { countType: type } }))))));
    replace(relBox, allNone(relBox), h('ul', null, Object.keys(PREDICATES).map((rel) => h('li', null,
      h('label', { class: 'filter-item' },
        h('input', { type: 'checkbox', checked: true, dataset: { rel }, onchange: () => this.applyFilters() }),
        relSwatch(rel),
        h('span', { class: 'filter-name' }, relName(rel, lang())),
        h('span', { class: 'rel-code' }, rel),
        h('span', { class: 'count', dataset: { countRel: rel } }))))));
  }

  setAll(box, on) {
    for (const c of box.querySelectorAll('input[type=checkbox]')) c.checked = on;
    this.applyFilters();
  }

  applyFilters() {
    const hiddenTypes = [...document.querySelectorAll('#type-filter input:not(:checked)')].map((c) => c.dataset.type);
    const hiddenRels = [...document.querySelectorAll('#rel-filter input:not(:checked)')].map((c) => c.dataset.rel);
    const hiddenTrust = [...document.querySelectorAll('#trust-filter input:not(:checked)')].map((c) => c.dataset.trust);
    this.graph.setFilters(hiddenTypes, hiddenRels, hiddenTrust);
  }

  relabel() {
    const keepTypes = [...document.querySelectorAll('#type-filter input:not(:checked)')].map((c) => c.dataset.type);
    const keepRels = [...document.querySelectorAll('#rel-filter input:not(:checked)')].map((c) => c.dataset.rel);
    const keepTrust = [...document.querySelectorAll('#trust-filter input:not(:checked)')].map((c) => c.dataset.trust);
    this.buildFilters();
    for (const c of document.querySelectorAll('#trust-filter input')) c.checked = !keepTrust.includes(c.dataset.trust);
    for (const c of document.querySelectorAll('#type-filter input')) c.checked = !keepTypes.includes(c.dataset.type);
    for (const c of document.querySelectorAll('#rel-filter input')) c.checked = !keepRels.includes(c.dataset.rel);
    const layout = $('#layout');
    const current = layout.value;
    replace(layout, LAYOUTS.map((name) => h('option', { value: name }, `${t(`layout.${name}`)} (${name})`)));
    layout.value = current;
    this.graph.relabel();
    this.refreshLists();
    this.renderDetail();
    this.renderPaths();
  }

  /** Counts per type, the node list, the empty hint. */
  refreshLists() {
    const cy = this.graph.cy;
    const byType = {};
    cy.nodes().forEach((n) => { byType[n.data('type')] = (byType[n.data('type')] || 0) + 1; });
    const byRel = {};
    cy.edges().forEach((e) => { byRel[e.data('type')] = (byRel[e.data('type')] || 0) + 1; });
    const byTrust = {};
    cy.edges().forEach((e) => { byTrust[e.data('trust')] = (byTrust[e.data('trust')] || 0) + 1; });
    for (const el of document.querySelectorAll('[data-count-trust]')) el.textContent = byTrust[el.dataset.countTrust] || '';
    for (const el of document.querySelectorAll('[data-count-type]')) el.textContent = byType[el.dataset.countType] || '';
    for (const el of document.querySelectorAll('[data-count-rel]')) el.textContent = byRel[el.dataset.countRel] || '';
    const c = this.graph.visibleCounts();
    $('#ex-counts').textContent = t('ex.counts', { nodes: c.nodes, edges: c.edges }) + (c.hidden ? t('ex.hidden', { n: c.hidden }) : '');
    $('#ex-empty').hidden = !this.graph.isEmpty();
    $('#node-count').textContent = cy.nodes().length ? `(${cy.nodes().length})` : '';
    const nodes = this.graph.entities().sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, 'zh'));
    replace($('#node-list'), nodes.map((e) => h('li', null, h('button', {
      type: 'button', class: 'node-button', dataset: { id: e.id },
      onclick: () => this.graph.select('node', e.id),
    }, swatch(e.type, 12), h('span', null, e.name), h('span', { class: 'muted' }, typeName(e.type, lang()))))));
  }

  shown() {
    requestAnimationFrame(() => {
      this.graph.resize();
      if (!this.everShown && !this.graph.isEmpty()) this.graph.fit();
      this.everShown = true;
    });
  }

  route(r) {
    if (r.route === 'entity' && r.id) {
      this.startFrom(r.id, { push: false });
    } else if (r.route === 'path' && r.params.from && r.params.to) {
      this.pathsFromAddress(r.params);
    }
  }

  /** Clears the graph and draws `id` with its first page of neighbours. */
  async startFrom(id, { push }) {
    if (push) navigate(entityHash(id));
    this.graph.clear();
    this.foundPaths = [];
    replace($('#path-results'));
    this.selection = null;
    try {
      await this.graph.expand(id);
      this.graph.markClass([id], 'center');
      this.graph.runLayout();
      this.graph.select('node', id, { center: false });
      const e = this.graph.entity(id);
      if (e) this.search.set(e);
    } catch (e) {
      this.showError(e);
    }
  }

  async expand(id, more = false) {
    try {
      await this.graph.expand(id, { more });
    } catch { /* shown by the graph's error event */ }
  }

  /** Draws an answer's graph: its paths highlighted, the entities named in the question marked. */
  loadAnswer(answer) {
    this.graph.clear();
    this.foundPaths = [];
    replace($('#path-results'));
    const entities = answer.entities || [];
    this.graph.addPaths(answer.graphPaths || []); // first: path nodes are full entities (with sources)
    this.graph.add(entities, []);
    this.graph.markClass(entities.map((e) => e.id), 'linked');
    this.graph.highlightPaths(answer.graphPaths || []);
    this.graph.runLayout({ name: 'cose', randomize: true });
    this.selection = null;
    this.renderDetail();
    this.refreshLists();
  }

  onSelect(sel) {
    this.selection = sel;
    this.renderDetail();
    if (sel && sel.kind === 'node') navigate(entityHash(sel.id), { replace: true });
  }

  renderDetail() {
    const box = $('#ex-detail');
    const sel = this.selection;
    if (!sel) {
      replace(box, h('p', { class: 'muted' }, t('detail.none')));
      return;
    }
    if (sel.kind === 'edge') {
      const rel = this.graph.relation(sel.id);
      if (!rel) return;
      const decide = decisionControls(rel.id, { onDone: (kind, res) => {
        if (kind === 'review') {
          this.graph.setRelationTrust(rel.id, rel.trust === 'curated' ? 'curated' : 'reviewed');
        } else {
          this.graph.removeRelation(rel.id);
          this.selection = null;
        }
        this.renderDetail();
        box.prepend(decided(kind, res));
      } });
      replace(box, relationDetail(rel, this.graph.entity(rel.startId), this.graph.entity(rel.endId), { decide }));
      return;
    }
    const entity = this.graph.entity(sel.id);
    if (!entity) return;
    const expansion = this.graph.expansion(sel.id);
    const actions = [];
    if (!expansion) actions.push({ label: t('detail.expand'), primary: true, onclick: () => this.expand(sel.id) });
    actions.push({ label: t('detail.focus'), onclick: () => this.startFrom(sel.id, { push: true }) });
    actions.push({ label: t('detail.setFrom'), onclick: () => this.setEnd('from', entity) });
    actions.push({ label: t('detail.setTo'), onclick: () => this.setEnd('to', entity) });
    const decide = decisionControls(`entity:${entity.id}`, { onDone: async (kind, res) => {
      if (kind === 'retraction') {
        await this.startFrom(entity.id, { push: false }); // its relations went with it: draw what is left
      } else {
        this.graph.cy.getElementById(entity.id).data('entity', { ...entity, trust: entity.trust === 'curated' ? 'curated' : 'reviewed' });
        this.renderDetail();
      }
      box.prepend(decided(kind, res));
    } });
    replace(box, entityDetail(entity, { actions, expansion, onMore: () => this.expand(sel.id, true), decide }));
  }

  setEnd(which, entity) {
    $('#paths-panel').open = true;
    this[which].set(entity);
    $(which === 'from' ? '#path-to' : '#path-submit').focus();
  }

  submitPaths() {
    const from = this.from.value();
    const to = this.to.value();
    if (!from || !to) {
      replace($('#path-results'), h('p', { class: 'error' }, t('ex.needBoth')));
      return;
    }
    const max = Number($('#path-max').value);
    navigate(`#/path${query({ from: from.id, to: to.id, max })}`);
    this.findPaths(from.id, to.id, max);
  }

  async pathsFromAddress(params) {
    const max = Math.min(5, Math.max(1, Number(params.max) || 3));
    $('#path-max').value = String(max);
    try {
      const [from, to] = await Promise.all([api.entity(params.from), api.entity(params.to)]);
      this.from.set(from);
      this.to.set(to);
    } catch (e) {
      this.showError(e);
      return;
    }
    this.findPaths(params.from, params.to, max);
  }

  async findPaths(fromId, toId, max) {
    replace($('#path-results'), h('p', { class: 'muted' }, t('ex.loading')));
    try {
      const res = await api.paths(fromId, toId, { maxLength: max, limit: 8 });
      this.foundPaths = res.paths || [];
      this.pathEnds = { max };
      if (!this.foundPaths.length) {
        this.renderPaths();
        return;
      }
      this.graph.clear();
      this.graph.addPaths(this.foundPaths);
      this.graph.markClass([fromId, toId], 'center');
      this.graph.highlightPaths(this.foundPaths);
      this.graph.layoutPaths(this.foundPaths);
      this.selection = null;
      this.renderDetail();
      this.renderPaths();
      this.refreshLists();
    } catch (e) {
      replace($('#path-results'), h('p', { class: 'error' }, errorText(e)));
    }
  }

  renderPaths() {
    const box = $('#path-results');
    if (!this.pathEnds) return;
    if (!this.foundPaths.length) {
      replace(box, h('p', { class: 'muted' }, t('ex.noPaths', { n: this.pathEnds.max })));
      return;
    }
    const list = h('ol', { class: 'path-list' }, this.foundPaths.map((p, i) => h('li', null, h('button', {
      type: 'button', class: 'path-button', dataset: { index: i },
      onclick: (ev) => {
        box.querySelectorAll('.path-button').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        ev.currentTarget.setAttribute('aria-pressed', 'true');
        this.graph.highlightPaths([p], { fade: true });
      },
      'aria-pressed': 'false',
    }, pathText(p)))));
    replace(box, h('p', null, t('ex.pathsFound', { n: this.foundPaths.length })), list,
      h('button', { type: 'button', class: 'link-button', onclick: () => {
        box.querySelectorAll('.path-button').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        this.graph.highlightPaths(this.foundPaths);
      } }, t('ex.highlightAll')));
  }

  showError(e) {
    replace($('#ex-detail'), h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
}

/** A short line in the relation's colour (and dash), drawn as SVG so no inline style is needed. */
function relSwatch(rel) {
  const st = relStyle(rel);
  return svg('svg', { width: 18, height: 8, viewBox: '0 0 18 8', 'aria-hidden': 'true', class: 'rel-swatch' },
    svg('line', { x1: 1, y1: 4, x2: 17, y2: 4, stroke: st.color, 'stroke-width': 2.5,
      'stroke-dasharray': st.line === 'dashed' ? '4 2' : 'none' }));
}

/** What a curator's decision did, shown atop the detail panel once it is drawn again. */
function decided(kind, res) {
  return h('p', { class: 'status-line ok decide-done', role: 'status', dataset: { batch: res.batchId } },
    t(`trust.done.${kind}`, { batch: res.batchId }));
}

/** A line drawn as the graph draws relations of this level: dashed for unreviewed. */
function trustLine(level) {
  return svg('svg', { width: 18, height: 8, viewBox: '0 0 18 8', 'aria-hidden': 'true', class: 'rel-swatch' },
    svg('line', { x1: 1, y1: 4, x2: 17, y2: 4, stroke: '#52606d', 'stroke-width': 2.5,
      'stroke-dasharray': level === 'unreviewed' ? '4 2' : 'none' }));
}

/** "脑梗死 —危险因素← 高血压": each step names its relation and its real direction. */
export function pathText(p) {
  const parts = [h('span', { class: 'path-node' }, p.nodes[0].name)];
  p.relationships.forEach((r, i) => {
    const forward = r.startId === p.nodes[i].id;
    const label = relName(r.type, lang());
    // the spaces stay outside the unbreakable spans, so a long path wraps between steps, never inside a name
    parts.push(' ', h('span', { class: 'path-rel' }, forward ? `—${label}→` : `←${label}—`), ' ');
    parts.push(h('span', { class: 'path-node' }, p.nodes[i + 1].name));
  });
  return parts;
}
