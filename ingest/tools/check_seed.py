#!/usr/bin/env python3
"""Checks the curated seed (ingest/seed), the curated passages (ingest/passages, Chinese, and their English
versions under ingest/passages/en), the seed manifest and the labelled evaluation set (src/test/resources/eval)
against graph-schema/vocabulary.json.

Stdlib only. Run from anywhere:  python3 ingest/tools/check_seed.py [--repo PATH]
Exit status 0 when clean, 1 when any error was found (each error names file, line and reason).
"""
import argparse
import collections
import json
import os
import re
import sys
import unicodedata

ENTITY_HEADER = ['id', 'type', 'name', 'aliases', 'description', 'description_en', 'source']
TRIPLE_HEADER = ['subject', 'subject_type', 'predicate', 'object', 'object_type', 'source', 'evidence', 'confidence']
ID_RE = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')
PASSAGE_ID_RE = re.compile(r'^p-[a-z0-9]+(?:-[a-z0-9]+)*$')
CJK_RE = re.compile(r'[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]')
PASSAGE_KEYS = {'id', 'title', 'text', 'source', 'entities', 'topic', 'lang', 'translation_of', 'population'}
# the groups of patients a passage may be written for (PassageRow.POPULATIONS): quoted only for that group
PASSAGE_POPULATIONS = {'pregnancy', 'child', 'young-adult'}
PASSAGE_LANGS = {'zh', 'en'}
# text length in characters: a Chinese passage is a paragraph; its English version runs about 2-4 times as long
TEXT_LENGTH = {'zh': (80, 400), 'en': (150, 1800)}
CONTROL_RE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029]')
MAX_NAME = 100
LANGS = {'zh-Hans', 'zh-Hant', 'en'}
# Every Chinese passage has an English version (issue 22); every entity's English description is always required.
REQUIRE_ENGLISH = True
MINIMUMS = {'entities': 300, 'relations': 1000, 'passages': 150, 'eval': 60}

# Traditional -> simplified for every traditional character used in the seed's aliases and the
# evaluation questions (pairs: traditional, simplified). Extend it when new traditional text is added;
# the check "traditional character without a folding" below says when.
T2S_PAIRS = (
    '並并亞亚來来係系個个側侧傷伤價价儘尽償偿優优內内兩两別别剛刚剝剥創创劃划劇剧劑剂動动務务勞劳勢势勻匀區区協协問问啟启喪丧'
    '單单嗆呛嗎吗嘔呕噁恶噴喷嚥咽囑嘱國国圓圆圖图堅坚墊垫壓压夠够夾夹嬤嬷學学實实寧宁專专對对導导層层屬属島岛嶺岭師师帶带幫帮'
    '幹干廁厕廢废廣广張张強强彈弹彌弥後后從从復复徵征悶闷惡恶愛爱態态慮虑憂忧憶忆應应掃扫換换損损撐撑撥拨擇择擊击擋挡擬拟擺摆'
    '攝摄攣挛數数於于時时暈晕暢畅暫暂會会柺拐桿杆條条楊杨業业構构樂乐標标樞枢樣样橋桥機机檢检欄栏權权殘残殼壳氣气氫氢沒没減减'
    '測测湯汤準准溝沟溫温溼湿滯滞滲渗漢汉漿浆潑泼潔洁潰溃澱淀濟济瀉泻瀦潴灑洒灣湾為为烏乌無无煙烟熱热燈灯燒烧營营爾尔牽牵狀状'
    '狹狭獨独現现環环甦苏畢毕異异痙痉瘍疡瘓痪瘡疮瘻瘘療疗癇痫癥症癱瘫癲癫發发盡尽監监矯矫確确礙碍種种穀谷積积穩稳窪洼竇窦節节'
    '範范篩筛簡简糧粮紅红紋纹級级細细組组絆绊結结絡络給给經经綜综維维網网緊紧緒绪線线緣缘緩缓練练縮缩總总織织繞绕續续纏缠纖纤'
    '羣群羥羟習习聯联聲声職职脈脉脫脱脹胀腎肾腦脑腫肿腳脚腸肠膚肤臉脸臘腊臟脏臥卧臨临臺台與与興兴舉举華华菸烟葉叶藥药蘭兰處处'
    '虛虚號号術术衛卫裝装製制複复見见規规視视覺觉計计訊讯訓训託托記记訪访診诊評评試试話话該该誌志認认誘诱語语誤误說说調调請请'
    '講讲證证識识議议護护變变貝贝質质賽赛車车軟软較较輔辅輕轻輪轮轉转辦办迴回連连進进運运過过達达適适遲迟選选還还邊边醃腌醫医'
    '針针鈉钠鈕钮鈣钙鋇钡鋪铺錄录鍵键鍼针鏡镜長长門门閉闭開开間间關关階阶際际隨随險险隱隐雖虽雙双雜杂離离難难電电霧雾靈灵靜静'
    '響响頂顶項项須须預预頓顿頜颌頭头頸颈題题額额顏颜類类顧顾顫颤顯显顱颅顳颞風风飲饮飼饲養养餘余餵喂馬马驗验體体髖髋鬆松鬱郁'
    '魚鱼鮮鲜鹹咸鹽盐麥麦麵面麼么黃黄齊齐齒齿齡龄'
)
T2S = {T2S_PAIRS[i]: T2S_PAIRS[i + 1] for i in range(0, len(T2S_PAIRS), 2)}
SIMPLIFIED_ONLY = set(T2S.values())


def fold(text):
    """The matching key of a name: NFKC, traditional->simplified, case-folded, spaces collapsed."""
    text = unicodedata.normalize('NFKC', text)
    text = ''.join(T2S.get(c, c) for c in text)
    return ' '.join(text.casefold().split())


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, reason):
        self.errors.append(f'{where}: {reason}')

    def warn(self, where, reason):
        self.warnings.append(f'{where}: {reason}')


def read_tsv(path, header, report):
    rows = []
    if not os.path.exists(path):
        report.error(path, 'missing')
        return rows
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        report.error(path, f'malformed UTF-8 at byte {e.start}')
        return rows
    if '\r' in text:
        report.error(path, 'CR characters found: line endings must be LF')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    else:
        report.error(path, 'file must end with a newline')
    if not lines or lines[0].split('\t') != header:
        report.error(f'{path}:1', f'header must be {"<TAB>".join(header)}')
        return rows
    for n, line in enumerate(lines[1:], 2):
        cols = line.split('\t')
        if len(cols) != len(header):
            report.error(f'{path}:{n}', f'expected {len(header)} columns, found {len(cols)}')
            continue
        bad = [h for h, c in zip(header, cols) if CONTROL_RE.search(c)]
        if bad:
            report.error(f'{path}:{n}', f'control character in {", ".join(bad)}')
            continue
        rows.append((n, dict(zip(header, cols))))
    return rows


def load_sources(path, report):
    sources = set()
    if not os.path.exists(path):
        report.error(path, 'missing')
        return sources
    for line in open(path, encoding='utf-8'):
        m = re.match(r'^- `([^`]+)`', line)
        if m:
            sources.add(m.group(1))
    if not sources:
        report.error(path, 'lists no source strings (expected lines "- `SOURCE` — what it is")')
    return sources


def check_entities(repo, vocab, sources, report):
    path = os.path.join(repo, 'ingest/seed/entities.tsv')
    entities = {}
    by_name = {}
    keys = {}
    for n, row in read_tsv(path, ENTITY_HEADER, report):
        where = f'{path}:{n}'
        eid, typ, name = row['id'], row['type'], row['name']
        if not ID_RE.match(eid):
            report.error(where, f'id "{eid}" is not kebab-case')
        if eid in entities:
            report.error(where, f'duplicate id "{eid}"')
            continue
        if typ not in vocab['types']:
            report.error(where, f'unknown type "{typ}"')
        if not name or len(name) > MAX_NAME:
            report.error(where, 'name empty or longer than %d characters' % MAX_NAME)
        if not CJK_RE.search(name):
            report.error(where, f'name "{name}" has no Chinese character')
        if any(c in T2S for c in name):
            report.error(where, f'name "{name}" is not simplified Chinese')
        if not row['description'] or not row['description'].endswith('。'):
            report.error(where, 'description must be one Chinese sentence ending with 。')
        elif row['description'][:-1].count('。'):
            report.error(where, 'description has more than one sentence')
        en = row['description_en']
        if not en:
            report.error(where, 'description_en is empty: every curated entity has an English description')
        else:
            if CJK_RE.search(en):
                report.error(where, 'description_en has Chinese characters or full-width punctuation')
            if not en.endswith('.') or not en[0].isupper():
                report.error(where, 'description_en must start with a capital letter and end with a full stop')
            if en != en.strip() or '  ' in en:
                report.error(where, 'description_en has stray spaces')
        if row['source'] not in sources:
            report.error(where, f'source not listed in SOURCES.md: "{row["source"]}"')
        aliases = [a for a in row['aliases'].split('|')] if row['aliases'] else []
        for a in aliases:
            if not a.strip() or len(a) > MAX_NAME:
                report.error(where, f'empty or over-long alias "{a}"')
        if len(set(aliases)) != len(aliases):
            report.error(where, 'repeated alias')
        for term in [name] + aliases:
            k = fold(term)
            owner = keys.get(k)
            if owner and owner[0] != eid:
                report.error(where, f'"{term}" of {eid} folds to "{k}", already a name or alias of {owner[0]} ("{owner[1]}")')
            else:
                keys[k] = (eid, term)
        if name in by_name:
            report.error(where, f'canonical name "{name}" repeated')
        by_name[name] = eid
        entities[eid] = dict(row, aliases=aliases, line=n)
    return entities, by_name, keys


def check_triples(repo, vocab, sources, entities, by_name, report):
    path = os.path.join(repo, 'ingest/seed/triples.tsv')
    preds = vocab['predicates']
    groups = {t: v['group'] for t, v in vocab['types'].items()}
    seen = {}
    triples = []
    for n, row in read_tsv(path, TRIPLE_HEADER, report):
        where = f'{path}:{n}'
        ok = True
        for side in ('subject', 'object'):
            name, typ = row[side], row[f'{side}_type']
            eid = by_name.get(name)
            if eid is None:
                report.error(where, f'{side} "{name}" is not the canonical name of any entity')
                ok = False
            elif entities[eid]['type'] != typ:
                report.error(where, f'{side}_type "{typ}" but entity {eid} is a {entities[eid]["type"]}')
                ok = False
        p = row['predicate']
        if p not in preds:
            report.error(where, f'unknown predicate "{p}"')
            ok = False
        elif ok:
            st, ot = row['subject_type'], row['object_type']
            if st not in preds[p]['domain']:
                report.error(where, f'{p}: subject type {st} not in domain {preds[p]["domain"]}')
            if ot not in preds[p]['range']:
                report.error(where, f'{p}: object type {ot} not in range {preds[p]["range"]}')
            if preds[p].get('sameGroup') and groups.get(st) != groups.get(ot):
                report.error(where, f'{p}: {st} and {ot} are not in the same type group')
        if row['subject'] == row['object']:
            report.error(where, 'subject and object are the same entity')
        if row['source'] not in sources:
            report.error(where, f'source not listed in SOURCES.md: "{row["source"]}"')
        if row['confidence']:
            try:
                c = float(row['confidence'])
                if not 0.0 <= c <= 1.0:
                    raise ValueError
            except ValueError:
                report.error(where, f'confidence "{row["confidence"]}" is not a number in [0,1]')
        key = (row['subject'], p, row['object'])
        if key in seen:
            report.error(where, f'duplicate triple (first at line {seen[key]})')
        seen[key] = n
        if ok:
            triples.append((by_name[row['subject']], p, by_name[row['object']]))
    return triples


def components(entities, triples):
    parent = {e: e for e in entities}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for s, _, o in triples:
        parent[find(s)] = find(o)
    groups = collections.defaultdict(list)
    for e in entities:
        groups[find(e)].append(e)
    return sorted(groups.values(), key=len, reverse=True)


def has_path(triples, a, b, max_len):
    adj = collections.defaultdict(set)
    for s, _, o in triples:
        adj[s].add(o)
        adj[o].add(s)
    frontier, seen = {a}, {a}
    for _ in range(max_len):
        frontier = {n for f in frontier for n in adj[f]} - seen
        if b in frontier:
            return True
        seen |= frontier
    return False


def read_jsonl(path, report):
    items = []
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        report.error(path, f'malformed UTF-8 at byte {e.start}')
        return items
    for n, line in enumerate(text.split('\n'), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            report.error(f'{path}:{n}', f'invalid JSON: {e.msg}')
            continue
        if not isinstance(obj, dict):
            report.error(f'{path}:{n}', 'each line must be a JSON object')
            continue
        items.append((n, obj))
    return items


def passage_files(repo):
    """Every .jsonl under ingest/passages (Chinese at the top, English under en/), relative to ingest/."""
    folder = os.path.join(repo, 'ingest/passages')
    out = []
    for root, _, files in os.walk(folder):
        for fn in files:
            if fn.endswith('.jsonl'):
                out.append(os.path.relpath(os.path.join(root, fn), os.path.join(repo, 'ingest')))
    return sorted(out)


def check_passages(repo, sources, entities, report):
    folder = os.path.join(repo, 'ingest/passages')
    ids = {}
    passages = {}
    by_topic = collections.Counter()
    by_lang = collections.Counter()
    if not os.path.isdir(folder):
        report.error(folder, 'missing')
        return by_topic, by_lang
    for rel in passage_files(repo):
        path = os.path.join(repo, 'ingest', rel)
        in_en = rel.split(os.sep)[1:2] == ['en']
        for n, p in read_jsonl(path, report):
            where = f'{path}:{n}'
            missing = [k for k in ('id', 'title', 'text', 'source', 'entities', 'topic') if k not in p]
            if missing:
                report.error(where, f'missing field(s) {missing}')
                continue
            unknown = sorted(set(p) - PASSAGE_KEYS)
            if unknown:
                report.error(where, f'unknown field(s) {unknown}')
            lang = p.get('lang', 'zh')
            if lang not in PASSAGE_LANGS:
                report.error(where, f'lang "{lang}" must be one of {sorted(PASSAGE_LANGS)}')
                lang = 'zh'
            if (lang == 'en') != in_en:
                report.error(where, 'English passages (lang "en") live under ingest/passages/en/, Chinese ones outside it')
            by_lang[lang] += 1
            if 'population' in p and p['population'] not in PASSAGE_POPULATIONS:
                report.error(where, f'population "{p["population"]}" must be one of {sorted(PASSAGE_POPULATIONS)}')
            if not isinstance(p['id'], str) or not PASSAGE_ID_RE.match(p['id']):
                report.error(where, f'id "{p["id"]}" must look like p-topic-001')
            elif p['id'] in ids:
                report.error(where, f'duplicate passage id "{p["id"]}" (first in {ids[p["id"]]})')
            ids[p['id']] = where
            for k in ('title', 'text', 'source', 'topic'):
                if not isinstance(p[k], str) or not p[k].strip():
                    report.error(where, f'{k} must be a non-empty string')
                elif CONTROL_RE.search(p[k]):
                    report.error(where, f'control character in {k}')
            lo, hi = TEXT_LENGTH[lang]
            if isinstance(p['text'], str) and not lo <= len(p['text']) <= hi:
                report.error(where, f'text has {len(p["text"])} characters, expected {lo}–{hi} for lang {lang}')
            if lang == 'en':
                for k in ('title', 'text'):
                    if isinstance(p[k], str) and CJK_RE.search(p[k]):
                        report.error(where, f'{k} of an English passage has Chinese characters or full-width punctuation')
            elif isinstance(p['text'], str) and not CJK_RE.search(p['text']):
                report.error(where, 'a Chinese passage (no lang, or lang "zh") has no Chinese text')
            if p['source'] not in sources:
                report.error(where, f'source not listed in SOURCES.md: "{p["source"]}"')
            ents = p['entities']
            if not isinstance(ents, list) or not 1 <= len(ents) <= 6:
                report.error(where, 'entities must list 1–6 entity ids')
            else:
                for e in ents:
                    if e not in entities:
                        report.error(where, f'unknown entity id "{e}"')
                if len(set(ents)) != len(ents):
                    report.error(where, 'repeated entity id')
            by_topic[p['topic']] += 1
            passages[p['id']] = dict(p, lang=lang, where=where)
    check_translations(passages, report)
    return by_topic, by_lang


def check_translations(passages, report):
    """An English passage translates exactly one Chinese passage: same source, entities and topic; every Chinese
    passage has an English version."""
    translated = collections.defaultdict(list)
    for pid, p in passages.items():
        orig_id = p.get('translation_of')
        if p['lang'] == 'en' and not orig_id:
            report.error(p['where'], 'an English passage names the Chinese passage it translates in translation_of')
            continue
        if orig_id is None:
            continue
        orig = passages.get(orig_id)
        if orig is None:
            report.error(p['where'], f'translation_of "{orig_id}" is no passage')
            continue
        if orig['lang'] == p['lang']:
            report.error(p['where'], f'translation_of "{orig_id}" is in the same language')
            continue
        translated[orig_id].append(pid)
        for k in ('source', 'topic'):
            if p.get(k) != orig.get(k):
                report.error(p['where'], f'{k} differs from the original {orig_id}: a translation keeps it')
        if sorted(p.get('entities') or []) != sorted(orig.get('entities') or []):
            report.error(p['where'], f'entities differ from the original {orig_id}: a translation keeps them')
    for pid, ids in translated.items():
        if len(ids) > 1:
            report.error(passages[ids[1]]['where'], f'{pid} is translated twice ({", ".join(ids)})')
    for pid, p in passages.items():
        if REQUIRE_ENGLISH and p['lang'] == 'zh' and pid not in translated:
            report.error(p['where'], f'passage {pid} has no English version under ingest/passages/en/')


def check_manifest(repo, report):
    """Every seed file and passage file is listed in ingest/seed/MANIFEST.txt, and every listed file exists."""
    path = os.path.join(repo, 'ingest/seed/MANIFEST.txt')
    if not os.path.exists(path):
        report.error(path, 'missing')
        return
    listed = {}
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.strip()
        if not line or line.startswith('#') or line.startswith('batch '):
            continue
        parts = line.split()
        if len(parts) != 2:
            report.error(f'{path}:{n}', 'expected "FILE FORMAT"')
            continue
        if parts[0] in listed:
            report.error(f'{path}:{n}', f'{parts[0]} listed twice')
        listed[parts[0]] = n
        if not os.path.exists(os.path.join(repo, 'ingest', parts[0])):
            report.error(f'{path}:{n}', f'{parts[0]} does not exist')
    present = set(passage_files(repo))
    for fn in os.listdir(os.path.join(repo, 'ingest/seed')):
        if fn.endswith('.tsv'):
            present.add(os.path.join('seed', fn))
    for rel in sorted(present - set(listed)):
        report.error(path, f'ingest/{rel} is not listed: the seed would not load it')


def names_of(entity):
    return [entity['name']] + entity['aliases']


def check_eval(repo, entities, report):
    path = os.path.join(repo, 'src/test/resources/eval/stroke-eval.jsonl')
    stats = collections.Counter()
    if not os.path.exists(path):
        report.error(path, 'missing')
        return stats
    questions = set()
    for n, item in read_jsonl(path, report):
        where = f'{path}:{n}'
        for k, t in (('question', str), ('reference_answer', str), ('entities', list), ('lang', str), ('emergency', bool)):
            if not isinstance(item.get(k), t):
                report.error(where, f'{k} missing or not a {t.__name__}')
        if not isinstance(item.get('question'), str) or not isinstance(item.get('entities'), list):
            continue
        q = fold(item['question'])
        if q in questions:
            report.error(where, 'duplicate question')
        questions.add(q)
        if item.get('lang') not in LANGS:
            report.error(where, f'lang must be one of {sorted(LANGS)}')
        ref = fold(item.get('reference_answer') or '')
        if not item['entities']:
            report.error(where, 'entities is empty')
        for e in item['entities']:
            if e not in entities:
                report.error(where, f'unknown entity id "{e}"')
            elif not any(fold(t) in ref for t in names_of(entities[e])):
                report.error(where, f'reference_answer does not name entity {e} by its name or an alias')
        stats[item.get('lang')] += 1
        stats['emergency' if item.get('emergency') else 'non-emergency'] += 1
        stats['total'] += 1
        if len(item['entities']) >= 2:
            stats['multi-entity'] += 1
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--repo', default=os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..')))
    args = ap.parse_args()
    repo = args.repo
    report = Report()
    vocab = json.load(open(os.path.join(repo, 'graph-schema/vocabulary.json'), encoding='utf-8'))
    sources = load_sources(os.path.join(repo, 'ingest/seed/SOURCES.md'), report)
    entities, by_name, keys = check_entities(repo, vocab, sources, report)
    triples = check_triples(repo, vocab, sources, entities, by_name, report)
    by_topic, by_lang = check_passages(repo, sources, entities, report)
    check_manifest(repo, report)
    eval_stats = check_eval(repo, entities, report)

    used = {s for s, _, _ in triples} | {o for _, _, o in triples}
    for eid in entities:
        if eid not in used:
            report.error(f'entity {eid}', 'takes part in no triple')
    comps = components(entities, triples)
    if len(comps) > 1:
        for c in comps[1:]:
            report.warn('graph', f'component apart from the main one: {", ".join(sorted(c))}')
    for a, b, why in (('hypertension', 'ischemic-stroke', '脑梗死和高血压有什么关系'),
                      ('stroke', 'spasticity', '中风后手臂僵硬怎么办'),
                      ('limb-stiffness', 'botulinum-toxin-injection', '手臂僵硬 -> 痉挛 -> 肉毒毒素注射'),
                      ('lacunar-infarction', 'stroke', '腔隙性脑梗死 -> 脑梗死 -> 脑卒中')):
        if a in entities and b in entities and not has_path(triples, a, b, 2):
            report.error('graph', f'no path of length <= 2 between {a} and {b} ({why})')

    n_ent, n_rel, n_pas = len(entities), len(triples), by_lang['zh']
    for what, have in (('entities', n_ent), ('relations', n_rel), ('passages', n_pas), ('eval', eval_stats['total'])):
        if have < MINIMUMS[what]:
            report.error(what, f'{have} < minimum {MINIMUMS[what]}')

    print(f'entities: {n_ent}')
    for t, c in sorted(collections.Counter(e['type'] for e in entities.values()).items()):
        print(f'  {t:<16}{c:>5}')
    print(f'names and aliases (folded, distinct): {len(keys)}')
    print(f'relations: {n_rel}')
    for p, c in sorted(collections.Counter(p for _, p, _ in triples).items()):
        print(f'  {p:<22}{c:>5}')
    print(f'graph components: {len(comps)} (largest {len(comps[0]) if comps else 0} entities)')
    print(f'entities with an English description: {sum(1 for e in entities.values() if e["description_en"])}')
    print(f'passages: {n_pas} Chinese, {by_lang["en"]} English')
    for t, c in sorted(by_topic.items()):
        print(f'  {t:<22}{c:>5}')
    print(f'eval items: {eval_stats["total"]}  (' + ', '.join(
        f'{k} {eval_stats[k]}' for k in ('zh-Hans', 'zh-Hant', 'en', 'emergency', 'multi-entity')) + ')')
    for w in report.warnings:
        print('WARNING ' + w)
    for e in report.errors:
        print('ERROR ' + e)
    print('OK' if not report.errors else f'{len(report.errors)} error(s)')
    return 1 if report.errors else 0


if __name__ == '__main__':
    sys.exit(main())
