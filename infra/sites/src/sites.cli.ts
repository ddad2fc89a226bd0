/**
 * `pnpm --filter @godonu/infra sites check [file]` and `pnpm --filter @godonu/infra sites add --key … [--file …]`:
 * see sites.command.ts and infra/config/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runSitesCommand } from './sites.command.ts';
import { loadSitesCommandConfig } from './sites.config.ts';

process.exitCode = runSitesCommand(process.argv.slice(2), {
  config: loadSitesCommandConfig(),
  today: new Date().toISOString().slice(0, 10),
  read: (file) => readFileSync(file, 'utf8'),
  // In place, not through a renamed temp file: the file keeps its inode, so a single-file bind mount (Docker
  // Compose mounts sites.json so) and hard links see the new content. The services read it only at start.
  write: (file, text) => writeFileSync(file, text, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
