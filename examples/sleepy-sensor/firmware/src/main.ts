// A sensor that reads once a minute and sleeps in between: at every start (power-on or the end of a deep
// sleep) it reads a light sensor on GPIO32 (an ADC1 pin: the ADC2 pins do not read while WiFi is on), publishes
// {"light":0..1,"at":ms} to <prefix>/<device>/event and goes back into deep sleep for 60 s. Deep sleep turns
// everything off but the RTC: RAM is lost, and the board starts the program again when it wakes.
// Without WiFi settings it only prints the reading. It never stays awake longer than AWAKE_LIMIT_MS, reached
// or not, so a missing network costs a few seconds a minute, not the battery.
import { log } from '../espkit/log.ts';
import { readStoredSettings, resolveSettings } from '../espkit/settings.ts';
import { topicsFor } from '../espkit/topics.ts';
import { WifiLink } from '../espkit/wifi.ts';
import { MqttSession } from '../espkit/mqtt/session.ts';
import { deviceSessionConfig } from '../espkit/mqtt/device-session.ts';

const VERSION = '0.1.0';
const SENSOR = D32;
const PERIOD_S = 60;
const AWAKE_LIMIT_MS = 20000;
/** Time for the reading's PUBACK before the radio goes off. */
const FLUSH_MS = 1000;

let sleeping = false;
function sleep(): void {
  if (sleeping) return;
  sleeping = true;
  log('sleep', PERIOD_S + ' s');
  // microseconds, an int in Espruino's binding: at most 2147 s
  ESP32.deepSleep(PERIOD_S * 1000000);
}

const light = Math.round(analogRead(SENSOR) * 1000) / 1000;
const settings = resolveSettings(readStoredSettings(), require('Wifi').getIP().mac || '');
log('ready', settings.device + ' ' + VERSION);
log('reading', '' + light);

const broker = settings.host ? settings.host + ':' + settings.port : '';
if (!settings.ssid || !broker) sleep();
else {
  const topics = topicsFor(settings.prefix, settings.device, settings.shards);
  const session = new MqttSession(
    deviceSessionConfig(settings, topics, [], 512),
    {
      connected: () => {
        log('mqtt', 'connected ' + broker);
        session.publish(settings.prefix + '/' + settings.device + '/event', JSON.stringify({ light, at: Math.floor(Date.now()) }), 1, false);
        setTimeout(sleep, FLUSH_MS);
      },
      refused: (code: number, reason: string) => log('mqtt', 'refused ' + code + ' ' + reason),
      lost: (why: string) => log('mqtt', 'down ' + why),
      message: () => {},
      oversized: () => {},
      warn: (text: string) => log('mqtt', text),
    },
  );
  setTimeout(sleep, AWAKE_LIMIT_MS);
  new WifiLink(settings.ssid, settings.wifiPassword, {
    up: () => session.start(),
    down: () => session.stop(),
  }).start();
}
