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
    this.stop();
    this.flashing = times * 2;
    this.flashStep();
  }

  private flashStep(): void {
    this.write(this.flashing % 2 === 0);
    this.flashing--;
    if (this.flashing > 0) this.timer = setTimeout(() => this.fired(() => this.flashStep()), 80);
    else this.play();
  }

  private play(): void {
    this.stop();
    this.step = 0;
    const pattern = PATTERNS[this.state];
    if (pattern.length === 1) {
      this.write(pattern[0] > 0);
      return;
    }
    this.tick();
  }

  private tick(): void {
    const pattern = PATTERNS[this.state];
    this.write(this.step % 2 === 0);
    const ms = pattern[this.step % pattern.length];
    this.step++;
    this.timer = setTimeout(() => this.fired(() => this.tick()), ms);
  }

  /** Espruino throws "Unknown Timeout" when clearing a timer that has fired: forget it as it fires. */
  private fired(next: () => void): void {
    this.timer = undefined;
    next();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private write(on: boolean): void {
    digitalWrite(this.pin, on ? 1 : 0);
  }
}
