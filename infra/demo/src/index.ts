export { createPortalServer, PORTAL_DIR, portalFileFor, portalPage } from './portal.ts';
