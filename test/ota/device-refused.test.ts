// A broker whose ACL refuses the OTA topics (SUBACK 0x80 for them): the firmware still comes online, says in
// one line that OTA is unavailable, publishes no OTA state and delivers pushes. On the real interpreter when
// one is found, else the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import type { Aedes } from 'aedes';
import { startAedes } from '../../bench/support/brokers.ts';
import { deployTo, labSettings, lineMatching, onInterpreter, startTestBoard } from '../firmware/device.ts';

type AuthorizeSubscribe = (client: unknown, sub: { topic: string; qos: number }, done: (error: Error | null, sub: { topic: string; qos: number } | null) => void) => void;

test(`a broker that refuses the OTA topics gets a device that is online without OTA, ${onInterpreter}`, async () => {
  const refused: string[] = [];
  const refuseOta: AuthorizeSubscribe = (_client, sub, done) => {
    if (!/\/ota\/(manifest|chunk)$/.test(sub.topic)) return done(null, sub);
    refused.push(sub.topic);
    done(null, null);
  };
  const broker = await startAedes({ onBroker: (b: Aedes) => Object.assign(b, { authorizeSubscribe: refuseOta }) });
  const board = await startTestBoard();
  const peer = await mqtt.connectAsync(broker.url, { clientId: `test-acl-${process.pid}`, clean: true });
  try {
    const otaStates: string[] = [];
    peer.on('message', (topic) => otaStates.push(topic));
    await peer.subscribeAsync('espkit/+/ota/state', { qos: 1 });
    await deployTo(board, labSettings(broker.url), { waitOnline: true });
    const id = board.deviceId;
    await lineMatching(board, /espkit ota unavailable: the broker refused its topics/);
    assert.deepEqual(refused.sort(), [`espkit/${id}/ota/chunk`, 'espkit/ota/manifest']);
    await peer.publishAsync(`espkit/${id}/push`, JSON.stringify({ id: 'acl-1', msg: 'still here' }), { qos: 1 });
    await lineMatching(board, /espkit push acl-1 still here/);
    assert.equal(board.outputText().split('ota unavailable').length - 1, 1, 'said once');
    assert.deepEqual(otaStates, []);
  } finally {
    await peer.endAsync();
    await board.close();
    await broker.close();
  }
});
