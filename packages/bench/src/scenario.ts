/**
 * A benchmark scenario: its flags with their defaults, and how to run it. Each scenario is one
 * file in scenarios/ exporting `scenario`; the registry finds it there.
 */
export type FlagType = 'int' | 'number' | 'ints' | 'strings' | 'boolean';

export interface FlagSpec {
  type: FlagType;
  /** The value when the flag is not given. */
  default: number | number[] | string[] | boolean;
  help: string;
  /** For a list of strings: the only values it takes. */
  choices?: string[];
}

/** The parsed value of each flag a scenario declares, read with the accessor for its type. */
export class Options {
  constructor(private readonly values: Record<string, number | number[] | string[] | boolean>) {}

  private get(name: string): unknown {
    if (!(name in this.values)) throw new Error(`no flag --${name}`);
    return this.values[name];
  }
  int(name: string): number {
    return this.get(name) as number;
  }
  number(name: string): number {
    return this.get(name) as number;
  }
  ints(name: string): number[] {
    return this.get(name) as number[];
  }
  strings(name: string): string[] {
    return this.get(name) as string[];
  }
  boolean(name: string): boolean {
    return this.get(name) as boolean;
  }
  toJSON(): Record<string, unknown> {
    return this.values;
  }
}

/** What every scenario gets besides its own flags. */
export interface RunContext {
  /** Where the server writes a V8 CPU profile (`--profile`), if asked. */
  profileDir: string | undefined;
}

export interface ScenarioResult {
  /** The Markdown table(s) to print. */
  markdown: string;
  /** Every figure, for the JSON file. */
  figures: unknown;
  /** The few figures to take the median of over `--runs`, by name. */
  headline: Record<string, number>;
}

export interface Scenario {
  name: string;
  summary: string;
  /** Set while the scenario waits for a feature: it is listed but does not run. */
  pending?: string;
  flags: Record<string, FlagSpec>;
  run(options: Options, context: RunContext): Promise<ScenarioResult>;
}
