import type { Kysely } from 'kysely';
import type { Database, FileRow, FileVariantRow, NewFileRow } from '../schema.js';

/** Stored files, their served variants, who uploaded them and which messages carry them. */
export class FilesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async fileBySha256(sha256: string): Promise<FileRow | undefined> {
    return this.db.selectFrom('files').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  }

  async filesByIds(ids: readonly number[]): Promise<FileRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('files')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Adds the file with its variants; when another upload stored the same bytes first, returns that one. */
  async insertFile(file: NewFileRow, variants: readonly Omit<FileVariantRow, 'file_id'>[]): Promise<FileRow> {
    const inserted = await this.db
      .insertInto('files')
      .values(file)
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return (await this.fileBySha256(file.sha256)) as FileRow;
    if (variants.length > 0) {
      await this.db
        .insertInto('file_variants')
        .values(variants.map((v) => ({ ...v, file_id: inserted.id })))
        .execute();
    }
    return inserted;
  }

  async variants(fileIds: readonly number[]): Promise<FileVariantRow[]> {
    if (fileIds.length === 0) return [];
    return this.db
      .selectFrom('file_variants')
      .selectAll()
      .where('file_id', 'in', [...fileIds])
      .orderBy('file_id')
      .orderBy('size')
      .execute();
  }

  async variantByKey(blobKey: string): Promise<FileVariantRow | undefined> {
    return this.db.selectFrom('file_variants').selectAll().where('blob_key', '=', blobKey).executeTakeFirst();
  }

  /** Notes (again) that the user uploaded the file, which restarts its grace period. */
  async recordUpload(userId: number, fileId: number, now: number): Promise<void> {
    await this.db
      .insertInto('file_uploads')
      .values({ user_id: userId, file_id: fileId, uploaded_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'file_id']).doUpdateSet({ uploaded_at: now }))
      .execute();
  }

  async uploadedBy(userId: number, fileId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('file_uploads')
      .select('file_id')
      .where('user_id', '=', userId)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async attach(chatId: number, messageId: number, fileId: number): Promise<void> {
    await this.db
      .insertInto('message_files')
      .values({ chat_id: chatId, message_id: messageId, file_id: fileId })
      .execute();
  }

  async detach(chatId: number, messageIds: readonly number[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db
      .deleteFrom('message_files')
      .where('chat_id', '=', chatId)
      .where('message_id', 'in', [...messageIds])
      .execute();
  }

  /** Files no message carries and nobody uploaded since `uploadedBefore`. */
  async orphans(uploadedBefore: number, limit: number): Promise<FileRow[]> {
    return this.orphanQuery(uploadedBefore).orderBy('id').limit(limit).execute();
  }

  async isOrphan(fileId: number, uploadedBefore: number): Promise<boolean> {
    return (await this.orphanQuery(uploadedBefore).where('id', '=', fileId).executeTakeFirst()) !== undefined;
  }

  /** Removes the file's rows; returns the blob keys no other file's variant uses any more. */
  async deleteFile(fileId: number): Promise<string[]> {
    const keys = (await this.variants([fileId])).map((v) => v.blob_key);
    await this.db.deleteFrom('file_variants').where('file_id', '=', fileId).execute();
    await this.db.deleteFrom('file_uploads').where('file_id', '=', fileId).execute();
    await this.db.deleteFrom('files').where('id', '=', fileId).execute();
    if (keys.length === 0) return [];
    const shared = await this.db
      .selectFrom('file_variants')
      .select('blob_key')
      .where('blob_key', 'in', keys)
      .execute();
    const stillUsed = new Set(shared.map((r) => r.blob_key));
    return keys.filter((key) => !stillUsed.has(key));
  }

  private orphanQuery(uploadedBefore: number) {
    return this.db
      .selectFrom('files')
      .selectAll()
      .where('created_at', '<', uploadedBefore)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('message_files').select('file_id').whereRef('message_files.file_id', '=', 'files.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('file_uploads')
              .select('file_id')
              .whereRef('file_uploads.file_id', '=', 'files.id')
              .where('uploaded_at', '>=', uploadedBefore),
          ),
        ),
      );
  }
}
