import { randomId } from '@peyk/client';
import type { InlineResults as Results } from '@peyk/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { botInfo } from '../bots/bot-info';
import './inline.css';

/** Waiting this long after the last keystroke before asking the bot: a query per pause, not per key. */
const DEBOUNCE_MS = 400;

const botIds = new Map<string, Promise<string | undefined>>();

/** The user id of a username, asked once per session (botInfo then tells whether it is a bot). */
function botIdOf(username: string): Promise<string | undefined> {
  let id = botIds.get(username);
  if (!id) {
    id = currentClient()
      .request('resolveUsername', { username })
      .then(
        (user) => user.id,
        () => undefined,
      );
    botIds.set(username, id);
  }
  return id;
}

/**
 * The results of "@bot query" above the composer. Each pause in typing asks the bot once
 * (the server, too, ends an older query still waiting); an answer to an older query is
 * dropped. Choosing a result sends it "via @bot".
 */
export function InlineResults({
  chatId,
  username,
  query,
  replyToId,
  onSent,
}: {
  chatId: string;
  username: string;
  query: string;
  replyToId: number;
  onSent: () => void;
}) {
  const [botId, setBotId] = useState<string | undefined>(undefined);
  const [results, setResults] = useState<Results | undefined>(undefined);
  const [more, setMore] = useState<Results[]>([]);
  const latest = useRef(0);
  const info = botId ? botInfo(botId) : undefined;
  const inline = Boolean(info?.inlinePlaceholder);

  useEffect(() => {
    setBotId(undefined);
    void botIdOf(username).then(setBotId);
  }, [username]);

  useEffect(() => {
    if (!botId || !inline) return;
    const asked = ++latest.current;
    const timer = setTimeout(() => {
      void currentClient()
        .request('getInlineResults', { botUserId: botId, chatId, query, offset: '' })
        .then(
          (answer) => {
            if (asked !== latest.current) return;
            setResults(answer);
            setMore([]);
          },
          () => {},
        );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [botId, inline, query, chatId]);

  if (!botId || !inline) return null;
  const pages = results ? [results, ...more] : [];
  const next = pages.at(-1)?.nextOffset ?? '';

  const loadMore = () => {
    const asked = latest.current;
    void currentClient()
      .request('getInlineResults', { botUserId: botId, chatId, query, offset: next })
      .then(
        (page) => {
          if (asked === latest.current) setMore([...more, page]);
        },
        () => {},
      );
  };

  const send = (queryId: string, resultId: string) => {
    onSent();
    currentClient()
      .request('sendInlineResult', { chatId, randomId: randomId(), queryId, resultId, replyToId })
      .catch((error) => toast(errorText(error)));
  };

  return (
    <div class="inline-results" role="listbox" aria-label={t('inline.results', { name: `@${username}` })}>
      {pages.length === 0 && (
        <div class="inline-hint" dir="auto">
          {info?.inlinePlaceholder}
        </div>
      )}
      {pages.flatMap((page) =>
        page.results.map((result) => (
          <button
            type="button"
            role="option"
            aria-selected="false"
            key={`${page.queryId}:${result.id}`}
            class="inline-result"
            onClick={() => send(page.queryId, result.id)}
          >
            {result.thumbnailUrl && (
              <img class="inline-thumb" src={result.thumbnailUrl} alt="" loading="lazy" />
            )}
            <span class="inline-text">
              <span class="inline-title" dir="auto">
                {result.title}
              </span>
              {result.description && (
                <span class="inline-description" dir="auto">
                  {result.description}
                </span>
              )}
            </span>
          </button>
        )),
      )}
      {next && (
        <button type="button" class="inline-more" onClick={loadMore}>
          {t('inline.more')}
        </button>
      )}
    </div>
  );
}
