/** The demo city portal for `npm start`: PORTAL_PORT (8082), script tag from COLLECTOR_ORIGIN. */
import { createPortalServer } from './portal.ts';

const port = Number(process.env.PORTAL_PORT ?? 8082);
const collectorOrigin = process.env.COLLECTOR_ORIGIN ?? 'http://127.0.0.1:8080';
const server = createPortalServer({ collectorOrigin, site: 'giessen' });
server.listen(port, '127.0.0.1', () => console.log(`demo portal on http://127.0.0.1:${port}/`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
