// Every conformance case of packages/vectors.json (autosana-webhook vectors), and capture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify, capture } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(process.env.AUTOSANA_VECTORS ?? join(here, '../../vectors.json'), 'utf8'));

test('the vectors document', () => {
  assert.equal(vectors.format, 'autosana-webhook.vectors/1');
  assert.ok(vectors.cases.length >= 25);
});

for (const c of vectors.cases) {
  test(`vector ${c.name}`, () => {
    const now = c.now === null ? null : new Date(c.now);
    const got = verify(Buffer.from(c.body_base64, 'base64'), c.header, c.secrets, { maxAge: c.max_age_seconds, now });
    assert.deepEqual([got.valid, got.reason, got.secretIndex], [c.expected.valid, c.expected.reason, c.expected.secret_index]);
    for (const secret of c.secrets) if (secret) assert.ok(!got.message.includes(secret));
  });
}

test('a value of the wrong length is malformed, never an exception', () => {
  assert.equal(verify('{}', 'sha256=' + '0'.repeat(63), 'k').reason, 'malformed_signature');
  assert.equal(verify('{}', 'sha256=' + '0'.repeat(66), 'k').reason, 'malformed_signature');
});

test('capture: the request as listen saves it, mode 600, bounded, the command logged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capture-'));
  const lines = [];
  const path = capture(dir, 'POST', '/hooks?x=1', [['Host', 'example.com']], Buffer.from('{"a": 1}'), { log: (l) => lines.push(l) });
  assert.equal(readFileSync(path, 'latin1'), 'POST /hooks?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n{"a": 1}');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.ok(lines[0].includes(`autosana-webhook verify --explain --request ${path}`));
  const quiet = { log: () => {}, maxFiles: 3 };
  const paths = [0, 1, 2, 3, 4].map((i) => capture(dir, 'POST', '/', [], String(i), quiet));
  assert.deepEqual(readdirSync(dir).sort(), paths.slice(-3).map((p) => p.split('/').pop()).sort());
  assert.equal(capture(dir, 'POST', '/', [], 'x'.repeat(100), { ...quiet, maxBytes: 50 }), null);
});
