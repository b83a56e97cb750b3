// The embedded MQTT broker: aedes with the hub's logins, ACLs, session store and delivery rules.
import { Aedes, type AedesPublishPacket, type Client, type AuthenticateError } from 'aedes';
import type { Credentials, Identity } from './credentials.ts';
import { mayPublish, maySubscribe } from './acl.ts';
import type { AedesPersistence } from './store.ts';
import { useFastDelivery } from './fast-delivery.ts';
import { chooseDeliveryPath, type DeliveryPath } from './fast-path-check.ts';
import { isExpired, parsePush, parseTopic } from '../../core/wire/push.ts';

export interface BrokerOptions {
  credentials: Credentials;
  persistence: AedesPersistence;
  prefix: string;
  /**
   * Milliseconds a subscriber's socket may stay full before it is dropped. aedes waits for 'drain'
   * before the next delivery, so without this one stuck device stalls everyone (facts/mqtt.md;
   * aedes docs/Aedes.md, drainTimeout).
   */
  drainTimeoutMs: number;
  /** Told about refused logins, subscriptions and publishes (one line each). */
  log?: (line: string) => void;
  /**
   * Deliver QoS 1 through fast-delivery.ts if its start-up check passes (fast-path-check.ts); default: unless
   * ESPKIT_HUB_FAST=0. Off, every delivery is aedes' own.
   */
  fastPath?: boolean;
}

export interface Broker {
  aedes: Aedes;
  /** Who a connected client logged in as. */
  identity(client: Client): Identity | undefined;
  /** Which path delivers to subscribers, and why. */
  delivery: DeliveryPath;
  close(): Promise<void>;
}

/**
 * The broker id orders held messages in the journal (keys "o:<client>:<broker id>:<counter>",
 * journal-store.ts), and the counter restarts with every run; an id that grows with the start
 * time keeps a restarted hub's new messages after the old ones and never on top of them.
 */
function brokerId(): string {
  return `hub-${Date.now().toString(36).padStart(10, '0')}`;
}

// CONNACK return codes, MQTT 3.1.1 section 3.2.2.3.
const IDENTIFIER_REJECTED = 2;
const BAD_LOGIN = 4;

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const { credentials, prefix } = options;
  const log = options.log ?? (() => {});
  const who = new WeakMap<Client, Identity>();
  // A broadcast is forwarded to every device: parse its topic and body once, not once per device.
  const pushes = new WeakMap<Buffer, { expired: (now: number) => boolean }>();
  let slowNoted = false;
  const delivery = await chooseDeliveryPath(options.fastPath ?? process.env.ESPKIT_HUB_FAST !== '0');

  const aedes = await Aedes.createBroker({
    id: brokerId(),
    persistence: options.persistence,
    drainTimeout: options.drainTimeoutMs,
    // Sessions outlive restarts, so a dead hub's Wills must be published soon after a new one starts:
    // aedes publishes a Will when its broker has missed 3 heartbeats and checks every 4.
    heartbeatInterval: 15_000,
    authenticate(client, username, password, done) {
      const id = credentials.check(username, password);
      if (!id) {
        log(`refused login "${username ?? ''}" (client ${client.id}): bad username or password`);
        return done(refusal('bad username or password', BAD_LOGIN), false);
      }
      // A device's session is keyed by its client id, so a device may use only its own: otherwise it
      // could take over another device's session and its queued pushes.
      if (id.role === 'device' && client.id !== id.device) {
        log(`refused login of ${id.device}: its client id "${client.id}" must be its device id`);
        return done(refusal('client id must equal the device id', IDENTIFIER_REJECTED), false);
      }
      who.set(client, id);
      if (delivery.path === 'fast' && !useFastDelivery(client) && !slowNoted) {
        slowNoted = true;
        log('this aedes is not the one the fast delivery path knows: delivering through aedes itself');
      }
      done(null, true);
    },
    authorizeSubscribe(client, sub, done) {
      const id = who.get(client);
      if (id && maySubscribe(id, sub.topic, prefix)) return done(null, sub);
      log(`refused subscription of ${client.id} to ${sub.topic}`);
      done(null, null); // SUBACK 0x80 for this topic; the connection stays up
    },
    authorizePublish(client, packet, done) {
      // client is null for a Will published after its broker died: it was checked when stored.
      if (client === null) return done(null);
      const id = who.get(client);
      if (id && mayPublish(id, packet.topic, prefix)) return done(null);
      log(`refused publish of ${client.id} to ${packet.topic}`);
      done(new Error(`not allowed to publish to ${packet.topic}`));
    },
    authorizeForward(_client, packet: AedesPublishPacket) {
      // Pushes whose ttl has passed are not worth sending (a device back after a week does not want
      // a week of stale notifications); the device drops them too, this saves it the radio time.
      if (!Buffer.isBuffer(packet.payload)) return packet;
      // Every subscriber's copy of a message shares its payload (and its topic): look once.
      let entry = pushes.get(packet.payload);
      if (!entry) {
        const body = parseTopic(prefix, packet.topic)?.kind === 'push' ? parsePush(packet.payload) : undefined;
        entry = { expired: body ? (now) => isExpired(body, now) : () => false };
        pushes.set(packet.payload, entry);
      }
      return entry.expired(Date.now()) ? null : packet;
    },
  });

  return {
    aedes,
    identity: (client) => who.get(client),
    delivery,
    close: () => new Promise<void>((resolve) => aedes.close(() => resolve())),
  };
}
