// A class, an enum and an interface exported for other modules.
export enum State { Offline, Connecting, Online }
export interface Info { id: string; state: State }
export class Device {
  state = State.Offline;
  constructor(readonly id: string) {}
  connect(): this { this.state = State.Connecting; return this; }
  online(): this { this.state = State.Online; return this; }
  info(): Info { return { id: this.id, state: this.state }; }
}
