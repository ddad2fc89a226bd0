export {
  createPortalServer,
  GIESSEN,
  PORTAL_DIR,
  type PortalCity,
  portalFileFor,
  portalPage,
} from './portal.ts';
