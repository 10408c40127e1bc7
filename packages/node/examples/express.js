// Express: verify the raw bytes (express.raw), never a body express.json() parsed. Needs express.
import express from 'express';
import { verify, capture, HEADER } from 'autosana-webhook';

const app = express();
const secrets = [process.env.AUTOSANA_WEBHOOK_SECRET];

app.post('/webhooks/autosana', express.raw({ type: '*/*', limit: '10mb' }), (req, res) => {
  const result = verify(req.body, req.get(HEADER), secrets, { maxAge: 300 });
  if (!result.valid) {
    capture('failed-webhooks', req.method, req.originalUrl, Object.entries(req.headers), req.body);
    return res.status(401).json({ reason: result.reason });
  }
  res.json({ status: 'accepted' });
});

app.listen(Number(process.env.PORT ?? 3000));
