// The board's LED (GPIO2 on the DevKit) tells the state at a glance:
//   fast blink (5 Hz)  looking for WiFi
//   slow blink (1 Hz)  WiFi up, broker not (yet) connected
//   double blink       the broker refused us (credentials)
//   on                 online
// and a push arriving flashes it three times.
export type LedState = 'wifi' | 'broker' | 'refused' | 'online' | 'off';

// on/off times in ms, repeated; a single entry means steady
const PATTERNS: { [state: string]: number[] } = {
  wifi: [100, 100],
  broker: [500, 500],
  refused: [100, 150, 100, 650],
  online: [1],
  off: [0],
};

export class Led {
  private state: LedState = 'off';
  private timer: number | undefined;
  private step = 0;
  private flashing = 0;

  constructor(private readonly pin: Pin) {}

  set(state: LedState): void {
    if (state === this.state) return;
    this.state = state;
    if (this.flashing === 0) this.play();
  }

  /** Flash `times` times, then go back to the state's pattern. */
  flash(times: number): void {
    // only a pending timer may be cleared: Espruino throws "Unknown Timeout" for one that has fired
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.flashing = times * 2;
    this.flashStep();
  }

  private flashStep(): void {
    digitalWrite(this.pin, this.flashing % 2 === 0 ? 1 : 0);
    this.flashing--;
    if (this.flashing > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined; // forget it as it fires
        this.flashStep();
      }, 80);
    } else this.play();
  }

  private play(): void {
    // only a pending timer may be cleared: Espruino throws "Unknown Timeout" for one that has fired
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.step = 0;
    const pattern = PATTERNS[this.state];
    if (pattern.length === 1) digitalWrite(this.pin, pattern[0] > 0 ? 1 : 0);
    else this.tick();
  }

  private tick(): void {
    const pattern = PATTERNS[this.state];
    digitalWrite(this.pin, this.step % 2 === 0 ? 1 : 0);
    const ms = pattern[this.step % pattern.length];
    this.step++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, ms);
  }
}
