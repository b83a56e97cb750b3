// Where each device stands with firmware over WiFi, from its retained <prefix>/<device>/ota/state: for a
// rollout's counts, `espkit ota --status` and the dashboard.
import { EventEmitter } from 'node:events';
import { otaStateTopic, parseOtaState, parseOtaTopic, type OtaStateBody } from '../../core/wire/ota.ts';
import type { OtaBus } from './bus.ts';

export interface DeviceOtaState extends OtaStateBody {
  device: string;
  /** Milliseconds since the epoch when the hub heard it, or null for a retained state from before. */
  at: number | null;
}

interface StatesEvents {
  state: [DeviceOtaState];
}

export class OtaStates extends EventEmitter<StatesEvents> {
  private readonly byDevice = new Map<string, DeviceOtaState>();
  private stop?: () => Promise<void>;

  constructor(private readonly bus: OtaBus, private readonly prefix: string) {
    super();
  }

  async start(): Promise<void> {
    this.stop = await this.bus.subscribe(otaStateTopic(this.prefix, '+'), (m) => {
      const t = parseOtaTopic(this.prefix, m.topic);
      const body = t?.kind === 'state' ? parseOtaState(m.payload) : undefined;
      if (!t?.device || !body) return;
      const state: DeviceOtaState = { device: t.device, ...body, at: m.retained ? null : Date.now() };
      this.byDevice.set(t.device, state);
      this.emit('state', state);
    });
  }

  get(device: string): DeviceOtaState | undefined {
    return this.byDevice.get(device);
  }

  all(): DeviceOtaState[] {
    return [...this.byDevice.values()].sort((a, b) => a.device.localeCompare(b.device));
  }

  async close(): Promise<void> {
    await this.stop?.();
  }
}
