/**
 * Reporting periods of industry baselines. A film period is a calendar
 * year ("2017"); a TV period is a broadcast season ("2016-17") running from
 * 1 September to 31 August, as Boxed In and the DGA count them.
 */
export interface Period {
  start: string; // ISO date, inclusive
  end: string; // ISO date, inclusive
}

export function parsePeriod(period: string): Period | undefined {
  const text = period.trim();
  const season = /^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$/.exec(text);
  if (season) {
    const first = Number(season[1]);
    // "1999-00": the two-digit form names the following year, across a century too.
    const second = season[2]!.length === 2 ? (Number(season[2]) === (first + 1) % 100 ? first + 1 : NaN) : Number(season[2]);
    if (second !== first + 1) return undefined;
    return { start: `${first}-09-01`, end: `${second}-08-31` };
  }
  const year = /^(\d{4})$/.exec(text);
  if (year) {
    return { start: `${year[1]}-01-01`, end: `${year[1]}-12-31` };
  }
  return undefined;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Days from `date` to the period: 0 inside it. */
export function daysOutside(date: string, period: Period): number {
  const d = dayNumber(date);
  const start = dayNumber(period.start);
  const end = dayNumber(period.end);
  if (d < start) return start - d;
  if (d > end) return d - end;
  return 0;
}
