/*
 * Schemathesis (from PyPI) in a virtual environment of its own, pinned and installed on first use into the
 * machine's cache, like infra/local's Kafka: `npm test` on a clean machine needs only python3 and PyPI.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(os.homedir(), '.cache/godonu', `schemathesis-${SCHEMATHESIS_VERSION}`);
/** Every package at a fixed version, schemathesis's dependencies too, so that every machine runs the same. */
const REQUIREMENTS = fileURLToPath(new URL('./schemathesis.requirements.txt', import.meta.url));
/**
 * A copy of the requirements, written once pip has finished: a venv without it was interrupted, one with other
 * pins is out of date; either is made anew.
 */
const INSTALLED = path.join(VENV, '.installed');
const run = promisify(execFile);

async function python(): Promise<string> {
  for (const candidate of ['python3.11', 'python3']) {
    const ok = await run(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 10)']).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  throw new Error('schemathesis needs python3.11 (or another python3 from 3.10 on) with venv');
}

/** The path of the `st` command, after installing it if this machine does not have it yet. */
export async function ensureSchemathesis(): Promise<string> {
  const st = path.join(VENV, 'bin/st');
  const requirements = readFileSync(REQUIREMENTS, 'utf8');
  if (existsSync(INSTALLED) && readFileSync(INSTALLED, 'utf8') === requirements) return st;
  rmSync(VENV, { recursive: true, force: true });
  await run(await python(), ['-m', 'venv', VENV]);
  await run(
    path.join(VENV, 'bin/pip'),
    ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '-r', REQUIREMENTS],
    { timeout: 300_000 },
  );
  writeFileSync(INSTALLED, requirements);
  return st;
}

export interface SchemathesisRun {
  exitCode: number | null;
  output: string;
  /** From "SUMMARY" to the end: operations, phases, test cases generated, passed and failed. */
  summary: string;
}

/**
 * Runs `st run` with `args` in a directory of its own (it keeps a cache there, Hypothesis its constants);
 * resolves with its exit code and output whatever the result.
 */
export async function runSchemathesis(
  st: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<SchemathesisRun> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'godonu-schemathesis-'));
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>(
      (resolve, reject) => {
        const child = spawn(st, ['run', ...args], {
          cwd,
          env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
        });
        child.stderr.on('data', (d) => {
          text += d;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ exitCode: code, output: text }));
      },
    );
    const at = output.indexOf('SUMMARY');
    return { exitCode, output, summary: at >= 0 ? output.slice(at) : output.slice(-3000) };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
