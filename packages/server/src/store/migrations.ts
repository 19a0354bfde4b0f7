import { usernameSkeleton } from '@peyk/protocol';
import { type ColumnDataType, type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { userSearchName } from './user-search-name.js';

export type Dialect = 'sqlite' | 'postgres';

/** Schema migrations for both dialects; a migration is never edited once released, only added. */
export function migrationsFor(dialect: Dialect): MigrationProvider {
  const bytes: ColumnDataType = dialect === 'sqlite' ? 'blob' : 'bytea';
  const migrations: Record<string, Migration> = {
    '0001_core': {
      async up(db: Kysely<unknown>) {
        const idColumn = (table: string) =>
          dialect === 'sqlite'
            ? db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
            : db.schema
                .createTable(table)
                .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());

        await idColumn('users')
          .addColumn('username', 'text', (c) => c.unique())
          .addColumn('phone', 'text', (c) => c.unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('password_hash', 'text')
          .addColumn('second_factor_hash', 'text')
          .addColumn('last_seen_privacy', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('last_seen_at', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('pts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await idColumn('sessions')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('device_name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_active_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('phone_codes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('phone', 'text', (c) => c.notNull())
          .addColumn('code_hash', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();

        for (const [table, other] of [
          ['contacts', 'contact_id'],
          ['blocks', 'blocked_id'],
        ] as const) {
          await db.schema
            .createTable(table)
            .addColumn('user_id', 'bigint', (c) => c.notNull())
            .addColumn(other, 'bigint', (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${table}_pk`, ['user_id', other])
            .execute();
        }

        await idColumn('chats')
          .addColumn('kind', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_message_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('pts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();

        await db.schema
          .createTable('private_chats')
          .addColumn('low_user_id', 'bigint', (c) => c.notNull())
          .addColumn('high_user_id', 'bigint', (c) => c.notNull())
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('private_chats_pk', ['low_user_id', 'high_user_id'])
          .execute();

        await db.schema
          .createTable('chat_members')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('role', 'integer', (c) => c.notNull())
          .addColumn('joined_at', 'bigint', (c) => c.notNull())
          .addColumn('inviter_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('read_inbox_max_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('chat_members_pk', ['chat_id', 'user_id'])
          .execute();

        await db.schema
          .createTable('dialogs')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('read_inbox_max_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_activity', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('dialogs_pk', ['user_id', 'chat_id'])
          .execute();
        await db.schema
          .createIndex('dialogs_by_activity')
          .on('dialogs')
          .columns(['user_id', 'pinned', 'last_activity', 'chat_id'])
          .execute();

        await db.schema
          .createTable('messages')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('id', 'integer', (c) => c.notNull())
          .addColumn('sender_id', 'bigint', (c) => c.notNull())
          .addColumn('random_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addColumn('edit_date', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('reply_to_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('fwd_user_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('fwd_chat_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('fwd_message_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('fwd_date', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('service', 'text')
          .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('messages_pk', ['chat_id', 'id'])
          .execute();

        await db.schema
          .createTable('sent_messages')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('random_id', 'bigint', (c) => c.notNull())
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('sent_messages_pk', ['user_id', 'random_id'])
          .execute();

        await db.schema
          .createTable('message_reactions')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('emoji', 'text', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_reactions_pk', ['chat_id', 'message_id', 'user_id'])
          .execute();

        await db.schema
          .createTable('message_mentions')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_mentions_pk', ['chat_id', 'user_id', 'message_id'])
          .execute();

        await db.schema
          .createTable('hidden_messages')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('hidden_messages_pk', ['user_id', 'chat_id', 'message_id'])
          .execute();

        await db.schema
          .createTable('chat_events')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('pts', 'integer', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addColumn('payload', bytes, (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_events_pk', ['chat_id', 'pts'])
          .execute();

        await db.schema
          .createTable('user_updates')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('pts', 'integer', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addColumn('chat_id', 'bigint')
          .addColumn('chat_pts', 'integer')
          .addColumn('payload', bytes)
          .addPrimaryKeyConstraint('user_updates_pk', ['user_id', 'pts'])
          .execute();
      },
    },
    '0002_message_search': {
      async up(db: Kysely<unknown>) {
        if (dialect === 'sqlite') {
          await sql`create table message_search (
            id integer primary key autoincrement,
            chat_id integer not null,
            message_id integer not null,
            sender_id integer not null,
            date integer not null,
            has_link integer not null,
            tokens text not null,
            unique (chat_id, message_id))`.execute(db);
          // External-content FTS5: the tokens are stored once, in message_search.
          await sql`create virtual table message_search_fts using fts5(
            tokens, content='message_search', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(db);
          await sql`create trigger message_search_ai after insert on message_search begin
            insert into message_search_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
          await sql`create trigger message_search_ad after delete on message_search begin
            insert into message_search_fts(message_search_fts, rowid, tokens) values ('delete', old.id, old.tokens); end`.execute(
            db,
          );
          await sql`create trigger message_search_au after update on message_search begin
            insert into message_search_fts(message_search_fts, rowid, tokens) values ('delete', old.id, old.tokens);
            insert into message_search_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
        } else {
          await sql`create table message_search (
            id bigint generated by default as identity,
            chat_id bigint not null,
            message_id integer not null,
            sender_id bigint not null,
            date bigint not null,
            has_link integer not null,
            tokens tsvector not null,
            primary key (chat_id, message_id))`.execute(db);
          await sql`create index message_search_tokens on message_search using gin (tokens)`.execute(db);
          await sql`create index message_search_order on message_search (id)`.execute(db);
        }
      },
    },
    '0003_push': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('push_subscriptions')
          .addColumn('endpoint', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('session_id', 'bigint', (c) => c.notNull())
          .addColumn('p256dh', 'text', (c) => c.notNull())
          .addColumn('auth', 'text', (c) => c.notNull())
          .addColumn('hide_preview', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('push_subscriptions_by_user')
          .on('push_subscriptions')
          .column('user_id')
          .execute();
        await db.schema
          .createIndex('push_subscriptions_by_session')
          .on('push_subscriptions')
          .column('session_id')
          .execute();
        await db.schema
          .createTable('server_settings')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0004_channels': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('chats').addColumn('username', 'text').execute();
        await db.schema
          .alterTable('chats')
          .addColumn('signatures', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('chats')
          .addColumn('last_activity', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('chats_by_username').on('chats').column('username').unique().execute();
        await db.schema
          .alterTable('messages')
          .addColumn('author_signature', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('messages')
          .addColumn('silent', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('messages')
          .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('chats')
          .addColumn('slow_mode_seconds', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        for (const column of ['rights', 'restrictions']) {
          await db.schema
            .alterTable('chat_members')
            .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
            .execute();
        }
        for (const column of ['restricted_until', 'last_sent_at']) {
          await db.schema
            .alterTable('chat_members')
            .addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
            .execute();
        }
        await db.schema
          .createTable('chat_bans')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('until', 'bigint', (c) => c.notNull())
          .addColumn('actor_id', 'bigint', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_bans_pk', ['chat_id', 'user_id'])
          .execute();
        await (dialect === 'sqlite'
          ? db.schema
              .createTable('chat_admin_log')
              .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          : db.schema
              .createTable('chat_admin_log')
              .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        )
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addColumn('actor_id', 'bigint', (c) => c.notNull())
          .addColumn('action', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .createIndex('chat_admin_log_by_chat')
          .on('chat_admin_log')
          .columns(['chat_id', 'id'])
          .execute();
        await db.schema
          .alterTable('chats')
          .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .createTable('invite_links')
          .addColumn('link', 'text', (c) => c.primaryKey())
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('creator_id', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('usage_limit', 'integer', (c) => c.notNull())
          .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('requires_approval', 'integer', (c) => c.notNull())
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('invite_links_by_chat').on('invite_links').column('chat_id').execute();
        await db.schema
          .createTable('join_requests')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('link', 'text', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('join_requests_pk', ['chat_id', 'user_id'])
          .execute();
        await db.schema
          .alterTable('messages')
          .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('message_views')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_views_pk', ['chat_id', 'message_id', 'user_id'])
          .execute();
        await db.schema
          .alterTable('chats')
          .addColumn('linked_chat_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('messages')
          .addColumn('discussion_message_id', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0005_media': {
      async up(db: Kysely<unknown>) {
        const idColumn = (table: string) =>
          dialect === 'sqlite'
            ? db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
            : db.schema
                .createTable(table)
                .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
        await idColumn('files')
          .addColumn('sha256', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'integer', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('placeholder', bytes)
          .addColumn('waveform', bytes)
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('file_variants')
          .addColumn('file_id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('blob_key', 'text', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('file_variants_pk', ['file_id', 'name'])
          .execute();
        await db.schema.createIndex('file_variants_by_blob').on('file_variants').column('blob_key').execute();
        await db.schema
          .createTable('file_uploads')
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('file_id', 'bigint', (c) => c.notNull())
          .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('file_uploads_pk', ['user_id', 'file_id'])
          .execute();
        await db.schema.createIndex('file_uploads_by_file').on('file_uploads').column('file_id').execute();
        await db.schema
          .createTable('message_files')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'integer', (c) => c.notNull())
          .addColumn('file_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_files_pk', ['chat_id', 'message_id'])
          .execute();
        await db.schema.createIndex('message_files_by_file').on('message_files').column('file_id').execute();
        await db.schema.alterTable('messages').addColumn('media', 'text').execute();
        await db.schema
          .alterTable('messages')
          .addColumn('album_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0007_rate_counters': {
      async up(db: Kysely<unknown>) {
        // The embedded store is one process: its counters live in memory.
        if (dialect !== 'postgres') return;
        await db.schema
          .createTable('rate_counters')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', 'bigint', (c) => c.notNull())
          .addColumn('hits', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('rate_counters_by_age')
          .on('rate_counters')
          .column('window_start')
          .execute();
      },
    },
    '0008_username_skeletons': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('users').addColumn('username_skeleton', 'text').execute();
        const users = db as unknown as Kysely<{
          users: { id: number; username: string | null; username_skeleton: string | null };
        }>;
        const rows = await users
          .selectFrom('users')
          .select(['id', 'username'])
          .where('username', 'is not', null)
          .orderBy('id')
          .execute();
        // The first holder of a look-alike keeps the skeleton; later ones keep their name, without one.
        const taken = new Set<string>();
        for (const row of rows) {
          const skeleton = usernameSkeleton(row.username ?? '');
          if (taken.has(skeleton)) continue;
          taken.add(skeleton);
          await users
            .updateTable('users')
            .set({ username_skeleton: skeleton })
            .where('id', '=', row.id)
            .execute();
        }
        await db.schema
          .createIndex('users_by_username_skeleton')
          .on('users')
          .column('username_skeleton')
          .unique()
          .execute();
      },
    },
    '0009_deleted_accounts': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('deleted_at', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0011_comment_threads': {
      async up(db: Kysely<unknown>) {
        // A channel post's comments are the replies to its copy in the discussion group.
        await db.schema
          .createIndex('messages_by_reply')
          .on('messages')
          .columns(['chat_id', 'reply_to_id'])
          .execute();
      },
    },
    '0012_chat_bots': {
      async up(db: Kysely<unknown>) {
        // The bots among a chat's members, so a channel or supergroup event finds its bots
        // without reading the member list.
        await db.schema
          .createTable('chat_bots')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('bot_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_bots_pk', ['chat_id', 'bot_id'])
          .execute();
        await sql`insert into chat_bots (chat_id, bot_id)
          select m.chat_id, m.user_id from chat_members m join bots b on b.user_id = m.user_id`.execute(db);
      },
    },
    '0006_bots': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('bots')
          .addColumn('user_id', 'bigint', (c) => c.primaryKey())
          .addColumn('owner_id', 'bigint', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('web_app_key', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('privacy', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('can_join_groups', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('short_description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('commands', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('allowed_updates', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('webhook_url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('webhook_secret', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('webhook_max_connections', 'integer', (c) => c.notNull().defaultTo(40))
          .addColumn('queue_lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('webhook_error_date', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('webhook_error', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('last_update_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        // JSON ReplyMarkup of a bot's message (keyboards), null for none.
        await db.schema.alterTable('messages').addColumn('reply_markup', 'text').execute();
        await db.schema.createIndex('bots_by_owner').on('bots').column('owner_id').execute();
        await db.schema.createIndex('bots_with_webhook').on('bots').column('webhook_url').execute();
        await db.schema
          .createTable('bot_updates')
          .addColumn('bot_id', 'bigint', (c) => c.notNull())
          .addColumn('update_id', 'bigint', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', bytes, (c) => c.notNull())
          .addPrimaryKeyConstraint('bot_updates_pk', ['bot_id', 'update_id'])
          .execute();
      },
    },
    '0010_directory_and_settings': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        const users = db as unknown as Kysely<{
          users: { id: number; username: string | null; display_name: string; search_name: string };
        }>;
        const rows = await users
          .selectFrom('users')
          .select(['id', 'username', 'display_name'])
          .where('username', 'is not', null)
          .execute();
        for (const row of rows) {
          await users
            .updateTable('users')
            .set({ search_name: userSearchName(row.display_name, row.username) })
            .where('id', '=', row.id)
            .execute();
        }
        await db.schema
          .createTable('user_settings')
          .addColumn('user_id', 'bigint', (c) => c.primaryKey())
          .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('calendar', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('digits', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('week_start', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('hour_cycle', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0013_polls_inline': {
      async up(db: Kysely<unknown>) {
        // JSON StoredPoll of a poll message, null for others; the bot a message was sent through.
        await db.schema.alterTable('messages').addColumn('poll', 'text').execute();
        await db.schema
          .alterTable('messages')
          .addColumn('via_bot_id', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('poll_votes')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('option', 'integer', (c) => c.notNull())
          .addColumn('date', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('poll_votes_pk', ['chat_id', 'message_id', 'user_id', 'option'])
          .execute();
        await db.schema
          .alterTable('bots')
          .addColumn('inline_placeholder', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('bots')
          .addColumn('inline_feedback', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('inline_queries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('bot_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('offset', 'text', (c) => c.notNull())
          .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('results', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('next_offset', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('personal', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('cached_until', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('inline_queries_cache')
          .on('inline_queries')
          .columns(['bot_id', 'query', 'offset'])
          .execute();
        // Expired queries are deleted as new ones come.
        await db.schema
          .createIndex('inline_queries_by_expiry')
          .on('inline_queries')
          .column('expires_at')
          .execute();
      },
    },
    '0016_poll_closings': {
      async up(db: Kysely<unknown>) {
        // A poll with a close date waits here until it is closed: a row is deleted by the one
        // node that closes it, so it is announced once however many nodes look.
        await db.schema
          .createTable('poll_closings')
          .addColumn('chat_id', 'bigint', (c) => c.notNull())
          .addColumn('message_id', 'bigint', (c) => c.notNull())
          .addColumn('close_date', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('poll_closings_pk', ['chat_id', 'message_id'])
          .execute();
        await db.schema
          .createIndex('poll_closings_by_date')
          .on('poll_closings')
          .column('close_date')
          .execute();
      },
    },
    '0017_invite_link_names': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('invite_links')
          .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('invite_links')
          .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // One live primary link per admin, even when two nodes export at once (one then fails).
        await db.schema
          .createIndex('invite_links_one_primary')
          .on('invite_links')
          .columns(['chat_id', 'creator_id'])
          .unique()
          .where(sql.ref('is_primary'), '=', 1)
          .where(sql.ref('revoked'), '=', 0)
          .execute();
      },
    },
    '0018_pinned_messages': {
      async up(db: Kysely<unknown>) {
        // Few messages of a chat are pinned: unpinning them all reads only those.
        await db.schema
          .createIndex('messages_pinned')
          .on('messages')
          .column('chat_id')
          .where(sql.ref('pinned'), '=', 1)
          .execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
