import { type Kysely, Migrator } from 'kysely';
import { type Dialect, migrationsFor } from './migrations.js';
import type { Database } from './schema.js';

/**
 * Brings the schema up to date. `schema` (PostgreSQL) keeps the migration bookkeeping inside
 * that schema: Kysely otherwise finds another schema's bookkeeping tables by name.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: Dialect,
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationsFor(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`store migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
