// The device's life: read the settings, say it is ready, join WiFi, keep an MQTT session with the
// broker, deliver pushes (console, LED, BLE) and acknowledge them with receipts, and offer BLE
// provisioning. Each part is its own file; this one only wires them together.
// The wiring runs at the top level of the module, not in a main() function: every function the firmware
// declares stays in RAM (with its code) as long as the device runs, because the closures hold their scope;
// top-level statements run once and their text is freed after boot (docs/firmware-on-espruino.md).
import { FIRMWARE_VERSION } from './version.ts';
import { log } from './log.ts';
import { readStoredSettings, resolveSettings, type Settings } from './settings.ts';
import { topicsFor, shardOf } from './topics.ts';
import { Led } from './led.ts';
import { WifiLink } from './wifi.ts';
import { MqttSession } from './mqtt/session.ts';
import { deviceSessionConfig } from './mqtt/device-session.ts';
import { PushInbox, type Push } from './push.ts';
import { Ble } from './ble.ts';
import type { OtaDownload } from './ota.ts';
import { ON_DEMAND_MARK, ON_DEMAND_GLOBAL } from './on-demand-contract.ts';
import type { OnDemand } from './on-demand.ts';
import { OTA_MAX_CHUNK, OTA_CONFIRM, ROLLBACK_FILE } from './ota-contract.ts';

/** The DevKit's blue LED (boards/esp32-devkit.json pins.led: GPIO2). */
const LED_PIN = D2;

// The settings are let go at the end of the boot (the last line): the handlers below keep only the values they
// use, so the object, its strings and the secrets in it do not stay in RAM while the device runs.
let settings: Settings | undefined = resolveSettings(readStoredSettings(), require('Wifi').getIP().mac || '');
const maxMessage = settings.maxMessage;
/** "host:port" of the broker, empty when none is set. */
const broker = settings.host ? settings.host + ':' + settings.port : '';
// the topics object is also the OTA client's port (it has the OTA topics): a second object naming the same
// strings would stay in RAM as long as the device runs
const topics = Object.assign(topicsFor(settings.prefix, settings.device, settings.shards), {
  device: settings.device,
  shard: settings.shards > 0 ? shardOf(settings.device, settings.shards) : -1,
  publish: (topic: string, payload: string, retain: boolean) => void session.publish(topic, payload, 1, retain),
});
const led = new Led(LED_PIN);
const ble = new Ble('espkit-' + settings.device, settings.pin);
let ip = '';
/** A firmware download in progress (ota.ts), only while there is one. */
let ota: OtaDownload | undefined;
const session = new MqttSession(
  deviceSessionConfig(
    settings,
    topics,
    [topics.push, topics.broadcast, topics.manifest, topics.otaChunk],
    // larger packets are skipped unread: room for the longest message in 4-byte UTF-8 and the JSON around it,
    // and for a firmware chunk with its header (a version of at most 32 characters, an offset) and topic
    Math.max(settings.maxMessage * 4 + 256, OTA_MAX_CHUNK + 200),
    // a broker whose ACL refuses the OTA topics still gets a device that delivers pushes
    2,
  ),
  {
    connected: (resumed: boolean, lacking: boolean) => {
      led.set('online');
      log('mqtt', 'connected ' + broker + (resumed ? ' (session resumed)' : ''));
      // the online status (status.ts), built here rather than by a helper that would stay in RAM
      const status = { status: 'online', fw: FIRMWARE_VERSION, ip, free: process.memory().free, maxMessage };
      session.publish(topics.status, JSON.stringify(status), 1, true);
      // no OTA states either: a refused publish closes the connection on some brokers
      if (lacking) log('ota', 'unavailable: the broker refused its topics');
      else {
        // A new firmware on trial is confirmed only now, once the broker has it online (docs/ota.md); otherwise a
        // rollback the boot code recorded is reported (on each connect: the state is retained anyway). Written
        // here, with one state publish for both, rather than as functions that would stay in RAM.
        const confirm = (global as Record<string, (() => void) | undefined>)[OTA_CONFIRM];
        const r = (confirm ? { v: FIRMWARE_VERSION } : require('Storage').readJSON(ROLLBACK_FILE, true)) as { v: string; reason?: string } | undefined;
        if (confirm) confirm();
        if (r) {
          // the OTA state as ota.ts publishes it: JSON.stringify leaves out an undefined reason
          const body = JSON.stringify({ v: r.v, state: confirm ? 'updated' : 'rolled-back', reason: r.reason });
          log('ota', body);
          session.publish(topics.otaState, body, 1, true);
        }
        if (ota) ota.ask();
      }
    },
    refused: (code: number, reason: string) => {
      led.set('refused');
      log('mqtt', 'refused ' + code + ' ' + reason);
    },
    lost: (why: string, retryMs: number) => {
      if (ip) led.set('broker');
      log('mqtt', 'down ' + why + '; retry in ' + Math.floor(retryMs / 1000 + 0.5) + ' s');
    },
    message: (topic: string, payload: string) => {
      if (topic === topics.push || topic === topics.broadcast) inbox.handle(payload, Date.now());
      else if (topic === topics.manifest) {
        // the OTA client is carried at the end of this firmware's Storage file (on-demand.ts): made now, and let
        // go with the download. Outside a trial the boot file names the file this firmware runs from.
        const S = require('Storage');
        const file = (S.read('.bootcde') || '').indexOf('"espkit.b"') < 0 ? 'espkit.a' : 'espkit.b';
        const image = S.read(file) || '';
        const at = image.lastIndexOf(ON_DEMAND_MARK) + ON_DEMAND_MARK.length;
        // a Function sees only globals, as the part expects (and the build's release of boot-only functions stays
        // safe, which any eval in the code would switch off); the comment ends with "*/\n"
        if (at >= ON_DEMAND_MARK.length) Function(S.read(file, at, image.length - at - 3) || '')();
        const g = global as Record<string, OnDemand | undefined>;
        const client = g[ON_DEMAND_GLOBAL];
        delete g[ON_DEMAND_GLOBAL];
        ota = client ? client.manifest(payload, topics, ota) : undefined;
      }
      else if (topic === topics.otaChunk && ota && !ota.chunk(payload)) ota = undefined;
    },
    oversized: (topic: string, size: number) => log('drop', '- oversized ' + size + ' bytes on ' + topic),
    warn: (text: string) => log('mqtt', text),
  },
);

const inbox = new PushInbox(maxMessage, {
  deliver: (push: Push) => {
    log('push', push.id + ' ' + push.msg);
    led.flash(3);
    ble.notifyPush(push.msg);
  },
  receipt: (id: string) => {
    session.publish(topics.receipt, JSON.stringify({ id, at: Math.floor(Date.now()) }), 1, false);
  },
  dropped: (id: string, reason: string) => {
    log('drop', id + ' ' + reason);
    // the sender learns why (a repeat was delivered before; an unreadable payload has no id to answer)
    if (id !== '-' && reason !== 'duplicate') session.publish(topics.nack, JSON.stringify({ id, reason }), 1, false);
  },
});

log('ready', settings.device + ' ' + FIRMWARE_VERSION);
try {
  ble.start();
} catch (e) {
  log('ble', 'unavailable');
}
if (!settings.ssid) log('wifi', 'no network set: espkit deploy --wifi SSID --password P, or provision over BLE');
else {
  if (settings.brokerProblem) log('mqtt', 'broker URL refused (' + settings.brokerProblem + '): use mqtt://host:1883');
  else if (!settings.host) log('mqtt', 'no broker set: espkit deploy --broker mqtt://host:1883');
  led.set('wifi');
  new WifiLink(settings.ssid, settings.wifiPassword, {
    up: (address: string) => {
      ip = address;
      led.set('broker');
      if (broker) session.start();
    },
    down: () => {
      ip = '';
      led.set('wifi');
      session.stop();
    },
  }).start();
}
settings = undefined;
