import type { Command } from 'commander';
import { createApp } from '../http/app.js';
import { checkToken } from '../http/auth.js';
import { seedSampleIfEmpty } from '../setup.js';
import { parsePort } from '../config.js';
import { configFor, openForCommand, withDbOption, withoutPassword, type DbOption } from './shared.js';

interface ServeFlags extends DbOption {
  port?: string;
  host?: string;
  seedIfEmpty?: boolean;
}

export function registerServe(program: Command): void {
  withDbOption(
    program
      .command('serve')
      .description('serve the dashboard and the JSON API')
      .option('--port <port>', 'port (default: $PORT, else 3000)')
      .option('--host <host>', 'interface (default: $HOST, else 127.0.0.1)')
      .option('--seed-if-empty', 'load the sample credits first when the database holds no production'),
  ).action(async (flags: ServeFlags) => {
    const config = configFor(flags);
    const port = flags.port ? parsePort('--port', flags.port) : config.port;
    checkToken(config.token);
    const db = await openForCommand(config.databaseUrl);
    if (flags.seedIfEmpty && (await seedSampleIfEmpty(db))) process.stderr.write('loaded the sample credits and people sheet (data/sample/)\n');
    const host = flags.host ?? config.host;
    const app = createApp({ db, token: config.token, maxUploadBytes: config.maxUploadMb * (1 << 20) });
    // Express 5 hands the listen callback the server's error (a port in use, say) instead of throwing it.
    const server = app.listen(port, host, (err?: Error) => {
      if (err) {
        process.stderr.write(`crewcount: cannot serve on ${host}:${port}: ${err.message}\n`);
        process.exitCode = 1;
        void db.destroy();
        return;
      }
      process.stderr.write(`CrewCount on http://${host}:${port}/ (database: ${withoutPassword(config.databaseUrl)})\n`);
      process.stderr.write(config.token ? `uploads: on (POST /api/imports, up to ${config.maxUploadMb} MiB, bearer token from CREWCOUNT_TOKEN)\n` : 'uploads: off (set CREWCOUNT_TOKEN to allow POST /api/imports)\n');
    });
    const stop = () => server.close(() => void db.destroy());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
