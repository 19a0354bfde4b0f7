import { badRequest } from './bot-api-error.js';
import type { BotCall } from './bot-context.js';
import type { BotMethod } from './message-methods.js';
import { updateJson, userJson } from './objects.js';

function commandList(call: BotCall): { command: string; description: string }[] {
  const value = call.params.json('commands');
  if (!Array.isArray(value)) throw badRequest('commands is empty');
  return value.map((item) => {
    const { command, description } = (item ?? {}) as Record<string, unknown>;
    if (typeof command !== 'string' || typeof description !== 'string') {
      throw badRequest("can't parse BotCommand");
    }
    return { command: command.replace(/^\//, ''), description };
  });
}

export const botMethods: Record<string, BotMethod> = {
  async getMe(call) {
    const { user, bot } = call.session;
    return {
      ...userJson({
        id: user.id,
        isBot: true,
        displayName: user.display_name,
        username: user.username ?? '',
      }),
      can_join_groups: bot.can_join_groups === 1,
      can_read_all_group_messages: bot.privacy === 0,
      supports_inline_queries: bot.inline_placeholder !== '',
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  },

  // COMPAT: there is no separate local Bot API server to log out of or close: both succeed.
  async logOut() {
    return true;
  },

  async close() {
    return true;
  },

  async getUpdates(call) {
    const allowed = call.params.json('allowed_updates');
    if (allowed !== undefined && !Array.isArray(allowed))
      throw badRequest("can't parse allowed_updates JSON array");
    const updates = await call.domain.bots.updates(
      call.session.caller,
      {
        offset: call.params.int('offset') ?? 0,
        limit: call.params.int('limit') ?? 100,
        timeout: call.params.int('timeout') ?? 0,
        // As Telegram's: an empty list means "the default kinds".
        allowedUpdates: allowed as string[] | undefined,
      },
      call.signal,
    );
    return updates.map(updateJson);
  },

  async setWebhook(call) {
    const allowed = call.params.json('allowed_updates');
    if (allowed !== undefined && !Array.isArray(allowed))
      throw badRequest("can't parse allowed_updates JSON array");
    // COMPAT: certificate and ip_address are ignored (Peyk checks the certificate like any HTTPS client).
    await call.domain.bots.setWebhook(call.session.caller, {
      url: call.params.string('url') ?? '',
      secretToken: call.params.string('secret_token') ?? '',
      maxConnections: call.params.int('max_connections') ?? 40,
      allowedUpdates: allowed as string[] | undefined,
      dropPendingUpdates: call.params.bool('drop_pending_updates') ?? false,
    });
    return true;
  },

  async deleteWebhook(call) {
    await call.domain.bots.deleteWebhook(
      call.session.caller,
      call.params.bool('drop_pending_updates') ?? false,
    );
    return true;
  },

  async getWebhookInfo(call) {
    const info = await call.domain.bots.webhookInfo(call.session.caller);
    const json: Record<string, unknown> = {
      url: info.url,
      has_custom_certificate: false,
      pending_update_count: info.pendingUpdateCount,
    };
    if (info.url) json.max_connections = info.maxConnections;
    if (info.url && info.allowedUpdates.length > 0) json.allowed_updates = info.allowedUpdates;
    if (info.lastErrorDate) {
      json.last_error_date = info.lastErrorDate;
      json.last_error_message = info.lastErrorMessage;
    }
    return json;
  },

  async setMyCommands(call) {
    // COMPAT: scope and language_code are ignored: one command list for everyone.
    await call.domain.bots.setCommands(call.session.caller, commandList(call));
    return true;
  },

  async getMyCommands(call) {
    return call.domain.bots.commands(call.session.caller.userId);
  },

  async deleteMyCommands(call) {
    await call.domain.bots.setCommands(call.session.caller, []);
    return true;
  },

  async setMyName(call) {
    const name = call.params.string('name');
    await call.domain.bots.setName(call.session.caller, name || call.session.user.username || 'bot');
    return true;
  },

  async getMyName(call) {
    return { name: call.session.user.display_name };
  },

  async setMyDescription(call) {
    await call.domain.bots.setDescription(
      call.session.caller,
      call.params.string('description') ?? '',
      'description',
    );
    return true;
  },

  async getMyDescription(call) {
    return { description: call.session.bot.description };
  },

  async setMyShortDescription(call) {
    const text = call.params.string('short_description') ?? '';
    await call.domain.bots.setDescription(call.session.caller, text, 'short_description');
    return true;
  },

  async getMyShortDescription(call) {
    return { short_description: call.session.bot.short_description };
  },
};
