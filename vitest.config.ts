import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One PostgreSQL server for the run (TEST_DATABASE_URL, else a throwaway cluster) and a migrated template database.
    globalSetup: ['./tests/helpers/postgres-global-setup.ts'],
    // Each test file gets its own databases; files run in parallel on the two cores.
    pool: 'forks',
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'] } },
      {
        // The integration tests again, on PostgreSQL: freshDb() gives each test a database of its own there.
        // (The stats cache keeps nothing on PostgreSQL, so its SQLite-specific tests are not repeated.)
        extends: true,
        test: {
          name: 'postgres',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/stats-cache.test.ts'],
          env: { CREWCOUNT_TEST_DB: 'postgres' },
        },
      },
    ],
  },
});
