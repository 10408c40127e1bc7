// Verify Autosana's webhook signatures (X-Autosana-Signature-256: sha256=<hex>, an HMAC-SHA256 of
// the raw body) the way the autosana-webhook CLI does, and keep a failed request for
// `autosana-webhook verify --explain --request FILE`. node: modules only.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';

export const HEADER = 'X-Autosana-Signature-256';
const PREFIX = 'sha256=';
const WHITESPACE = /^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g;

let captured = 0; // in the file names: captures of one millisecond still sort in order

const result = (valid, reason, secretIndex, message) => ({ valid, reason, secretIndex, message });

// The 32 bytes a header value names, read as the CLI reads it: surrounding whitespace, the
// prefix in any case or left out, hex in either case; null when it is not a signature.
function parseHeader(value) {
  let text = value.replace(WHITESPACE, '');
  if (text.slice(0, PREFIX.length).toLowerCase() === PREFIX) text = text.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(text)) return null;
  return Buffer.from(text, 'hex');
}

function payloadTime(rawBody) {
  try {
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
    const value = payload && typeof payload === 'object' ? payload.timestamp : undefined;
    // RFC 3339 with a zone (Z or an offset); Date.parse alone would take a local time too.
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) return null;
    const ms = Date.parse(value.replace(' ', 'T'));
    return Number.isNaN(ms) ? null : ms;
  } catch {
    return null;
  }
}

const asBuffer = (value) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));

/**
 * Checks rawBody (the bytes as received, before any JSON parsing) against the header's value
 * with each secret; with maxAge (seconds), also that the payload's own timestamp is within
 * maxAge of now, in either direction.
 */
export function verify(rawBody, header, secrets, { maxAge = null, now = null } = {}) {
  const body = asBuffer(rawBody);
  const keys = (typeof secrets === 'string' || secrets instanceof Uint8Array ? [secrets] : [...secrets]).map(asBuffer);
  if (keys.length === 0) return result(false, 'no_secret', null, 'no secret was given');
  if (keys.some((key) => key.length === 0)) return result(false, 'empty_secret', null, 'a secret is empty');
  if (header === null || header === undefined) return result(false, 'missing_signature', null, `no ${HEADER} header`);
  const expected = parseHeader(String(header));
  if (expected === null) {
    return result(false, 'malformed_signature', null, `the ${HEADER} value is not sha256= and 64 hex digits`);
  }
  let matched = null;
  keys.forEach((key, index) => {
    // Every secret is tried, so the time says nothing of which one matched.
    const same = timingSafeEqual(createHmac('sha256', key).update(body).digest(), expected);
    if (same && matched === null) matched = index;
  });
  if (matched === null) return result(false, 'mismatch', null, `the signature does not match (${keys.length} secret(s) tried)`);
  if (maxAge === null || maxAge === undefined) return result(true, 'ok', matched, `signature matches (secret ${matched})`);
  const when = payloadTime(body);
  if (when === null) return result(false, 'no_timestamp', null, 'the payload has no timestamp to check its age');
  const nowMs = now === null || now === undefined ? Date.now() : now instanceof Date ? now.getTime() : Number(now);
  const age = (nowMs - when) / 1000;
  if (age > maxAge) return result(false, 'stale', null, `the timestamp is ${Math.round(age)} s old (limit ${maxAge} s)`);
  if (-age > maxAge) return result(false, 'future', null, `the timestamp is ${Math.round(-age)} s in the future (limit ${maxAge} s)`);
  return result(true, 'ok', matched, `signature matches (secret ${matched}); ${Math.round(age)} s old`);
}

/** The request as `autosana-webhook listen --save` writes it. */
export function formatRequest(method, target, headers, body) {
  const head = `${method} ${target} HTTP/1.1\r\n` + headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from('\r\n'), asBuffer(body)]);
}

/**
 * Keeps a failed request for `autosana-webhook verify --explain --request FILE` (opt-in), mode
 * 600, at most maxFiles (the oldest go), none over maxBytes; logs the file and the command.
 * Returns the path, or null.
 */
export function capture(directory, method, target, headers, body, { maxFiles = 100, maxBytes = 10 << 20, log = console.warn } = {}) {
  const raw = formatRequest(method, target, headers, body);
  if (raw.length > maxBytes) {
    log(`autosana-webhook: a failed request of ${raw.length} bytes was not captured (limit ${maxBytes})`);
    return null;
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const kept = readdirSync(directory).filter((name) => name.endsWith('-failed.http')).sort();
  for (const name of kept.slice(0, Math.max(kept.length - maxFiles + 1, 0))) {
    try { unlinkSync(join(directory, name)); } catch { /* gone already */ }
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  captured += 1;
  const sequence = String(captured).padStart(6, '0');
  const path = join(directory, `${stamp}-${sequence}-${randomBytes(3).toString('hex')}-failed.http`);
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, raw);
  } finally {
    closeSync(fd);
  }
  log(`autosana-webhook: captured the failed request in ${path}; run: autosana-webhook verify --explain --request ${path}`);
  return path;
}
