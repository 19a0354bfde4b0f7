import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type FlagSpec, Options, type Scenario } from './scenario.js';

/** Flags every scenario takes. */
export const commonFlags: Record<string, FlagSpec> = {
  runs: { type: 'int', default: 1, help: 'run the scenario this many times and print the medians' },
  out: { type: 'strings', default: [], help: 'write the JSON here [results/<scenario>-<time>.json]' },
  profile: {
    type: 'strings',
    default: [],
    help: "write the server's V8 CPU profile (--cpu-prof) to this folder",
  },
};

export interface BenchArgs {
  scenario: Scenario | undefined;
  options: Options;
  runs: number;
  out: string | undefined;
  profileDir: string | undefined;
  help: boolean;
}

/** The usage text, listing the scenarios and, for one, its flags. */
export function usage(scenarios: readonly Scenario[], scenario?: Scenario): string {
  const names = scenarios.map(
    (s) => `  ${s.name.padEnd(10)} ${s.pending ? `(pending: ${s.pending}) ` : ''}${s.summary}`,
  );
  const flags = Object.entries({ ...(scenario?.flags ?? {}), ...commonFlags }).map(
    ([name, spec]) => `  --${name.padEnd(16)} ${spec.help} [${formatDefault(spec)}]`,
  );
  return [
    'Usage: npm run bench -- <scenario> [flags]',
    '',
    names.join('\n'),
    '',
    scenario
      ? `Flags of ${scenario.name} (defaults in brackets):`
      : 'Flags of every scenario (`<scenario> --help` lists its own):',
    flags.join('\n'),
  ].join('\n');
}

function formatDefault(spec: FlagSpec): string {
  return Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
}

/** Parses `argv` (without node and the script) against the scenarios; throws on a bad flag. */
export function parseBenchArgs(argv: readonly string[], scenarios: readonly Scenario[]): BenchArgs {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const scenario = name === undefined ? undefined : scenarios.find((s) => s.name === name);
  if (name !== undefined && !scenario) {
    throw new Error(`unknown scenario "${name}": use ${scenarios.map((s) => s.name).join(', ')}`);
  }
  const specs = { ...(scenario?.flags ?? {}), ...commonFlags };
  const { values: parsedValues, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...Object.fromEntries(
        Object.entries(specs).map(([flag, spec]) => [
          flag,
          { type: spec.type === 'boolean' ? 'boolean' : 'string' },
        ]),
      ),
      help: { type: 'boolean', short: 'h' },
    } as ParseArgsConfig['options'],
  });
  const values = parsedValues as Record<string, string | boolean | undefined>;
  if (positionals.length > 1) throw new Error(`one scenario at a time, not ${positionals.join(' ')}`);
  const parsed: Record<string, number | number[] | string[] | boolean> = {};
  for (const [flag, spec] of Object.entries(specs)) {
    const raw = values[flag];
    parsed[flag] = raw === undefined ? spec.default : parseValue(flag, spec, raw as string | boolean);
  }
  return {
    scenario,
    options: new Options(parsed),
    runs: parsed.runs as number,
    out: (parsed.out as string[])[0],
    profileDir: (parsed.profile as string[])[0],
    help: values.help === true || scenario === undefined,
  };
}

function parseValue(
  flag: string,
  spec: FlagSpec,
  raw: string | boolean,
): number | number[] | string[] | boolean {
  if (spec.type === 'boolean') return raw === true;
  const text = String(raw);
  switch (spec.type) {
    case 'int':
      return positiveInt(flag, text);
    case 'number':
      return positiveNumber(flag, text);
    case 'ints':
      return text.split(',').map((item) => positiveInt(flag, item.trim()));
    case 'strings': {
      const items = text.split(',').map((item) => item.trim());
      const unknown = spec.choices && items.find((item) => !spec.choices?.includes(item));
      if (unknown) throw new Error(`--${flag}: unknown "${unknown}", use ${spec.choices?.join(',')}`);
      return items;
    }
  }
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${flag} must be a positive integer, not "${value}"`);
  return n;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number, not "${value}"`);
  return n;
}
