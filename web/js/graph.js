// One Cytoscape graph of entities and relations: adding API results, expanding a node's neighbours with a cap and a
// "more" step for hubs, highlighting answer paths, filtering by type and trust level (unreviewed relations are drawn
// dashed), layouts, PNG export. Labels are Cytoscape text, never markup.

import { api } from './api.js';
import { lang } from './i18n.js';
import { PREDICATES, TYPES, relName, relStyle, typeInfo } from './schema.js';

/* global cytoscape */

export const PAGE = 30;
const MAX_LIMIT = 500;
const EDGE_PREFIX = 'rel:';
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';
const HIGHLIGHT = '#f26b00';
/** Above this many edges only the selected node's and the highlighted edges keep their labels (hubs get unreadable). */
const QUIET_EDGES = 20;
/** A selected node's edges are labelled only when they are few enough to be read around it. */
const NEAR_LABELS = 12;
const SELECT = '#0b5cad';

const STYLE = [
  { selector: 'node', style: {
    label: 'data(label)', shape: 'data(shape)', 'background-color': 'data(color)',
    width: 30, height: 30, 'border-width': 1.5, 'border-color': '#ffffff',
    'font-family': FONT, 'font-size': 14, color: '#1d2630', 'text-valign': 'bottom', 'text-margin-y': 5,
    'text-wrap': 'wrap', 'text-max-width': 130, 'text-outline-color': '#ffffff', 'text-outline-width': 2.5,
    'min-zoomed-font-size': 7,
  } },
  { selector: 'node.center', style: { width: 42, height: 42, 'font-size': 15, 'font-weight': 'bold' } },
  { selector: 'node.linked', style: { 'border-width': 3, 'border-color': '#1d2630' } },
  { selector: 'node.has-more', style: { 'border-width': 3, 'border-style': 'double', 'border-color': '#52606d' } },
  { selector: 'edge', style: {
    'curve-style': 'bezier', width: 1.8, 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
    'line-style': 'data(line)',
    'target-arrow-shape': 'triangle', 'arrow-scale': 0.9, label: 'data(label)', 'font-family': FONT,
    'font-size': 11, color: '#52606d', 'text-rotation': 'none', 'control-point-step-size': 56,
    'text-background-color': '#ffffff',
    'text-background-opacity': 0.9, 'text-background-padding': 2, 'text-background-shape': 'roundrectangle',
    'min-zoomed-font-size': 8,
  } },
  { selector: 'edge.quiet', style: { label: '' } },
  { selector: 'edge.unreviewed', style: { 'line-dash-pattern': [7, 4], opacity: 0.85 } },
  { selector: 'edge.near, edge.path', style: { label: 'data(label)' } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': HIGHLIGHT, 'z-index': 10 } },
  { selector: 'edge.path', style: {
    width: 4.5, 'line-color': HIGHLIGHT, 'target-arrow-color': HIGHLIGHT, color: '#9a4200',
    'font-weight': 'bold', 'font-size': 12, 'z-index': 10,
  } },
  { selector: '.faded', style: { opacity: 0.22 } },
  { selector: 'node:selected', style: { 'border-width': 5, 'border-color': SELECT, 'overlay-opacity': 0 } },
  { selector: 'edge:selected', style: {
    width: 5, 'line-color': SELECT, 'target-arrow-color': SELECT, color: SELECT, 'overlay-opacity': 0,
  } },
  { selector: '.filtered', style: { display: 'none' } },
];

export const LAYOUTS = ['concentric', 'cose', 'breadthfirst', 'circle', 'grid'];
const TYPE_ORDER = Object.keys(TYPES);

export class GraphView extends EventTarget {
  /** @param container the element Cytoscape draws into; its CSS gives `position: relative` and a size. */
  constructor(container, { layout = 'cose' } = {}) {
    super();
    this.container = container;
    this.cy = cytoscape({
      container, style: STYLE, elements: [], minZoom: 0.15, maxZoom: 3.5, boxSelectionEnabled: false,
      selectionType: 'single',
    });
    this.layoutName = layout;
    this.hiddenTypes = new Set();
    this.hiddenRels = new Set();
    this.hiddenTrust = new Set();
    this.expanded = new Map(); // entity id → { limit, shown, total, truncated }
    this.cy.on('select', 'node', (e) => {
      const edges = e.target.connectedEdges();
      if (edges.length <= NEAR_LABELS) edges.addClass('near');
    });
    this.cy.on('unselect', 'node', (e) => e.target.connectedEdges().removeClass('near'));
    this.cy.on('tap', 'node', (e) => this.emit('select', { kind: 'node', id: e.target.id() }));
    this.cy.on('tap', 'edge', (e) => this.emit('select', { kind: 'edge', id: e.target.data('relation').id }));
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) this.emit('select', null);
    });
    this.cy.on('dbltap', 'node', (e) => this.expand(e.target.id()).catch(() => {}));
    // The canvas is focusable: + and - zoom, 0 fits, Enter expands the selected node.
    container.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-') this.zoomBy(0.8);
      else if (e.key === '0') this.fit();
      else if (e.key === 'Enter' && this.cy.nodes(':selected').nonempty()) {
        this.expand(this.cy.nodes(':selected').first().id()).catch(() => {});
      } else return;
      e.preventDefault();
    });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  isEmpty() {
    return this.cy.nodes().length === 0;
  }

  entity(id) {
    const n = this.cy.getElementById(id);
    return n.nonempty() && n.isNode() ? n.data('entity') : null;
  }

  relation(id) {
    const e = this.cy.getElementById(EDGE_PREFIX + id);
    return e.nonempty() ? e.data('relation') : null;
  }

  entities() {
    return this.cy.nodes().map((n) => n.data('entity'));
  }

  /** The relation types drawn, each once, in the vocabulary's order. */
  relationTypes() {
    const present = new Set(this.cy.edges().map((e) => e.data('type')));
    return [...Object.keys(PREDICATES).filter((p) => present.has(p)), ...[...present].filter((p) => !PREDICATES[p])];
  }

  /**
   * Labels every edge with its relation type, however dense the view (by default a view of more than
   * QUIET_EDGES edges labels only the selected node's and the highlighted ones).
   */
  showAllLabels(on) {
    this.allLabels = on;
    this.quietLabels();
  }

  quietLabels() {
    this.cy.edges().toggleClass('quiet', !this.allLabels && this.cy.edges().length > QUIET_EDGES);
  }

  expansion(id) {
    return this.expanded.get(id) || null;
  }

  clear() {
    this.cy.elements().remove();
    this.expanded.clear();
    this.emit('change');
  }

  nodeLabel(e) {
    const x = this.expanded.get(e.id);
    return x && x.truncated ? `${e.name} (+${x.total - x.shown})` : e.name;
  }

  /** Adds entities and relations not yet drawn (relations whose ends are both present); returns the added nodes. */
  add(entities, relations, near) {
    const added = [];
    const origin = near ? this.cy.getElementById(near) : null;
    const base = origin && origin.nonempty() ? origin.position() : { x: 0, y: 0 };
    const fresh = entities.filter((e, i) => this.cy.getElementById(e.id).empty()
      && entities.findIndex((x) => x.id === e.id) === i);
    // New nodes start on a ring around the node they came from, so the layout refines rather than scrambles.
    const radius = Math.max(130, fresh.length * 16);
    const turn = Math.random() * Math.PI;
    fresh.forEach((e, i) => {
      const info = typeInfo(e.type);
      const angle = turn + (2 * Math.PI * i) / Math.max(1, fresh.length);
      added.push(this.cy.add({
        group: 'nodes',
        data: { id: e.id, label: e.name, type: e.type, color: info.color, shape: info.shape, entity: e },
        position: { x: base.x + radius * Math.cos(angle), y: base.y + radius * Math.sin(angle) },
      }));
    });
    for (const r of relations) {
      const id = EDGE_PREFIX + r.id;
      if (this.cy.getElementById(id).nonempty()) continue;
      if (this.cy.getElementById(r.startId).empty() || this.cy.getElementById(r.endId).empty()) continue;
      this.cy.add({
        group: 'edges',
        data: { id, source: r.startId, target: r.endId, type: r.type, label: relName(r.type, lang()), relation: r,
          trust: r.trust || 'unreviewed', ...edgeStyle(r) },
        classes: r.trust === 'unreviewed' ? 'unreviewed' : '',
      });
    }
    this.applyFilters();
    this.quietLabels();
    return added;
  }

  /** Draws the paths and marks them highlighted (the answer's paths, or found paths). */
  addPaths(paths) {
    for (const p of paths) this.add(p.nodes, p.relationships);
  }

  /** Highlights exactly these paths; everything else is faded while `fade` is true. */
  highlightPaths(paths, { fade = false } = {}) {
    const nodeIds = new Set();
    const edgeIds = new Set();
    for (const p of paths) {
      for (const n of p.nodes) nodeIds.add(n.id);
      for (const r of p.relationships) edgeIds.add(EDGE_PREFIX + r.id);
    }
    this.cy.batch(() => {
      this.cy.elements().removeClass('path faded');
      this.cy.nodes().filter((n) => nodeIds.has(n.id())).addClass('path');
      this.cy.edges().filter((e) => edgeIds.has(e.id())).addClass('path');
      if (fade && (nodeIds.size || edgeIds.size)) this.cy.elements().not('.path').addClass('faded');
    });
  }

  highlightedIds() {
    return {
      nodes: this.cy.nodes('.path').map((n) => n.id()),
      relations: this.cy.edges('.path').map((e) => e.data('relation').id),
    };
  }

  markClass(ids, cls) {
    this.cy.nodes().removeClass(cls);
    for (const id of ids) this.cy.getElementById(id).addClass(cls);
  }

  /** Selects a node or a relation (by relation id with kind 'edge') and pans it into view. */
  select(kind, id, { center = true } = {}) {
    const el = this.cy.getElementById(kind === 'edge' ? EDGE_PREFIX + id : id);
    if (el.empty()) return false;
    this.cy.elements().unselect();
    el.select();
    if (center) this.cy.animate({ center: { eles: el }, duration: 250 });
    this.emit('select', { kind, id });
    return true;
  }

  /**
   * Loads the neighbours of `id` (once more PAGE relations each call, up to the server's limit), honouring the filters.
   * Emits `expanded` with the expansion state; network errors are emitted as `error`.
   */
  async expand(id, { more = false } = {}) {
    const prev = this.expanded.get(id);
    const limit = Math.min(MAX_LIMIT, prev ? (more ? prev.limit + PAGE : prev.limit) : PAGE);
    this.emit('busy', true);
    try {
      const hood = await api.neighbours(id, {
        limit,
        rels: this.hiddenRels.size ? Object.keys(PREDICATES).filter((r) => !this.hiddenRels.has(r)) : [],
        types: this.hiddenTypes.size ? Object.keys(TYPES).filter((t) => !this.hiddenTypes.has(t)) : [],
      });
      const nodes = [hood.center, ...hood.nodes];
      const added = this.add(nodes, hood.relationships, this.cy.getElementById(id).nonempty() ? id : null);
      const state = { limit, shown: hood.relationships.length, total: hood.total, truncated: hood.truncated };
      this.expanded.set(id, state);
      const node = this.cy.getElementById(id);
      node.data('label', this.nodeLabel(hood.center));
      node.toggleClass('has-more', hood.truncated);
      if (added.length) this.runLayout({ fit: this.cy.nodes().length === added.length });
      this.emit('expanded', { id, ...state });
      this.emit('change');
      return state;
    } catch (e) {
      this.emit('error', e);
      throw e;
    } finally {
      this.emit('busy', false);
    }
  }

  setFilters(hiddenTypes, hiddenRels, hiddenTrust = [...this.hiddenTrust]) {
    this.hiddenTypes = new Set(hiddenTypes);
    this.hiddenRels = new Set(hiddenRels);
    this.hiddenTrust = new Set(hiddenTrust);
    this.applyFilters();
    this.emit('change');
  }

  applyFilters() {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => n.toggleClass('filtered', this.hiddenTypes.has(n.data('type'))));
      this.cy.edges().forEach((e) => e.toggleClass('filtered', this.hiddenRels.has(e.data('type'))
        || this.hiddenTrust.has(e.data('trust'))));
    });
  }

  /** After a curator's review: the relation is drawn and described at its new level. */
  setRelationTrust(id, trust) {
    const e = this.cy.getElementById(EDGE_PREFIX + id);
    if (e.empty()) return;
    const rel = { ...e.data('relation'), trust };
    e.data({ relation: rel, trust, ...edgeStyle(rel) });
    e.toggleClass('unreviewed', trust === 'unreviewed');
    this.applyFilters();
    this.emit('change');
  }

  /** After a curator's retraction: the relation leaves the graph. */
  removeRelation(id) {
    this.cy.getElementById(EDGE_PREFIX + id).remove();
    this.emit('change');
  }

  visibleCounts() {
    return {
      nodes: this.cy.nodes().not('.filtered').length,
      edges: this.cy.edges().not('.filtered').filter((e) => !e.source().hasClass('filtered')
        && !e.target().hasClass('filtered')).length,
      hidden: this.cy.nodes('.filtered').length,
    };
  }

  runLayout({ fit = true, name = this.layoutName, randomize = false } = {}) {
    // after the parallel-route drawing of found paths, a later expansion refines positions with cose
    if (!LAYOUTS.includes(name)) name = 'cose';
    this.layoutName = name;
    const eles = this.cy.elements().not('.filtered');
    if (eles.empty()) return;
    const roots = this.cy.nodes('.center').not('.filtered');
    const few = eles.nodes().length < 12; // a few nodes get longer edges, so their labels have room
    const options = {
      cose: { name: 'cose', animate: false, randomize, nodeRepulsion: () => (few ? 70000 : 120000), idealEdgeLength: () => (few ? 90 : 85),
        edgeElasticity: () => 100, nodeOverlap: 20, gravity: few ? 25 : 60, numIter: 1000, componentSpacing: 100,
        nestingFactor: 5, initialTemp: 200, coolingFactor: 0.95, minTemp: 1, padding: 30 },
      breadthfirst: { name: 'breadthfirst', directed: false, spacingFactor: 1.05, padding: 30,
        roots: roots.nonempty() ? roots : undefined, avoidOverlap: true },
      // rings: the focus, then path nodes, then nodes with several relations, then leaves; within a ring by type
      concentric: { name: 'concentric', padding: 30, minNodeSpacing: 30, avoidOverlap: true, levelWidth: () => 0.5,
        concentric: (n) => (n.hasClass('center') ? 1000 : 0) + (n.hasClass('path') ? 100 : 0)
          + (n.degree() > 2 ? 2 : 1) + TYPE_ORDER.indexOf(n.data('type')) / 100 },
      circle: { name: 'circle', padding: 30, avoidOverlap: true },
      grid: { name: 'grid', padding: 30, avoidOverlap: true, avoidOverlapPadding: 20 },
    }[name] || { name };
    const layout = eles.layout({ ...options, fit });
    // A handful of nodes fitted to the frame would be drawn huge: cap the zoom a fit may choose.
    if (fit) layout.one('layoutstop', () => this.capZoom());
    layout.run();
    this.emit('layout', name);
  }

  /**
   * Lays found paths out as parallel routes: the first path's start on the left, its end on the right, each path on
   * its own row with its steps spread evenly between them (a node shared by several paths keeps its first place).
   */
  layoutPaths(paths) {
    if (!paths.length) return;
    const longest = Math.max(...paths.map((p) => p.relationships.length));
    const step = 175;
    const row = 62;
    const first = paths[0].nodes;
    const ends = new Set([first[0].id, first[first.length - 1].id]);
    const positions = {};
    positions[first[0].id] = { x: 0, y: 0 };
    positions[first[first.length - 1].id] = { x: longest * step, y: 0 };
    let r = 0;
    const rowOf = (i) => (i % 2 === 1 ? 1 : -1) * Math.ceil(i / 2) * row; // 0, +1, -1, +2, -2 … rows
    paths.forEach((p) => {
      const inner = p.nodes.filter((n) => !ends.has(n.id) && !positions[n.id]);
      if (!inner.length) return;
      r += 1;
      const len = p.relationships.length;
      p.nodes.forEach((n, j) => {
        if (!positions[n.id]) positions[n.id] = { x: (j / len) * longest * step, y: rowOf(r) };
      });
    });
    this.cy.nodes().forEach((n) => {
      if (!positions[n.id()]) positions[n.id()] = { x: longest * step / 2, y: rowOf(++r) };
    });
    const layout = this.cy.layout({ name: 'preset', positions: (n) => positions[n.id()], fit: true, padding: 40 });
    layout.one('layoutstop', () => this.capZoom());
    layout.run();
    this.layoutName = 'paths';
    this.emit('layout', 'paths');
  }

  fit() {
    this.cy.fit(this.cy.elements().not('.filtered'), 30);
    this.capZoom();
  }

  capZoom(max = 1.25) {
    if (this.cy.zoom() > max) {
      this.cy.zoom(max);
      this.cy.center(this.cy.elements().not('.filtered'));
    }
  }

  zoomBy(factor) {
    const c = { x: this.cy.width() / 2, y: this.cy.height() / 2 };
    this.cy.zoom({ level: this.cy.zoom() * factor, renderedPosition: c });
  }

  /** Edge labels follow the interface language. */
  relabel() {
    this.cy.edges().forEach((e) => e.data('label', relName(e.data('type'), lang())));
  }

  png() {
    return this.cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2, maxWidth: 4000, maxHeight: 4000 });
  }

  resize() {
    this.cy.resize();
  }

  /** Where a node is drawn, in CSS pixels from the container's top-left corner (for keyboard and tests). */
  renderedPosition(id) {
    const n = this.cy.getElementById(id);
    return n.nonempty() ? n.renderedPosition() : null;
  }
}

/** A relation's colour and line: its family's, dashed when it is unreviewed. */
function edgeStyle(r) {
  const st = relStyle(r.type);
  return r.trust === 'unreviewed' ? { ...st, line: 'dashed' } : st;
}

/** Downloads a Blob under a file name (PNG export). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
