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

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
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

// A reader that stops early (`crewcount export credits | head`) closes the pipe: stop quietly, as
// Unix tools do, rather than with a stack trace. Nothing is lost: stdout only carries output.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

await main(process.argv);
