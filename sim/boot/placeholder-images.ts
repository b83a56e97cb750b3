// Small stand-ins for an Espruino release's three images (bootloader, partition table, application), with
// valid headers and no real code, so a virtual board can boot into Espruino without a release being flashed
// first (tests, demos, machines without the release files). Formats: esptool docs "Firmware Image Format"
// and ESP-IDF "Partition Tables" (32-byte entries starting 0xAA 0x50).
import type { BoardProfile } from '../../core/board.ts';
import { FLASH_FREQ_CODES, FLASH_MODE_CODES, FLASH_SIZE_CODES } from '../../flasher/images/esp-image.ts';
import { ESPRUINO_PARTITIONS, makeEspImage, makePartitionTable } from '../../flasher/images/synthetic.ts';
import type { FlashStore } from '../seam/personality.ts';
import { readImageHeader } from './flash-boot.ts';

/** The three placeholder images for a board profile (the image writer is the flasher's, written once). */
export function placeholderImages(board: BoardProfile): Array<{ offset: number; data: Buffer }> {
  const flashMode = FLASH_MODE_CODES[board.flash.mode];
  const flashSizeFreq = (FLASH_SIZE_CODES[board.flash.size] << 4) | FLASH_FREQ_CODES[board.flash.freq];
  const bootloader = makeEspImage({
    segments: [
      { address: 0x3fff0018, data: Buffer.alloc(4) },
      { address: 0x3fff001c, data: Buffer.alloc(64) },
      { address: 0x40078000, data: Buffer.alloc(256) },
      { address: 0x40080400, data: Buffer.alloc(128) },
    ],
    entry: 0x40080400,
    hashAppended: false,
    flashMode,
    flashSizeFreq,
  });
  const table = makePartitionTable(ESPRUINO_PARTITIONS.map((p) =>
    p.label === 'factory' ? { ...p, offset: board.images.app, size: board.appPartitionSize }
      : p.label === 'storage' ? { ...p, offset: board.storage.offset, size: board.storage.size } : p));
  const app = makeEspImage({
    segments: [
      { address: 0x3f400020, data: Buffer.from('Espruino placeholder image (virtual board)\0', 'latin1') },
      { address: 0x400d0018, data: Buffer.alloc(256) },
    ],
    entry: 0x400d0018,
    flashMode,
    flashSizeFreq,
  });
  return [
    { offset: board.images.bootloader, data: bootloader },
    { offset: board.images.partitions, data: table },
    { offset: board.images.app, data: app },
  ];
}

/** Write the placeholders unless the flash already holds an application image. Returns true if it wrote them. */
export function installPlaceholderFirmware(flash: FlashStore, board: BoardProfile): boolean {
  if (readImageHeader(flash, board.images.app) && readImageHeader(flash, board.images.bootloader)) return false;
  for (const { offset, data } of placeholderImages(board)) {
    flash.erase(offset, Math.ceil(data.length / 4096) * 4096);
    flash.write(offset, data);
  }
  flash.sync();
  return true;
}
