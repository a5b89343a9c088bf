// The graph vocabulary (graph-schema/vocabulary.json): node types and relation types with their Chinese and English
// names, plus how the explorer draws each node type. The built-in ones are drawn as below; types and relations a
// curator adds through a vocabulary extension come from GET /api/v1/schema at start (extendFromServer).

/** Node types: colour and shape are both set so the legend does not depend on colour vision alone. */
export const TYPES = {
  Disease:         { zh: '疾病',     en: 'Disease',               color: '#d1453b', shape: 'ellipse' },
  Complication:    { zh: '并发症',   en: 'Complication',          color: '#e8833a', shape: 'hexagon' },
  Symptom:         { zh: '症状体征', en: 'Symptom or sign',       color: '#e7b416', shape: 'triangle' },
  RiskFactor:      { zh: '危险因素', en: 'Risk factor',           color: '#8e5cc4', shape: 'diamond' },
  Examination:     { zh: '检查',     en: 'Examination',           color: '#138d90', shape: 'rectangle' },
  Assessment:      { zh: '评估量表', en: 'Assessment scale',      color: '#3fb8c9', shape: 'tag' },
  Treatment:       { zh: '治疗',     en: 'Treatment',             color: '#2f6fd6', shape: 'round-rectangle' },
  Drug:            { zh: '药物',     en: 'Drug',                  color: '#2e9e4f', shape: 'pentagon' },
  RehabMethod:     { zh: '康复方法', en: 'Rehabilitation method', color: '#7cb342', shape: 'star' },
  CareMeasure:     { zh: '护理措施', en: 'Care measure',          color: '#d6559b', shape: 'heptagon' },
  AssistiveDevice: { zh: '辅助器具', en: 'Assistive device',      color: '#8d6e63', shape: 'vee' },
  BodyPart:        { zh: '部位',     en: 'Body part',             color: '#8a9399', shape: 'octagon' },
  Department:      { zh: '科室',     en: 'Department',            color: '#455a75', shape: 'barrel' },
  Food:            { zh: '食物',     en: 'Food',                  color: '#b58900', shape: 'rhomboid' },
};

/** Relation types: `zh` is the short label drawn on an edge, `en` reads "start <en> end". */
export const PREDICATES = {
  SUBTYPE_OF:           { zh: '属于',     en: 'is a subtype of',            group: 'structure' },
  HAS_SYMPTOM:          { zh: '症状',     en: 'has symptom',                group: 'clinical' },
  WARNING_SIGN_OF:      { zh: '预警信号', en: 'is a warning sign of',       group: 'clinical' },
  RISK_FACTOR_OF:       { zh: '危险因素', en: 'is a risk factor of',        group: 'risk' },
  CAUSES:               { zh: '导致',     en: 'causes',                     group: 'clinical' },
  COMPLICATION_OF:      { zh: '并发于',   en: 'is a complication of',       group: 'clinical' },
  DIAGNOSED_BY:         { zh: '诊断检查', en: 'is diagnosed by',            group: 'diagnosis' },
  ASSESSED_BY:          { zh: '评估',     en: 'is assessed by',             group: 'diagnosis' },
  TREATED_BY:           { zh: '治疗',     en: 'is treated by',              group: 'treatment' },
  REHABILITATED_BY:     { zh: '康复',     en: 'is rehabilitated by',        group: 'rehab' },
  PREVENTED_BY:         { zh: '预防',     en: 'is prevented by',            group: 'treatment' },
  MANAGED_BY:           { zh: '护理',     en: 'is managed by care measure', group: 'rehab' },
  USES:                 { zh: '使用',     en: 'uses',                       group: 'treatment' },
  MONITORED_BY:         { zh: '监测指标', en: 'is monitored by',            group: 'diagnosis' },
  CONTRAINDICATED_WITH: { zh: '禁忌',     en: 'is contraindicated with',    group: 'contra' },
  LOCATED_IN:           { zh: '部位',     en: 'is located in',              group: 'structure' },
  BELONGS_TO:           { zh: '就诊科室', en: 'belongs to department',      group: 'structure' },
  RECOMMENDED_FOOD:     { zh: '宜吃',     en: 'recommended food',           group: 'food' },
  AVOID_FOOD:           { zh: '忌吃',     en: 'food to avoid',              group: 'food' },
  ASSOCIATED_WITH:      { zh: '相关',     en: 'is associated with',         group: 'structure' },
};

/**
 * Edge colours by relation family, muted so that the orange of a highlighted answer path stays the loudest thing
 * on screen; contraindications are dashed as well as dark red.
 */
export const REL_GROUPS = {
  clinical:  { color: '#c98a8a', line: 'solid' },
  risk:      { color: '#a58ccc', line: 'solid' },
  diagnosis: { color: '#6fb0b2', line: 'solid' },
  treatment: { color: '#7c9fd8', line: 'solid' },
  rehab:     { color: '#8dbb73', line: 'solid' },
  contra:    { color: '#a3312a', line: 'dashed' },
  structure: { color: '#aab4be', line: 'solid' },
  food:      { color: '#c9ae62', line: 'solid' },
};

export function relStyle(rel) {
  const p = PREDICATES[rel];
  return REL_GROUPS[p ? p.group : 'structure'];
}

const UNKNOWN_TYPE = { zh: '其他', en: 'Other', color: '#b0b7bf', shape: 'ellipse' };

export function typeInfo(type) {
  return TYPES[type] || { ...UNKNOWN_TYPE, zh: type, en: type };
}

export function typeName(type, lang) {
  const t = typeInfo(type);
  return lang === 'en' ? t.en : t.zh;
}

export function relName(rel, lang) {
  const p = PREDICATES[rel];
  if (!p) return rel;
  return lang === 'en' ? p.en : p.zh;
}

/** Points of each node shape in a [-1, 1] box, for the SVG legend swatches (close to Cytoscape's own drawing). */
export function shapePoints(shape) {
  const ngon = (n, rot = -Math.PI / 2) => Array.from({ length: n }, (_, i) => {
    const a = rot + (2 * Math.PI * i) / n;
    return [Math.cos(a), Math.sin(a)];
  });
  switch (shape) {
    case 'triangle': return [[0, -1], [1, 1], [-1, 1]];
    case 'diamond': return [[0, -1], [1, 0], [0, 1], [-1, 0]];
    case 'pentagon': return ngon(5);
    case 'hexagon': return ngon(6, 0);
    case 'heptagon': return ngon(7);
    case 'octagon': return ngon(8, Math.PI / 8);
    case 'star': return Array.from({ length: 10 }, (_, i) => {
      const a = -Math.PI / 2 + (Math.PI * i) / 5;
      const r = i % 2 === 0 ? 1 : 0.45;
      return [r * Math.cos(a), r * Math.sin(a)];
    });
    case 'vee': return [[-1, -1], [0, -0.33], [1, -1], [0, 1]];
    case 'rhomboid': return [[-1, -1], [0.33, -1], [1, 1], [-0.33, 1]];
    case 'tag': return [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]];
    case 'barrel': return [[-0.8, -1], [0.8, -1], [1, -0.6], [1, 0.6], [0.8, 1], [-0.8, 1], [-1, 0.6], [-1, -0.6]];
    default: return null; // ellipse, rectangle, round-rectangle are drawn as SVG primitives
  }
}

/**
 * Adds the node and relation types the server knows but this file does not (a curator's vocabulary extension), with
 * a neutral style. Without the route the built-in vocabulary above still works.
 */
export async function extendFromServer() {
  try {
    const response = await fetch('/api/v1/schema');
    if (!response.ok) return;
    const schema = await response.json();
    for (const t of schema.types || []) {
      if (!TYPES[t.name]) TYPES[t.name] = { zh: t.zh, en: t.en, color: '#6b7280', shape: 'ellipse' };
    }
    for (const p of schema.predicates || []) {
      if (!PREDICATES[p.name]) PREDICATES[p.name] = { zh: p.zh, en: p.en, group: 'structure' };
    }
  } catch (e) {
    // the server is starting or unreachable: keep the built-in vocabulary
  }
}
