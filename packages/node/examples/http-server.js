// A webhook handler on node:http alone: node http-server.js PORT CAPTURE_DIR [--reserialize],
// with the secret in AUTOSANA_WEBHOOK_SECRET. With --reserialize it makes the classic mistake
// (it verifies JSON.stringify(JSON.parse(body)) instead of the body), which the end-to-end tests
// use to show that `autosana-webhook verify --explain --request` finds the cause in the capture.
import { createServer } from 'node:http';
import { verify, capture, HEADER } from '../index.js';

const [port, captureDir] = process.argv.slice(2);
const reserialize = process.argv.includes('--reserialize');
const secrets = [process.env.AUTOSANA_WEBHOOK_SECRET];

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = reserialize ? Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))) : raw;
    const result = verify(body, req.headers[HEADER.toLowerCase()], secrets);
    if (!result.valid) {
      const headers = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i].toLowerCase() !== 'content-length') headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      }
      headers.push(['Content-Length', String(body.length)]);
      capture(captureDir, req.method, req.url, headers, body);
    }
    res.writeHead(result.valid ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ reason: result.reason }));
  });
}).listen(Number(port), '127.0.0.1');
