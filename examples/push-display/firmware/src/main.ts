// A push display: the latest push's message on a 16x2 character display (LCD1602 with an I2C backpack) on
// the ESP32's I2C pins, SDA GPIO21 and SCL GPIO22. The board takes pushes as espkit's own firmware does
// (its topic and the broadcast one, QoS 1, a receipt for each, a nack for what it refuses), so
// `espkit push --device DEVICE "text"` shows the text. The display's driver is modules/LCD1602I2C.js,
// bundled by espkit build from the modules/ folder beside firmware/.
import { log } from '../espkit/log.ts';
import { readStoredSettings, resolveSettings } from '../espkit/settings.ts';
import { topicsFor } from '../espkit/topics.ts';
import { WifiLink } from '../espkit/wifi.ts';
import { MqttSession } from '../espkit/mqtt/session.ts';
import { deviceSessionConfig } from '../espkit/mqtt/device-session.ts';
import { PushInbox, type Push } from '../espkit/push.ts';

const VERSION = '0.1.0';

I2C1.setup({ scl: D22, sda: D21, bitrate: 100000 });
const display = require('LCD1602I2C').connect(I2C1, 0x27);

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
    display.show(push.msg);
  },
  receipt: (id: string) => session.publish(topics.receipt, JSON.stringify({ id, at: Math.floor(Date.now()) }), 1, false),
  dropped: (id: string, reason: string) => {
    log('drop', id + ' ' + reason);
    if (id !== '-' && reason !== 'duplicate') session.publish(topics.nack, JSON.stringify({ id, reason }), 1, false);
  },
});

display.show('waiting for a   push');
log('ready', settings.device + ' ' + VERSION);
if (!settings.ssid) log('wifi', 'no network set: espkit deploy --wifi SSID --password P');
else if (!broker) log('mqtt', 'no broker set: espkit deploy --broker mqtt://host:1883');
else {
  new WifiLink(settings.ssid, settings.wifiPassword, {
    up: () => session.start(),
    down: () => session.stop(),
  }).start();
}
