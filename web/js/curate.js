// Curate: a curator key kept in sessionStorage only; upload a file, check it (dry run) and read the report by line
// and the entity matches, commit it as a batch; list batches with their counts and undo one.

import { api, uploadBatch } from './api.js';
import { $, formatTime, h, replace } from './dom.js';
import { errorText, has, lang, t } from './i18n.js';
import { typeName } from './schema.js';
import { swatch } from './widgets.js';
import { KEY, LEVELS, trustBadge } from './trust.js';

const FORMATS = ['csv', 'tsv', 'jsonl', 'entities', 'aliases', 'passages-jsonl', 'passages-md', 'xywy'];
const MAX_ROWS = 200;

export class CurateView {
  constructor() {
    this.checked = null; // the File whose dry run passed
    this.result = null;
    this.batches = null;
    this.confirming = null;
    this.message = null;
    this.fillFormats();
    $('#key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.saveKey();
    });
    $('#key-clear').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      $('#api-key').value = '';
      this.batches = null;
      this.renderKey();
      this.renderBatches();
    });
    $('#upload-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.upload(true);
    });
    $('#upload-commit').addEventListener('click', () => this.upload(false));
    $('#upload-file').addEventListener('change', () => {
      this.resetCheck();
      this.renderFileName();
    });
    $('#upload-format').addEventListener('change', () => this.resetCheck());
    $('#upload-trust').addEventListener('change', () => this.resetCheck());
    $('#batches-refresh').addEventListener('click', () => this.loadBatches());
    window.addEventListener('langchange', () => {
      this.fillFormats();
      this.renderKey();
      this.renderReport();
      this.renderBatches();
      this.renderFileName();
    });
    this.renderKey();
    this.renderBatches();
  }

  key() {
    return sessionStorage.getItem(KEY) || '';
  }

  fillFormats() {
    const sel = $('#upload-format');
    const current = sel.value;
    replace(sel, h('option', { value: '' }, t('cur.formatAuto')),
      FORMATS.map((f) => h('option', { value: f }, `${t(`fmt.${f}`)} (${f})`)));
    sel.value = current || '';
    const trust = $('#upload-trust');
    const level = trust.value;
    replace(trust, h('option', { value: '' }, t('cur.trustAuto')),
      LEVELS.map((l) => h('option', { value: l }, `${t(`trust.${l}`)} (${l})`)));
    trust.value = level || '';
  }

  shown() {
    if (this.key() && !this.batches) this.loadBatches();
  }

  route() {}

  async saveKey() {
    const value = $('#api-key').value.trim();
    if (!value) return;
    sessionStorage.setItem(KEY, value);
    $('#api-key').value = '';
    this.renderKey();
    await this.loadBatches();
  }

  renderKey(error) {
    const el = $('#key-status');
    if (error) {
      el.textContent = t('cur.keyBad', { msg: error });
      el.className = 'status-line error';
    } else {
      el.textContent = this.key() ? t('cur.keySet') : t('cur.keyUnset');
      el.className = `status-line ${this.key() ? 'ok' : ''}`;
    }
    $('#key-clear').hidden = !this.key();
  }

  renderFileName() {
    const f = $('#upload-file').files[0];
    const el = $('#file-name');
    el.textContent = f ? `${f.name} (${formatSize(f.size)})` : t('cur.noFile');
    el.classList.toggle('muted', !f);
  }

  resetCheck() {
    this.checked = null;
    $('#upload-commit').disabled = true;
  }

  async upload(dryRun) {
    const file = $('#upload-file').files[0];
    const report = $('#upload-report');
    if (!this.key()) {
      replace(report, h('p', { class: 'error', role: 'alert' }, t('cur.needKey')));
      $('#api-key').focus();
      return;
    }
    if (!file) {
      replace(report, h('p', { class: 'error', role: 'alert' }, t('cur.needFile')));
      return;
    }
    if (!dryRun && file !== this.checked) return;
    const format = $('#upload-format').value;
    $('#upload-check').disabled = true;
    $('#upload-commit').disabled = true;
    replace(report, h('p', { class: 'muted' }, t('cur.working')));
    try {
      const trust = $('#upload-trust').value;
      const { status, body } = await uploadBatch(file, { key: this.key(), format, dryRun, trust });
      // A refused commit arrives as problem JSON with the line errors.
      this.result = status === 422 ? { status: 'rejected', errors: body.errors || [], message: body.detail } : body;
      this.checked = dryRun && this.result.status === 'dry-run' ? file : null;
      this.renderReport();
      if (!dryRun && this.result.status === 'committed') {
        this.resetCheck();
        await this.loadBatches();
      }
    } catch (e) {
      this.result = null;
      replace(report, h('p', { class: 'error', role: 'alert' }, errorText(e)));
      if (e.status === 401 || e.status === 403) this.renderKey(errorText(e));
    } finally {
      $('#upload-check').disabled = false;
      $('#upload-commit').disabled = !this.checked;
    }
  }

  renderReport() {
    const r = this.result;
    const box = $('#upload-report');
    if (!r) return;
    const errors = r.errors || [];
    const banner = {
      'dry-run': ['ok', t('cur.status.dry-run')],
      rejected: ['error', t('cur.status.rejected', { n: errors.length })],
      committed: ['ok', t('cur.status.committed', { id: r.batchId })],
      unchanged: ['info', t('cur.status.unchanged', { id: r.batchId })],
    }[r.status] || ['info', r.message || r.status];
    const parts = [h('p', { class: `banner ${banner[0]}`, role: r.status === 'rejected' ? 'alert' : 'status',
      dataset: { status: r.status } }, banner[1])];
    if (r.reports && r.reports.length) {
      parts.push(h('ul', { class: 'file-reports' }, r.reports.map((f) => h('li', null, t('cur.fileReport', {
        file: f.file, format: f.format, lines: f.lines, accepted: f.accepted, rejected: f.rejected,
      })))));
    }
    if (r.trust) parts.push(h('p', { class: 'load-trust' }, `${t('cur.trust')}：`, trustBadge(r.trust)));
    if (r.counts && Object.keys(r.counts).length) parts.push(countsList(r.counts, t('cur.counts')));
    if (r.mapping && r.mapping.length) {
      parts.push(h('h3', null, t('cur.mapping')), table(['col.rule', 'col.action', 'col.count', 'col.examples'],
        r.mapping.map((m) => [h('span', { title: m.why }, m.rule), t(`cur.action.${m.action}`), String(m.count),
          m.examples.join('；')]), 'mapping-table'));
    }
    if (errors.length) {
      // the file column only when the errors span several files (the file is named just above otherwise)
      const files = new Set(errors.map((e) => e.file)).size > 1;
      parts.push(h('h3', null, t('cur.errors')), table(
        [files ? 'col.file' : null, 'col.line', 'col.field', 'col.reason'].filter(Boolean),
        errors.slice(0, MAX_ROWS).map((e) => [files ? e.file : null, String(e.line), e.field, e.reason]
          .filter((c) => c !== null)), `errors-table${files ? ' with-file' : ''}`));
      const more = errors.length - MAX_ROWS + (r.reports || []).reduce((a, f) => a + (f.errorsTruncated || 0), 0);
      if (more > 0) parts.push(h('p', { class: 'muted' }, t('cur.truncated', { n: more })));
    }
    if (r.notes && r.notes.length) {
      parts.push(h('h3', null, t('cur.notes')), table(['col.file', 'col.line', 'col.field', 'col.reason'],
        r.notes.slice(0, MAX_ROWS).map((e) => [e.file, String(e.line), e.field, e.reason]), 'notes-table'));
    }
    if (r.resolutions && r.resolutions.length) {
      parts.push(h('h3', null, t('cur.resolutions')), table(
        ['col.line', 'col.field', 'col.written', 'col.entity', 'col.type', 'col.how'],
        r.resolutions.slice(0, MAX_ROWS).map((x) => [String(x.line), x.field, x.written,
          h('span', null, x.entityName, ' ', h('span', { class: 'muted' }, x.entityId)),
          h('span', { class: 'type-cell' }, swatch(x.entityType, 12), typeName(x.entityType, lang())),
          h('span', { class: `how how-${x.how}` }, t(`how.${x.how}`))]), 'resolutions-table'));
      const more = (r.resolutionsTruncated || 0) + Math.max(0, r.resolutions.length - MAX_ROWS);
      if (more > 0) parts.push(h('p', { class: 'muted' }, t('cur.truncated', { n: more })));
    }
    replace(box, parts);
  }

  async loadBatches() {
    if (!this.key()) return;
    const status = $('#batches-status');
    status.textContent = t('cur.working');
    try {
      const res = await api.batches(this.key());
      this.batches = res.batches || [];
      status.textContent = this.message || '';
      this.renderKey();
    } catch (e) {
      this.batches = null;
      status.textContent = '';
      if (e.status === 401 || e.status === 403) {
        sessionStorage.removeItem(KEY); // a refused key is not kept
        this.renderKey(errorText(e));
      } else {
        status.textContent = errorText(e);
      }
    }
    this.renderBatches();
  }

  renderBatches() {
    const box = $('#batches');
    if (!this.batches) {
      replace(box, this.key() ? null : h('p', { class: 'muted' }, t('cur.batchesNeedKey')));
      return;
    }
    if (!this.batches.length) {
      replace(box, h('p', { class: 'muted' }, t('cur.noBatches')));
      return;
    }
    replace(box, table(['col.id', 'col.kind', 'col.trust', 'col.label', 'col.curator', 'col.created', 'col.counts',
      'col.actions'],
      this.batches.map((b) => [
        h('code', null, b.id),
        b.kind === 'seed' ? h('span', { class: 'kind seed' }, t('cur.seed')) : b.kind,
        trustBadge(b.trust),
        h('span', { class: 'batch-label' }, b.label, b.reason ? h('span', { class: 'batch-reason muted' },
          ` — ${b.reason}`) : null),
        b.curator,
        formatTime(b.createdAt),
        countsInline(b.counts),
        this.undoCell(b),
      ]), 'batches-table', (b, i) => ({ dataset: { batch: this.batches[i].id } })));
  }

  undoCell(b) {
    if (this.confirming === b.id) {
      return h('span', { class: 'confirm' },
        h('button', { type: 'button', class: 'danger', onclick: () => this.undo(b.id) }, t('cur.confirmUndo')),
        h('button', { type: 'button', onclick: () => {
          this.confirming = null;
          this.renderBatches();
        } }, t('cur.cancel')));
    }
    return h('button', { type: 'button', class: 'undo', 'aria-label': t('cur.undoLabel', { id: b.id }),
      onclick: () => {
        this.confirming = b.id;
        this.renderBatches();
        const btn = document.querySelector(`tr[data-batch="${CSS.escape(b.id)}"] .danger`);
        if (btn) btn.focus();
      } }, t('cur.undo'));
  }

  async undo(id) {
    this.confirming = null;
    const status = $('#batches-status');
    status.textContent = t('cur.working');
    try {
      const r = await api.undoBatch(id, this.key());
      this.message = t('cur.undone', { id, rel: r.relationsDeleted ?? 0, ent: r.entitiesDeleted ?? 0 });
    } catch (e) {
      this.message = errorText(e);
    }
    await this.loadBatches();
    status.textContent = this.message;
    this.message = null;
  }
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function countLabel(k) {
  return has(`count.${k}`) ? t(`count.${k}`) : k;
}

const COUNT_ORDER = ['lines', 'triples', 'entities', 'aliases', 'passages', 'relations', 'newEntities',
  'existingEntities', 'resolvedByAlias', 'relationsCreated', 'relationsSupported', 'entitiesCreated', 'entitiesTouched',
  'aliasesAdded', 'passagesCreated'];

function ordered(counts) {
  const rank = (k) => (COUNT_ORDER.includes(k) ? COUNT_ORDER.indexOf(k) : COUNT_ORDER.length);
  return Object.entries(counts || {}).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function countsList(counts, title) {
  return h('dl', { class: 'counts', 'aria-label': title }, ordered(counts)
    .filter(([, v]) => v)
    .map(([k, v]) => h('div', { class: 'count-item' }, h('dt', null, countLabel(k)), h('dd', null, String(v)))));
}

function countsInline(counts) {
  return h('span', { class: 'counts-inline' }, ordered(counts)
    .filter(([, v]) => v)
    .map(([k, v]) => h('span', { class: 'count-pill' }, `${countLabel(k)} ${v}`)));
}

function table(headKeys, rows, cls, rowAttrs) {
  return h('div', { class: 'table-wrap' }, h('table', { class: cls },
    h('thead', null, h('tr', null, headKeys.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(null, i) : null,
      cells.map((c) => h('td', null, c)))))));
}
