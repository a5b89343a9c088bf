// Trust levels in the interface: the badge every relation, entity and passage carries, and a curator's controls to
// review a fact (promote it to reviewed) or retract it with a reason — each a batch the Curate view lists and undoes.
// The curator key is the one the Curate view keeps in sessionStorage.

import { postJson } from './api.js';
import { h } from './dom.js';
import { errorText, t } from './i18n.js';

export const KEY = 'strokekg.curatorKey';
export const LEVELS = ['curated', 'reviewed', 'unreviewed'];

export function curatorKey() {
  return sessionStorage.getItem(KEY) || '';
}

/** 审定 / 已审核 / 未经审核, coloured by level; nothing for an unknown level. */
export function trustBadge(level) {
  if (!LEVELS.includes(level)) return null;
  return h('span', { class: `trust-badge trust-${level}`, title: t(`trust.help.${level}`), dataset: { trust: level } },
    t(`trust.${level}`));
}

/**
 * "标为已审核" and "撤回" for one fact (a relation id r-…, or entity:ID / passage:ID), the second with its reason.
 * `onDone(kind, result)` runs after the server recorded the decision. Without a curator key: a hint where to set one.
 */
export function decisionControls(id, { onDone = () => {}, compact = false } = {}) {
  if (!curatorKey()) return compact ? null : h('p', { class: 'muted small decide-hint' }, t('trust.needKey'));
  const status = h('p', { class: 'status-line small decide-status', role: 'status', 'aria-live': 'polite' });
  const reason = h('input', { type: 'text', class: 'decide-reason', maxlength: '2000',
    placeholder: t('trust.reasonPlaceholder'), 'aria-label': t('trust.reason') });
  const buttons = [];
  const act = async (kind) => {
    const why = reason.value.trim();
    if (kind === 'retraction' && !why) {
      status.textContent = t('trust.needReason');
      status.className = 'status-line small decide-status error';
      reason.focus();
      return;
    }
    buttons.forEach((b) => { b.disabled = true; });
    status.textContent = t('trust.working');
    status.className = 'status-line small decide-status';
    try {
      const body = { ids: [id] };
      if (why) body.reason = why;
      const res = await postJson(kind === 'review' ? '/api/v1/reviews' : '/api/v1/retractions', body,
        { key: curatorKey() });
      status.textContent = t(`trust.done.${kind}`, { batch: res.batchId });
      status.className = 'status-line small decide-status ok';
      status.dataset.batch = res.batchId;
      onDone(kind, res);
    } catch (e) {
      status.textContent = errorText(e);
      status.className = 'status-line small decide-status error';
      buttons.forEach((b) => { b.disabled = false; });
    }
  };
  buttons.push(h('button', { type: 'button', class: 'decide-review', onclick: () => act('review') },
    t('trust.review')));
  buttons.push(h('button', { type: 'button', class: 'decide-retract danger', onclick: () => act('retraction') },
    t('trust.retract')));
  return h('div', { class: 'decide', dataset: { fact: id } },
    h('div', { class: 'decide-row' }, buttons[0], reason, buttons[1]), status);
}
