/** Sends one-time codes to phones. Operators plug in their SMS gateway here. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/** The built-in provider: writes the message to the server log, for development and small installs. */
export class LogSmsProvider implements SmsProvider {
  constructor(private readonly log: (line: string) => void) {}

  async send(phone: string, text: string): Promise<void> {
    this.log(`SMS to ${phone}: ${text}`);
  }
}

/** Keeps sent messages in memory, for tests. */
export class MemorySmsProvider implements SmsProvider {
  readonly sent: { phone: string; text: string }[] = [];

  async send(phone: string, text: string): Promise<void> {
    this.sent.push({ phone, text });
  }

  /** The digits of the latest code sent to `phone`. */
  lastCode(phone: string): string | undefined {
    const text = this.sent.findLast((m) => m.phone === phone)?.text;
    return text?.match(/\d{5}/)?.[0];
  }
}
