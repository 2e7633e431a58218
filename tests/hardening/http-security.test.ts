/**
 * Security of the HTTP surface (issue 8): helmet's headers and the
 * Content-Security-Policy on pages and API answers; path traversal on the
 * static files; SQL injection in every query parameter of the stats and
 * credits endpoints; names holding HTML or formulas stay inert data; request
 * size limits; the upload endpoint's bearer token (401/403) and size limit
 * (413). Raw paths go through a real socket (http.request sends them
 * byte for byte; supertest would normalise the dots away first).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import type { Knex } from 'knex';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentChecksum } from '../../bench/lib/soak-common.js';
import { runSeeds } from '../../seeds/index.js';
import { listTables } from '../../src/db/dialect.js';
import { createApp } from '../../src/http/app.js';
import { tokensMatch } from '../../src/http/auth.js';
import { WEB_DIST } from '../../src/http/static.js';
import { importFiles } from '../../src/import/service.js';
import { freshDb } from '../helpers/db.js';
import { startServe } from '../helpers/serve-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/hardening/hostile-names.csv', import.meta.url));

let db: Knex;
let app: Express;
let server: http.Server;
let port: number;

beforeAll(async () => {
  db = await freshDb();
  await runSeeds(db);
  const summary = await importFiles(db, [{ path: HOSTILE, name: 'hostile-names.csv' }]);
  expect(summary.issues).toEqual([]);
  app = createApp({ db });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await db?.destroy();
});

/** GET (or another method) with the path sent exactly as written. */
function raw(
  rawPath: string,
  method = 'GET',
  body?: Buffer,
  to: { port?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...(body ? { 'content-type': 'application/octet-stream', 'content-length': String(body.length) } : {}), ...to.headers };
    const req = http.request({ host: '127.0.0.1', port: to.port ?? port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CSP directives as a map: name → sources. */
function cspOf(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('security headers (helmet) and the Content-Security-Policy', () => {
  const paths = ['/', '/api/health', '/api/stats', '/api/stats.csv', '/api/credits.json', '/api/productions', '/api/nope', '/nope'];

  it.each(paths)('%s carries helmet headers and a CSP that forbids inline and foreign script', async (p) => {
    const res = await raw(p);
    expect(res.status).not.toBe(500);
    const h = res.headers;
    const csp = cspOf(h['content-security-policy'] as string | undefined);
    expect(csp.get('default-src')).toBeDefined();
    expect(csp.get('default-src')!.every((s) => s === "'self'" || s === "'none'")).toBe(true);
    const script = csp.get('script-src') ?? csp.get('default-src')!;
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.some((s) => s === '*' || /^https?:$/.test(s) || s === 'data:')).toBe(false);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-powered-by']).toBeUndefined();
    if (p === '/' || p.startsWith('/api/')) {
      // helmet's own set (the default 404 page of unknown non-API paths has its own, stricter CSP)
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
      expect(h['x-frame-options']).toBe('SAMEORIGIN');
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(h['cross-origin-opener-policy']).toBe('same-origin');
      expect(h['cross-origin-resource-policy']).toBe('same-origin');
      expect(h['x-dns-prefetch-control']).toBe('off');
      expect(h['x-permitted-cross-domain-policies']).toBe('none');
    }
  });

  it('/embed may be framed by any site, and is otherwise as strict', async () => {
    const res = await raw('/embed');
    const csp = cspOf(res.headers['content-security-policy'] as string);
    expect(csp.get('frame-ancestors')).toEqual(['*']);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it.each(['/embed/', '/EMBED', '/Embed/'])('%s, which Express routes to the embed page, redirects to /embed with its query and is as frameable', async (p) => {
    const query = '?production=queen-sugar&season=1&unit=person&role=all&chart=bars';
    const res = await raw(`${p}${query}`);
    expect(res.status).toBe(301);
    // relative, so a path prefix in front of the server survives; /embed itself makes the page's assets/app.js resolve to /assets/app.js
    expect(new URL(res.headers.location!, `http://host${p}${query}`).href).toBe(`http://host/embed${query}`);
    expect(cspOf(res.headers['content-security-policy'] as string).get('frame-ancestors')).toEqual(['*']);
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('paths Express does not route to the embed page keep the strict framing rule', async () => {
    for (const p of ['/embed//', '/embedded', '/assets/embed', '/api/embed']) {
      const res = await raw(p);
      expect(res.status, p).toBe(404);
      expect(res.headers['x-frame-options'], p).toBe('SAMEORIGIN');
    }
  });

  it('the dashboard pages load no inline script and no script from elsewhere', () => {
    for (const page of ['index.html', 'embed.html']) {
      const html = readFileSync(path.join(ROOT, 'web', page), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        expect(tag, `${page}: ${tag}`).toMatch(/^<script\b[^>]*\bsrc="(\.\/|\/)?assets\/[^"]+"[^>]*><\/script>$/i);
      }
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i); // no inline handlers
      expect(html, page).not.toMatch(/\sstyle\s*=/i); // no inline styles
    }
  });
});

describe('path traversal on static files', () => {
  const SECRETS = [/"devDependencies"/, /"name":\s*"crewcount"/, /root:.*:0:0:/, /SETTINGS|databaseUrl/, /export function/];
  const attempts = [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '//etc/passwd',
    '/package.json',
    '/src/config.ts',
    '/web/../src/config.ts',
    '/web/index.html',
    '/web/src/dom.ts',
    '/embed/../package.json',
    '/assets/../package.json',
    '/assets/../../package.json',
    '/assets/../../src/config.ts',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/%2e%2e/%2e%2e/src/config.ts',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%2F..%2Fsrc%2Fconfig.ts',
    '/assets/..%5c..%5cpackage.json',
    '/assets/%2e%2e%5c%2e%2e%5cpackage.json',
    '/assets/..\\..\\package.json',
    '/assets/....//....//package.json',
    '/assets/%252e%252e/%252e%252e/package.json',
    '/assets/..;/..;/package.json',
    '/assets/%2fetc%2fpasswd',
    '/assets//etc/passwd',
    '/assets/../index.html',
    '/assets/.%2e/.%2e/package.json',
  ];

  it.each(attempts)('%s → 404, nothing leaked', async (p) => {
    const res = await raw(p);
    expect(res.status).toBe(404);
    for (const secret of SECRETS) expect(res.body).not.toMatch(secret);
  });

  it.each(['/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json', '/assets/app.js%00.map', '/assets/%ff%fe/../package.json'])(
    '%s (malformed encoding) → 400 or 404, nothing leaked',
    async (p) => {
      const res = await raw(p);
      expect([400, 404]).toContain(res.status);
      for (const secret of SECRETS) expect(res.body).not.toMatch(secret);
    },
  );

  it('the dashboard bundle itself is served from /assets (so the 404s above are not vacuous)', async (ctx) => {
    const bundle = existsSync(WEB_DIST) ? readdirSync(WEB_DIST).find((f) => f.endsWith('.js')) : undefined;
    if (!bundle) ctx.skip(); // web/dist is built by `npm run build:web`
    const res = await raw(`/assets/${bundle}`);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.body)).toBe(statSync(path.join(WEB_DIST, bundle!)).size);
  });
});

describe('SQL injection in query parameters', () => {
  const ENDPOINTS = ['/api/stats', '/api/stats.csv', '/api/stats.json', '/api/credits.csv', '/api/credits.json'];
  const PARAMS = ['production', 'season', 'role', 'unit', 'bom'];
  const PAYLOADS = [
    "' OR 1=1 --",
    '1; DROP TABLE credits',
    "queen-sugar' --",
    'queen-sugar" --',
    "1' UNION SELECT name, sql FROM sqlite_master --",
    "'); DELETE FROM people; --",
    '1 OR 1=1',
    "Queen Sugar' OR '1'='1",
    '%',
    '_',
    '\\',
    '`credits`',
    "1) OR (1=1",
  ];

  it('every payload in every parameter of every endpoint answers 400, 404 or the correct result, and nothing changes', async () => {
    const before = await contentChecksum(db);
    const tables = await listTables(db);
    const unexpected: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const plain = await request(app).get(endpoint);
      expect(plain.status).toBe(200);
      for (const param of PARAMS) {
        for (const payload of PAYLOADS) {
          const res = await request(app).get(`${endpoint}?${param}=${encodeURIComponent(payload)}`);
          if (res.status === 400 || res.status === 404) {
            if (!endpoint.endsWith('.csv') || res.type === 'application/json') {
              if (typeof res.body?.error?.message !== 'string') unexpected.push(`${endpoint} ${param}=${payload}: error without a message`);
            }
            continue;
          }
          // a 200 must be exactly what the endpoint gives without the parameter
          if (res.status !== 200 || res.text !== plain.text) unexpected.push(`${endpoint} ${param}=${payload}: HTTP ${res.status}`);
        }
      }
      // all parameters at once
      const all = await request(app).get(`${endpoint}?${PARAMS.map((p) => `${p}=${encodeURIComponent("' OR 1=1 --")}`).join('&')}`);
      if (![400, 404].includes(all.status)) unexpected.push(`${endpoint} with every parameter injected: HTTP ${all.status}`);
    }
    expect(unexpected).toEqual([]);
    expect(await listTables(db)).toEqual(tables);
    expect(await contentChecksum(db)).toEqual(before);
    const [{ n }] = (await db('credits').count({ n: '*' })) as [{ n: number }];
    expect(n).toBe(before.rows.credits);
  });

  it('a parameter given twice or as an object is a 400, not a crash', async () => {
    for (const q of ['season=1&season=2', 'production=queen-sugar&production=x', 'role[$ne]=x', 'unit[]=credit', 'production[toString]=x']) {
      const res = await request(app).get(`/api/stats?${q}`);
      expect([200, 400], q).toContain(res.status);
      if (res.status === 200) expect(res.text, q).toBe((await request(app).get('/api/stats')).text);
    }
  });
});

describe('HTML and formulas in names stay inert', () => {
  const HTML_NAMES = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>'];
  const TITLE = '<b>Bold</b> & "Quoted" Show';

  it('the JSON API returns names and titles verbatim, as JSON data (nosniff)', async () => {
    const credits = await request(app).get('/api/credits.json');
    expect(credits.status).toBe(200);
    expect(credits.headers['content-type']).toMatch(/^application\/json/);
    expect(credits.headers['x-content-type-options']).toBe('nosniff');
    const people = (credits.body as Array<Record<string, unknown>>).map((c) => c.person);
    for (const name of HTML_NAMES) expect(people).toContain(name);
    const productions = await request(app).get('/api/productions');
    expect(productions.body.productions.map((p: { title: string }) => p.title)).toContain(TITLE);
    const stats = await request(app).get('/api/stats');
    expect(stats.body.rows.map((r: { title: string }) => r.title)).toContain(TITLE);
  });

  it('the CSV exports put an apostrophe before cells that would run as formulas, and keep HTML as text', async () => {
    const res = await request(app).get('/api/credits.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
    const rows = parse(res.text, { columns: true }) as Array<Record<string, string>>;
    const people = rows.map((r) => r.person);
    expect(people).toEqual(expect.arrayContaining([`'=HYPERLINK("http://evil.example","click")`, "'+1+1 Person", "'@SUM(A1) Person", "'-Minus Person", ...HTML_NAMES]));
    // no text cell anywhere starts a formula
    for (const row of rows) for (const [col, cell] of Object.entries(row)) expect(cell, `${col}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.map((r) => r.series)).toContain(`'=cmd|' /C calc'!A0`);

    const stats = parse((await request(app).get('/api/stats.csv')).text, { columns: true }) as Array<Record<string, string>>;
    const NUMERIC = new Set(['season', 'season_year', 'women', 'men', 'non_binary', 'unknown', 'total', 'known', 'share_women', 'ci95_low', 'ci95_high', 'coverage', 'baseline_share', 'gap_pp']);
    for (const row of stats) {
      for (const [col, cell] of Object.entries(row)) if (!NUMERIC.has(col)) expect(cell, `${col}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(stats.map((r) => r.title)).toContain(`'=cmd|' /C calc'!A0`);
  });

  it('a hostile title in the production parameter cannot inject into Content-Disposition', async () => {
    const res = await request(app).get(`/api/credits.csv?production=${encodeURIComponent(TITLE)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
  });

  it('the dashboard inserts data as text only: no HTML sinks in web/src', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.(ts|js|mjs)$/.test(entry.name)) files.push(p);
      }
    };
    walk(path.join(ROOT, 'web', 'src'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const sink of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new Function\s*\(/, /createContextualFragment/, /DOMParser/]) {
        expect(code, `${path.relative(ROOT, file)} uses ${sink}`).not.toMatch(sink);
      }
    }
  });
});

describe('request size limits', () => {
  // POST /api/imports is the one write endpoint; every other write method and path is refused, whatever the body.
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s to the API is refused (no such write endpoint), with a 2 MB body too', async (method) => {
    const before = await contentChecksum(db);
    for (const p of ['/api/imports', '/api/stats', '/api/upload', '/api/credits.csv']) {
      const res = await raw(p, method, Buffer.alloc(2 << 20, 0x61));
      // This app was made without a token: uploads are switched off (403), never accepted.
      const refusedWith = method === 'POST' && p === '/api/imports' ? [403] : [404, 405];
      expect(refusedWith, `${method} ${p}`).toContain(res.status);
    }
    expect(before.rows.credits).toBeGreaterThan(0);
    expect(await contentChecksum(db)).toEqual(before);
  });

  it('an oversized request line or header is refused by the server (431) and it keeps serving', async () => {
    const res = await raw(`/api/stats?production=${'a'.repeat(64 << 10)}`);
    expect(res.status).toBe(431);
    expect((await raw('/api/health')).status).toBe(200);
  });

});

describe('write endpoints: the bearer token and the upload limit', () => {
  const TOKEN = 'hardening-token-7d2e';
  const LIMIT = 1 << 20;
  let tokenServer: http.Server;
  let tokenPort: number;
  const upload = (auth: string | undefined, body: Buffer) =>
    raw('/api/imports', 'POST', body, { port: tokenPort, headers: { 'content-type': 'text/csv', ...(auth === undefined ? {} : { authorization: auth }) } });

  beforeAll(async () => {
    tokenServer = createApp({ db, token: TOKEN, maxUploadBytes: LIMIT }).listen(0, '127.0.0.1');
    await once(tokenServer, 'listening');
    tokenPort = (tokenServer.address() as AddressInfo).port;
  });
  afterAll(() => {
    tokenServer?.closeAllConnections();
    tokenServer?.close();
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}`],
    ['an empty bearer token', 'Bearer '],
    ['a wrong token', 'Bearer wrong'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 5)}`],
    ['the token and one more character', `Bearer ${TOKEN}x`],
    ['the token in the wrong case', `Bearer ${TOKEN.toUpperCase()}`],
  ])('401 for %s, with a 2 MB body, and nothing changes', async (_what, auth) => {
    const before = await contentChecksum(db);
    const res = await upload(auth, Buffer.alloc(2 << 20, 0x61));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
    expect(res.body).not.toContain(TOKEN);
    expect(await contentChecksum(db)).toEqual(before);
  });

  it('compares tokens in constant time: SHA-256 digests of both sides through timingSafeEqual, so neither length nor prefix tells', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    // timingSafeEqual throws on buffers of different lengths: these would throw if the raw strings were compared.
    for (const given of ['', 'h', TOKEN.slice(0, -1), `${TOKEN}${TOKEN}`, 'x'.repeat(10_000), `${TOKEN}\u00e9`]) expect(tokensMatch(given, TOKEN)).toBe(false);
    const code = readFileSync(path.join(ROOT, 'src', 'http', 'auth.ts'), 'utf8');
    expect(code).toMatch(/timingSafeEqual\(/);
    expect(code).not.toMatch(/[!=]==?\s*(token|expected)\b|\b(token|expected)\s*[!=]==?/); // no early-exit string comparison of the secret
  });

  it('413 past the upload limit (CREWCOUNT_MAX_UPLOAD_MB) with the right token, nothing stored, and the server keeps serving', async () => {
    const before = await contentChecksum(db);
    const res = await upload(`Bearer ${TOKEN}`, Buffer.alloc(LIMIT + 1, 0x61));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/CREWCOUNT_MAX_UPLOAD_MB/) });
    expect(await contentChecksum(db)).toEqual(before);
    expect((await raw('/api/health', 'GET', undefined, { port: tokenPort })).status).toBe(200);
  });

  it('`crewcount serve` takes the token from CREWCOUNT_TOKEN and the limit from CREWCOUNT_MAX_UPLOAD_MB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crewcount-serve-'));
    const served = await startServe(['--db', path.join(dir, 'db.sqlite')], { CREWCOUNT_TOKEN: TOKEN, CREWCOUNT_MAX_UPLOAD_MB: '1' });
    try {
      expect(served.stderr).toMatch(/uploads: on \(POST \/api\/imports, up to 1 MiB/);
      const to = { port: served.port, headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` } };
      expect((await raw('/api/imports', 'POST', Buffer.alloc((1 << 20) + 1, 0x0a), to)).status).toBe(413);
      expect((await raw('/api/imports', 'POST', Buffer.from('series,season,episode,role,person\n'), { ...to, headers: { ...to.headers, authorization: 'Bearer wrong' } })).status).toBe(401);
      const sheet = await raw('/api/imports?dry_run=1', 'POST', Buffer.from('series,season,episode,role,person\nA Show,1,1,director,Ann Example\n'), to);
      expect(sheet.status, sheet.body).toBe(200);
      expect(JSON.parse(sheet.body).summary).toMatchObject({ creditsNew: 1, dryRun: true, committed: false });
    } finally {
      await served.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
