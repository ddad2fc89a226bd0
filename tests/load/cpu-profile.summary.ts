/**
 * Where a Node process spent its CPU, from a V8 `.cpuprofile` (`--cpu-prof`): self time per function and per
 * package (a dependency, a workspace package, Node's internals, or V8's own `(garbage collector)` / `(program)`).
 * Idle time is left out of the shares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: SelfTime[];
  packages: SelfTime[];
}

/** `kafkajs`, `@fastify/cors`, `collector` (a workspace package), `node:internal`, or a V8 pseudo-frame. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const marker = '/node_modules/';
  const at = url.lastIndexOf(marker);
  if (at >= 0) {
    const [first, second] = url.slice(at + marker.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const file = url.replace(/^file:\/\//, '');
  const repo = /\/(contract|sdk|collector|processor|api|infra|tests)\//.exec(file);
  return repo ? (repo[1] as string) : path.basename(file);
}

function top(totals: Map<string, number>, busyMs: number, n: number): SelfTime[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

export function summarizeProfile(profile: CpuProfile, n = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id);
    if (!frame) continue;
    const ms = us / 1000;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    // Line 1 is all a transpiled TypeScript file reports (tsx); the file name is what tells there.
    const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
    const where = frame.url
      ? ` ${packageOf(frame.url, frame.functionName)}:${path.basename(frame.url)}${line}`
      : '';
    const fn = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  return { busyMs, idleMs, functions: top(functions, busyMs, n), packages: top(packages, busyMs, n) };
}

/** Every profile in `dir`, largest busy time first (the main thread before worker threads, usually). */
export function summarizeProfiles(dir: string, n = 12): { file: string; summary: ProfileSummary }[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files
    .map((file) => ({
      file,
      summary: summarizeProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, n),
    }))
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs);
}
