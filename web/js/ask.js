// Ask: the question box, the streamed answer with citation markers that jump to their evidence, the reasoning folded
// away, the emergency notice first, and the answer's graph paths highlighted beside it.

import { ApiError, api, streamAnswer } from './api.js';
import { $, flash, h, perFrame, replace } from './dom.js';
import { errorText, lang, t } from './i18n.js';
import { entityHash, navigate, query } from './router.js';
import { relName, typeName } from './schema.js';
import { GraphView } from './graph.js';
import { edgeSwatch, entityDetail, relationDetail, swatch } from './widgets.js';
import { decisionControls, trustBadge } from './trust.js';

export const EXAMPLES = [
  '中风后手臂僵硬怎么办',
  '脑梗死和高血压有什么关系',
  '中風的早期症狀有哪些',
  '偏瘫病人怎样预防肩痛',
  '吞咽困难的病人吃饭要注意什么',
  'What is the time window for thrombolysis?',
];

const SCRIPTS = ['auto', 'zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'];
const MARKER = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/g;
const PUNCT = /^[，。；、：！？）」』》,.;:!?)]$/;

export class AskView {
  constructor(explore) {
    this.explore = explore;
    this.graph = new GraphView($('#cy-ask'));
    this.run = 0;
    this.controller = null;
    this.state = null;
    this.question = '';

    replace($('#examples'), EXAMPLES.map((q) => h('li', null, h('button', {
      type: 'button', class: 'example', lang: /[a-z]/i.test(q) ? 'en' : (/[風狀]/.test(q) ? 'zh-Hant' : 'zh-Hans'),
      onclick: () => {
        $('#question').value = q;
        this.submit();
      },
    }, q))));
    $('#ask-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    $('#question').addEventListener('keydown', (e) => {
      // Enter asks, Shift+Enter breaks the line; an IME composing Chinese also uses Enter, so leave that alone.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    $('#ask-stop').addEventListener('click', () => this.stop());
    $('#script').addEventListener('change', () => {
      if (this.question) {
        navigate(`#/ask${query({ q: this.question, script: $('#script').value })}`, { replace: true });
        this.ask(this.question, $('#script').value);
      }
    });
    $('#include-unreviewed').addEventListener('change', () => {
      if (this.question) this.ask(this.question, $('#script').value);
    });
    $('#open-explorer').addEventListener('click', () => {
      if (!this.state || !this.state.evidence) return;
      this.explore.loadAnswer({ ...this.state.evidence, graphPaths: this.state.graphPaths });
      navigate('#/explore');
    });
    this.graph.addEventListener('select', (e) => this.renderGraphDetail(e.detail));
    this.graph.addEventListener('change', () => this.renderLegend());
    this.graph.addEventListener('expanded', () => this.renderGraphDetail(this.graphSelection));
    window.addEventListener('langchange', () => this.relabel());
    window.addEventListener('resize', () => this.graph.resize());
    this.renderAnswer = perFrame(() => this.paintAnswer());
    this.renderGraphEmpty();
  }

  shown() {
    requestAnimationFrame(() => this.graph.resize());
  }

  route(r) {
    const script = SCRIPTS.includes(r.params.script) ? r.params.script : $('#script').value;
    $('#script').value = script;
    if (r.params.q && r.params.q !== this.question) {
      $('#question').value = r.params.q;
      this.ask(r.params.q, script);
    }
  }

  submit() {
    const q = $('#question').value.trim();
    if (!q) {
      this.status(t('ask.empty'));
      $('#question').focus();
      return;
    }
    const script = $('#script').value;
    navigate(`#/ask${query({ q, script })}`);
    this.ask(q, script);
  }

  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.busy(false);
    this.status(t('ask.status.stopped'));
  }

  busy(on) {
    $('#ask-stop').hidden = !on;
    $('#answer').setAttribute('aria-busy', String(on));
  }

  status(text, kind = '') {
    const el = $('#ask-status');
    el.textContent = text;
    el.className = `status-line ${kind}`;
  }

  async ask(question, script) {
    if (this.controller) this.controller.abort();
    const run = ++this.run;
    this.controller = new AbortController();
    this.question = question;
    this.started = performance.now();
    this.state = { answer: '', reasoning: '', citations: [], graphPaths: [], evidence: null, done: null };
    $('#ask-intro').hidden = true;
    $('#ask-result').hidden = false;
    $('#emergency').hidden = true;
    replace($('#answer-text'));
    $('#answer-text').removeAttribute('lang');   // set again from the answer's script when it is done
    replace($('#citations'));
    replace($('#answer-meta'));
    replace($('#answer-frame'));
    $('#reasoning').hidden = true;
    $('#entities-card').hidden = true;
    this.graph.clear();
    this.graphSelection = null;
    replace($('#ask-detail'));
    this.busy(true);
    const answerEl = $('#answer');
    delete answerEl.dataset.done;
    answerEl.dataset.tokens = '0';
    answerEl.dataset.mode = 'stream';
    this.status(t('ask.status.evidence'));
    const body = { question, script };
    // unreviewed knowledge (bulk imports) is found either way; the answer states it only when asked, labelled
    if ($('#include-unreviewed').checked) body.minTrust = 'unreviewed';
    const mine = (fn) => (d) => {
      if (run === this.run) fn(d);
    };
    try {
      await streamAnswer(body, {
        evidence: mine((d) => this.onEvidence(d)),
        reasoning: mine((d) => {
          this.state.reasoning += d.text || '';
          this.paintReasoning();
        }),
        token: mine((d) => {
          if (!this.state.answer) this.status(t('ask.status.generating'));
          this.state.answer += d.text || '';
          answerEl.dataset.tokens = String(Number(answerEl.dataset.tokens) + 1);
          this.renderAnswer();
        }),
        done: mine((d) => this.onDone(d)),
        error: mine((p) => this.onError(new ApiError(p.status || 500, p))),
      }, this.controller.signal);
    } catch (e) {
      if (run !== this.run || e.name === 'AbortError') return;
      if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
        // No stream route (an older server, a proxy): ask once and show the whole answer.
        answerEl.dataset.mode = 'single';
        try {
          const a = await api.answer(body, this.controller.signal);
          if (run === this.run) {
            this.onEvidence(a);
            this.onDone(a);
          }
        } catch (e2) {
          if (run === this.run && e2.name !== 'AbortError') this.onError(e2);
        }
        return;
      }
      this.onError(e);
      return;
    }
    if (run === this.run && !this.state.done) {
      this.busy(false);
      this.paintAnswer();
    }
  }

  onEvidence(d) {
    this.state.evidence = d;
    this.state.citations = d.citations || [];
    this.state.graphPaths = d.graphPaths || [];
    this.paintEmergency(d.emergency);
    this.paintEntities(d.entities || []);
    this.paintGraph();
    this.paintCitations();
  }

  onDone(d) {
    const s = this.state;
    s.done = d;
    s.answer = d.answer || s.answer;
    if (d.reasoning && d.reasoning !== s.reasoning) {
      s.reasoning = d.reasoning;
      this.paintReasoning();
    }
    if (d.citations) s.citations = d.citations;
    if (!s.evidence) {
      this.onEvidence(d);
    } else {
      s.evidence = { ...s.evidence, ...d };
      if (d.graphPaths) {
        s.graphPaths = d.graphPaths;
        this.graph.highlightPaths(s.graphPaths);
        this.renderLegend();
      }
      this.paintCitations();
    }
    // the script the server chose ("auto" follows the question), so the browser picks fonts and voices for it
    if (d.script) $('#answer-text').lang = d.script;
    this.paintAnswer();
    this.busy(false);
    this.controller = null;
    const ms = Math.round(performance.now() - this.started);
    this.status(t('ask.status.done', { ms }), 'ok');
    this.paintFrame(d.frame);
    if (d.model) {
      // evidence mode (no language model) says so in words; a model is named by its id
      $('#answer-meta').textContent = /evidence$/.test(d.model) ? t('ask.modelEvidence', { model: d.model })
        : t('ask.model', { model: d.model });
    }
    $('#answer').dataset.done = 'true';
  }

  onError(e) {
    $('#answer').dataset.done = 'error';
    this.busy(false);
    this.controller = null;
    this.status(t('ask.status.error', { msg: errorText(e) }), 'error');
  }

  paintEmergency(em) {
    const box = $('#emergency');
    if (!em || !em.message) {
      box.hidden = true;
      return;
    }
    const level = em.level === 'URGENT' ? 'URGENT' : 'INFO';
    box.className = `emergency ${level.toLowerCase()}`;
    replace(box,
      h('p', { class: 'emergency-title' }, h('span', { class: 'emergency-icon', 'aria-hidden': 'true' }, '!'),
        t(`emergency.${level}`)),
      h('p', { class: 'emergency-message' }, em.message),
      em.signs && em.signs.length ? h('p', { class: 'emergency-signs' }, t('emergency.signs'), ' ',
        em.signs.map((s) => h('span', { class: 'chip sign' }, s))) : null);
    box.hidden = false;
  }

  /** How the question was read: its focus and the aspect asked, so a reader can see what the answer answers. */
  paintFrame(frame) {
    const el = $('#answer-frame');
    if (!frame) {
      replace(el);
      return;
    }
    const key = frame.aspect === 'CAUSE' && frame.direction === 'FROM_FOCUS' ? 'aspect.CAUSE.FROM' : `aspect.${frame.aspect}`;
    const aspect = t(key);
    el.textContent = frame.focus ? t('ask.frame', { focus: frame.focus.name, aspect }) : t('ask.frame.none', { aspect });
    el.dataset.aspect = frame.aspect;
  }

  paintEntities(entities) {
    $('#entities-card').hidden = !entities.length;
    replace($('#entity-chips'), entities.map((e) => h('li', null, h('a', {
      class: 'chip entity-chip', href: entityHash(e.id), dataset: { id: e.id },
    }, swatch(e.type, 12), h('span', null, e.name),
    e.mention && e.mention !== e.name ? h('span', { class: 'muted' }, `「${e.mention}」`) : null,
    h('span', { class: 'visually-hidden' }, ` (${typeName(e.type, lang())})`)))));
  }

  /** The answer text with each [n] turned into a button that jumps to evidence n. */
  paintAnswer() {
    const box = $('#answer-text');
    const known = new Set(this.state.citations.map((c) => c.n));
    let paragraphs = this.state.answer.split(/\n{2,}/).filter((p) => p.trim());
    // The answer text leads with the emergency notice for API clients; here the notice box above already says it.
    const em = this.state.evidence && this.state.evidence.emergency;
    if (em && em.message && paragraphs.length && paragraphs[0].trim() === em.message.trim()) {
      paragraphs = paragraphs.slice(1);
    }
    replace(box, paragraphs.map((p) => h('p', null, inline(p, known, (n) => this.jumpTo(n)))));
    if (this.state.done && !paragraphs.length) replace(box, h('p', { class: 'muted' }, t('ask.noEvidence')));
  }

  paintReasoning() {
    const d = $('#reasoning');
    d.hidden = !this.state.reasoning;
    $('#reasoning-text').textContent = this.state.reasoning;
  }

  paintCitations() {
    const passages = new Map(((this.state.evidence && this.state.evidence.passages) || []).map((p) => [p.id, p]));
    const items = this.state.citations.map((c) => {
      const passage = c.kind === 'passage' ? passages.get(c.id) : null;
      // a passage citation shows the very sentences the answer rests on, with the passage's title and id to check them
      const text = c.kind === 'passage'
        ? h('blockquote', { class: 'cite-text cite-quote', 'aria-label': t('ask.quoted') }, c.text || (passage ? passage.text : ''))
        : h('p', { class: 'cite-text' }, c.text || '');
      return h('li', { id: `cite-${c.n}`, class: `citation kind-${c.kind}`, tabindex: '-1', dataset: { n: c.n, id: c.id } },
        h('div', { class: 'cite-head' },
          h('span', { class: 'cite-n' }, `[${c.n}]`),
          h('span', { class: `kind-badge ${c.kind}` }, t(`ask.kind.${c.kind === 'graph' ? 'graph' : 'passage'}`)),
          trustBadge(c.trust),
          passage && passage.title ? h('strong', { class: 'cite-title' }, passage.title) : null,
          c.kind === 'passage' ? h('span', { class: 'cite-id muted' }, `${t('ask.passageId')} ${c.id}`) : null),
        text,
        c.source ? h('p', { class: 'cite-source' }, `${t('ask.source')}：${c.source}`) : null,
        h('div', { class: 'cite-actions' },
          c.kind === 'graph' && (this.graph.relation(c.id) || this.graph.entity(c.id))
            ? h('button', { type: 'button', class: 'link-button', onclick: () => this.showCitationInGraph(c) },
              t('ask.showInGraph')) : null,
          h('button', { type: 'button', class: 'link-button', onclick: () => this.backToAnswer(c.n) },
            t('ask.backToAnswer'))),
        // a curator decides on the cited fact here: effective from the next answer
        decisionControls(factId(c), { compact: true }));
    });
    replace($('#citations'), items);
    $('#evidence').hidden = !items.length;
  }

  paintGraph() {
    const s = this.state;
    const entities = (s.evidence && s.evidence.entities) || [];
    this.graph.clear();
    this.graph.addPaths(s.graphPaths); // first: path nodes are full entities (with sources)
    this.graph.add(entities, []);
    this.graph.markClass(entities.map((e) => e.id), 'linked');
    this.graph.highlightPaths(s.graphPaths);
    this.graph.runLayout({ name: 'cose', randomize: true });
    this.renderGraphEmpty();
    this.renderLegend();
    $('#open-explorer').disabled = this.graph.isEmpty();
  }

  renderGraphEmpty() {
    const empty = $('#ask-graph-empty');
    empty.hidden = !this.graph.isEmpty();
    empty.textContent = this.state ? t('ask.noPaths') : t('ex.empty');
  }

  /** What the drawing means: the node types and relation types shown, and the mark of the answer's own facts. */
  renderLegend() {
    const types = [...new Set(this.graph.entities().map((e) => e.type))];
    const rels = this.graph.relationTypes();
    const box = $('#ask-legend');
    if (!types.length) {
      replace(box);
      return;
    }
    replace(box,
      h('div', { class: 'legend-row' }, h('span', { class: 'legend-head' }, t('ask.legend.nodes')),
        types.map((type) => h('span', { class: 'legend-item', dataset: { type } }, swatch(type, 12), typeName(type, lang())))),
      rels.length ? h('div', { class: 'legend-row' }, h('span', { class: 'legend-head' }, t('ask.legend.edges')),
        rels.map((rel) => h('span', { class: 'legend-item', dataset: { rel } }, edgeSwatch(rel), relName(rel, lang()))),
        h('span', { class: 'legend-item legend-path' }, edgeSwatch('TREATED_BY', { path: true }), t('ask.legend.path')))
        : null);
  }

  jumpTo(n) {
    const el = document.getElementById(`cite-${n}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.focus({ preventScroll: true });
    flash(el);
    const c = this.state.citations.find((x) => x.n === n);
    if (c && c.kind === 'graph') this.showCitationInGraph(c, { scroll: false });
  }

  showCitationInGraph(c) {
    if (this.graph.relation(c.id)) this.graph.select('edge', c.id);
    else if (this.graph.entity(c.id)) this.graph.select('node', c.id);
  }

  backToAnswer(n) {
    const marker = document.querySelector(`#answer-text .cite[data-n="${n}"]`);
    const target = marker || $('#answer');
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (marker) {
      marker.focus({ preventScroll: true });
      flash(marker);
    }
  }

  renderGraphDetail(sel) {
    this.graphSelection = sel;
    const box = $('#ask-detail');
    if (!sel) {
      replace(box);
      return;
    }
    if (sel.kind === 'edge') {
      const rel = this.graph.relation(sel.id);
      if (rel) replace(box, relationDetail(rel, this.graph.entity(rel.startId), this.graph.entity(rel.endId)));
      const c = this.state && this.state.citations.find((x) => x.kind === 'graph' && x.id === sel.id);
      if (c) flash(document.getElementById(`cite-${c.n}`));
      return;
    }
    const entity = this.graph.entity(sel.id);
    if (!entity) return;
    const expansion = this.graph.expansion(sel.id);
    const actions = [
      expansion ? null : { label: t('detail.expand'), onclick: () => this.graph.expand(sel.id).catch(() => {}) },
      { label: t('ask.openExplorer'), primary: true, onclick: () => navigate(entityHash(sel.id)) },
    ].filter(Boolean);
    replace(box, entityDetail(entity, {
      actions, expansion, onMore: () => this.graph.expand(sel.id, { more: true }).catch(() => {}),
    }));
  }

  relabel() {
    this.graph.relabel();
    this.renderLegend();
    if (this.state && this.state.done) this.paintFrame(this.state.done.frame);
    this.renderGraphEmpty();
    if (!this.state) return;
    if (this.state.evidence) {
      this.paintEmergency(this.state.evidence.emergency);
      this.paintEntities(this.state.evidence.entities || []);
      this.paintCitations();
    }
    this.paintAnswer();
    this.renderGraphDetail(this.graphSelection);
  }
}

/** The id a decision names: a relation's own (r-…), else the kind said (an entity's description, a passage). */
function factId(c) {
  if (c.kind === 'passage') return `passage:${c.id}`;
  return c.id.startsWith('r-') ? c.id : `entity:${c.id}`;
}

/** Text with **bold** and [n] citation markers; everything else stays literal text. */
function inline(text, known, onCite) {
  const out = [];
  const pieces = text.split(/(\*\*[^*\n]+\*\*)/);
  for (const piece of pieces) {
    if (/^\*\*[^*\n]+\*\*$/.test(piece)) {
      out.push(h('strong', null, piece.slice(2, -2)));
      continue;
    }
    // Markers in a row ([1][2]) make one group; the group holds on to the character before it and to a following
    // punctuation mark, so a line never starts with a marker or with "，".
    const matches = [...piece.matchAll(MARKER)].filter((m) => m[1].split(/\s*[,，、]\s*/).every((n) => known.has(Number(n))));
    let last = 0;
    for (let i = 0; i < matches.length;) {
      const start = matches[i].index;
      const nums = [];
      let end = start;
      while (i < matches.length && matches[i].index === end) {
        nums.push(...matches[i][1].split(/\s*[,，、]\s*/).map(Number));
        end = matches[i].index + matches[i][0].length;
        i += 1;
      }
      const before = start > last ? piece.slice(last, start - 1) : '';
      const glueBefore = start > last ? piece[start - 1] : '';
      const glueAfter = PUNCT.test(piece[end] || '') ? piece[end] : '';
      out.push(before);
      out.push(h('span', { class: 'cite-group' }, glueBefore, nums.map((n) => h('button', {
        type: 'button', class: 'cite', dataset: { n }, 'aria-label': t('ask.citeLabel', { n }),
        onclick: () => onCite(n),
      }, `[${n}]`)), glueAfter));
      last = end + glueAfter.length;
    }
    out.push(piece.slice(last));
  }
  return out;
}
