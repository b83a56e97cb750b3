// Firmware over WiFi on a virtual board running the model of Espruino (sim/espruino).
import { deviceOtaTests } from './device-life.ts';

deviceOtaTests('model');
