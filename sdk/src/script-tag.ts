import { doc, start } from './start.ts';
import type { Godonu } from './types.ts';

/*
 * Entry of `dist/sdk.js`. Options come from the tag's data attributes. Calls made before the script ran are
 * replayed from the stub `window.godonu = window.godonu || function () { (godonu.q = godonu.q || []).push(arguments) }`;
 * a second copy of the script finds the first one's API and does nothing.
 */

type Call = [keyof Godonu, ...unknown[]];
type Global = ((...call: Call) => void) & Partial<Godonu> & { q?: Call[] };

const w = window as unknown as { godonu?: Global };
const previous = w.godonu;
const script = doc.currentScript;

if (!previous?.track && script) {
  const api = start(script.dataset);
  const godonu = ((name, ...args) => (api[name] as (...a: unknown[]) => void)?.(...args)) as Global;
  w.godonu = Object.assign(godonu, api);
  previous?.q?.map((call) => godonu(...call));
}
