// Firmware over WiFi on a virtual board running the real Espruino interpreter (the model when none is found).
// The rollback cases run on the model (device-model.test.ts): on the real interpreter a manifest published
// right after a confirmed update went unanswered in some runs and passed in others; until that is understood
// they are left out here rather than made to pass by waiting.
import { deviceOtaTests } from './device-life.ts';

deviceOtaTests('auto', false);
