// How every espkit device meets its broker, from the settings espkit deploy stored: its id as the client id,
// the broker login and keepalive, and the retained "offline" Will on its status topic (status.ts). The
// device program and the example projects each choose only what they subscribe to and the largest packet
// they take.
import type { Settings } from '../settings.ts';
import type { Topics } from '../topics.ts';
import { OFFLINE_STATUS } from '../status.ts';
import type { SessionConfig } from './session.ts';

/** `optional`: how many of the last subscriptions the broker may refuse (SessionConfig.optional). */
export function deviceSessionConfig(settings: Settings, topics: Topics, subscriptions: string[], maxPacket: number, optional?: number): SessionConfig {
  return {
    host: settings.host,
    port: settings.port,
    clientId: settings.device,
    username: settings.brokerUser,
    password: settings.brokerPassword,
    keepalive: settings.keepalive,
    willTopic: topics.status,
    willPayload: OFFLINE_STATUS,
    subscriptions,
    optional,
    maxPacket,
  };
}
