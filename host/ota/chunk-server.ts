// Answers devices' chunk requests (<prefix>/<device>/ota/get) with the image bytes on their own
// <prefix>/<device>/ota/chunk, for every image being offered. A request for a version not offered, or an
// offset that is not the start of a chunk inside the image, gets no answer (and one log line).
import { encodeChunk, otaChunkTopic, otaGetTopic, parseGet, parseOtaTopic } from '../../core/wire/ota.ts';
import type { OtaBus } from './bus.ts';
import type { OtaImage } from './image.ts';

interface Offer {
  image: OtaImage;
  chunk: number;
}

export interface ChunkStats {
  /** Chunk messages published. */
  chunks: number;
  /** Bytes of those messages' payloads (headers included). */
  bytes: number;
}

export class ChunkServer {
  private readonly offers = new Map<string, Offer>();
  private stop?: () => Promise<void>;
  readonly stats: ChunkStats = { chunks: 0, bytes: 0 };
  private readonly noted = new Set<string>();

  constructor(private readonly bus: OtaBus, private readonly prefix: string, private readonly log: (line: string) => void = () => {}) {}

  async start(): Promise<void> {
    this.stop = await this.bus.subscribe(otaGetTopic(this.prefix, '+'), (m) => {
      if (m.retained) return; // a request is answered once, when it is made
      const device = parseOtaTopic(this.prefix, m.topic)?.device;
      if (device) void this.answer(device, m.payload);
    });
  }

  offer(image: OtaImage, chunk: number): void {
    this.offers.set(image.version, { image, chunk });
  }

  withdraw(version: string): void {
    this.offers.delete(version);
  }

  offered(version: string): boolean {
    return this.offers.has(version);
  }

  private async answer(device: string, payload: Buffer): Promise<void> {
    const want = parseGet(payload);
    if (!want) return this.note(device, `${device} sent a chunk request that is not {"v","from"}: ignored`);
    const offer = this.offers.get(want.v);
    if (!offer) return this.note(device, `${device} asked for version ${want.v}, which is not being offered: ignored`);
    const { image, chunk } = offer;
    if (want.from % chunk !== 0 || want.from >= image.bytes.length) {
      return this.note(device, `${device} asked for offset ${want.from} of ${want.v}, not the start of a chunk in its ${image.bytes.length} bytes: ignored`);
    }
    const message = encodeChunk(image.version, want.from, image.bytes.subarray(want.from, want.from + chunk));
    this.stats.chunks++;
    this.stats.bytes += message.length;
    try {
      await this.bus.publish(otaChunkTopic(this.prefix, device), message, false);
    } catch (err) {
      this.log(`could not send ${device} its chunk at ${want.from}: ${(err as Error).message}`);
    }
  }

  /** One line per device and kind of mistake, so a device that repeats a bad request does not flood the log. */
  private note(device: string, line: string): void {
    const key = `${device} ${line.slice(device.length, device.length + 20)}`;
    if (this.noted.has(key)) return;
    if (this.noted.size > 1000) this.noted.clear();
    this.noted.add(key);
    this.log(line);
  }

  async close(): Promise<void> {
    await this.stop?.();
    this.offers.clear();
  }
}
