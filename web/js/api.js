// The server's JSON API: small fetch wrappers that turn RFC 9457 problem bodies into ApiError, and the answer stream
// (Server-Sent Events over a POST, read with fetch and a stream reader because EventSource cannot POST).

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function parse(res) {
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    throw new ApiError(res.status, typeof body === 'object' ? body : { title: res.statusText, detail: body });
  }
  return body;
}

function authHeaders(key) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export async function getJson(path, { key, signal } = {}) {
  const res = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders(key) }, signal });
  return parse(res);
}

export async function postJson(path, body, { key, signal } = {}) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders(key) },
    body: JSON.stringify(body),
    signal,
  });
  return parse(res);
}

export async function del(path, { key } = {}) {
  const res = await fetch(path, { method: 'DELETE', headers: { Accept: 'application/json', ...authHeaders(key) } });
  return parse(res);
}

/**
 * Uploads one file as a batch. Resolves to {status, body}: a 422 (a commit with bad lines) is not thrown, because its
 * problem body carries the line errors the curator must see.
 */
export async function uploadBatch(file, { key, format, dryRun, trust }) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (format) form.append('format', format);
  if (trust) form.append('trust', trust);
  const res = await fetch(`/api/v1/batches${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { Accept: 'application/json', ...authHeaders(key) },
    body: form,
  });
  if (res.status === 422) {
    return { status: res.status, body: await res.json() };
  }
  return { status: res.status, body: await parse(res) };
}

const q = encodeURIComponent;

export const api = {
  stats: () => getJson('/api/v1/stats'),
  search: (text, { type, limit = 10, signal } = {}) =>
    getJson(`/api/v1/entities?q=${q(text)}&limit=${limit}${type ? `&type=${q(type)}` : ''}`, { signal }),
  entity: (id) => getJson(`/api/v1/entities/${q(id)}`),
  neighbours: (id, { depth = 1, limit = 30, rels = [], types = [] } = {}) => {
    let url = `/api/v1/entities/${q(id)}/neighbours?depth=${depth}&limit=${limit}`;
    if (rels.length) url += `&rel=${q(rels.join(','))}`;
    if (types.length) url += `&type=${q(types.join(','))}`;
    return getJson(url);
  },
  paths: (from, to, { maxLength = 3, limit = 5 } = {}) =>
    getJson(`/api/v1/paths?from=${q(from)}&to=${q(to)}&maxLength=${maxLength}&limit=${limit}`),
  batches: (key) => getJson('/api/v1/batches', { key }),
  undoBatch: (id, key) => del(`/api/v1/batches/${q(id)}`, { key }),
  answer: (body, signal) => postJson('/api/v1/answer', body, { signal }),
};

/**
 * POSTs a question to the answer stream and calls on[event](data) for each Server-Sent Event (`evidence`, `reasoning`,
 * `token`, `done`, `error`). Resolves when the stream ends; rejects with ApiError when the request itself fails.
 */
export async function streamAnswer(body, on, signal) {
  const res = await fetch('/api/v1/answer/stream', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !(res.headers.get('Content-Type') || '').includes('text/event-stream')) {
    await parse(res);
    throw new ApiError(res.status, { title: 'Not an event stream' });
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = 'message';
  let data = [];
  const dispatch = () => {
    if (data.length) {
      const text = data.join('\n');
      let payload;
      try {
        payload = JSON.parse(text);
      } catch {
        payload = { text };
      }
      if (on[event]) on[event](payload);
    }
    event = 'message';
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      if (buffer[nl] === '\r' && nl === buffer.length - 1) break; // maybe half of a CRLF: wait for the rest
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        dispatch();
      } else if (line.startsWith(':')) {
        // comment / keep-alive
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
      }
    }
  }
  dispatch();
}
