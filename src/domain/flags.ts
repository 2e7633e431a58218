/**
 * Yes/no parameters (an upload's dry_run, an export's bom): one spelling
 * everywhere, so a value one endpoint takes is never silently off at another.
 */
import { ValidationError } from './errors.js';

const ON = /^(1|true|yes|on)$/i;
const OFF = /^(0|false|no|off)$/i;

/**
 * A flag's value: absent is off; present with no value (`?dry_run`,
 * `?dry_run=`) is on, as an HTML boolean attribute is, so a bare flag never
 * quietly means its opposite; 1/true/yes/on and 0/false/no/off in any case;
 * anything else is refused.
 */
export function parseFlag(name: string, value: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value !== 'string') throw new ValidationError(`${name} must be given once, as text`, { parameter: name });
  const text = value.trim();
  if (text === '' || ON.test(text)) return true;
  if (OFF.test(text)) return false;
  throw new ValidationError(`${name} must be 1 or 0 (true or false, yes or no, on or off; present with no value is on), got "${value}"`, { parameter: name, value });
}
