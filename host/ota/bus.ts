// What the OTA engine needs of an MQTT broker, and nothing more: publish (retained or not) and follow a
// topic filter, retained messages first. The hub gives it its own broker (aedes, no client connection);
// `espkit ota --broker` gives it an MQTT client with the admin login. The engine cannot tell which.
import type { Aedes, AedesPublishPacket } from 'aedes';
import type { MqttClient } from 'mqtt';

export interface BusMessage {
  topic: string;
  payload: Buffer;
  /** A retained message read at subscription time, not a fresh publish. */
  retained: boolean;
}

export interface OtaBus {
  /** QoS 1; resolves once the broker has taken it. */
  publish(topic: string, payload: Buffer, retain: boolean): Promise<void>;
  /** Follow a filter: its retained messages, then every new one. Resolves with the way to stop. */
  subscribe(filter: string, onMessage: (m: BusMessage) => void): Promise<() => Promise<void>>;
}

interface RetainedSource {
  createRetainedStream(pattern: string): NodeJS.ReadableStream;
}

/** The hub's own broker: publishes go in as the broker's, not through a login (the ACL is for clients). */
export function aedesBus(aedes: Aedes, retained: RetainedSource): OtaBus {
  return {
    publish: (topic, payload, retain) =>
      new Promise((resolve, reject) => {
        const packet = { cmd: 'publish', topic, payload, qos: 1, retain, dup: false } as AedesPublishPacket;
        aedes.publish(packet, (err?: Error | null) => (err ? reject(err) : resolve()));
      }),
    async subscribe(filter, onMessage) {
      const deliver = (packet: AedesPublishPacket, cb: () => void): void => {
        // aedes hands its subscribers the retained copy too when a publish is retained: that is a fresh one
        if (Buffer.isBuffer(packet.payload) && !packet.topic.startsWith('$SYS')) onMessage({ topic: packet.topic, payload: packet.payload, retained: false });
        cb();
      };
      await new Promise<void>((resolve) => aedes.subscribe(filter, deliver, () => resolve()));
      for await (const packet of retained.createRetainedStream(filter) as AsyncIterable<{ topic: string; payload: Buffer }>) {
        if (packet.payload.length > 0) onMessage({ topic: packet.topic, payload: packet.payload, retained: true });
      }
      return () => new Promise<void>((resolve) => aedes.unsubscribe(filter, deliver, () => resolve()));
    },
  };
}

/** A client connection with the admin login (an external broker such as mosquitto). */
export function clientBus(client: MqttClient): OtaBus {
  const followers = new Map<string, Set<(m: BusMessage) => void>>();
  client.on('message', (topic, payload, packet) => {
    for (const [filter, handlers] of followers) {
      if (!matches(filter, topic)) continue;
      for (const h of handlers) h({ topic, payload, retained: packet.retain });
    }
  });
  return {
    async publish(topic, payload, retain) {
      await client.publishAsync(topic, payload, { qos: 1, retain });
    },
    async subscribe(filter, onMessage) {
      let handlers = followers.get(filter);
      if (!handlers) followers.set(filter, (handlers = new Set()));
      handlers.add(onMessage);
      await client.subscribeAsync(filter, { qos: 1 });
      return async () => {
        handlers.delete(onMessage);
        if (handlers.size === 0) {
          followers.delete(filter);
          await client.unsubscribeAsync(filter).catch(() => undefined);
        }
      };
    },
  };
}

/** MQTT topic filter matching ('+' one level, '#' the rest). */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
