import type { Knex } from 'knex';

export interface BaselineInsert {
  source: string;
  report: string;
  period: string;
  period_start: string;
  period_end: string;
  medium: 'tv' | 'film';
  population: string;
  platform: string;
  role: string;
  unit: 'person' | 'episode';
  share_pct: number;
  cited_via: string;
  note: string;
  origin: string;
}

export interface StoredBaseline extends BaselineInsert {
  id: number;
}

/** Insert baselines; a row identical in what it measures and its figure is kept once. Returns how many were new. */
export async function insertBaselines(trx: Knex.Transaction, rows: BaselineInsert[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx('baselines')
      .insert(rows.slice(i, i + 500))
      .onConflict(['report', 'period', 'medium', 'platform', 'role', 'unit', 'share_pct'])
      .ignore()
      .returning('id');
    added += inserted.length;
  }
  return added;
}

export async function listBaselines(db: Knex): Promise<StoredBaseline[]> {
  return db('baselines').select('*').orderBy('id');
}

export async function countBaselines(db: Knex): Promise<number> {
  const [row] = await db('baselines').count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}
