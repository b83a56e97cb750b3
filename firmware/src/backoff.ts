// Exponential backoff with jitter, for WiFi and broker reconnects: 1 s, 2 s, 4 s ... up to a ceiling,
// each spread by +-20% so that a fleet that lost the same access point does not come back in lockstep.
export class Backoff {
  private attempt = 0;

  constructor(private readonly firstMs: number, private readonly maxMs: number) {}

  /** The delay before the next attempt (and count it). */
  next(): number {
    let ms = this.firstMs * Math.pow(2, this.attempt);
    if (ms > this.maxMs) ms = this.maxMs;
    else this.attempt++;
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  /** After a success the next failure starts from the first delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
