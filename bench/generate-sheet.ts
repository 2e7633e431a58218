/**
 * Deterministic synthetic long-format sheet for benchmarks: several thousand
 * series, seasons and episodes, co-credits, quoted titles with commas and
 * quotes, consistent genders per person. The people are invented names built
 * from syllables; the file is for timing only and never seeds a database
 * that anyone reads figures from.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a tiny seeded PRNG, so every run writes the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'sa', 'vi', 'de', 'an', 'el', 'or', 'u', 'bri', 'jo', 'tas'];
const GENDER_CYCLE = ['woman', 'man', 'man', 'woman', 'man', '', 'non-binary', 'man', 'woman', 'man'];

function word(rand: () => number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface SheetStats {
  credits: number;
  episodes: number;
  series: number;
}

export async function generateSheet(path: string, targetCredits = 1_000_000, seed = 2017): Promise<SheetStats> {
  const rand = prng(seed);
  const people: Array<{ name: string; gender: string }> = [];
  for (let i = 0; i < 60_000; i++) {
    people.push({
      name: `${word(rand, 2)} ${word(rand, 3)} ${i.toString(36)}`,
      gender: GENDER_CYCLE[i % GENDER_CYCLE.length] ?? '',
    });
  }
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('series,season,episode,episode_title,air_date,role,person,gender\n');
  let credits = 0;
  let episodes = 0;
  let series = 0;
  const roles: Array<[string, number, number]> = [
    ['director', 1, 2],
    ['writer', 1, 3],
    ['cinematographer', 1, 1],
    ['editor', 1, 2],
  ];
  while (credits < targetCredits) {
    series++;
    const title = `${word(rand, 2)} ${word(rand, 2)} ${series}`;
    const seasons = 1 + Math.floor(rand() * 5);
    const firstYear = 1995 + Math.floor(rand() * 28);
    for (let s = 1; s <= seasons && credits < targetCredits; s++) {
      const eps = 6 + Math.floor(rand() * 10);
      for (let e = 1; e <= eps && credits < targetCredits; e++) {
        episodes++;
        const month = String(1 + ((e + s) % 12)).padStart(2, '0');
        const day = String(1 + (e % 28)).padStart(2, '0');
        const date = `${firstYear + s - 1}-${month}-${day}`;
        const epTitle = rand() < 0.2 ? `"${word(rand, 2)}", Part ${e}, the ${word(rand, 1)}` : `${word(rand, 3)} ${e}`;
        const prefix = `${csvCell(title)},${s},${e},${csvCell(epTitle)},${date},`;
        for (const [role, min, max] of roles) {
          const n = min + Math.floor(rand() * (max - min + 1));
          const seen = new Set<number>();
          for (let k = 0; k < n && credits < targetCredits; k++) {
            const idx = Math.floor(rand() * people.length);
            const person = people[idx]!;
            if (seen.has(idx)) continue;
            seen.add(idx);
            await write(`${prefix}${role},${csvCell(person.name)},${person.gender}\n`);
            credits++;
          }
        }
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return { credits, episodes, series };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path = 'bench/out/sheet.csv', n = '1000000'] = process.argv.slice(2);
  generateSheet(path, Number(n)).then((s) => console.log(JSON.stringify(s)));
}
