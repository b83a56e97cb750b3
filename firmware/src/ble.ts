// Bluetooth LE: the board advertises "espkit-<device id>" with one service (0xEC00) holding
//   0xEC01  read/notify  the latest push message (a notification per push)
//   0xEC02  write/notify provisioning: text lines, answered by notifications on the same characteristic
// 16-bit UUIDs because the ESP32 port registers characteristic UUIDs as 16 bits (facts/espruino.md).
// A BLE write carries about 20 bytes, so provisioning is line based: writes are joined until "\n".
//   pin <PIN>          unlock (3 wrong PINs lock it for a minute)
//   set <key> <value>  stage a setting (ssid, wifiPassword, broker, brokerUser, brokerPassword, device, prefix)
//   save               write the staged settings and restart
// Without a PIN in the settings (espkit deploy --pin) provisioning is off. Answers fit one notification
// (20 bytes): "ok", "saved", or "error <why>".
// A push message goes out whole on 0xEC01 in as many notifications as it needs (docs/ble.md): each is one
// header byte, then up to 19 bytes of the message's UTF-8. The header's low 7 bits count the pieces of a
// message from 0 (modulo 128); bit 7 marks the last piece. Counted in bytes (the message's UTF-8, whether
// Espruino holds it as bytes or as a Unicode string), so a character may be split between pieces and the
// phone joins bytes before decoding.
import { updateStoredSettings } from './settings.ts';
import { PROVISIONABLE } from './settings-schema.ts';
import { log } from './log.ts';

const PUSH_CHAR = '0xec01';
const PROVISION_CHAR = '0xec02';
/** What one notification carries without a larger MTU. */
const NOTIFY_BYTES = 20;
const MAX_LINE = 128;

export class Ble {
  private line = '';
  private unlocked = false;
  private failures = 0;
  private lockedUntil = 0;
  private staged: { [key: string]: string } = {};

  constructor(private readonly name: string, private readonly pin: string | undefined) {}

  start(): void {
    // UUID keys are written out: "0x" strings are 16-bit UUIDs to Espruino (src/bluetooth.c bleVarToUUID)
    NRF.setServices(
      {
        '0xec00': {
          '0xec01': { value: '', readable: true, notify: true },
          '0xec02': {
            value: '',
            readable: true,
            writable: true,
            notify: true,
            onWrite: (evt: { data: ArrayBuffer }) => this.written(E.toString(evt.data)),
          },
        },
      },
      // uart: false turns Espruino's Nordic UART service off: with it on, any central in range would get a
      // JavaScript console (the serial one going quiet meanwhile) and the PIN would guard nothing
      { advertise: ['0xec00'], uart: false },
    );
    NRF.setAdvertising({}, { name: this.name });
    // a central that leaves takes its half line, its unlock and what it staged with it
    NRF.on('disconnect', () => {
      this.line = '';
      this.unlocked = false;
      this.staged = {};
    });
    log('ble', 'advertising ' + this.name);
  }

  /** Notify a connected central of a push: the whole message, in pieces of NOTIFY_BYTES. */
  notifyPush(text: string): void {
    // JSON.parse gives a Unicode string on Espruino 2v29: split its UTF-8 bytes, never its characters
    const msg = E.toString(E.toUint8Array(text));
    const step = NOTIFY_BYTES - 1;
    for (let i = 0; i * step < msg.length || i === 0; i++) {
      const last = (i + 1) * step >= msg.length;
      if (!this.update(PUSH_CHAR, String.fromCharCode((i & 127) | (last ? 128 : 0)) + msg.substr(i * step, step))) return;
    }
  }

  /** False when nothing could be sent (no central, or BLE busy). */
  private update(char: '0xec01' | '0xec02', text: string): boolean {
    const value = { value: text.substr(0, NOTIFY_BYTES), notify: true };
    try {
      NRF.updateServices({ '0xec00': char === PUSH_CHAR ? { '0xec01': value } : { '0xec02': value } });
      return true;
    } catch (e) {
      // no central connected or BLE busy: the push was still delivered on the console and LED
      return false;
    }
  }

  private written(data: string): void {
    this.line += data;
    if (this.line.length > MAX_LINE) {
      this.line = '';
      this.update(PROVISION_CHAR, 'error line too long');
      return;
    }
    let nl = this.line.indexOf('\n');
    while (nl >= 0) {
      const text = this.line.substr(0, nl).trim();
      this.line = this.line.substr(nl + 1);
      if (text) this.update(PROVISION_CHAR, this.command(text));
      nl = this.line.indexOf('\n');
    }
  }

  /** Run one provisioning line; returns the answer (a method that returns it costs less than a reply helper). */
  private command(text: string): string {
    if (!this.pin) return 'error no pin set';
    const space = text.indexOf(' ');
    const verb = space < 0 ? text : text.substr(0, space);
    const rest = space < 0 ? '' : text.substr(space + 1);
    if (verb === 'pin') {
      if (Date.now() < this.lockedUntil) return 'error locked';
      if (rest === this.pin) {
        this.unlocked = true;
        this.failures = 0;
        return 'ok';
      }
      this.failures++;
      if (this.failures >= 3) {
        this.failures = 0;
        this.lockedUntil = Date.now() + 60000;
      }
      log('ble', 'wrong PIN');
      return 'error wrong pin';
    }
    if (!this.unlocked) return 'error pin first';
    if (verb === 'set') {
      const sp = rest.indexOf(' ');
      const key = sp < 0 ? rest : rest.substr(0, sp);
      if (PROVISIONABLE.indexOf(key) < 0) return 'error unknown key';
      this.staged[key] = sp < 0 ? '' : rest.substr(sp + 1);
      return 'ok';
    }
    if (verb !== 'save') return 'error bad command';
    updateStoredSettings(this.staged);
    log('ble', 'settings saved (' + Object.keys(this.staged).join(',') + '); restarting');
    setTimeout(() => load(), 500);
    return 'saved';
  }
}
