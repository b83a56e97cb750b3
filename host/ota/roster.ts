// The devices a broker knows of, from their retained <prefix>/<device>/status (online with the version they
// run, or the "offline" Will): the roster of a rollout run against an external broker, where there is no
// hub fleet view to ask.
import { parseStatus, parseTopic, topic } from '../../core/wire/push.ts';
import type { OtaBus } from './bus.ts';
import type { Roster, RosterDevice } from './rollout.ts';

export class StatusRoster implements Roster {
  private readonly byId = new Map<string, RosterDevice>();
  private stop?: () => Promise<void>;

  constructor(private readonly bus: OtaBus, private readonly prefix: string) {}

  async start(): Promise<void> {
    this.stop = await this.bus.subscribe(topic(this.prefix, '+', 'status'), (m) => {
      const t = parseTopic(this.prefix, m.topic);
      const s = t?.kind === 'status' ? parseStatus(m.payload) : undefined;
      if (!t || !s) return;
      // an "offline" Will says nothing of the version: keep what the device said when it was online
      const info = s.online ? s.info : (this.byId.get(t.device)?.info ?? {});
      this.byId.set(t.device, { id: t.device, online: s.online, info });
    });
  }

  devices(): RosterDevice[] {
    return [...this.byId.values()];
  }

  async close(): Promise<void> {
    await this.stop?.();
  }
}
