// erase, info and backup against the virtual board: what info reports, backups that equal the flash,
// erases that leave exactly the asked sectors blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoard } from '../../sim/index.ts';
import { loadBoard, flashBytes } from '../../core/board.ts';
import { openLink } from '../../host/link/index.ts';
import { backup, erase, flashRegions, info } from '../../flasher/jobs.ts';
import { askEspruinoVersion } from '../../host/espruino/version.ts';
import { prepareImageSet } from '../../flasher/images/regions.ts';
import { makeEspruinoRelease } from '../../flasher/images/synthetic.ts';
import { parseRegion } from '../../flasher/erase.ts';

const profile = loadBoard('esp32-devkit');

test('flash, info, backup, erase a region, erase all: a round trip', async () => {
  const board = await startBoard({ pacing: false, boot: 'flash' });
  const r = makeEspruinoRelease({ appSize: 400_000 });
  const regions = prepareImageSet({ description: 't', regions: [
    { address: 0x1000, data: r.bootloader, name: 'bootloader.bin' },
    { address: 0x8000, data: r.partitions, name: 'partitions_espruino.bin' },
    { address: 0x10000, data: r.app, name: 'espruino_esp32.bin' },
  ] }, profile);
  const app = regions[2]!;
  const job = { board: profile, before: 'default-reset' as const, after: 'hard-reset' as const };
  const link = await openLink(board.ports.rfc2217);
  try {
    await flashRegions(link, regions, job);

    const facts = await info(link, { ...job, askApplication: askEspruinoVersion });
    assert.equal(facts.chip.chip, 'ESP32');
    assert.equal(facts.chip.description, 'ESP32-D0WDQ6-V3 (revision 3)');
    assert.equal(facts.chip.revision, 3);
    assert.equal(facts.chip.mac, board.macAddress);
    assert.equal(facts.chip.crystalMHz, 40);
    assert.equal(facts.chip.flashSize, '4MB');
    for (const f of ['Wi-Fi', 'BT', 'Dual Core']) assert.ok(facts.chip.features.includes(f), `features has ${f}: ${facts.chip.features.join(', ')}`);
    assert.match(facts.espruino ?? '', /^2v\d\d/, `Espruino answered after the reset (${facts.espruinoNote ?? ''})`);

    const whole = await backup(link, job);
    assert.equal(whole.size, flashBytes(profile));
    assert.ok(whole.data.equals(board.flash.read(0, flashBytes(profile))), 'a whole-flash backup equals the flash');
    assert.ok(whole.data.subarray(app.address, app.address + app.data.length).equals(app.data), 'and holds the application');

    const region = parseRegion(`0x10000:${Math.ceil(app.data.length / 4096) * 4096}`, profile);
    await erase(link, { ...job, region });
    const after = await backup(link, { ...job, region: { address: 0x1000, size: 0x10000 + region.size } });
    assert.ok(after.data.subarray(0x10000 - 0x1000).every((b) => b === 0xff), 'the region is blank');
    assert.ok(after.data.subarray(0, regions[0]!.data.length).equals(regions[0]!.data), 'the bootloader before it is untouched');

    await erase(link, job);
    const blank = await backup(link, { ...job, after: 'no-reset' });
    assert.ok(blank.data.every((b) => b === 0xff), 'the whole flash is blank');
    assert.equal(blank.reset, false);
  } finally {
    await link.close();
    await board.close();
  }
});

test('info over socket:// reports the chip and says why there is no Espruino version', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const facts = await info(link, { board: profile, before: 'no-reset', after: 'hard-reset' });
    assert.equal(facts.chip.mac, board.macAddress);
    assert.equal(facts.espruino, undefined);
    assert.match(facts.espruinoNote ?? '', /socket:\/\/ cannot reset the board into its application/);
  } finally {
    await link.close();
    await board.close();
  }
});
