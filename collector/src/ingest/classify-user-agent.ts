import type { BrowserClass, DeviceClass, OsClass } from '@godonu/contract';
import Bowser from 'bowser';

export interface UserAgentClass {
  device: DeviceClass;
  browser: BrowserClass;
  os: OsClass;
}

const OTHER: UserAgentClass = { device: 'other', browser: 'other', os: 'other' };

/** bowser's lowercase names → the contract's coarse classes; everything else is `other`. */
const BROWSERS: Record<string, BrowserClass> = {
  chrome: 'chrome',
  chromium: 'chrome',
  'microsoft edge': 'edge',
  firefox: 'firefox',
  safari: 'safari',
  'samsung internet for android': 'samsung',
  opera: 'opera',
};
const SYSTEMS: Record<string, OsClass> = {
  windows: 'windows',
  macos: 'macos',
  linux: 'linux',
  android: 'android',
  ios: 'ios',
};
const DEVICES: Record<string, DeviceClass> = { desktop: 'desktop', mobile: 'mobile', tablet: 'tablet' };
/** bowser leaves the platform of some desktop systems (e.g. Chrome OS, plain Linux) undetermined. */
const DESKTOP_SYSTEMS = new Set(['windows', 'macos', 'linux', 'chrome os']);

/** Coarse classes only: enough for the EU SDG's device-type statistics, far too coarse to fingerprint. */
export function classifyUserAgent(userAgent: string): UserAgentClass {
  if (userAgent.trim() === '') return OTHER;
  const parser = Bowser.getParser(userAgent);
  const osName = parser.getOSName(true);
  const platform = parser.getPlatformType(true);
  return {
    device: DEVICES[platform] ?? (DESKTOP_SYSTEMS.has(osName) ? 'desktop' : 'other'),
    browser: BROWSERS[parser.getBrowserName(true)] ?? 'other',
    os: SYSTEMS[osName] ?? 'other',
  };
}
