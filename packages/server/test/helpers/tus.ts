import { request as httpRequest } from 'node:http';

/** The answer to the PATCH (or POST) that finished an upload. */
export interface Finished {
  status: number;
  body: string;
}

const TUS = { 'Tus-Resumable': '1.0.0' };

/** A tus 1.0 client as small as the tests need, speaking plain HTTP. */
export class TusTestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Creates an upload of `length` bytes; returns its URL. */
  async create(length: number, fileName: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/upload`, {
      method: 'POST',
      headers: {
        ...TUS,
        Authorization: `Bearer ${this.token}`,
        'Upload-Length': String(length),
        'Upload-Metadata': `filename ${Buffer.from(fileName).toString('base64')}`,
      },
    });
    if (response.status !== 201)
      throw new Error(`create answered ${response.status}: ${await response.text()}`);
    return new URL(response.headers.get('location') as string, this.baseUrl).toString();
  }

  async offset(url: string): Promise<number> {
    const response = await fetch(url, {
      method: 'HEAD',
      headers: { ...TUS, Authorization: `Bearer ${this.token}` },
    });
    if (response.status !== 200) throw new Error(`HEAD answered ${response.status}`);
    return Number(response.headers.get('upload-offset'));
  }

  async patch(url: string, offset: number, bytes: Uint8Array): Promise<Finished> {
    const response = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...TUS,
        Authorization: `Bearer ${this.token}`,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    return { status: response.status, body: await response.text() };
  }

  /**
   * Sends `bytes` from `offset` but cuts the connection after `sendBytes` of them, as a dropped
   * network would; resolves once the socket is gone.
   */
  async patchAndDrop(url: string, offset: number, bytes: Uint8Array, sendBytes: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'PATCH',
        headers: {
          ...TUS,
          Authorization: `Bearer ${this.token}`,
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
          'Content-Length': String(bytes.length),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(bytes.subarray(0, sendBytes), () => setTimeout(() => req.destroy(), 200));
    });
  }

  /** Uploads in one PATCH; returns the finishing answer. */
  async upload(bytes: Uint8Array, fileName: string): Promise<Finished> {
    return this.patch(await this.create(bytes.length, fileName), 0, bytes);
  }
}
