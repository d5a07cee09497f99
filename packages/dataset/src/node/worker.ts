/**
 * Entry of a feature-extraction worker thread (started by `extractFeatures`): receives one file
 * at a time, replies with its features (their buffer transferred, not copied, when the features
 * own all of it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { replyTo, type WorkerReply, type WorkerSetup, type WorkerTask } from './extract-file';

const port = parentPort;
if (port === null) {
  throw new Error('@ser/dataset worker: must run in a worker thread (started by extractFeatures)');
}
const setup = workerData as WorkerSetup;

function transferable(reply: WorkerReply): ArrayBuffer[] {
  if (reply.kind !== 'outcome' || reply.outcome.kind !== 'features') return [];
  const { data } = reply.outcome.features;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole && data.buffer instanceof ArrayBuffer ? [data.buffer] : [];
}

port.on('message', (task: WorkerTask) => {
  void replyTo(task, setup).then((reply) => port.postMessage(reply, transferable(reply)));
});
