import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode']);

/**
 * Counts the rows that inserts, updates and deletes touch: the figure that must not grow with a
 * large chat's member count ("rows written per post"). Statements of transactions later rolled
 * back count too.
 *
 * A statement counts when its result comes back: Kysely shows a plugin each subquery (an
 * `exists (select ...)`) as a query of its own, but only whole statements are executed.
 */
export class RowsWrittenCounter implements KyselyPlugin {
  #total = 0;
  #statements = 0;
  readonly #writes = new WeakSet<object>();

  get total(): number {
    return this.#total;
  }

  /** Every statement run, reads included (on PostgreSQL, each is a round trip); not those that failed. */
  get statements(): number {
    return this.#statements;
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (WRITES.has(node.kind)) this.#writes.add(queryId);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.#statements++;
    if (this.#writes.has(queryId)) {
      // SQLite reports no count for a statement with RETURNING: its rows are the count.
      this.#total += Number(result.numAffectedRows ?? BigInt(result.rows.length));
    }
    return result;
  }
}
