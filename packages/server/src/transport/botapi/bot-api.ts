import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { BotSession, Domain } from '../../domain/index.js';
import type { RateCounters } from '../../store/rate-counters.js';
import { BotApiError } from './bot-api-error.js';
import { botMethods } from './bot-methods.js';
import { chatMethods } from './chat-methods.js';
import { inlineMethods } from './inline-methods.js';
import { inviteMethods } from './invite-methods.js';
import { toBotApiError } from './domain-errors.js';
import { type BotFloodLimits, FloodControl } from './flood-control.js';
import { mediaMethods } from './media-methods.js';
import { memberMethods } from './member-methods.js';
import { type BotMethod, messageMethods } from './message-methods.js';
import { MultipartBody, readMultipart } from './multipart-body.js';
import { ParamReader, type Params } from './params.js';
import { pollMethods } from './poll-methods.js';
import { downloadUrl } from './url-download.js';
import { WebhookSender } from './webhook-sender.js';

export interface BotApiOptions {
  floodLimits: BotFloodLimits;
  /** The store's shared counters, which the flood limits count in. */
  counters: RateCounters;
  log: Logger;
  /** Webhooks and files by URL may reach private, loopback and link-local addresses (and plain HTTP). */
  webhookAllowPrivate: boolean;
  /** Where uploaded files wait while their call runs. */
  scratchDir: string;
}

/** Every method this server answers, as Telegram spells it. */
const ALL_METHODS: Record<string, BotMethod> = {
  ...botMethods,
  ...messageMethods,
  ...chatMethods,
  ...mediaMethods,
  ...memberMethods,
  ...inviteMethods,
  ...pollMethods,
  ...inlineMethods,
};

/** Every method by its lower-case name: Telegram's method names are case-insensitive. */
const METHODS = new Map<string, BotMethod>(
  Object.entries(ALL_METHODS).map(([name, method]) => [name.toLowerCase(), method]),
);

/** The names of the methods this server answers, as Telegram spells them. */
export const supportedBotMethods = Object.keys(ALL_METHODS);

const MAX_BODY = 1024 * 1024;
/** Telegram's limit for a file a bot uploads. */
const MAX_UPLOAD = 50 * 1024 * 1024;

/**
 * The Telegram-compatible Bot API at `/bot<token>/<method>` (and `/bot<token>/test/<method>`):
 * GET or POST, parameters in the query string merged with a JSON, urlencoded or multipart body.
 */
export async function registerBotApi(
  http: FastifyInstance,
  domain: Domain,
  bus: Bus,
  options: BotApiOptions,
): Promise<{ close(): Promise<void> }> {
  const flood = new FloodControl(options.floodLimits, options.counters);
  let closing = false;
  const inFlight = new Set<Promise<unknown>>();
  const call = (session: BotSession, method: BotMethod, params: Params, signal: AbortSignal) =>
    method({
      domain,
      session,
      params: new ParamReader(params),
      signal,
      throttleSend: (chatId, isGroup) => flood.takeSend(session.caller.userId, chatId, isGroup),
      downloadUrl: (url) => downloadUrl(url, options.scratchDir, options.webhookAllowPrivate),
    });
  // A webhook's reply `{method, ...}` is a call by the bot; its result goes nowhere, as Telegram's.
  const webhooks = new WebhookSender(
    domain,
    bus,
    async (botId, { method, ...params }) => {
      const run = METHODS.get(String(method).toLowerCase());
      const session = await domain.bots.sessionOf(botId);
      if (run && session) await call(session, run, params, new AbortController().signal);
    },
    options.log,
    options.webhookAllowPrivate,
  );
  webhooks.start();
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Bodies are read raw and parsed here, so a malformed one gets Telegram's error shape.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY }, (_request, body, done) =>
      done(null, body),
    );
    // Multipart bodies stream to disk: they carry files of up to 50 MB.
    scope.addContentTypeParser('multipart/form-data', (request, payload, done) => {
      readMultipart(request.headers, payload, options.scratchDir, MAX_UPLOAD).then(
        (form) => done(null, form),
        (error: Error) => done(error),
      );
    });
    scope.setErrorHandler((error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      const answer =
        status === 413
          ? new BotApiError(413, 'Request Entity Too Large')
          : new BotApiError(400, 'Bad Request: invalid request');
      void send(reply, answer);
    });
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      // Closing: the connection closes after this answer, or the server would wait out its keep-alive.
      if (closing) void reply.header('connection', 'close');
      const call = answer(request, reply);
      inFlight.add(call);
      return call.finally(() => inFlight.delete(call));
    };
    const answer = async (request: FastifyRequest, reply: FastifyReply) => {
      const { token, method } = request.params as { token: string; method: string };
      try {
        const run = METHODS.get(method.toLowerCase());
        const session = await domain.bots.authenticate(token);
        if (!run) throw new BotApiError(404, 'Not Found');
        const params = { ...(request.query as Params), ...(await bodyParams(request)) };
        const hangUp = new AbortController();
        reply.raw.once('close', () => hangUp.abort());
        const result = await call(session, run, params, hangUp.signal);
        await reply.code(200).send({ ok: true, result });
      } catch (error) {
        const answer = toBotApiError(error);
        if (answer.errorCode === 500) request.log.error({ err: error }, 'bot api call failed');
        await send(reply, answer);
      } finally {
        if (request.body instanceof MultipartBody) await request.body.dispose();
      }
    };
    for (const url of ['/bot:token/:method', '/bot:token/test/:method']) {
      scope.route({ method: ['GET', 'POST'], url, handler });
    }
    scope.get('/file/bot:token/*', (request, reply) => downloadFile(domain, request, reply));
  });
  return {
    /** Ends the long polls and waits for every call in flight to be answered. */
    async close() {
      closing = true;
      domain.bots.stopLongPolls();
      await Promise.allSettled([...inFlight, webhooks.close()]);
    },
  };
}

function send(reply: FastifyReply, error: BotApiError) {
  const body: Record<string, unknown> = {
    ok: false,
    error_code: error.errorCode,
    description: error.description,
  };
  if (error.parameters) body.parameters = error.parameters;
  return reply.code(error.errorCode).send(body);
}

/** `/file/bot<token>/<file_path>`: the bytes of a file getFile named to this bot. */
async function downloadFile(domain: Domain, request: FastifyRequest, reply: FastifyReply) {
  const { token, '*': path } = request.params as { token: string; '*': string };
  try {
    const session = await domain.bots.authenticate(token);
    const file = await domain.botFiles.open(session.caller, path);
    return reply
      .code(200)
      .header('content-type', file.mime)
      .header('content-length', file.size)
      .send(await file.read());
  } catch (error) {
    const answer = toBotApiError(error);
    return send(reply, answer.errorCode === 401 ? answer : new BotApiError(404, 'Not Found'));
  }
}

async function bodyParams(request: FastifyRequest): Promise<Params> {
  if (request.body instanceof MultipartBody) return request.body.params;
  const body = request.body as Buffer | undefined;
  if (!body || body.length === 0) return {};
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BotApiError(400, "Bad Request: can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BotApiError(400, "Bad Request: can't parse JSON object");
    }
    return parsed as Params;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  return {};
}
