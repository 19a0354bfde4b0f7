import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MessageFilter } from '@peyk/protocol';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Caller } from '../../../server/src/domain/index.js';
import { searchEntry } from '../../../server/src/domain/search/search-entry.js';
import { queryTerms } from '../../../server/src/domain/search/search-tokens.js';
import type { MessageRow } from '../../../server/src/store/schema.js';
import type { Store } from '../../../server/src/store/store.js';
import { quantile } from '../percentiles.js';
import type { Scenario } from '../scenario.js';
import { callerOf, type SeededUser, seedingDomain, seedUsers } from '../seed.js';
import { formatNumber, renderTable } from '../table.js';
import { DATABASE_URL, openTempStore, type TempStore } from '../temp-stores.js';

type StoreName = TempStore['name'];

/** What the `search` scenario runs. */
export interface SearchScenarioOptions {
  messages: number;
  users: number;
  /** Groups of `MEMBERS_PER_CHAT`; the viewer is in the first `viewerChats` of them only. */
  chats: number;
  viewerChats: number;
  /** Times each query of each kind is timed (after one untimed pass). */
  rounds: number;
  stores: StoreName[];
}

export const searchDefaults: SearchScenarioOptions = {
  messages: 1_000_000,
  users: 200,
  chats: 100,
  viewerChats: 30,
  rounds: 10,
  stores: ['sqlite', 'postgres'],
};

/**
 * Words people type in the languages Peyk speaks. Arabic is keyed with Arabic letters (ي ك ة أ),
 * Persian with Persian ones (ی ک), some with a ZWNJ or a harakat, so queries typed either way
 * exercise the shared normalization; compound Persian words exercise substring search.
 */
const VOCABULARY: Record<string, readonly string[]> = {
  fa: [
    'سلام',
    'کتاب',
    'دانشگاه',
    'تهران',
    'خبر',
    'پیام',
    'دوست',
    'امروز',
    'فردا',
    'کار',
    'خانه',
    'می‌خواهم',
    'کتابخانه',
    'برنامه',
    'جلسه',
    'قیمت',
    'خرید',
    'بازار',
    'ایران',
    'شیراز',
    'اصفهان',
    'عکس',
    'فیلم',
    'موسیقی',
    'ساعت',
    'هفته',
    'علی',
  ],
  ar: [
    'مرحبا',
    'كتاب',
    'جامعة',
    'القاهرة',
    'أخبار',
    'صديق',
    'اليوم',
    'غدا',
    'عمل',
    'بيت',
    'مدرسة',
    'سعر',
    'سوق',
    'صورة',
    'علي',
    'اجتماع',
    'رسالة',
    'مدينة',
    'سيارة',
    'طعام',
    'كِتَابٌ',
    'مسؤول',
    'إبراهيم',
  ],
  en: [
    'hello',
    'meeting',
    'tomorrow',
    'university',
    'price',
    'market',
    'photo',
    'music',
    'weekend',
    'project',
    'deadline',
    'coffee',
    'ticket',
    'flight',
    'report',
    'invoice',
    'Update',
    'release',
    'server',
    'design',
    'the',
    'and',
  ],
  ru: [
    'привет',
    'встреча',
    'завтра',
    'университет',
    'цена',
    'рынок',
    'фото',
    'музыка',
    'выходные',
    'проект',
    'отчёт',
    'билет',
    'поезд',
    'книга',
    'работа',
    'дом',
    'новости',
    'погода',
    'Москва',
  ],
  zh: [
    '你好',
    '明天',
    '开会',
    '大学',
    '价格',
    '市场',
    '照片',
    '音乐',
    '周末',
    '项目',
    '北京',
    '上海',
    '火车票',
    '报告',
    '天气',
    '新闻',
    '我们',
    '图书馆',
  ],
};
/** Share of messages in each language, roughly that of Peyk's first markets. */
const LANGUAGE_WEIGHTS: readonly [string, number][] = [
  ['fa', 0.4],
  ['ar', 0.2],
  ['en', 0.15],
  ['ru', 0.1],
  ['zh', 0.15],
];

/** The queries timed, by kind; typed as users type them (Persian letters finding Arabic ones). */
const QUERIES: Record<string, readonly string[]> = {
  'one word': [
    'کتاب',
    'علي',
    'دانشگاه',
    'meeting',
    'привет',
    'ticket',
    'جامعه',
    'قیمت',
    'погода',
    'design',
    '۱۴۰۵',
    'موسیقی',
  ],
  prefix: ['دانش', 'univ', 'встр', 'برنا', 'proj', 'رسال', 'книг', 'اجتم'],
  'two words': [
    'سلام دوست',
    'meeting tomorrow',
    'привет завтра',
    'كتاب جامعة',
    'project deadline',
    'خبر امروز',
  ],
  'cjk substring': ['开会', '北京', '火车', '天气', '书馆'],
  'inside a word': ['خانه', 'خواهم'],
  'one word, one chat': ['کتاب', 'meeting', 'привет', 'سلام'],
};

const MEMBERS_PER_CHAT = 10;
const MESSAGES_PER_TRANSACTION = 5000;
const PAGE = 20;

/** A small deterministic generator, so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Zipf-like: early words of a list are far more common than late ones. */
function pick<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(list.length * next() ** 2)] as T;
}

function language(next: () => number): string {
  let r = next();
  for (const [name, weight] of LANGUAGE_WEIGHTS) {
    r -= weight;
    if (r < 0) return name;
  }
  return 'fa';
}

/** A message of 3-14 words in one language, sometimes with a link or a year in native digits. */
function messageText(next: () => number): string {
  const lang = language(next);
  const words = VOCABULARY[lang] as readonly string[];
  const count = 3 + Math.floor(next() * 12);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(pick(words, next));
  if (next() < 0.05) parts.push(`https://example.org/${Math.floor(next() * 1e6)}`);
  if (next() < 0.03) {
    const year = String(1400 + Math.floor(next() * 10));
    parts.push(lang === 'fa' ? year.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string) : year);
  }
  // Chinese is written without spaces between words.
  return lang === 'zh' ? parts.join('') : parts.join(' ');
}

interface Seeded {
  viewer: Caller;
  /** A chat the viewer is in, for the in-chat queries. */
  viewerChatId: number;
  rawTextBytes: number;
  seedSeconds: number;
}

/**
 * Users and groups through the domain, then the messages straight through the store's
 * repositories in large transactions: the rows `postMessage` writes for a message and its
 * search entry (message id taken from the chat, the message, the index entry), without the
 * per-member dialog and update rows, which search never reads. A million sends through the
 * domain would take hours on this machine.
 */
async function seed(store: Store, options: SearchScenarioOptions): Promise<Seeded> {
  if (options.viewerChats >= options.chats || options.users <= MEMBERS_PER_CHAT) {
    throw new Error('--viewer-chats must be below --chats, and --users above the group size');
  }
  const users = await seedUsers(store, options.users);
  const domain = await seedingDomain(store);
  const [viewer, ...others] = users as [SeededUser, ...SeededUser[]];
  const next = random(7);
  const chats: { id: number; members: number[] }[] = [];
  for (let c = 0; c < options.chats; c++) {
    const members = new Set<SeededUser>(c < options.viewerChats ? [viewer] : []);
    while (members.size < MEMBERS_PER_CHAT)
      members.add(others[Math.floor(next() * others.length)] as SeededUser);
    const [owner, ...rest] = [...members] as [SeededUser, ...SeededUser[]];
    const chat = await domain.chats.createGroup(
      callerOf(owner),
      `Search ${c}`,
      rest.map((m) => m.userId),
    );
    chats.push({ id: Number(chat.id), members: [...members].map((m) => m.userId) });
  }
  let rawTextBytes = 0;
  const start = performance.now();
  const now = Math.floor(Date.now() / 1000);
  for (let done = 0; done < options.messages; done += MESSAGES_PER_TRANSACTION) {
    const end = Math.min(options.messages, done + MESSAGES_PER_TRANSACTION);
    await store.write(async (tx) => {
      for (let i = done; i < end; i++) {
        const chat = chats[Math.floor(next() * chats.length)] as (typeof chats)[number];
        const date = now - (options.messages - i);
        const row: MessageRow = {
          chat_id: chat.id,
          id: await tx.chats.takeMessageId(chat.id, date),
          sender_id: chat.members[Math.floor(next() * chat.members.length)] as number,
          random_id: i + 1,
          date,
          edit_date: 0,
          text: messageText(next),
          entities: '[]',
          reply_to_id: 0,
          fwd_user_id: 0,
          fwd_chat_id: 0,
          fwd_message_id: 0,
          fwd_date: 0,
          service: null,
          pinned: 0,
          deleted: 0,
          media: null,
          album_id: 0,
          author_signature: '',
          silent: 0,
          anonymous: 0,
          views: 0,
          discussion_message_id: 0,
          reply_markup: null,
          poll: null,
          via_bot_id: 0,
        };
        rawTextBytes += Buffer.byteLength(row.text);
        await tx.messages.insertMessage(row);
        const entry = searchEntry(row);
        if (entry) await tx.search.put(entry);
      }
    });
    if (end % 100_000 === 0 || end === options.messages) {
      const seconds = (performance.now() - start) / 1000;
      console.log(`  ${formatNumber(end)} messages in ${formatNumber(seconds)} s`);
    }
  }
  return {
    viewer: callerOf(viewer),
    viewerChatId: chats[0]?.id ?? 0,
    rawTextBytes,
    seedSeconds: (performance.now() - start) / 1000,
  };
}

export interface SearchKindFigures {
  kind: string;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Messages on the first page, on average (at most `PAGE`). */
  meanHits: number;
  /**
   * The index query alone (`store.read.search.search`, visibility included), timed apart the
   * same number of times: the rest of the request loads and shapes the page's messages.
   */
  indexP50Ms: number;
  indexP95Ms: number;
}

export interface SearchStoreFigures {
  store: StoreName;
  skipped?: string;
  messages: number;
  seedSeconds: number;
  seedMessagesPerSecond: number;
  /** UTF-8 bytes of the messages' text. */
  rawTextBytes: number;
  /** Everything the index takes: its rows (the tokens) and the full-text index over them. */
  indexBytes: number;
  /** The full-text part only (FTS5 shadow tables; the GIN index). */
  fullTextBytes: number;
  /** How the sizes were measured. */
  sizeMethod: string;
  kinds: SearchKindFigures[];
}

/**
 * Times every query of every kind `rounds` times through `SearchService.searchMessages`, after
 * one untimed pass, then the index query alone as many times.
 */
async function measureQueries(store: Store, seeded: Seeded, rounds: number): Promise<SearchKindFigures[]> {
  const domain = await seedingDomain(store);
  const figures: SearchKindFigures[] = [];
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const chatId = kind.endsWith('one chat') ? seeded.viewerChatId : 0;
    let hits = 0;
    const search = async (query: string) => {
      const found = await domain.search.searchMessages(seeded.viewer, {
        query,
        chatId,
        senderId: 0,
        minDate: 0,
        maxDate: 0,
        filter: MessageFilter.UNSPECIFIED,
        cursor: '',
        limit: PAGE,
      });
      hits += found.messages.length;
    };
    const indexOnly = (query: string) =>
      store.read.search.search({
        viewerId: seeded.viewer.userId,
        terms: queryTerms(query),
        chatId: chatId || undefined,
        linksOnly: false,
        limit: PAGE + 1,
      });
    for (const query of queries) await search(query);
    hits = 0;
    const samples = await timeRounds(queries, rounds, search);
    const index = await timeRounds(queries, rounds, indexOnly);
    figures.push({
      kind,
      queries: samples.length,
      p50Ms: quantile(samples, 0.5),
      p95Ms: quantile(samples, 0.95),
      p99Ms: quantile(samples, 0.99),
      maxMs: quantile(samples, 1),
      meanHits: hits / samples.length,
      indexP50Ms: quantile(index, 0.5),
      indexP95Ms: quantile(index, 0.95),
    });
    const last = figures.at(-1) as SearchKindFigures;
    console.log(
      `  ${kind}: p50 ${formatNumber(last.p50Ms, 1)} ms, p95 ${formatNumber(last.p95Ms, 1)} ms, index alone p95 ${formatNumber(last.indexP95Ms, 1)} ms (${samples.length} queries)`,
    );
  }
  return figures;
}

/** Milliseconds of each call, every query `rounds` times, sorted. */
async function timeRounds(
  queries: readonly string[],
  rounds: number,
  call: (query: string) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const t0 = performance.now();
      await call(query);
      samples.push(performance.now() - t0);
    }
  }
  return samples.sort((a, b) => a - b);
}

interface IndexSize {
  indexBytes: number;
  fullTextBytes: number;
  sizeMethod: string;
}

/** SQLite: bytes of pages by table from `dbstat`, or the whole file's size when it is not compiled in. */
function sqliteIndexSize(file: string): IndexSize {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        "select name, sum(pgsize) as bytes from dbstat where name like 'message_search%' group by name",
      )
      .all() as { name: string; bytes: number }[];
    const sum = (filter: (name: string) => boolean) =>
      rows.filter((r) => filter(r.name)).reduce((total, r) => total + r.bytes, 0);
    return {
      indexBytes: sum(() => true),
      fullTextBytes: sum((name) => name.startsWith('message_search_fts')),
      sizeMethod: 'dbstat: pages of message_search, its unique index and the FTS5 shadow tables',
    };
  } catch {
    const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    return {
      indexBytes: bytes,
      fullTextBytes: Number.NaN,
      sizeMethod: 'no dbstat: the whole database file, messages included',
    };
  } finally {
    db.close();
  }
}

/** PostgreSQL: `pg_total_relation_size` of message_search (table, TOAST, every index). */
async function postgresIndexSize(schema: string): Promise<IndexSize> {
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: string; gin: string }>(
      `select pg_total_relation_size('message_search') as total,
        pg_relation_size('message_search_tokens') as gin`,
    );
    const row = rows[0] as { total: string; gin: string };
    return {
      indexBytes: Number(row.total),
      fullTextBytes: Number(row.gin),
      sizeMethod: 'pg_total_relation_size(message_search); full text: the GIN index',
    };
  } finally {
    await client.end();
  }
}

/**
 * What autovacuum does soon after a bulk load, done at once so that queries meet the steady
 * state: planner statistics, and the GIN index's pending list merged.
 */
async function postgresVacuumAnalyze(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

async function measureStore(name: StoreName, options: SearchScenarioOptions): Promise<SearchStoreFigures> {
  const temp = await openTempStore(name);
  if ('skipped' in temp) {
    return {
      store: name,
      skipped: temp.skipped,
      messages: 0,
      seedSeconds: Number.NaN,
      seedMessagesPerSecond: Number.NaN,
      rawTextBytes: Number.NaN,
      indexBytes: Number.NaN,
      fullTextBytes: Number.NaN,
      sizeMethod: '',
      kinds: [],
    };
  }
  try {
    console.log(`${name}: seeding ${formatNumber(options.messages)} messages`);
    const seeded = await seed(temp.store, options);
    if (name === 'postgres') await postgresVacuumAnalyze(temp.location);
    const size = name === 'sqlite' ? sqliteIndexSize(temp.location) : await postgresIndexSize(temp.location);
    console.log(`${name}: querying`);
    const kinds = await measureQueries(temp.store, seeded, options.rounds);
    return {
      store: name,
      messages: options.messages,
      seedSeconds: seeded.seedSeconds,
      seedMessagesPerSecond: options.messages / seeded.seedSeconds,
      rawTextBytes: seeded.rawTextBytes,
      ...size,
      kinds,
    };
  } finally {
    await temp.destroy();
  }
}

const MB = 1024 * 1024;

function latencyTable(figures: SearchStoreFigures[]): string {
  const rows = figures.flatMap((f) =>
    f.skipped
      ? [[f.store, `skipped (${f.skipped})`, '-', '-', '-', '-', '-', '-', '-', '-']]
      : f.kinds.map((k) => [
          f.store,
          k.kind,
          k.queries,
          formatNumber(k.p50Ms, 1),
          formatNumber(k.p95Ms, 1),
          formatNumber(k.p99Ms, 1),
          formatNumber(k.maxMs, 1),
          formatNumber(k.meanHits, 1),
          formatNumber(k.indexP50Ms, 1),
          formatNumber(k.indexP95Ms, 1),
        ]),
  );
  return `search: SearchService.searchMessages latency (first page of ${PAGE}, visibility included)\n\n${renderTable(
    [
      'store',
      'query',
      'queries',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'hits/page',
      'index alone p50',
      'index alone p95',
    ],
    rows,
  )}`;
}

function sizeTable(figures: SearchStoreFigures[]): string {
  const measured = figures.filter((f) => !f.skipped);
  const rows = measured.map((f) => [
    f.store,
    formatNumber(f.messages),
    formatNumber(f.seedSeconds),
    formatNumber(f.seedMessagesPerSecond),
    formatNumber(f.rawTextBytes / MB, 1),
    formatNumber(f.indexBytes / MB, 1),
    formatNumber(f.fullTextBytes / MB, 1),
    `${formatNumber(f.indexBytes / f.rawTextBytes, 2)}x`,
  ]);
  const methods = measured.map((f) => `${f.store}: ${f.sizeMethod}`).join('\n');
  return `search: seeding (messages and index rows through the repositories, not sends) and index size\n\n${renderTable(
    ['store', 'messages', 'seed s', 'msg/s', 'raw text MB', 'index MB', 'full-text MB', 'index / raw'],
    rows,
  )}\n\n${methods}`;
}

const kindKey = (kind: string) => kind.replace(/[^a-z]+(.)/g, (_, c: string) => c.toUpperCase());

export const scenario: Scenario = {
  name: 'search',
  summary:
    'message search latency (one word, prefix, two words, CJK, in a chat) over N mixed-language messages, and index size',
  flags: {
    messages: { type: 'int', default: searchDefaults.messages, help: 'messages seeded' },
    users: { type: 'int', default: searchDefaults.users, help: 'users seeded' },
    chats: { type: 'int', default: searchDefaults.chats, help: `groups of ${MEMBERS_PER_CHAT} members` },
    'viewer-chats': {
      type: 'int',
      default: searchDefaults.viewerChats,
      help: 'groups the searching user is in (the others are filtered out)',
    },
    rounds: { type: 'int', default: searchDefaults.rounds, help: 'times each query is timed' },
    stores: {
      type: 'strings',
      default: searchDefaults.stores,
      choices: ['sqlite', 'postgres'],
      help: 'stores to measure (PostgreSQL skipped when unreachable unless CI=true)',
    },
  },
  async run(options) {
    const settings: SearchScenarioOptions = {
      messages: options.int('messages'),
      users: options.int('users'),
      chats: options.int('chats'),
      viewerChats: options.int('viewer-chats'),
      rounds: options.int('rounds'),
      stores: options.strings('stores') as StoreName[],
    };
    const figures: SearchStoreFigures[] = [];
    for (const name of settings.stores) figures.push(await measureStore(name, settings));
    const headline: Record<string, number> = {};
    for (const f of figures) {
      for (const k of f.kinds) headline[`${f.store}${kindKey(` ${k.kind}`)}P95Ms`] = k.p95Ms;
      headline[`${f.store}IndexOverRaw`] = f.indexBytes / f.rawTextBytes;
    }
    return {
      markdown: `${latencyTable(figures)}\n\n${sizeTable(figures)}`,
      figures: { options: settings, stores: figures },
      headline,
    };
  },
};
