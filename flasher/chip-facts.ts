// What the chip is, read from the ROM through esptool-js's target description (eFuse words, the UART
// divider for the crystal, the SPI flash JEDEC id), and the checks of the flash against the board profile.
import type { ESPLoader } from 'esptool-js';
import type { Link } from '../core/link.ts';
import { flashBytes, type BoardProfile } from '../core/board.ts';
import { EspkitError } from '../core/errors.ts';

export interface ChipFacts {
  chip: string;
  /** "ESP32-D0WDQ6-V3 (revision 3)" */
  description: string;
  revision?: number;
  features: string[];
  crystalMHz: number;
  mac: string;
  flashId: number;
  flashManufacturer: number;
  flashDevice: number;
  /** From the flash id's capacity byte, e.g. "4MB". */
  flashSize?: string;
}

const SIZE_BYTES: Record<string, number> = { '256KB': 1 << 18, '512KB': 1 << 19, '1MB': 1 << 20, '2MB': 2 << 20, '4MB': 4 << 20, '8MB': 8 << 20, '16MB': 16 << 20, '32MB': 32 << 20 };

export async function readChipFacts(loader: ESPLoader): Promise<ChipFacts> {
  const chip = loader.chip;
  // esptool-js's description, revision and features read the same eFuse words over and over (about 20 reads for
  // 7 registers): within one pass each register is asked once.
  const once = new Map<number, Promise<number>>();
  const reader: ESPLoader = Object.create(loader);
  reader.readReg = (addr: number, timeout?: number): Promise<number> => {
    let value = once.get(addr);
    if (!value) {
      value = loader.readReg(addr, timeout);
      once.set(addr, value);
    }
    return value;
  };
  return {
    chip: chip.CHIP_NAME,
    description: await chip.getChipDescription(reader),
    revision: chip.getChipRevision ? await chip.getChipRevision(reader) : undefined,
    features: (await chip.getChipFeatures(reader)).map((f) => f.trim()),
    crystalMHz: await chip.getCrystalFreq(reader),
    mac: await chip.readMac(reader),
    flashId: 0,
    flashManufacturer: 0,
    flashDevice: 0,
  };
}

/** The JEDEC id as esptool prints it: manufacturer (low byte), device (next two), capacity code (high byte). */
export function describeFlash(flashId: number, loader: ESPLoader): Pick<ChipFacts, 'flashId' | 'flashManufacturer' | 'flashDevice' | 'flashSize'> {
  const sizes = loader.DETECTED_FLASH_SIZES as Record<number, string>;
  return {
    flashId,
    flashManufacturer: flashId & 0xff,
    flashDevice: ((flashId >> 8) & 0xff) << 8 | ((flashId >> 16) & 0xff),
    flashSize: sizes[(flashId >> 16) & 0xff],
  };
}

export function checkFlash(chip: ChipFacts, board: BoardProfile, link: Link): void {
  if (chip.flashId === 0xffffff || chip.flashId === 0) {
    throw new EspkitError(`${link.name}: the ESP32 cannot talk to its flash chip (flash id 0x${chip.flashId.toString(16)}); the board may be damaged`);
  }
  const detected = chip.flashSize ? SIZE_BYTES[chip.flashSize] : undefined;
  if (detected !== undefined && detected < flashBytes(board)) {
    throw new EspkitError(`${link.name} has ${chip.flashSize} of flash, but the board profile "${board.id}" says ${board.flash.size}: pick the right --board`);
  }
}
