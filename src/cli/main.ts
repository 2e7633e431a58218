#!/usr/bin/env node
/** The crewcount command: each subcommand parses its flags and calls one service. */
import { Command, CommanderError } from 'commander';
import { registerBaselines } from './baselines.js';
import { registerExport } from './export.js';
import { registerImport } from './import.js';
import { registerImportPeople } from './import-people.js';
import { registerSeed } from './seed.js';
import { registerServe } from './serve.js';
import { registerStats } from './stats.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { UserError } from './shared.js';
import { OUTPUT_CLOSED } from '../export/write.js';

export function buildProgram(): Command {
  const program = new Command('crewcount')
    .description('Gender representation in film and TV crews, from per-episode credits')
    .showHelpAfterError();
  registerImport(program);
  registerImportPeople(program);
  registerStats(program);
  registerServe(program);
  registerBaselines(program);
  registerSeed(program);
  registerExport(program);
  return program;
}

/** The error of writing on after the reader of stdout went away. */
function isClosedOutput(err: unknown): boolean {
  return err instanceof Error && ((err as NodeJS.ErrnoException).code === 'EPIPE' || err.message === OUTPUT_CLOSED);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (readerGone && isClosedOutput(err)) return;
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
    } else if (err instanceof UserError || err instanceof ValidationError || err instanceof NotFoundError) {
      process.stderr.write(`crewcount: ${err.message}\n`);
      process.exitCode = err instanceof UserError ? err.exitCode : 2;
    } else {
      process.stderr.write(`crewcount: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

/**
 * A reader that stops early (`crewcount export credits | head`) closes the
 * pipe. The command goes on (an import still commits or fails, with its own
 * exit status) and writes nothing more to stdout; an export it leaves unfinished
 * ends quietly rather than with a stack trace.
 */
let readerGone = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  readerGone = true;
});

await main(process.argv);
