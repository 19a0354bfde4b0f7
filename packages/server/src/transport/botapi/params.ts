import { badRequest } from './bot-api-error.js';

/** A call's parameters: the query string merged with the body, values as sent. */
export type Params = Record<string, unknown>;

/** Reads parameters the way Telegram does: numbers and booleans also as strings, objects also as JSON strings. */
export class ParamReader {
  constructor(private readonly params: Params) {}

  has(name: string): boolean {
    const value = this.params[name];
    return value !== undefined && value !== null && value !== '';
  }

  /** The value as sent (a string, JSON, or an uploaded file part). */
  raw(name: string): unknown {
    return this.params[name];
  }

  int(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    const value = this.params[name];
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value.trim())
          ? Number(value)
          : Number.NaN;
    if (!Number.isSafeInteger(number)) throw badRequest(`invalid ${name} specified`);
    return number;
  }

  requireInt(name: string, missing = `${name} is empty`): number {
    const value = this.int(name);
    if (value === undefined) throw badRequest(missing);
    return value;
  }

  string(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const value = this.params[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  requireString(name: string, missing = `${name} is empty`): string {
    const value = this.string(name);
    if (value === undefined) throw badRequest(missing);
    return value;
  }

  bool(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const value = this.params[name];
    if (value === true || value === 'true' || value === 1 || value === '1') return true;
    if (value === false || value === 'false' || value === 0 || value === '0') return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** An object or array, given as JSON itself or as a JSON string (form bodies). */
  json(name: string): unknown {
    if (!this.has(name)) return undefined;
    const value = this.params[name];
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  intArray(name: string): number[] {
    const value = this.json(name);
    if (!Array.isArray(value) || value.length === 0) throw badRequest(`${name} is empty`);
    return value.map((item) => {
      if (!Number.isSafeInteger(item)) throw badRequest(`invalid ${name} specified`);
      return item as number;
    });
  }
}
