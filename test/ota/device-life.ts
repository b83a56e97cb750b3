// The device side of firmware over WiFi on one virtual board, run on the real interpreter and on the model
// (device-*.test.ts): the deployed firmware takes manifests from a test-side OTA server (test/helpers/ota-server.ts)
// and, in turn: fails a corrupted image on its CRC and keeps running; restarts halfway through a download and
// goes on at the first chunk it had not written; loses WiFi halfway through a download,
// resumes at the first missing chunk and boots the new version, which confirms and reports updated; and has the
// boot code roll back a new firmware that throws at boot, one that joins WiFi but never reaches the broker, one
// that never joins WiFi, and one that reboots three times, each reported rolled-back with its reason by the
// firmware it fell back to. Trial deadlines are a few seconds, set in the manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VirtualBoard } from '../../sim/index.ts';
import type { EspruinoChoice } from '../../sim/espruino-real/interpreter-choice.ts';
import { startAedes } from '../../bench/support/brokers.ts';
import { startOtaServer, type OtaImage } from '../helpers/ota-server.ts';
import { AP, deployTo, firmware, labSettings, lineMatching, onChoice, startTestBoard } from '../firmware/device.ts';

/** The built firmware reporting `version` instead of its own (in the firmware and in the OTA client it carries). */
async function firmwareAs(version: string): Promise<Buffer> {
  const code = (await firmware()).toString('latin1');
  const parts = code.split('"0.1.0"');
  assert.equal(parts.length, 3, 'the firmware and its OTA client name the version once each');
  return Buffer.from(parts.join(JSON.stringify(version)), 'latin1');
}

const program = (version: string, code: string): OtaImage => ({ version, bytes: Buffer.from(code, 'latin1'), trial: 20_000 });

export function deviceOtaTests(choice: EspruinoChoice): void {
  test(`firmware over WiFi on a virtual board: download, resume, verify, trial, rollback, ${onChoice(choice)}`, async (t) => {
    const broker = await startAedes();
    const board: VirtualBoard = await startTestBoard({ espruino: choice });
    const ota = await startOtaServer(broker.url);
    const id = board.deviceId;
    // the board's last words go into a failure's message
    const stateOf = (v: string, state: string, timeoutMs = 60_000) => ota.state(of(v, state), timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}\nthe board printed: ${board.outputText().slice(-1500)}`);
    });
    const of = (v: string, state: string) => (s: { device: string; v: string; state: string }): boolean => s.device === id && s.v === v && s.state === state;
    try {
      const first = await deployTo(board, labSettings(broker.url), { waitOnline: true });
      assert.equal(first.version, '0.1.0');

      await t.test('a corrupted chunk fails the CRC check and the old firmware keeps running', async () => {
        board.clearOutput();
        const image = await firmwareAs('0.1.9');
        await ota.offer({ version: '0.1.9', bytes: image }, (_d, get, data) => {
          if (get.from !== 2048) return data;
          const bad = Buffer.from(data);
          bad[100] = bad[100]! ^ 0xff;
          return bad;
        });
        const failed = await stateOf('0.1.9', 'failed');
        assert.equal(failed.reason, 'crc mismatch');
        assert.ok(ota.states.some((s) => s.device === id && s.v === '0.1.9' && s.state === 'downloading' && s.have === 0));
        assert.ok(ota.states.some((s) => s.device === id && s.v === '0.1.9' && s.state === 'verifying'));
        // every chunk was asked for once, in order, one at a time
        const asked = ota.gets.filter((g) => g.v === '0.1.9').map((g) => g.from);
        assert.deepEqual(asked, Array.from({ length: Math.ceil(image.length / 1024) }, (_, i) => i * 1024));
        await new Promise((r) => setTimeout(r, 800));
        assert.doesNotMatch(board.outputText(), /espkit ready/, 'no reboot');
      });

      await t.test('a board that restarts halfway through a download goes on at the first chunk it had not written', async () => {
        board.clearOutput();
        let restarted = false;
        await ota.offer({ version: '0.1.5', bytes: await firmwareAs('0.1.5') }, (_d, get, data) => {
          if (get.from !== 6144 || restarted) return data;
          restarted = true;
          board.reset();
          return undefined;
        });
        await stateOf('0.1.5', 'updated');
        const asked = ota.gets.filter((g) => g.v === '0.1.5').map((g) => g.from);
        const again = asked.indexOf(6144) + 1;
        assert.ok(restarted);
        assert.equal(asked[again], 6144, `after the restart it asked for 6144 first: ${asked.join(',')}`);
        assert.ok(asked.slice(again).every((from) => from >= 6144), `nothing before 6144 was asked again: ${asked.join(',')}`);
        assert.ok(ota.states.some((s) => s.device === id && s.v === '0.1.5' && s.state === 'downloading' && s.have === 6144), 'it said where it went on');
      });

      await t.test('a board that loses WiFi halfway resumes at the first missing chunk, boots the new version on trial and confirms it', async () => {
        board.clearOutput();
        let dropped = false;
        await ota.offer({ version: '0.2.0', bytes: await firmwareAs('0.2.0'), trial: 30_000 }, (_d, get, data) => {
          if (get.from !== 4096 || dropped) return data;
          dropped = true;
          board.wifiDrop(1500);
          return undefined;
        });
        const updated = await stateOf('0.2.0', 'updated');
        assert.equal(updated.v, '0.2.0');
        assert.ok(dropped);
        const asked = ota.gets.filter((g) => g.v === '0.2.0').map((g) => g.from);
        const at = asked.indexOf(4096);
        assert.ok(asked.slice(at + 1).every((from) => from >= 4096), `resumed at 4096, not from the start: ${asked.join(',')}`);
        assert.ok(asked.filter((from) => from === 4096).length >= 2, 'the chunk lost with WiFi was asked again');
        for (const state of ['verifying', 'trial']) assert.ok(ota.states.some(of('0.2.0', state)), state);
        await lineMatching(board, new RegExp(`espkit ready ${id} 0\\.2\\.0`));
      });

      await t.test('a new firmware that throws at boot is rolled back and the old one says why', async () => {
        board.clearOutput();
        await ota.offer(program('bad-throw', 'print("bad firmware starting");throw new Error("ota boom");'));
        const back = await stateOf('bad-throw', 'rolled-back', 15_000);
        assert.equal(back.reason, 'Uncaught Error: ota boom');
        await lineMatching(board, /bad firmware starting/);
        await lineMatching(board, new RegExp(`espkit ready ${id} 0\\.2\\.0`));
      });

      await t.test('a new firmware that joins WiFi but never reaches the broker is rolled back at its trial deadline', async () => {
        board.clearOutput();
        const joins = `require("Wifi").connect(${JSON.stringify(AP.ssid)},{password:${JSON.stringify(AP.password)}},function(e){print("joined "+e)});`;
        await ota.offer({ ...program('bad-broker', joins), trial: 3000 });
        const back = await stateOf('bad-broker', 'rolled-back');
        assert.equal(back.reason, 'no broker');
        await lineMatching(board, /espkit ota rolled-back bad-broker: no broker/);
      });

      await t.test('a new firmware that never joins WiFi is rolled back at its trial deadline', async () => {
        board.clearOutput();
        await ota.offer({ ...program('bad-wifi', 'print("offline firmware");'), trial: 2000 });
        const back = await stateOf('bad-wifi', 'rolled-back');
        assert.equal(back.reason, 'no WiFi');
      });

      await t.test('a new firmware that reboots 3 times without confirming is rolled back as a crash loop', async () => {
        board.clearOutput();
        await ota.offer(program('bad-loop', 'print("looping firmware");setTimeout(function(){E.reboot();},300);'));
        const back = await stateOf('bad-loop', 'rolled-back');
        assert.equal(back.reason, 'crash loop');
        const starts = board.outputText().split('looping firmware').length - 1;
        assert.equal(starts, 3, 'three boots of the new firmware');
        await lineMatching(board, new RegExp(`espkit ready ${id} 0\\.2\\.0`));
      });
    } finally {
      await ota.close();
      await board.close();
      await broker.close();
    }
  });
}
