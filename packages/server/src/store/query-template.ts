import {
  type CompiledQuery,
  createQueryId,
  type DeleteResult,
  type InsertResult,
  type Kysely,
  NoResultError,
  type QueryNode,
  type RootOperationNode,
  type UpdateResult,
} from 'kysely';

/** What a template's build function returns: a query builder, or a `sql` template. */
interface Compiles<DB, O> {
  compile(db: Kysely<DB>): CompiledQuery<O>;
}

/** A write without `returning` gives no rows. */
type Row<O> = O extends InsertResult | UpdateResult | DeleteResult ? never : O;

/** Compiled queries kept per shape of arguments; past this, a template builds each call anew. */
const SHAPES_PER_DIALECT = 32;

/** Stands for one value of the arguments while the template is compiled. */
class Placeholder {
  constructor(readonly leaf: number) {}
}

interface CompiledShape {
  sql: string;
  query: RootOperationNode;
  /** For each parameter, the index of the argument value it takes, or -1 for a constant. */
  sources: number[];
  /** The parameters as compiled: the constants the query builder put there. */
  compiled: readonly unknown[];
}

/**
 * A query built and compiled once, then executed with new values: on the send path, Kysely's
 * building and compiling of every statement cost about as much as SQLite running it.
 *
 * `build` stays the query's source: it is called with placeholders in place of the argument
 * values, and the compiled SQL is kept with, for each parameter, which value it takes. It may
 * depend on the arguments' shape (which keys are present, which are null, undefined, true or
 * false, list lengths: a template keeps one compiled query per shape, so an IN list of each
 * length gets its own), never on their other values (numbers, strings, byte arrays): each must
 * reach the query as a parameter unchanged. Compiling refuses a value that did not reach it;
 * one compared or tested on the way would go unnoticed. Plain objects and arrays are walked. A
 * compiled query belongs to a dialect: SQLite's and PostgreSQL's are kept apart.
 *
 * The store's plugins still see every execution (its counters of statements and rows written);
 * a plugin that rewrote queries would make the kept SQL wrong, and is refused.
 *
 * @example
 * const chatById = queryTemplate((db: Kysely<Database>, a: { id: number }) =>
 *   db.selectFrom('chats').selectAll().where('id', '=', a.id),
 * );
 * const chat = await chatById.executeTakeFirst(db, { id: 7 });
 */
export function queryTemplate<DB, A extends object, O>(
  build: (db: Kysely<DB>, args: A) => Compiles<DB, O>,
): QueryTemplate<DB, A, O> {
  return new QueryTemplate(build);
}

export class QueryTemplate<DB, A extends object, O> {
  /** Keyed by the dialect's adapter, which a Kysely instance shares with its transactions. */
  readonly #byDialect = new WeakMap<object, Map<string, CompiledShape>>();

  constructor(private readonly build: (db: Kysely<DB>, args: A) => Compiles<DB, O>) {}

  async execute(db: Kysely<DB>, args: A): Promise<Row<O>[]> {
    return (await this.run(db, args)).rows as Row<O>[];
  }

  async executeTakeFirst(db: Kysely<DB>, args: A): Promise<Row<O> | undefined> {
    return (await this.run(db, args)).rows[0] as Row<O> | undefined;
  }

  async executeTakeFirstOrThrow(db: Kysely<DB>, args: A): Promise<Row<O>> {
    const { rows, query } = await this.run(db, args);
    const [first] = rows;
    // Only a query (a select, or a write with returning) gives rows.
    if (first === undefined) throw new NoResultError(query as QueryNode);
    return first as Row<O>;
  }

  private async run(db: Kysely<DB>, args: A): Promise<{ rows: O[]; query: RootOperationNode }> {
    const values: unknown[] = [];
    const shape = walk(args, values);
    // Kysely's docs mark getExecutor internal, but it is in its types: the one way to the
    // dialect's adapter and to the plugins (the tests of this file and of the store cover it).
    const executor = db.getExecutor();
    let shapes = this.#byDialect.get(executor.adapter);
    if (!shapes) {
      shapes = new Map();
      this.#byDialect.set(executor.adapter, shapes);
    }
    let compiled = shapes.get(shape);
    if (!compiled) {
      if (shapes.size >= SHAPES_PER_DIALECT) {
        // Many shapes (IN lists of many lengths): keep no more, build this one as Kysely does.
        const query = this.build(db, args).compile(db);
        return { rows: (await db.executeQuery(query)).rows, query: query.query };
      }
      compiled = this.compile(db, args, values.length);
      shapes.set(shape, compiled);
    }
    const parameters = compiled.sources.map((leaf, i) => (leaf < 0 ? compiled.compiled[i] : values[leaf]));
    const queryId = createQueryId();
    // Plugins see the query as if Kysely had just compiled it: the store counts it here.
    if (executor.transformQuery(compiled.query, queryId) !== compiled.query) {
      throw new Error('a Kysely plugin rewrites queries: their compiled SQL cannot be reused');
    }
    const { rows } = await db.executeQuery<O>({
      query: compiled.query,
      queryId,
      sql: compiled.sql,
      parameters,
    });
    return { rows, query: compiled.query };
  }

  private compile(db: Kysely<DB>, args: A, valueCount: number): CompiledShape {
    // Without plugins: compiling is not running, and must not be counted as a statement.
    const bare = db.withoutPlugins();
    const { sql, query, parameters } = this.build(bare, placeholders(args, { next: 0 }) as A).compile(bare);
    const sources = parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.leaf : -1));
    const placed = new Set(sources);
    for (let leaf = 0; leaf < valueCount; leaf++) {
      if (!placed.has(leaf)) {
        throw new Error(`a query template's value #${leaf} is not a parameter of its query: ${sql}`);
      }
    }
    return { sql, query, sources, compiled: parameters };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The arguments' shape as a key, their values appended to `values` in the order walked. Null,
 * undefined and booleans are part of the shape, not values: Kysely writes some of them into the
 * SQL (`is null`, `is true`) or leaves a column out for them (undefined).
 */
function walk(value: unknown, values: unknown[]): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) {
    let shape = '[';
    for (const item of value) shape += `${walk(item, values)},`;
    return `${shape}]`;
  }
  if (isPlainObject(value)) {
    let shape = '{';
    for (const key of Object.keys(value)) shape += `${JSON.stringify(key)}:${walk(value[key], values)},`;
    return `${shape}}`;
  }
  values.push(value);
  return 'v';
}

/** The arguments with a placeholder for each value, numbered in `walk`'s order. */
function placeholders(value: unknown, counter: { next: number }): unknown {
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => placeholders(item, counter));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = placeholders(value[key], counter);
    return copy;
  }
  return new Placeholder(counter.next++);
}
