// A push buzzer: a passive piezo buzzer on GPIO25 plays a short rising pattern for every push. The board takes
// pushes as espkit's own firmware does (its topic and the broadcast one, QoS 1, a receipt for each, a nack for
// what it refuses). The tone is PWM at half duty (analogWrite with freq); 0 duty between notes and at the end.
import { log } from '../espkit/log.ts';
import { readStoredSettings, resolveSettings } from '../espkit/settings.ts';
import { topicsFor } from '../espkit/topics.ts';
import { WifiLink } from '../espkit/wifi.ts';
import { MqttSession } from '../espkit/mqtt/session.ts';
import { deviceSessionConfig } from '../espkit/mqtt/device-session.ts';
import { PushInbox, type Push } from '../espkit/push.ts';

const VERSION = '0.1.0';
const BUZZER = D25;
/** The notes, in Hz, each NOTE_MS long with GAP_MS of silence after it: C6, E6, G6. */
const PATTERN = [1047, 1319, 1568];
const NOTE_MS = 120;
const GAP_MS = 30;

let playing = false;

/** Play the pattern once; a push that arrives while it plays does not start it again. */
function beep(): void {
  if (playing) return;
  playing = true;
  let i = 0;
  const next = (): void => {
    if (i >= PATTERN.length) {
      playing = false;
      return;
    }
    analogWrite(BUZZER, 0.5, { freq: PATTERN[i] });
    i++;
    setTimeout(() => {
      analogWrite(BUZZER, 0);
      setTimeout(next, GAP_MS);
    }, NOTE_MS);
  };
  next();
}

const settings = resolveSettings(readStoredSettings(), require('Wifi').getIP().mac || '');
const maxMessage = settings.maxMessage;
const topics = topicsFor(settings.prefix, settings.device, settings.shards);
const broker = settings.host ? settings.host + ':' + settings.port : '';

const session = new MqttSession(
  deviceSessionConfig(settings, topics, [topics.push, topics.broadcast], maxMessage * 4 + 256),
  {
    connected: () => {
      log('mqtt', 'connected ' + broker);
      session.publish(topics.status, JSON.stringify({ status: 'online', fw: VERSION, maxMessage }), 1, true);
    },
    refused: (code: number, reason: string) => log('mqtt', 'refused ' + code + ' ' + reason),
    lost: (why: string, retryMs: number) => log('mqtt', 'down ' + why + '; retry in ' + Math.floor(retryMs / 1000 + 0.5) + ' s'),
    message: (topic: string, payload: string) => {
      if (topic === topics.push || topic === topics.broadcast) inbox.handle(payload, Date.now());
    },
    oversized: (topic: string, size: number) => log('drop', '- oversized ' + size + ' bytes on ' + topic),
    warn: (text: string) => log('mqtt', text),
  },
);

const inbox = new PushInbox(maxMessage, {
  deliver: (push: Push) => {
    log('push', push.id + ' ' + push.msg);
    beep();
  },
  receipt: (id: string) => session.publish(topics.receipt, JSON.stringify({ id, at: Math.floor(Date.now()) }), 1, false),
  dropped: (id: string, reason: string) => {
    log('drop', id + ' ' + reason);
    if (id !== '-' && reason !== 'duplicate') session.publish(topics.nack, JSON.stringify({ id, reason }), 1, false);
  },
});

analogWrite(BUZZER, 0);
log('ready', settings.device + ' ' + VERSION);
if (!settings.ssid) log('wifi', 'no network set: espkit deploy --wifi SSID --password P');
else if (!broker) log('mqtt', 'no broker set: espkit deploy --broker mqtt://host:1883');
else {
  new WifiLink(settings.ssid, settings.wifiPassword, {
    up: () => session.start(),
    down: () => session.stop(),
  }).start();
}
