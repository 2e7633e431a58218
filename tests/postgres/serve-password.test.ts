/** `crewcount serve` names its database when it starts, without the password of a postgres:// URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgUrl } from '../helpers/db.js';
import { startServe } from '../helpers/serve-process.js';

describe('crewcount serve on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await freshPgUrl());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('prints the database URL with its password hidden', async () => {
    // The test cluster trusts local connections, so a made-up password still connects; a URL with one of its own keeps it.
    const parsed = new URL(url);
    if (!parsed.password) parsed.password = 'hunter2';
    const served = await startServe(['--db', parsed.href]);
    try {
      expect(served.stderr).toContain(`(database: postgres://${parsed.username}:***@${parsed.host}${parsed.pathname})`);
      expect(served.stderr).not.toContain(parsed.password);
    } finally {
      await served.stop();
    }
  });
});
