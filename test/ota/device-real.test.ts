// Firmware over WiFi on a virtual board running the real Espruino interpreter (the model when none is found).
import { deviceOtaTests } from './device-life.ts';

deviceOtaTests('auto');
