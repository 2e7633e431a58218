/** An export's bytes, through the export service as the CLI and the API call it. */
import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import { parseExportRequest, prepareExport } from '../../src/export/service.js';

export async function exportBytes(db: Knex, kind: string, format: string, raw: Record<string, unknown> = {}): Promise<Buffer> {
  const { write } = await prepareExport(db, parseExportRequest(kind, format, raw));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  out.end();
  return Buffer.concat(chunks);
}

export async function exportText(db: Knex, kind: string, format: string, raw: Record<string, unknown> = {}): Promise<string> {
  return (await exportBytes(db, kind, format, raw)).toString('utf8');
}
