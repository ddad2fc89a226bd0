/**
 * The ceiling: a bare node:http server that reads the body, parses the JSON and answers 202. No validation,
 * no Kafka. Run as its own process by the benchmark; the port comes as the first argument.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    try {
      const batch = JSON.parse(body) as { events?: unknown[] };
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(`{"accepted":${batch.events?.length ?? 0}}`);
    } catch {
      res.writeHead(400);
      res.end();
    }
  });
}).listen(port, '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', () => process.exit(0));
