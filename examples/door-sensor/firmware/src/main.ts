// A door sensor: a reed switch between GPIO4 and GND, closed while the door is shut. Each time the door settles
// open or shut, the board publishes {"door":"open"|"closed","at":ms} to <prefix>/<device>/event at QoS 1
// (kept while the broker is out of reach, sent once it is back). WiFi, the broker and the device id come from
// the settings espkit deploy stores (--wifi, --password, --broker or --hub, --device).
import { log } from '../espkit/log.ts';
import { readStoredSettings, resolveSettings } from '../espkit/settings.ts';
import { topicsFor } from '../espkit/topics.ts';
import { WifiLink } from '../espkit/wifi.ts';
import { MqttSession } from '../espkit/mqtt/session.ts';
import { deviceSessionConfig } from '../espkit/mqtt/device-session.ts';

const VERSION = '0.1.0';
const DOOR = D4;
/** A reed switch bounces for a few milliseconds: a level counts once it has held this long. */
const SETTLE_MS = 50;

const settings = resolveSettings(readStoredSettings(), require('Wifi').getIP().mac || '');
const topics = topicsFor(settings.prefix, settings.device, settings.shards);
const eventTopic = settings.prefix + '/' + settings.device + '/event';
const broker = settings.host ? settings.host + ':' + settings.port : '';

const session = new MqttSession(
  deviceSessionConfig(settings, topics, [], 512),
  {
    connected: () => {
      // "espkit mqtt connected" is the line espkit deploy waits for
      log('mqtt', 'connected ' + broker);
      session.publish(topics.status, JSON.stringify({ status: 'online', fw: VERSION }), 1, true);
    },
    refused: (code: number, reason: string) => log('mqtt', 'refused ' + code + ' ' + reason),
    lost: (why: string, retryMs: number) => log('mqtt', 'down ' + why + '; retry in ' + Math.floor(retryMs / 1000 + 0.5) + ' s'),
    message: () => {},
    oversized: () => {},
    warn: (text: string) => log('mqtt', text),
  },
);

// The switch pulls the pin to GND when shut; the pull-up reads 1 when the door is open.
pinMode(DOOR, 'input_pullup');
let reported = digitalRead(DOOR);
let settle: number | undefined;
// Every edge restarts the settle timer, so a burst of bounces ends in one reading of the level it settled at;
// a bounce that returns to the reported level publishes nothing.
setWatch(() => {
  if (settle !== undefined) clearTimeout(settle);
  settle = setTimeout(() => {
    settle = undefined;
    const level = digitalRead(DOOR);
    if (level === reported) return;
    reported = level;
    const door = level ? 'open' : 'closed';
    log('door', door);
    session.publish(eventTopic, JSON.stringify({ door, at: Math.floor(Date.now()) }), 1, false);
  }, SETTLE_MS);
}, DOOR, { repeat: true, edge: 'both' });

log('ready', settings.device + ' ' + VERSION);
if (!settings.ssid) log('wifi', 'no network set: espkit deploy --wifi SSID --password P');
else if (!broker) log('mqtt', 'no broker set: espkit deploy --broker mqtt://host:1883');
else {
  new WifiLink(settings.ssid, settings.wifiPassword, {
    up: () => session.start(),
    down: () => session.stop(),
  }).start();
}
