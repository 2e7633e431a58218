/**
 * Vitest globalSetup: one PostgreSQL server for the whole run. Uses
 * TEST_DATABASE_URL when set (a server you run; the URL's database is only
 * used to create and drop others), else starts a throwaway cluster from the
 * machine's PostgreSQL binaries (tests/helpers/postgres-cluster.ts) and
 * stops it at teardown. Creates a migrated template database that
 * freshPgDb() copies per test, and hands both names to the tests through
 * vitest's provide/inject.
 */
import type { TestProject } from 'vitest/node';
import { openMigrated } from '../../src/db/connect.js';
import { startCluster, type Cluster } from './postgres-cluster.js';
import { adminQuery, databaseUrl } from './postgres-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose database may be connected to for CREATE/DROP DATABASE. */
    pgAdminUrl: string;
    /** A migrated database to copy (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string;
  }
}

interface Server {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

/**
 * Every vitest project calls setup, each with its own copy of this module:
 * they share one server and template through globalThis (the last teardown
 * stops it).
 */
const state = ((globalThis as { __crewcountPostgres?: { server?: Promise<Server>; users: number } }).__crewcountPostgres ??= { users: 0 });

async function startServer(): Promise<Server> {
  let cluster: Cluster | undefined;
  const given = process.env.TEST_DATABASE_URL;
  const adminUrl = given && given.trim() !== '' ? given : (cluster = await startCluster()).url;
  const template = `crewcount_template_${process.pid}_${Date.now().toString(36)}`;
  const stop = async (): Promise<void> => {
    try {
      if (!cluster) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      cluster?.stop();
    }
  };
  try {
    // A locale-aware (ICU, English) collation, unlike the throwaway cluster's C.UTF-8: text ordered by
    // the database's default collation would then differ from SQLite's, and the tests would see it.
    await adminQuery(adminUrl, `CREATE DATABASE ${template} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`).catch(
      () => adminQuery(adminUrl, `CREATE DATABASE ${template}`), // before PostgreSQL 15, or without ICU
    );
    const db = await openMigrated(databaseUrl(adminUrl, template));
    await db.destroy();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { adminUrl, template, stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  state.users++;
  const server = await (state.server ??= startServer());
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', server.template);
  return async () => {
    if (--state.users === 0) {
      state.server = undefined;
      await server.stop();
    }
  };
}
